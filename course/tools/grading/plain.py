"""Plain data across the sandbox's wall, as JSON: no pickle, no object of the sender's making.

What may cross: None, bool, int, float (NaN and infinities too), complex, str, NumPy scalars
and arrays of plain dtypes (bool, integers, floats, complex, fixed-width strings), lists,
tuples and str-keyed dicts of them, a few records the two sides agree on (``RECORDS``: the
dataclasses of a check's calls), and three case types the checks use: a pandas DataFrame (by
its columns), a NumPy Generator (by its state) and a callable of the check's (``Proxy``, a
handle the sandbox calls back through; the grader keeps the object).

``encode`` is strict about types (``type(x) is float``, never ``isinstance``): a subclass with
its own ``__eq__``, an object array or an array subclass is not plain. ``encode(..., lenient=
True)``, used for what the learner's code produced, turns such a value into an ``Opaque``
(its type name and nothing it controls) instead of raising. ``decode`` builds only the types
above from JSON and checks every field again, so a forged message yields plain data or a
``PlainError``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math

import numpy as np

PLAIN_KINDS = "biufcUS"
MAX_ARRAY_BYTES = 64 * 2**20
_SCALARS = (bool, int, float, str)
_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


class PlainError(ValueError):
    """A value or a message that is not plain data."""


@dataclasses.dataclass(frozen=True)
class Proxy:
    """A callable of the check's, seen from the sandbox: ``handle`` names it to the grader,
    ``text`` is how it prints. Calling it is the sandbox's job (``runner.ProxyCall``)."""

    handle: str
    text: str


def records() -> dict[str, type]:
    """The dataclasses that may cross, by name: a check's calls and their parts."""
    from ...checking import Call, Calls, Source
    from ...checking.fmt import Opaque
    from ...checking.raised import Raised

    return {cls.__name__: cls for cls in (Call, Calls, Source, Raised, Opaque, Proxy)}


def opaque(value: object):
    """What is left of a value that is not plain: its type's name, nothing it renders."""
    from ...checking.fmt import Opaque

    dtype = str(value.dtype) if isinstance(value, np.ndarray) else None
    name = type(value).__name__
    return Opaque(name if isinstance(name, str) else "object", f"<{name}>", dtype)


def dumps(value: object, *, lenient: bool = False, proxies: dict | None = None) -> str:
    """``value`` as one line of JSON (see ``encode``)."""
    return json.dumps(encode(value, lenient=lenient, proxies=proxies), allow_nan=True,
                      separators=(",", ":"))


