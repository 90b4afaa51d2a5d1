"""Plain data across the sandbox's wall: what crosses, what is refused, what a forged message
becomes."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from course.checking import Call, Calls, Source
from course.checking.fmt import Opaque
from course.checking.raised import Raised
from course.tools.grading import plain
from course.tools.grading.grade import Conversation, complete


class FloatThatEqualsAll(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class ArrayThatEqualsAll(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)


def roundtrip(value):
    return plain.loads(plain.dumps(value))


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("inf"), "ex4.1 ✅", 1 + 2j, [1, "a", None], (1, (2.0, [3])),
    {"a": 1, "b": [2]},
], ids=repr)
def test_plain_python_values_come_back_equal_and_of_the_same_type(value):
    back = roundtrip(value)
    assert back == value and type(back) is type(value)


def test_nan_comes_back_as_nan():
    assert np.isnan(roundtrip(float("nan")))


@pytest.mark.parametrize("array", [
    np.arange(6, dtype=np.int64).reshape(2, 3), np.array([[0.5, -1.0]]).T,
    np.array([True, False]), np.array(["ab", "c"]), np.zeros((0, 3)),
    np.array([1 + 1j], dtype=np.complex64),
], ids=lambda a: str(a.dtype))
def test_arrays_of_plain_dtypes_come_back_with_their_dtype_shape_and_values(array):
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype
    assert back.shape == array.shape and np.array_equal(back, array)


def test_a_numpy_scalar_keeps_its_type():
    back = roundtrip(np.float32(1.5))
    assert type(back) is np.float32 and back == 1.5


def test_a_generator_comes_back_in_the_same_state():
    rng = np.random.default_rng(7)
    back = roundtrip(rng)
    assert type(back) is np.random.Generator
    assert back.random() == np.random.default_rng(7).random()


def test_a_dataframe_comes_back_with_its_columns_and_index():
    frame = pd.DataFrame({"admit": [0, 1], "gpa": [3.5, 2.0]}, index=[4, 9])
    back = roundtrip(frame)
    assert back.equals(frame) and list(back.index) == [4, 9]


def test_the_records_of_a_check_cross():
    calls = Calls((Call(0, value=np.ones(2)), Call(1, raised=Raised("error", "ValueError: x"))),
                  ("a", "b"), ("printed",), Source("def f(a, b): ...", ()))
    back = roundtrip(calls)
    assert type(back) is Calls and type(back.calls[0]) is Call
    assert np.array_equal(back.calls[0].value, np.ones(2))
    assert back.calls[1].raised == Raised("error", "ValueError: x")
    assert back.source == Source("def f(a, b): ...", ())


@pytest.mark.parametrize("value, what", [
    (FloatThatEqualsAll(1.0), "a FloatThatEqualsAll"),
    (np.ones(2).view(ArrayThatEqualsAll), "an array subclass"),
    (np.array([1, "a"], dtype=object), "an array of dtype object"),
    (np.zeros(1, dtype=[("x", "f8")]), "an array of dtype [('x', '<f8')]"),
    ({1: 2}, "a dict with keys that are not str"),
    (object(), "a object"),
    (len, "a builtin_function_or_method"),
])
def test_what_is_not_plain_is_refused_and_said(value, what):
    with pytest.raises(plain.PlainError, match=rf"^not plain data: {re.escape(what)}$"):
        plain.dumps(value)


def test_leniently_what_is_not_plain_becomes_an_opaque_with_nothing_it_renders():
    out = roundtrip_lenient([FloatThatEqualsAll(1.0), np.ones(2).view(ArrayThatEqualsAll)])
    assert out == [Opaque("FloatThatEqualsAll", "<FloatThatEqualsAll>"),
                   Opaque("ArrayThatEqualsAll", "<ArrayThatEqualsAll>", "float64")]


def roundtrip_lenient(value):
    return plain.loads(plain.dumps(value, lenient=True))


def test_a_callable_becomes_a_proxy_and_stays_with_the_sender():
    proxies = {}
    out = plain.loads(json.dumps(plain.encode((np.exp, 2.0), proxies=proxies)))
    assert out == (plain.Proxy("p0", "<ufunc 'exp'>"), 2.0)
    assert proxies == {"p0": np.exp}


@pytest.mark.parametrize("message, error", [
    ('{"pickle": "gASV"}', "unexpected tag 'pickle'"),
    ('{"array": "O", "shape": [1], "data": ""}', "not a plain dtype: 'O'"),
    ('{"array": "<f8", "shape": [2], "data": "AAAAAAAA8D8="}',
     "an array's data does not fit its shape"),
    ('{"array": "<f8", "shape": [-1], "data": ""}', "an array's shape is a list of sizes"),
    ('{"record": "Exercise", "fields": {}}', "not a record that may cross: 'Exercise'"),
    ('{"record": "Call", "fields": {"secret": 1}}', "Call has no field 'secret'"),
    ('{"rng": {"dict": [["bit_generator", "os.system"]]}}',
     "not a NumPy bit generator: 'os.system'"),
    ('{"tuple": [1], "extra": 2}', "unexpected tag 'tuple'"),
    ("[1, 2", "not JSON: JSONDecodeError"),
])
def test_a_forged_message_is_refused_on_the_way_in(message, error):
    with pytest.raises(plain.PlainError, match=f"^{re.escape(error)}$"):
        plain.loads(message)


def test_a_record_of_calls_must_cover_every_case_or_stop_on_one():
    whole = Calls((Call(0, value=1.0), Call(1, value=2.0)))
    assert complete(whole, 2) is whole
    assert complete(Calls(), 2) == Calls(broken="the record of the calls is incomplete")
    assert complete(Calls((Call(1, value=1.0),)), 1).broken == (
        "the record of the calls is incomplete")
    stopped = Calls((Call(0, raised=Raised("timeout")),))
    assert complete(stopped, 3) is stopped
    assert complete("calls", 2) == Calls(not_callable="NoneType")


def test_a_record_with_a_field_of_the_wrong_type_fails():
    forged = Calls((Call(0, raised="timeout"),))
    assert complete(forged, 1) == Calls(broken="the record of the calls is not well formed")


def test_the_conversation_refuses_messages_out_of_turn_and_calls_to_closed_handles():
    from course.checks.ch01 import SIGMOID_PRIME, UNIT_OUTPUT

    talk = Conversation([SIGMOID_PRIME, UNIT_OUTPUT])
    assert talk.answer({"op": "cases", "ex": "ex1.2"}) == {"error": "refused",
                                                           "kind": "PermissionError"}
    assert talk.answer({"op": "call", "handle": "p0", "args": []})["error"] == "refused"
    sent = talk.answer({"op": "cases", "ex": "ex1.1"})
    assert sent["params"] == ["z"] and len(sent["cases"]) == len(SIGMOID_PRIME.cases)
    assert talk.tried == ["the notebook's code sent 'cases' for 'ex1.2' out of turn",
                          "the notebook's code called a function of the check's that is not "
                          "its to call"]
