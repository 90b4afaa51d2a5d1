"""helpers.data: the shipped CSV, its validation, and preparation; every error names the
file or argument, the column and the row."""

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import FEATURES, load_admissions, one_hot_rank, prepare_admissions, standardise
from helpers.data import ADMISSIONS_CSV, ADMISSIONS_SHA256

ROOT = Path(__file__).resolve().parents[2]

GOOD = "admit,gre,gpa,rank\n0,380,3.61,3\n1,660,3.67,3\n1,800,4,1\n0,520,2.93,4\n"


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_vendored_file_matches_its_checksum():
    assert hashlib.sha256(ADMISSIONS_CSV.read_bytes()).hexdigest() == ADMISSIONS_SHA256


def test_data_readme_records_the_checksum():
    assert ADMISSIONS_SHA256 in (ROOT / "data" / "README.md").read_text()


def test_the_shipped_file_is_the_documented_copy_in_data():
    """one copy: data/ is installed as the package helpers.admissions (pyproject.toml)"""
    assert ADMISSIONS_CSV.read_bytes() == (ROOT / "data" / "binary.csv").read_bytes()
    import helpers.admissions
    assert Path(helpers.admissions.__file__).parent == ROOT / "data"


@pytest.mark.slow
def test_a_wheel_installed_outside_the_repository_ships_the_data(tmp_path):
    """build the wheel from a copy of the sources, unpack it far from the repository, load"""
    src = tmp_path / "src"
    for name in ("pyproject.toml", "README.md", "LICENSE", "helpers", "course", "data"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif (ROOT / name).exists():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, src / name)
    out = subprocess.run([sys.executable, "-c", "import setuptools.build_meta as b; "
                          f"print(b.build_wheel({str(tmp_path)!r}))"], cwd=src, check=True,
                         capture_output=True, text=True)
    wheel = tmp_path / out.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(wheel) as zf:
        assert "helpers/admissions/binary.csv" in zf.namelist()
        zf.extractall(tmp_path / "site")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import helpers.data as d; "
            "assert d.__file__.startswith(sys.argv[1]), d.__file__; "
            "print(d.load_admissions().shape)")
    run = subprocess.run([sys.executable, "-I", "-c", code, str(tmp_path / "site")],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.stdout.strip() == "(400, 4)", run.stderr


def test_syllabus_check_values():
    df = load_admissions()
    assert df.shape == (400, 4)
    assert df["admit"].value_counts().to_dict() == {0: 273, 1: 127}
    assert df["gre"].mean() == pytest.approx(587.7)
    assert df["gre"].std() == pytest.approx(115.52, abs=0.005)
    assert df["gpa"].mean() == pytest.approx(3.3899)
    assert df["gpa"].std() == pytest.approx(0.3806, abs=0.00005)
    assert df["rank"].value_counts().sort_index().tolist() == [61, 151, 121, 67]
    assert df.dtypes.to_dict() == {"admit": np.int64, "gre": np.float64,
                                   "gpa": np.float64, "rank": np.int64}


def test_prepare_gives_float_arrays_of_the_right_shapes():
    X_train, y_train, X_test, y_test = prepare_admissions(load_admissions())
    assert X_train.shape == (360, 6) and X_test.shape == (40, 6)
    assert y_train.shape == (360,) and y_test.shape == (40,)
    for a in (X_train, y_train, X_test, y_test):
        assert a.dtype == np.float64
    np.testing.assert_allclose(X_train[:, :2].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X_train[:, :2].std(axis=0), 1, atol=1e-12)
    np.testing.assert_array_equal(X_train[:, 2:].sum(axis=1), 1.0)  # one rank each
    assert set(np.unique(y_train)) == {0.0, 1.0}


def test_split_is_seeded_and_disjoint():
    df = load_admissions()
    a, b = prepare_admissions(df, seed=7), prepare_admissions(df, seed=7)
    c = prepare_admissions(df, seed=8)
    np.testing.assert_array_equal(a.X_test, b.X_test)
    assert not np.array_equal(a.X_test, c.X_test)
    rows = {tuple(r) for r in a.X_train.round(9)} & {tuple(r) for r in a.X_test.round(9)}
    assert len(rows) <= 2  # only exact duplicate applicants can appear on both sides


def test_one_hot_is_float_with_all_four_ranks():
    out = one_hot_rank(pd.DataFrame({"rank": [1, 3]}))
    assert list(out.columns) == ["rank_1", "rank_2", "rank_3", "rank_4"]
    assert out.dtypes.unique().tolist() == [np.float64]
    assert out.to_numpy().tolist() == [[1, 0, 0, 0], [0, 0, 1, 0]]
    assert list(FEATURES[2:]) == list(out.columns)


def test_standardise_uses_the_reference_statistics():
    train = pd.DataFrame({"gre": [400.0, 600.0], "gpa": [3.0, 4.0]})
    test = pd.DataFrame({"gre": [500.0], "gpa": [4.0]})
    out = standardise(test, reference=train)
    assert out.loc[0, "gre"] == 0.0 and out.loc[0, "gpa"] == 1.0


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="path: expected the admissions CSV, no file at"):
        load_admissions(tmp_path / "nope.csv")


