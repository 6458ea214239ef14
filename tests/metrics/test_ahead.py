"""Looking ahead: the longest next run and the fitness ramp, against numbers worked by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from loadwatch.metrics.ahead import (
    STEEP_RAMP,
    fitness_ramp,
    long_run_limit,
    run_distances,
)
from loadwatch.metrics.ratios import performance
from loadwatch.metrics.volume import run_spikes


def _runs(*pairs: tuple[str, float]) -> pd.Series:
    return pd.Series([m for _, m in pairs],
                     index=pd.DatetimeIndex([pd.Timestamp(d) for d, _ in pairs]))


RUNS = _runs(("2026-03-01", 15_000), ("2026-03-10", 16_000), ("2026-03-20", 12_000))


def test_the_limit_is_ten_percent_over_the_longest_of_the_last_30_days():
    limit = long_run_limit(RUNS, date(2026, 3, 30))
    # The 30 days ending 30 Mar are 1 Mar to 30 Mar: 16 km on 10 Mar is the longest.
    assert limit.reference_km == 16.0
    assert limit.reference_day == date(2026, 3, 10)
    assert limit.limit_km == 17.6  # 16,000 m x 1.1 = 17,600 m
    assert limit.as_dict() == {"reference_km": 16.0, "reference_date": "2026-03-10",
                               "limit_km": 17.6, "spike_km": None}


def test_the_window_moves_with_the_day():
    # 9 Apr: the window is 11 Mar to 9 Apr; 10 Mar has left it, 12 km on 20 Mar is longest.
    limit = long_run_limit(RUNS, date(2026, 4, 9))
    assert (limit.reference_km, limit.limit_km) == (12.0, 13.2)
    # 8 Apr still holds 10 Mar (30 days: 10 Mar to 8 Apr).
    assert long_run_limit(RUNS, date(2026, 4, 8)).reference_km == 16.0
    # 19 Apr: 21 Mar to 19 Apr holds no run.
    assert long_run_limit(RUNS, date(2026, 4, 19)) is None
    # A run after the day read is not in its window.
    assert long_run_limit(RUNS, date(2026, 3, 9)).reference_km == 15.0


def test_after_a_spike_the_limit_stays_within_10_percent_of_the_run_before_it():
    # 25 km on 10 Mar was 2.5 times the 10 km of 1 Mar: 1.1 x 25 would be a second spike
    # on top of the first; the limit stays at 1.1 x 10 km until 25 km is 30 days old.
    runs = _runs(("2026-03-01", 10_000), ("2026-03-10", 25_000))
    limit = long_run_limit(runs, date(2026, 3, 12))
    assert (limit.reference_km, limit.reference_day, limit.limit_km, limit.spike_km) == (
        10.0, date(2026, 3, 1), 11.0, 25.0)
    # 31 Mar: still a spike (it is judged against the 30 days before 10 Mar).
    assert long_run_limit(runs, date(2026, 3, 31)).spike_km == 25.0
    # 9 Apr: the spike has left the window (10 Mar to 8 Apr was its last).
    assert long_run_limit(runs, date(2026, 4, 9)) is None
    # A longer run within 10% of the one before is no spike: the limit grows from it.
    steady = _runs(("2026-03-01", 10_000), ("2026-03-10", 11_000))
    assert long_run_limit(steady, date(2026, 3, 12)).limit_km == 12.1


def test_the_limit_is_whole_metres_rounded_down():
    # 16,001 m x 1.1 = 17,601.1 m: 17,601 is the longest run still within 10%.
    assert long_run_limit(_runs(("2026-03-01", 16_001)), date(2026, 3, 1)).limit_km == 17.601
    # 15,999.6 m is judged as 16,000 m, as the spike bands judge it.
    assert long_run_limit(_runs(("2026-03-01", 15_999.6)), date(2026, 3, 2)).limit_km == 17.6
    # Two runs on one day: the longer counts, not their sum.
    two = _runs(("2026-03-01", 8_000), ("2026-03-01", 9_000))
    assert long_run_limit(two, date(2026, 3, 1)).reference_km == 9.0


def test_a_run_at_the_limit_the_next_day_is_no_spike_and_a_metre_more_is():
    limit = long_run_limit(RUNS, date(2026, 3, 30))
    for extra, band in ((0, "reference"), (1, "small")):
        runs = pd.DataFrame({
            "start_time": pd.to_datetime(["2026-03-01 09:00", "2026-03-10 09:00",
                                          "2026-03-20 09:00", "2026-03-31 09:00"], utc=True),
            "distance_m": [10_000, 16_000, 12_000, limit.limit_km * 1000 + extra]})
        assert run_spikes(runs)["spike_band"].iloc[-1] == band


def test_run_distances_keeps_runs_on_their_local_day():
    activities = pd.DataFrame({
        "sport": ["running", "cycling", "running"],
        "start_time": pd.to_datetime(["2026-03-01 23:30", "2026-03-02 08:00",
                                      "2026-03-02 08:00"], utc=True),
        "distance_m": [5_000.0, 40_000.0, 8_000.0]})
    distances = run_distances(activities, "Europe/Amsterdam")
    # 23:30 UTC on 1 Mar is 00:30 on 2 Mar in Amsterdam; the ride is not a run.
    assert list(distances.index) == [pd.Timestamp("2026-03-02")] * 2
    assert list(distances) == [5_000.0, 8_000.0]
    assert run_distances(pd.DataFrame(), "UTC").empty


def _days(loads: list[float]) -> pd.DataFrame:
    index = pd.date_range("2026-01-01", periods=len(loads), freq="D")
    return performance(pd.Series(loads, index=index, dtype=float))


def test_the_ramp_is_ctl_gained_in_seven_days():
    # 70 points every day from a zero day before the first: CTL_t = 70 (1 - e^(-(t+1)/42)),
    # so the ramp on day t (t >= 7, 0-based) is 70 (e^(-(t-6)/42) - e^(-(t+1)/42)).
    days = _days([70.0] * 60)
    ramp = fitness_ramp(days, date(2026, 3, 1))  # day 60, t = 59
    expected = 70 * (math.exp(-53 / 42) - math.exp(-60 / 42))
    assert ramp.per_week == pytest.approx(expected, rel=1e-12)
    assert ramp.per_week == pytest.approx(3.0424, abs=1e-4)  # 70 x (0.28310 - 0.23965)
    assert (ramp.steep, ramp.settling) == (False, False)
    assert ramp.as_dict() == {"per_week": ramp.per_week, "steep": False, "settling": False}


def test_a_jump_after_six_quiet_weeks_is_steep():
    # 50 days at 20 points, then 7 days at 120: the week adds
    # (120 - CTL_49)(1 - e^(-7/42)) to CTL, with CTL_49 = 20 (1 - e^(-50/42)).
    days = _days([20.0] * 50 + [120.0] * 7)
    ctl_before = 20 * (1 - math.exp(-50 / 42))
    expected = (120 - ctl_before) * (1 - math.exp(-7 / 42))
    ramp = fitness_ramp(days, date(2026, 2, 26))  # the 57th day
    assert ramp.per_week == pytest.approx(expected, rel=1e-12)
    assert ramp.per_week == pytest.approx(16.285, abs=1e-3)  # (120 - 13.919) x 0.15352
    assert ramp.steep
    assert not ramp.settling


def test_the_first_six_weeks_are_settling_and_never_steep():
    days = _days([120.0] * 50)
    first_week = fitness_ramp(days, date(2026, 1, 8))  # day 8: 120 (e^(-1/42) - e^(-8/42))
    assert first_week.per_week == pytest.approx(
        120 * (math.exp(-1 / 42) - math.exp(-8 / 42)), rel=1e-12)
    assert first_week.per_week > STEEP_RAMP
    assert first_week.settling
    assert not first_week.steep
    assert fitness_ramp(days, date(2026, 2, 10)).settling  # day 41
    assert not fitness_ramp(days, date(2026, 2, 11)).settling  # day 42


def test_eight_points_a_week_is_not_yet_steep():
    index = pd.date_range("2026-01-01", periods=60, freq="D")
    days = pd.DataFrame({"ramp": 8.0}, index=index)
    assert not fitness_ramp(days, date(2026, 3, 1)).steep
    days["ramp"] = 8.01
    assert fitness_ramp(days, date(2026, 3, 1)).steep


def test_no_reading_outside_the_series():
    days = _days([50.0] * 10)
    assert fitness_ramp(days, date(2027, 1, 1)) is None
    assert fitness_ramp(pd.DataFrame(), date(2026, 1, 1)) is None