def loads(text: str | bytes) -> object:
    """The value of one line of JSON written by ``dumps``; PlainError if it is not plain."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise PlainError(f"not JSON: {type(exc).__name__}") from None
    return decode(data)


def encode(value: object, *, lenient: bool = False, proxies: dict | None = None,
           _depth: int = 0) -> object:
    """A JSON-ready form of ``value``; ``proxies`` (handle -> object), when given, turns a
    callable argument into a Proxy and remembers it there."""
    if _depth > 50:
        return _refuse(value, lenient, "nested too deep")
    more = {"lenient": lenient, "proxies": proxies, "_depth": _depth + 1}
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value
    if kind is complex:
        return {"complex": [value.real, value.imag]}
    if kind is list:
        return [encode(v, **more) for v in value]
    if kind is tuple:
        return {"tuple": [encode(v, **more) for v in value]}
    if kind is dict:
        if not all(type(k) is str for k in value):
            return _refuse(value, lenient, "a dict with keys that are not str")
        return {"dict": [[k, encode(v, **more)] for k, v in value.items()]}
    if isinstance(value, np.ndarray):  # a subclass is refused there
        return _encode_array(value, lenient)
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        if value.dtype.kind not in PLAIN_KINDS:
            return _refuse(value, lenient, f"a NumPy scalar of dtype {value.dtype}")
        return {"scalar": _encode_array(np.asarray(value), lenient)}
    if kind is np.random.Generator:
        state = value.bit_generator.state
        return {"rng": encode(state, **more)}
    if kind.__name__ == "DataFrame" and kind.__module__.startswith("pandas"):
        return {"frame": {"columns": [str(c) for c in value.columns],
                          "data": [_encode_array(value[c].to_numpy(), lenient)
                                   for c in value.columns],
                          "index": _encode_array(value.index.to_numpy(), lenient)}}
    if dataclasses.is_dataclass(value) and kind.__name__ in records() \
            and records()[kind.__name__] is kind:
        fields = {f.name: encode(getattr(value, f.name), **more)
                  for f in dataclasses.fields(value)}
        return {"record": kind.__name__, "fields": fields}
    if proxies is not None and callable(value):
        handle = f"p{len(proxies)}"
        proxies[handle] = value
        return encode(Proxy(handle, _text(value)), **more)
    return _refuse(value, lenient, f"a {kind.__name__}")


def _text(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 and " at 0x" not in text else type(value).__name__


def _refuse(value, lenient: bool, what: str):
    if not lenient:
        raise PlainError(f"not plain data: {what}")
    return encode(opaque(value))


def _encode_array(array: np.ndarray, lenient: bool):
    if type(array) is not np.ndarray:
        return _refuse(array, lenient, "an array subclass")
    if array.dtype.kind not in PLAIN_KINDS or array.dtype.fields is not None:
        return _refuse(array, lenient, f"an array of dtype {array.dtype}")
    if array.nbytes > MAX_ARRAY_BYTES:
        return _refuse(array, lenient, f"an array of {array.nbytes} bytes")
    data = np.ascontiguousarray(array).tobytes()
    return {"array": array.dtype.str, "shape": list(array.shape),
            "data": base64.b64encode(data).decode("ascii")}


def decode(data: object, _depth: int = 0) -> object:
    """The value ``data`` (from ``json.loads``) stands for; PlainError if it is not plain."""
    if _depth > 60:
        raise PlainError("nested too deep")
    if data is None or type(data) in _SCALARS:
        return data
    if type(data) is list:
        return [decode(v, _depth + 1) for v in data]
    if type(data) is not dict or len(data) == 0:
        raise PlainError(f"unexpected {type(data).__name__}")
    (tag, body), *rest = data.items()
    handler = _DECODERS.get(tag)
    if handler is None or (rest and tag not in ("array", "record")):
        raise PlainError(f"unexpected tag {tag!r}")
    return handler(data, _depth + 1)


def _decode_complex(data, depth):
    parts = data["complex"]
    if type(parts) is not list or len(parts) != 2 or not all(type(p) is float for p in parts):
        raise PlainError("a complex needs two floats")
    return complex(*parts)


def _decode_dict(data, depth):
    pairs = data["dict"]
    if type(pairs) is not list or not all(type(p) is list and len(p) == 2
                                          and type(p[0]) is str for p in pairs):
        raise PlainError("a dict is a list of [str, value] pairs")
    return {k: decode(v, depth) for k, v in pairs}


def _decode_array(data, depth=0) -> np.ndarray:
    if set(data) != {"array", "shape", "data"}:
        raise PlainError("an array has exactly array, shape and data")
    try:
        dtype = np.dtype(data["array"]) if type(data["array"]) is str else None
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind not in PLAIN_KINDS or dtype.fields is not None:
        raise PlainError(f"not a plain dtype: {data['array']!r}")
    shape = data["shape"]
    if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
        raise PlainError("an array's shape is a list of sizes")
    raw = base64.b64decode(data["data"], validate=True) if type(data["data"]) is str else None
    if raw is None or len(raw) != math.prod(shape) * dtype.itemsize:
        raise PlainError("an array's data does not fit its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decode_scalar(data, depth):
    array = _decode_array(data["scalar"]) if type(data["scalar"]) is dict else None
    if array is None or array.shape != ():
        raise PlainError("a scalar is an array of shape ()")
    return array[()]


def _decode_tuple(data, depth):
    items = data["tuple"]
    if type(items) is not list:
        raise PlainError("a tuple is a list")
    return tuple(decode(v, depth) for v in items)


def _decode_rng(data, depth):
    state = decode(data["rng"], depth)
    name = state.get("bit_generator") if type(state) is dict else None
    if name not in _GENERATORS:
        raise PlainError(f"not a NumPy bit generator: {name!r}")
    bits = getattr(np.random, name)()
    try:
        bits.state = state
    except (TypeError, ValueError, KeyError) as exc:
        raise PlainError(f"not a {name} state ({type(exc).__name__})") from None
    return np.random.Generator(bits)


def _decode_frame(data, depth):
    import pandas as pd

    frame = data["frame"]
    if type(frame) is not dict or set(frame) != {"columns", "data", "index"}:
        raise PlainError("a frame has exactly columns, data and index")
    columns = frame["columns"]
    if type(columns) is not list or not all(type(c) is str for c in columns) \
            or type(frame["data"]) is not list or len(frame["data"]) != len(columns):
        raise PlainError("a frame's columns are names with one array each")
    values = [_decode_array(d) if type(d) is dict else None for d in frame["data"]]
    if any(v is None for v in values):
        raise PlainError("a frame's column is an array")
    index = _decode_array(frame["index"]) if type(frame["index"]) is dict else None
    if index is None or any(len(v) != len(index) for v in values):
        raise PlainError("a frame's columns have its index's length")
    return pd.DataFrame(dict(zip(columns, values, strict=True)), index=index)


def _decode_record(data, depth):
    if set(data) != {"record", "fields"} or type(data["fields"]) is not dict:
        raise PlainError("a record has exactly record and fields")
    cls = records().get(data["record"]) if type(data["record"]) is str else None
    if cls is None:
        raise PlainError(f"not a record that may cross: {data['record']!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    given = data["fields"]
    if not set(given) <= names:
        raise PlainError(f"{cls.__name__} has no field {sorted(set(given) - names)[0]!r}")
    return cls(**{k: decode(v, depth) for k, v in given.items()})


_DECODERS = {"complex": _decode_complex, "dict": _decode_dict, "array": _decode_array,
             "scalar": _decode_scalar, "tuple": _decode_tuple, "rng": _decode_rng,
             "frame": _decode_frame, "record": _decode_record}
