"""The graduate-admissions data of chapters 2 and 5: loading with validation, and preparation
for training (one-hot rank, a seeded split, standardisation).

The CSV ships inside the package (``helpers.admissions``, installed from the repository's
``data/`` folder), so ``load_admissions()`` works wherever the course is installed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._validate import positive_int

ADMISSIONS_CSV = files("helpers.admissions") / "binary.csv"
ADMISSIONS_SHA256 = "2f5dcda0e455631215709575cc2eede4e5fb4e94cda9c37dab54e26d79dcf8c2"
ADMISSIONS_COLUMNS = ("admit", "gre", "gpa", "rank")
FEATURES = ("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4")

# column -> (low, high, must be whole numbers)
_RANGES = {"admit": (0, 1, True), "gre": (200, 800, False), "gpa": (0.0, 4.0, False),
           "rank": (1, 4, True)}


def load_admissions(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate the admissions CSV.

    Inputs:  path: a CSV file; by default the shipped copy, binary.csv.
    Returns: a DataFrame with columns admit (int, 0/1), gre (float, 200-800), gpa (float,
             0-4), rank (int, 1-4); 400 rows for the shipped file.
    Raises:  FileNotFoundError for a missing file; ValueError naming the file, column and
             data row for missing or extra columns, empty cells, non-numbers or values out
             of range.
    """
    if path is None:
        name, source = "binary.csv", ADMISSIONS_CSV
    elif isinstance(path, (str, os.PathLike)):
        name, source = Path(path).name, Path(path)
        if not source.is_file():
            raise FileNotFoundError(f"path: expected the admissions CSV, no file at {path}")
    else:
        raise TypeError(f"path: expected a file path (str or Path), got {type(path).__name__}")
    try:
        with source.open("rb") as handle:
            df = pd.read_csv(handle)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"path: expected a CSV file, could not parse {name}: {exc}") from None
    missing = [c for c in ADMISSIONS_COLUMNS if c not in df.columns]
    extra = [c for c in df.columns if c not in ADMISSIONS_COLUMNS]
    if missing or extra:
        raise ValueError(f"{name}: expected columns {list(ADMISSIONS_COLUMNS)}, "
                         f"got {list(df.columns)} (missing {missing}, extra {extra})")
    if df.empty:
        raise ValueError(f"{name}: expected at least one row, got none")
    for col in ADMISSIONS_COLUMNS:
        df[col] = _checked_column(df, col, name, lambda i: f"data row {i + 1}")
    return df[list(ADMISSIONS_COLUMNS)]


class Split(NamedTuple):
    """Train and test arrays: X_* of shape (records, 6) in ``FEATURES`` order, y_* of shape
    (records,), all float64."""

    X_train: NDArray[np.float64]
    y_train: NDArray[np.float64]
    X_test: NDArray[np.float64]
    y_test: NDArray[np.float64]


def one_hot_rank(df: pd.DataFrame) -> pd.DataFrame:
    """Replace ``rank`` by four dummy columns.

    Inputs:  df: a DataFrame with a column rank of whole numbers 1-4 (3 or 3.0).
    Returns: a copy with rank replaced by float columns rank_1..rank_4, 1.0 where the rank
             matches (every rank gets its column, present in df or not).
    """
    _need_columns(_dataframe("df", df), ("rank",))
    rank = _checked_column(df, "rank", "df", _index_label(df))
    dummies = pd.DataFrame({f"rank_{r}": (rank == r).astype(float) for r in range(1, 5)},
                           index=df.index)
    return pd.concat([df.drop(columns="rank"), dummies], axis=1)