@pytest.mark.parametrize("text, words", [
    ("admit,gre,gpa\n0,380,3.61\n", r"missing \['rank'\], extra \[\]"),
    ("admit,gre,gpa,rank,name\n0,380,3.61,3,x\n", r"missing \[\], extra \['name'\]"),
    ("admit,gre,gpa,rank\n", "expected at least one row"),
    ("", "expected a CSV file"),
    ("admit,gre,gpa,rank\n0,380,,3\n", "column 'gpa' expected numbers, got an empty cell in data row 1"),
    ("admit,gre,gpa,rank\n0,abc,3.1,3\n", "column 'gre' expected numbers, got 'abc' in data row 1"),
    ("admit,gre,gpa,rank\n2,380,3.1,3\n", r"column 'admit' expected whole numbers in \[0, 1\]"),
    ("admit,gre,gpa,rank\n0,380,3.1,3\n0,900,3.1,3\n", r"'gre' expected numbers in \[200, 800\], got 900 in data row 2"),
    ("admit,gre,gpa,rank\n0,380,4.5,3\n", r"'gpa' expected numbers in \[0.0, 4.0\]"),
    ("admit,gre,gpa,rank\n0,380,3.5,2.5\n", r"'rank' expected whole numbers in \[1, 4\], got 2.5"),
    ("admit,gre,gpa,rank\n0,380,3.5,5\n", r"'rank' expected whole numbers in \[1, 4\], got 5"),
])
def test_malformed_csv_is_named(tmp_path, text, words):
    with pytest.raises(ValueError, match=words):
        load_admissions(write(tmp_path, text))


def test_a_small_valid_file_loads(tmp_path):
    df = load_admissions(write(tmp_path, GOOD))
    assert df.shape == (4, 4)


def test_prepare_rejects_bad_arguments():
    df = load_admissions()
    with pytest.raises(TypeError, match="df: expected a pandas DataFrame from load_admissions, got ndarray"):
        prepare_admissions(df.to_numpy())
    with pytest.raises(ValueError, match=r"df: expected columns .* missing \['rank'\]"):
        prepare_admissions(df.drop(columns="rank"))
    for bad in (0, 1, 1.5, -0.1, "0.1", True):
        with pytest.raises(ValueError, match="test_fraction: expected a number strictly between 0 and 1"):
            prepare_admissions(df, test_fraction=bad)
    with pytest.raises(ValueError, match="test_fraction: leaves 0 test rows of 400"):
        prepare_admissions(df, test_fraction=0.001)


def test_standardise_rejects_constant_column():
    with pytest.raises(ValueError, match="gre: expected some spread to standardise"):
        standardise(pd.DataFrame({"gre": [500.0, 500.0], "gpa": [3.0, 4.0]}))


@pytest.mark.parametrize("rank, words", [
    (2.5, "got 2.5 in the row with index 1"), (np.nan, "numbers, got NaN in the row with index 1"),
    (0, "got 0 in the row with index 1"), (5, "got 5 in the row with index 1")])
def test_one_hot_rank_rejects_a_rank_that_is_not_1_to_4(rank, words):
    """these used to give a row of four zeros"""
    df = pd.DataFrame({"rank": [1, rank]}, index=[0, 1])
    with pytest.raises(ValueError, match=r"^df: column 'rank' expected .*" + words):
        one_hot_rank(df)


def test_one_hot_rank_accepts_whole_floats():
    out = one_hot_rank(pd.DataFrame({"rank": [1.0, 4.0]}))
    assert out.to_numpy().tolist() == [[1, 0, 0, 0], [0, 0, 0, 1]]


def test_prepare_admissions_names_the_bad_row():
    df = load_admissions()
    df.loc[7, "rank"] = 5
    with pytest.raises(ValueError, match=r"^df: column 'rank' expected whole numbers in \[1, 4\], "
                                         r"got 5 in the row with index 7$"):
        prepare_admissions(df)
    df = load_admissions().astype({"gre": float})
    df.loc[3, "gre"] = np.nan
    with pytest.raises(ValueError, match=r"^df: column 'gre' expected numbers, got NaN in the "
                                         r"row with index 3$"):
        prepare_admissions(df)


def test_standardise_takes_one_column_name():
    df = load_admissions()
    out = standardise(df, columns="gre")
    assert out["gre"].mean() == pytest.approx(0, abs=1e-12) and out["gpa"].equals(df["gpa"])
    with pytest.raises(ValueError, match=r"^df: expected columns \['gre', 'nope'\], missing \['nope'\]"):
        standardise(df, columns=["gre", "nope"])


@pytest.mark.parametrize("call, err, words", [
    (lambda: standardise([1, 2]), TypeError, "^df: expected a pandas DataFrame, got list$"),
    (lambda: standardise(pd.DataFrame({"gre": [1.0, 2.0], "gpa": [1.0, 2.0]}), reference={"gre": 1}),
     TypeError, "^reference: expected a pandas DataFrame, got dict$"),
    (lambda: standardise(pd.DataFrame({"gre": [1.0, 2.0]}), reference=pd.DataFrame({"x": [1]}),
                         columns="gre"), ValueError, r"^reference: expected columns \['gre'\]"),
    (lambda: standardise(pd.DataFrame({"gre": ["a", "b"]}), columns="gre"), TypeError,
     "^df: column 'gre' expected numbers, got dtype (object|str)$"),
    (lambda: standardise(pd.DataFrame({"gre": [1.0, np.inf]}), columns="gre"), ValueError,
     "^df: column 'gre' expected finite numbers, got inf in the row with index 1$"),
    (lambda: standardise(pd.DataFrame({"gre": [1.0]}), columns=5), TypeError,
     "^columns: expected a column name or a sequence of names, got 5$"),
    (lambda: one_hot_rank(np.ones(3)), TypeError, "^df: expected a pandas DataFrame, got ndarray$"),
    (lambda: load_admissions(3), TypeError, r"^path: expected a file path \(str or Path\), got int$"),
    (lambda: prepare_admissions(load_admissions(), seed=-1), ValueError,
     "^seed: expected a non-negative whole number, got -1$"),
])
def test_bad_arguments_are_named(call, err, words):
    with pytest.raises(err, match=words):
        call()
