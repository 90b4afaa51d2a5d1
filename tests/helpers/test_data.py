import hashlib

import numpy as np
import pandas as pd
import pytest

from helpers import FEATURES, load_admissions, one_hot_rank, prepare_admissions, standardise
from helpers.data import ADMISSIONS_CSV, ADMISSIONS_SHA256

GOOD = "admit,gre,gpa,rank\n0,380,3.61,3\n1,660,3.67,3\n1,800,4,1\n0,520,2.93,4\n"


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_vendored_file_matches_its_checksum():
    assert hashlib.sha256(ADMISSIONS_CSV.read_bytes()).hexdigest() == ADMISSIONS_SHA256


def test_data_readme_records_the_checksum():
    assert ADMISSIONS_SHA256 in (ADMISSIONS_CSV.parent / "README.md").read_text()


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