def standardise(df: pd.DataFrame, columns: str | Sequence[str] = ("gre", "gpa"),
                reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Shift and scale ``columns`` to zero mean and unit variance.

    Inputs:  df: a DataFrame; columns: a column name or a sequence of them, numeric and
             finite; reference: where mean and (population) standard deviation come from,
             default df, so a test set can be scaled with the training set's statistics.
    Returns: a copy of df with those columns standardised.
    """
    _dataframe("df", df)
    columns = (columns,) if isinstance(columns, str) else columns
    if not isinstance(columns, Sequence) or not all(isinstance(c, str) for c in columns):
        raise TypeError(f"columns: expected a column name or a sequence of names, got "
                        f"{columns!r}")
    ref = df if reference is None else _dataframe("reference", reference)
    _need_columns(df, columns)
    _need_columns(ref, columns, "reference")
    out = df.copy()
    for col in columns:
        values = _numeric(df, col, "df")
        ref_values = values if reference is None else _numeric(ref, col, "reference")
        sd = ref_values.std(ddof=0)
        if not sd > 0:
            raise ValueError(f"{col}: expected some spread to standardise, got standard "
                             f"deviation {sd}")
        out[col] = (values - ref_values.mean()) / sd
    return out


def prepare_admissions(df: pd.DataFrame, test_fraction: float = 0.1, seed: int = 42) -> Split:
    """One-hot rank, split with a seeded shuffle, standardise gre and gpa with the training
    set's mean and standard deviation.

    Inputs:  df: the admissions DataFrame (columns admit, gre, gpa, rank, as load_admissions
             returns); test_fraction: strictly between 0 and 1; seed: for the shuffle.
    Returns: Split(X_train, y_train, X_test, y_test); with 400 rows and the default
             fraction X_train is (360, 6) and X_test (40, 6).
    """
    _need_columns(_dataframe("df", df, " from load_admissions"), ADMISSIONS_COLUMNS)
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) \
            or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction: expected a number strictly between 0 and 1, "
                         f"got {test_fraction!r}")
    seed = positive_int("seed", seed, low=0)
    n_test = int(round(len(df) * test_fraction))
    if not 0 < n_test < len(df):
        raise ValueError(f"test_fraction: leaves {n_test} test rows of {len(df)}; expected "
                         f"at least one row on each side")
    for col in ADMISSIONS_COLUMNS:
        _checked_column(df, col, "df", _index_label(df))
    data = one_hot_rank(df)
    order = np.random.default_rng(seed).permutation(len(data))
    test, train = data.iloc[order[:n_test]], data.iloc[order[n_test:]]
    train, test = standardise(train), standardise(test, reference=train)
    cols = list(FEATURES)
    return Split(train[cols].to_numpy(float), train["admit"].to_numpy(float),
                 test[cols].to_numpy(float), test["admit"].to_numpy(float))


def _checked_column(df: pd.DataFrame, col: str, source: str, where) -> pd.Series:
    """Column ``col`` as int (whole-number columns) or float, checked against _RANGES;
    ``where(i)`` names the i-th row in an error."""
    low, high, whole = _RANGES[col]
    values = pd.to_numeric(df[col], errors="coerce")
    bad = np.flatnonzero(values.isna().to_numpy())
    if bad.size:
        raw = df[col].iloc[bad[0]]
        got = ("NaN" if source == "df" else "an empty cell") if pd.isna(raw) else repr(raw)
        raise ValueError(f"{source}: column {col!r} expected numbers, got {got} "
                         f"in {where(bad[0])}")
    out = np.flatnonzero(((values < low) | (values > high) | (whole & (values % 1 != 0)))
                         .to_numpy())
    if out.size:
        kind = "whole numbers" if whole else "numbers"
        raise ValueError(f"{source}: column {col!r} expected {kind} in [{low}, {high}], "
                         f"got {values.iloc[out[0]]} in {where(out[0])}")
    return values.astype(int if whole else float)


def _numeric(df: pd.DataFrame, col: str, name: str) -> pd.Series:
    values = df[col]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise TypeError(f"{name}: column {col!r} expected numbers, got dtype {values.dtype}")
    bad = np.flatnonzero(~np.isfinite(values.to_numpy(dtype=float)))
    if bad.size:
        raise ValueError(f"{name}: column {col!r} expected finite numbers, got "
                         f"{values.iloc[bad[0]]} in {_index_label(df)(bad[0])}")
    return values


def _index_label(df: pd.DataFrame):
    def where(i: int) -> str:
        label = df.index[i]
        return f"the row with index {getattr(label, 'item', lambda: label)()!r}"
    return where


def _dataframe(name: str, value: object, hint: str = "") -> pd.DataFrame:
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name}: expected a pandas DataFrame{hint}, got {type(value).__name__}")
    return value


def _need_columns(df: pd.DataFrame, columns, name: str = "df") -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: expected columns {list(columns)}, missing {missing}; "
                         f"got {list(df.columns)}")
