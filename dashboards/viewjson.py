"""JSON forms of what the view cache keeps: frames with their dtypes and index, and values.

The view cache is shared through the store, so what goes in must come back
equal and nothing read from it may run code: no pickle. A frame is written
column by column with its dtype named (``float64``, ``str``,
``datetime64[us, UTC]``...), floats at full precision (orjson writes the
shortest text that reads back to the same double) and NaN and infinities
spelled out; its index and column labels likewise, a DatetimeIndex with its
frequency. Values inside object columns, lists and mappings are JSON's own,
with the few other types tagged (``{"$float": "nan"}``, ``{"$tuple": [...]}``,
``{"$date": "2026-08-31"}``), and dataclasses (a Flag, the Settings) as their
fields, read back only into the types the caller names: nothing else is built.

Anything this module cannot write exactly raises ``TypeError`` (the view is
then not shared); anything it cannot read raises ``ValueError``, ``KeyError``
or ``TypeError`` (the caller treats that as a cache miss).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

# Extension dtypes written as their values and read back with pd.array(values, dtype).
EXTENSION_DTYPES = ("str", "string", "Int64", "Int32", "Float64", "boolean")
SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
NAT = np.iinfo(np.int64).min
NO_TYPES: Mapping[str, type] = {}


def frame_to_json(frame: pd.DataFrame) -> dict:
    """A frame as JSON values: its index, column labels and each column with its dtype.

    Raises
    ------
    TypeError
        Duplicate column labels, or a value or dtype this module cannot write exactly.
    """
    if not frame.columns.is_unique:
        raise TypeError("a frame with duplicate column labels")
    return {"index": index_to_json(frame.index), "columns": index_to_json(frame.columns),
            "data": [array_to_json(frame.iloc[:, i]) for i in range(frame.shape[1])]}


def frame_from_json(value: dict) -> pd.DataFrame:
    """The frame :func:`frame_to_json` wrote, with the same dtypes, index and labels."""
    index = index_from_json(value["index"])
    columns = index_from_json(value["columns"])
    arrays = [array_from_json(column) for column in value["data"]]
    if len(arrays) != len(columns) or any(len(a) != len(index) for a in arrays):
        raise ValueError("a frame whose columns do not fit its index")
    frame = pd.DataFrame({i: pd.Series(a, index=index, dtype=a.dtype, copy=False)
                          for i, a in enumerate(arrays)}, index=index)
    frame.columns = columns
    return frame


def index_to_json(index: pd.Index) -> dict:
    """An index (a RangeIndex as its bounds, a DatetimeIndex with its frequency)."""
    if isinstance(index, pd.MultiIndex):
        raise TypeError("a MultiIndex")
    if isinstance(index, pd.RangeIndex):
        return {"range": [index.start, index.stop, index.step],
                "name": _cell(index.name, NO_TYPES)}
    written = {"values": array_to_json(index), "name": _cell(index.name, NO_TYPES)}
    if isinstance(index, pd.DatetimeIndex) and index.freq is not None:
        written["freq"] = index.freqstr
    return written


def index_from_json(value: dict) -> pd.Index:
    """The index :func:`index_to_json` wrote."""
    name = _value(value["name"], NO_TYPES)
    if "range" in value:
        start, stop, step = (int(v) for v in value["range"])
        return pd.RangeIndex(start, stop, step, name=name)
    values = array_from_json(value["values"])
    if "freq" in value:
        return pd.DatetimeIndex(values, freq=value["freq"], name=name)
    return pd.Index(values, name=name, dtype=values.dtype, copy=False)


def array_to_json(values: pd.Series | pd.Index) -> dict:
    """One column (or index) with its dtype, exactly."""
    dtype = values.dtype
    name = str(dtype)
    if isinstance(dtype, pd.DatetimeTZDtype) or dtype.kind in "mM":
        stamps = values.array.asi8 if hasattr(values.array, "asi8") else None
        if stamps is None:
            raise TypeError(f"dates of dtype {name}")
        return {"dtype": name, "values": [None if v == NAT else int(v) for v in stamps]}
    if dtype.kind == "f" and isinstance(dtype, np.dtype):
        floats = values.to_numpy()
        return {"dtype": name, "values": floats.tolist() if np.isfinite(floats).all()
                else [_float(v) for v in floats.tolist()]}
    if dtype.kind in "iub" and isinstance(dtype, np.dtype):
        return {"dtype": name, "values": values.tolist()}
    if name == "object":
        return {"dtype": name, "values": [_cell(v, NO_TYPES) for v in values.tolist()]}
    if name in EXTENSION_DTYPES:
        return {"dtype": name, "values": [None if pd.isna(v) else _cell(v, NO_TYPES)
                                          for v in values.astype(object).tolist()]}
    raise TypeError(f"a column of dtype {name}")


def array_from_json(value: dict) -> Any:
    """The values :func:`array_to_json` wrote, as an array of their dtype."""
    name, values = value["dtype"], value["values"]
    if not isinstance(values, list):
        raise ValueError("column values are not a list")
    if name.startswith(("datetime64", "timedelta64")):
        return _dates(name, values)
    if name == "object":
        array = np.empty(len(values), dtype=object)
        array[:] = [_value(v, NO_TYPES) for v in values]
        return array
    if name in EXTENSION_DTYPES:
        return pd.array([_value(v, NO_TYPES) for v in values], dtype=name)
    dtype = np.dtype(name)
    if dtype.kind == "f":
        return np.array([math.nan if v is None else SPECIAL_FLOATS.get(v, v) for v in values],
                        dtype=dtype)
    if dtype.kind in "iub":
        return np.array(values, dtype=dtype)
    raise ValueError(f"a column of dtype {name}")


def _dates(name: str, values: list) -> Any:
    unit = name.split("[", 1)[1].split(",")[0].rstrip("]")
    stamps = np.array([NAT if v is None else int(v) for v in values], dtype=np.int64)
    if name.startswith("timedelta64"):
        return pd.TimedeltaIndex(stamps.view(f"timedelta64[{unit}]")).array
    dates = pd.DatetimeIndex(stamps.view(f"datetime64[{unit}]"))
    if "," in name:  # a zone: the stamps are UTC
        dates = dates.tz_localize("UTC").tz_convert(name.split(",", 1)[1].strip(" ]"))
    if str(dates.dtype) != name:
        raise ValueError(f"dates of dtype {name} read as {dates.dtype}")
    return dates.array


def _float(value: float) -> float | str | None:
    if math.isnan(value):
        return None
    return value if math.isfinite(value) else ("inf" if value > 0 else "-inf")


def to_json(value: Any, types: Mapping[str, type] = NO_TYPES) -> Any:
    """A nested value of lists, mappings, scalars and dataclasses as JSON values.

    Parameters
    ----------
    value
        What to write.
    types : mapping of str to type
        The dataclasses it may hold, by class name; another raises TypeError.
    """
    return _cell(value, types)


def from_json(value: Any, types: Mapping[str, type] = NO_TYPES) -> Any:
    """The value :func:`to_json` wrote, its dataclasses built only from ``types``."""
    return _value(value, types)


def _cell(value: Any, types: Mapping[str, type]) -> Any:
    if isinstance(value, np.generic):
        return _cell(value.item(), types)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": str(value)}
    if isinstance(value, pd.Timestamp | datetime):
        return {"$datetime": pd.Timestamp(value).isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return _container(value, types)


def _container(value: Any, types: Mapping[str, type]) -> Any:
    if isinstance(value, list):
        return [_cell(v, types) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_cell(v, types) for v in value]}
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            raise TypeError("a mapping whose keys are not plain strings")
        return {k: _cell(v, types) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if types.get(name) is not type(value):
            raise TypeError(f"a {name}, which is not among the types named")
        return {"$dataclass": [name, {f.name: _cell(getattr(value, f.name), types)
                                      for f in dataclasses.fields(value) if f.init}]}
    raise TypeError(f"a value of type {type(value).__name__}")


def _value(value: Any, types: Mapping[str, type]) -> Any:
    if isinstance(value, list):
        return [_value(v, types) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        tag, inner = next(iter(value.items()))
        if tag == "$float":
            return SPECIAL_FLOATS[inner]
        if tag == "$tuple":
            return tuple(_value(v, types) for v in inner)
        if tag == "$datetime":
            return pd.Timestamp(inner)
        if tag == "$date":
            return date.fromisoformat(inner)
        if tag == "$dataclass":
            name, fields = inner
            return types[name](**{k: _value(v, types) for k, v in fields.items()})
    return {k: _value(v, types) for k, v in value.items()}
