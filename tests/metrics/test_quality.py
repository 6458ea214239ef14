"""The data-quality checks at their boundaries, on synthetic recordings and summaries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from loadwatch.metrics.profile import activity_profile, profile_problem
from loadwatch.metrics.quality import (
    JUMP_MIN_M,
    TAIL_SECONDS,
    VEHICLE_SPEED_MS,
    WORLD_RECORDS,
    quality_marks,
    record_speed,
    sample_reasons,
    summary_reasons,
)
from loadwatch.metrics.quality_text import describe
from tests.suspectbuild import bike_ride_as_run, easy_run, track, watch_left_on

NAN = float("nan")


def _checks(samples) -> list[str]:
    return [r["check"] for r in sample_reasons(samples)]


def _summary(distance_m, seconds, elapsed=NAN):
    return summary_reasons([distance_m], [seconds], [elapsed])[0]


# Vehicle speed: faster than 25 km/h for more than a minute.

def test_a_bike_ride_logged_as_a_run_is_marked_with_its_minutes_and_speed():
    (reason,) = sample_reasons(bike_ride_as_run())
    assert reason == {"check": "vehicle_speed", "seconds": 3600.0,
                      "distance_m": pytest.approx(30000.0),
                      "speed_ms": pytest.approx(30 / 3.6), "start_s": 600.0}
    assert describe(reason, "km") == ("60 min faster than 25 km/h (30.0 km at 30 km/h, from "
                                      "0:10:00): a bike or a car?")
    assert describe(reason, "mi") == ("60 min faster than 15.5 mph (18.6 mi at 18.6 mph, from "
                                      "0:10:00): a bike or a car?")


@pytest.mark.parametrize(("seconds", "marked"), [(60, False), (61, True)])
def test_more_than_a_minute_above_25_kmh_is_a_vehicle(seconds, marked):
    samples = track((1200, 3.0), (seconds, 8.0), (1200, 3.0))
    assert ("vehicle_speed" in _checks(samples)) is marked


def test_exactly_25_kmh_is_not_above_it():
    assert _checks(track((600, 3.0), (600, VEHICLE_SPEED_MS), (600, 3.0))) == []


def test_a_gps_fix_thrown_off_and_back_is_no_vehicle():
    # Two one-second steps of 60 m: fast, but two steps and two seconds.
    samples = track((3000, 3.0), jumps=(1500, 1501), jump_m=57.0)
    assert "vehicle_speed" not in _checks(samples)


# Walking tail: 20 minutes or more at walking pace after the run.

def test_a_watch_left_on_after_a_run_is_marked_with_the_tail():
    (reason,) = sample_reasons(watch_left_on())
    assert reason["check"] == "walking_tail"
    assert (reason["seconds"], reason["start_s"]) == (1500.0, 2400.0)
    assert reason["distance_m"] == pytest.approx(1500 * 5 / 3.6)
    assert describe(reason, "km") == ("25 min at walking pace after the run (2.1 km from "
                                      "0:40:00 on): a watch left on?")


@pytest.mark.parametrize(("seconds", "marked"),
                         [(TAIL_SECONDS - 1, False), (TAIL_SECONDS, True)])
def test_twenty_minutes_of_walking_after_the_run_is_the_line(seconds, marked):
    samples = track((2400, 3.0), (seconds, 1.4))
    assert ("walking_tail" in _checks(samples)) is marked


def test_standing_still_after_the_run_adds_nothing_and_is_not_marked():
    assert _checks(track((2400, 3.0), (3600, 0.0))) == []


def test_a_walk_run_session_walks_throughout_and_its_last_walk_is_no_tail():
    intervals = [segment for _ in range(8) for segment in ((60, 2.8), (240, 1.4))]
    assert _checks(track(*intervals, (1500, 1.4))) == []


def test_hiking_up_a_mountain_after_running_is_running_effort():
    # 25 minutes at 3.6 km/h up a 20% grade: Minetti's cost makes it 2.4 m/s on the flat.
    assert _checks(track((2400, 3.0), (1500, 1.0, 0.20))) == []


# GPS jumps: point-to-point speeds no runner reaches, adding 5% and 200 m.

def test_gps_jumps_that_add_distance_are_marked():
    samples = track((3000, 3.0), jumps=tuple(range(100, 2900, 200)), jump_m=40.0)
    (reason,) = sample_reasons(samples)
    assert (reason["check"], reason["count"]) == ("gps_jumps", 14)
    assert reason["distance_m"] == pytest.approx(14 * 40.0)
    assert describe(reason, "km") == "GPS jumps add about 0.6 km (14 steps faster than any runner)"


@pytest.mark.parametrize(("jumps", "marked"), [(4, False), (5, True)])
def test_jumps_must_add_at_least_200_m(jumps, marked):
    # 1 km of running: 5% is 50 m, so 200 m is the line; each jump adds 49.9 m.
    samples = track((333, 3.0), jumps=tuple(range(20, 20 + 40 * jumps, 40)), jump_m=49.9)
    added = jumps * 49.9
    assert (added >= JUMP_MIN_M) is marked
    assert ("gps_jumps" in _checks(samples)) is marked


def test_jumps_must_add_at_least_five_percent():
    # 30 km: 300 m of jumps is 1%, under the 5% line.
    samples = track((10_000, 3.0), jumps=tuple(range(100, 9100, 1000)), jump_m=33.0)
    assert _checks(samples) == []


def test_strides_at_sprint_speed_are_no_jumps():
    strides = [segment for _ in range(6) for segment in ((20, 9.0), (60, 2.0))]
    assert _checks(track((2400, 3.0), *strides, (300, 3.0))) == []


def test_an_even_run_and_a_recording_without_distance():
    assert sample_reasons(easy_run()) == []
    assert sample_reasons({"time": np.arange(100.0)}) is None
    assert sample_reasons({}) is None


# Summary checks: a row of an activity list.

def test_a_csv_row_at_30_kmh_is_marked():
    reason = _summary(15_000.0, 1800.0)
    assert reason == {"check": "average_speed", "distance_m": 15_000.0, "seconds": 1800.0,
                      "speed_ms": pytest.approx(30 / 3.6)}
    assert describe(reason, "km") == ("15.0 km in 0:30:00 is an average of 30 km/h: faster "
                                      "than running")


def test_25_kmh_on_average_is_not_above_it():
    assert _summary(25_000.0, 3600.0) is None or _summary(25_000.0, 3600.0)["check"] != (
        "average_speed")


@pytest.mark.parametrize(("distance", "seconds"), WORLD_RECORDS)
def test_a_world_record_is_not_faster_than_itself(distance, seconds):
    assert record_speed(distance) == pytest.approx(distance / seconds, rel=1e-12)
    at_record = _summary(distance, seconds)
    # Up to 2000 m the records are above 25 km/h, which governs there.
    assert at_record is None or (at_record["check"] == "average_speed" and distance <= 2000)
    assert _summary(distance, seconds - 1) is not None


def test_faster_than_the_record_for_the_distance_is_marked_with_both_paces():
    reason = _summary(10_000.0, 1500.0)  # 25:00 for 10 km: 24 km/h, under 25 km/h
    assert reason["check"] == "record_pace"
    assert describe(reason, "km") == ("10.0 km in 0:25:00 (2:30/km) is faster than the world "
                                      "record for the distance (2:37/km)")


def test_a_real_fast_5k_is_not_marked():
    assert _summary(5000.0, 17 * 60.0) is None  # 17:00, a club runner's best
    assert _summary(5000.0, 14 * 60.0) is None  # 14:00, a national-class runner


def test_records_between_and_beyond_the_table():
    assert record_speed(800.0) == pytest.approx(1500 / 206.0)
    assert record_speed(500_000.0) == pytest.approx(319_614 / 86_400)
    assert record_speed(1500.0) > record_speed(30_000.0) > record_speed(42_195.0)


def test_the_moving_time_else_the_elapsed_time_and_nothing_without_either():
    assert _summary(15_000.0, NAN, 1800.0)["check"] == "average_speed"
    assert _summary(15_000.0, NAN) is None
    assert _summary(NAN, 1800.0) is None
    assert _summary(0.0, 1800.0) is None


# The frame: runs only; the runner's answer.

def _frame(**columns) -> pd.DataFrame:
    base = {"sport": ["running"], "distance_m": [15_000.0], "timer_s": [1800.0],
            "elapsed_s": [1800.0], "sample_checks": [None], "quality_review": [None]}
    return pd.DataFrame({**base, **columns})


def test_a_marked_run_is_held_out_until_confirmed():
    marks = quality_marks(_frame())
    assert marks["held_out"].tolist() == [True]
    assert [r["check"] for r in marks["quality_reasons"][0]] == ["average_speed"]
    confirmed = quality_marks(_frame(quality_review=["confirmed"]))
    assert confirmed["held_out"].tolist() == [False]
    assert len(confirmed["quality_reasons"][0]) == 1  # what was confirmed stays said


def test_only_runs_are_checked():
    marks = quality_marks(_frame(sport=["cycling"]))
    assert (marks["quality_reasons"][0], marks["held_out"][0]) == ([], False)


def test_a_corrected_distance_drops_the_marks_of_the_samples_not_the_summary():
    tail = sample_reasons(watch_left_on())
    corrected = quality_marks(_frame(distance_m=[8000.0], timer_s=[3900.0],
                                     sample_checks=[tail], quality_review=["corrected"]))
    assert corrected["held_out"].tolist() == [False]
    wrong = quality_marks(_frame(sample_checks=[tail], quality_review=["corrected"]))
    assert [r["check"] for r in wrong["quality_reasons"][0]] == ["average_speed"]
    assert wrong["held_out"].tolist() == [True]


def test_a_hand_edited_reason_is_ignored():
    marks = quality_marks(_frame(distance_m=[8000.0], timer_s=[3900.0],
                                 sample_checks=[[{"check": "vehicle_speed", "seconds": "x"}]]))
    assert marks["held_out"].tolist() == [False]


def test_the_profile_keeps_the_sample_checks_and_refuses_garbage():
    samples = {**bike_ride_as_run(), "heart_rate": np.full(4201, 150.0)}
    profile = activity_profile(samples, sub_sport=None, name="Run",
                               distance_m=31_800.0, timer_s=4200.0)
    assert [r["check"] for r in profile["sample_checks"]] == ["vehicle_speed"]
    assert profile_problem(profile) is None
    assert activity_profile({}, sub_sport=None, name=None, distance_m=None,
                            timer_s=None)["sample_checks"] is None
    assert profile_problem({**profile, "sample_checks": "fast"}) == (
        "sample_checks is not a list of reasons")


# Any recording a device writes: the checks answer, they never fail an import.

_VALUES = st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=64,
                              min_value=-1e4, max_value=1e6), st.just(float("nan")))


@settings(max_examples=300, deadline=None)
@given(size=st.integers(0, 40), data=st.data())
def test_any_recording_gets_an_answer_not_an_error(size, data):
    columns = {name: data.draw(arrays(np.float64, size, elements=_VALUES))
               for name in ("time", "distance", "speed", "altitude")}
    found = sample_reasons(columns)
    assert found is None or all(r["check"] in ("vehicle_speed", "walking_tail", "gps_jumps")
                                for r in found)


def test_a_few_metres_are_said_in_metres_not_as_zero_kilometres():
    """40 m in 3 s: "0.0 km in 0:00:03 is an average of 48 km/h" would read as nonsense."""
    said = describe({"check": "average_speed", "distance_m": 40.0, "seconds": 3.0,
                     "speed_ms": 40 / 3}, "km")
    assert said.startswith("40 m in 0:00:03 is an average of 48")
    assert "0.0 km" not in said
    longer = describe({"check": "average_speed", "distance_m": 12_000.0, "seconds": 1200.0,
                       "speed_ms": 10.0}, "km")
    assert longer.startswith("12.0 km in")
