"""Units: one place converts and writes distances, paces and durations."""

from __future__ import annotations

import math

import pytest

from loadwatch.units import (
    METRES_PER_MILE,
    format_clock,
    format_distance,
    format_duration,
    format_pace,
    in_units,
    pace_to_speed,
    parse_pace,
)


def test_a_mile_is_exactly_1609_344_metres():
    # The international mile of 1959.
    assert METRES_PER_MILE == 1609.344
    assert in_units(1609.344, "mi") == 1.0
    assert in_units(42_195, "km") == 42.195


@pytest.mark.parametrize(("metres", "unit", "options", "text"), [
    (12_345.0, "km", {}, "12.35"),
    (12_345.0, "km", {"digits": 1, "label": True}, "12.3 km"),
    (33_000.0, "mi", {"digits": 1, "label": True}, "20.5 mi"),
    (None, "km", {}, ""),
    (math.nan, "km", {"missing": "-"}, "-"),
])
def test_distances_are_written_in_the_athletes_unit(metres, unit, options, text):
    assert format_distance(metres, unit, **options) == text


def test_paces_read_and_write_as_minutes_and_seconds():
    assert parse_pace(" 4:30 /KM") == (270, "km")
    assert parse_pace("7:15/mi") == (435, "mi")
    with pytest.raises(ValueError, match="a pace such as 4:30/km"):
        parse_pace("4.30")
    assert pace_to_speed(270, "km") == pytest.approx(1000 / 270)
    assert format_pace(1000 / 270, "km") == "4:30/km"
    assert format_pace(1609.344 / 435, "mi") == "7:15/mi"
    assert format_pace(0.0, "km") == ""


@pytest.mark.parametrize(("seconds", "text"), [
    (4832.4, "1:20:32"), (59.6, "0:01:00"), (93_600, "26:00:00"), (None, ""),
])
def test_durations_are_hours_minutes_and_seconds(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0:00"), (5, "0:05"), (245.4, "4:05"), (599.6, "10:00"), (3599.6, "1:00:00"),
    (3845, "1:04:05"), (None, ""), (math.nan, ""),
])
def test_a_split_or_a_pace_reads_as_a_clock(seconds, text):
    assert format_clock(seconds) == text
