"""The view cache's JSON: what goes in comes back equal, dtypes, index and NaN included."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import orjson
import pandas as pd
import pytest

from dashboards import viewjson


def _round_trip(frame: pd.DataFrame) -> pd.DataFrame:
    text = orjson.dumps(viewjson.frame_to_json(frame))
    return viewjson.frame_from_json(orjson.loads(text))


def _days() -> pd.DataFrame:
    index = pd.date_range("2026-01-05", periods=6, freq="D", unit="us")
    return pd.DataFrame({
        "load": [0.1 + 0.2, math.nan, math.inf, -math.inf, 1e-300, 2 / 3],
        "runs": np.arange(6, dtype="int64"),
        "rest": [True, False, True, True, False, False],
        "band": pd.array(["<10%", None, "10-30%", ">30%", None, "<10%"], dtype="str"),
        "surface_km": [{"road": 1.5}, {}, {"trail": 0.0}, None, {"a": [1, 2.5]},
                       {"b": (1, "x")}],
        "exceeds": [True, None, False, math.nan, None, True],
        "start": pd.to_datetime(["2026-01-05T06:00:00.123456Z", None, "2026-01-07T00:00:00.000000Z",
                                 "2026-01-08T00:00:00.000000Z", "2026-01-09T00:00:00.000000Z",
                                 "2026-01-10T00:00:00.000000Z"], utc=True).as_unit("us"),
        "hr": pd.array([140, None, 150, 151, None, 160], dtype="Int64"),
    }, index=index)


def test_a_frame_keeps_its_dtypes_values_and_datetime_index():
    frame = _days()
    back = _round_trip(frame)
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_freq=True)
    assert back.index.freqstr == "D"
    assert list(back.dtypes.astype(str)) == list(frame.dtypes.astype(str))
    assert math.isnan(back["load"].iloc[1])
    assert back["load"].iloc[2] == math.inf
    assert back["load"].iloc[0] == 0.1 + 0.2  # full precision, not ten digits
    assert back["surface_km"].iloc[5] == {"b": (1, "x")}
    assert back["exceeds"].iloc[1] is None
    assert math.isnan(back["exceeds"].iloc[3])


@pytest.mark.parametrize("frame", [
    pd.DataFrame(),
    pd.DataFrame({"a": [1.0]}, index=pd.Index([7], name="id")),
    pd.DataFrame({"x": ["a", "b"]}, dtype=object),
    pd.DataFrame({"when": pd.to_datetime(["2026-01-01", None]).as_unit("ns")}),
    pd.DataFrame({"z": pd.to_datetime(["2026-01-01T00:00Z"], utc=True).tz_convert(
        "Europe/Amsterdam")}),
    pd.DataFrame({"d": pd.to_timedelta([1, None], unit="s")}),
], ids=["empty", "named-index", "object", "naive-dates", "zoned", "timedelta"])
def test_edge_frames_come_back_equal(frame):
    pd.testing.assert_frame_equal(_round_trip(frame), frame, check_exact=True)


def test_nested_values_come_back_equal():
    value = {"date": date(2026, 8, 31), "activities": (1, 2), "ratio": math.inf,
             "conditions": [{"id": "x", "match": 0.951}], "nothing": None,
             "n": np.int64(3)}
    back = viewjson.from_json(orjson.loads(orjson.dumps(viewjson.to_json(value))))
    assert back == {**value, "n": 3}
    inside = viewjson.from_json(orjson.loads(orjson.dumps(viewjson.to_json({"x": [math.nan]}))))
    assert math.isnan(inside["x"][0])


@dataclass(frozen=True)
class _Point:
    at: date
    tags: tuple[str, ...] = ()
    weight: float = 0.0


@dataclass(frozen=True)
class _Other:
    x: int = 0


def test_dataclasses_come_back_only_as_the_types_named():
    value = [_Point(date(2026, 8, 31), ("a", "b"), math.inf), {"p": _Point(date(2026, 1, 1))}]
    text = orjson.dumps(viewjson.to_json(value, {"_Point": _Point}))
    assert viewjson.from_json(orjson.loads(text), {"_Point": _Point}) == value
    with pytest.raises(KeyError):
        viewjson.from_json(orjson.loads(text))  # a type not named is never built
    with pytest.raises(TypeError):
        viewjson.to_json(_Other(), {"_Point": _Point})
    with pytest.raises(TypeError):
        viewjson.to_json(_Other(), {"_Other": _Point})  # the same name, another class


@pytest.mark.parametrize("bad", [
    pd.DataFrame([[1, 2]], columns=["a", "a"]),
    pd.DataFrame({"c": pd.Categorical(["x"])}),
    pd.DataFrame({"o": [object()]}),
    pd.DataFrame({"k": [{1: "int key"}]}),
])
def test_what_cannot_be_written_exactly_is_refused(bad):
    with pytest.raises(TypeError):
        viewjson.frame_to_json(bad)


@pytest.mark.parametrize("damaged", [
    {"index": {"range": [0, 2, 1], "name": None}, "columns": {"range": [0, 1, 1],
                                                              "name": None},
     "data": [{"dtype": "float64", "values": [1.0]}]},
    {"index": {"range": [0, 1, 1], "name": None}, "columns": {"range": [0, 1, 1],
                                                              "name": None},
     "data": [{"dtype": "no-such-dtype", "values": [1]}]},
    {"index": {"values": {"dtype": "datetime64[us]", "values": "x"}, "name": None}},
    {"nothing": "here"},
])
def test_a_damaged_frame_raises_what_a_reader_treats_as_a_miss(damaged):
    with pytest.raises((ValueError, KeyError, TypeError)):
        viewjson.frame_from_json(damaged)
