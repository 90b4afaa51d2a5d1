"""The graduate-admissions data: loading with validation, and preparation for training."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import NDArray

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ADMISSIONS_CSV = DATA_DIR / "binary.csv"
ADMISSIONS_SHA256 = "2f5dcda0e455631215709575cc2eede4e5fb4e94cda9c37dab54e26d79dcf8c2"
ADMISSIONS_COLUMNS = ("admit", "gre", "gpa", "rank")
FEATURES = ("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4")

# column -> (low, high, must be whole numbers)
_RANGES = {"admit": (0, 1, True), "gre": (200, 800, False), "gpa": (0.0, 4.0, False),
           "rank": (1, 4, True)}


def load_admissions(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the admissions CSV (``data/binary.csv`` by default).

    Returns a DataFrame with 400 rows (for the shipped file) and columns admit (int, 0/1),
    gre (float, 200-800), gpa (float, 0-4), rank (int, 1-4). Raises FileNotFoundError for a
    missing file and ValueError for missing or extra columns, empty cells, non-numbers or
    values out of range.
    """
    path = ADMISSIONS_CSV if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path: expected the admissions CSV, no file at {path}")
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"path: expected a CSV file, could not parse {path.name}: {exc}") from None
    missing = [c for c in ADMISSIONS_COLUMNS if c not in df.columns]
    extra = [c for c in df.columns if c not in ADMISSIONS_COLUMNS]
    if missing or extra:
        raise ValueError(f"{path.name}: expected columns {list(ADMISSIONS_COLUMNS)}, "
                         f"got {list(df.columns)} (missing {missing}, extra {extra})")
    if df.empty:
        raise ValueError(f"{path.name}: expected at least one row, got none")
    for col, (low, high, whole) in _RANGES.items():
        values = pd.to_numeric(df[col], errors="coerce")
        bad = df.index[values.isna()]
        if len(bad):
            raw = df[col].iloc[bad[0]]
            got = "an empty cell" if pd.isna(raw) else repr(raw)
            raise ValueError(f"{path.name}: column {col!r} expected numbers, got {got} "
                             f"in data row {bad[0] + 1}")
        out = df.index[(values < low) | (values > high) | (whole & (values % 1 != 0))]
        if len(out):
            kind = "whole numbers" if whole else "numbers"
            raise ValueError(f"{path.name}: column {col!r} expected {kind} in [{low}, {high}], "
                             f"got {values.iloc[out[0]]} in data row {out[0] + 1}")
        df[col] = values.astype(int if whole else float)
    return df[list(ADMISSIONS_COLUMNS)]


class Split(NamedTuple):
    """Train and test arrays: X_* of shape (records, 6) in ``FEATURES`` order, y_* of shape
    (records,), all float64."""

    X_train: NDArray[np.float64]
    y_train: NDArray[np.float64]
    X_test: NDArray[np.float64]
    y_test: NDArray[np.float64]


def one_hot_rank(df: pd.DataFrame) -> pd.DataFrame:
    """Replace ``rank`` by float columns rank_1..rank_4 (1.0 where the rank matches)."""
    _need_columns(df, ("rank",))
    dummies = pd.get_dummies(df["rank"], prefix="rank").astype(float)  # bools break arithmetic
    dummies = dummies.reindex(columns=[f"rank_{r}" for r in range(1, 5)], fill_value=0.0)
    return pd.concat([df.drop(columns="rank"), dummies], axis=1)


def standardise(df: pd.DataFrame, columns: tuple[str, ...] = ("gre", "gpa"),
                reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a copy with ``columns`` shifted and scaled to zero mean and unit variance.

    Mean and (population) standard deviation come from ``reference`` (default ``df``), so a
    test set can be scaled with the training set's statistics.
    """
    _need_columns(df, columns)
    ref = df if reference is None else reference
    out = df.copy()
    for col in columns:
        sd = ref[col].std(ddof=0)
        if not sd > 0:
            raise ValueError(f"{col}: expected some spread to standardise, got standard "
                             f"deviation {sd}")
        out[col] = (df[col] - ref[col].mean()) / sd
    return out


def prepare_admissions(df: pd.DataFrame, test_fraction: float = 0.1, seed: int = 42) -> Split:
    """One-hot rank, split with a seeded shuffle, standardise gre and gpa with the training
    set's mean and sd. Returns ``Split(X_train, y_train, X_test, y_test)``; with 400 rows and
    the default fraction, X_train is (360, 6) and X_test (40, 6)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df: expected a pandas DataFrame from load_admissions, "
                        f"got {type(df).__name__}")
    _need_columns(df, ADMISSIONS_COLUMNS)
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) \
            or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction: expected a number strictly between 0 and 1, "
                         f"got {test_fraction!r}")
    n_test = int(round(len(df) * test_fraction))
    if not 0 < n_test < len(df):
        raise ValueError(f"test_fraction: leaves {n_test} test rows of {len(df)}; expected "
                         f"at least one row on each side")
    data = one_hot_rank(df)
    order = np.random.default_rng(seed).permutation(len(data))
    test, train = data.iloc[order[:n_test]], data.iloc[order[n_test:]]
    train, test = standardise(train), standardise(test, reference=train)
    cols = list(FEATURES)
    return Split(train[cols].to_numpy(float), train["admit"].to_numpy(float),
                 test[cols].to_numpy(float), test["admit"].to_numpy(float))


def _need_columns(df: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"df: expected columns {list(columns)}, missing {missing}; "
                         f"got {list(df.columns)}")
