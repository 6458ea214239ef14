"""Local days in the athlete's zone; daily series with rest days as zero."""

from __future__ import annotations

from datetime import date

import pandas as pd

from loadwatch.metrics.calendar import daily_totals, local_days, week_starts


def test_a_late_utc_start_falls_on_the_next_local_day():
    starts = pd.Series(pd.to_datetime(["2026-03-28 23:30", "2026-06-30 22:30"], utc=True))
    days = local_days(starts, "Europe/Amsterdam")  # UTC+1 in March, UTC+2 in June
    assert list(days) == [pd.Timestamp("2026-03-29"), pd.Timestamp("2026-07-01")]
    assert list(local_days(starts, "America/New_York")) == [
        pd.Timestamp("2026-03-28"), pd.Timestamp("2026-06-30")]


def test_daily_series_runs_to_today_with_rest_days_as_zero():
    days = pd.Series(pd.to_datetime(["2026-01-01", "2026-01-01", "2026-01-04"]))
    daily = daily_totals(days, pd.Series([1.0, 2.0, 5.0]), today=date(2026, 1, 6))
    assert list(daily) == [3.0, 0.0, 0.0, 5.0, 0.0, 0.0]
    assert daily.index[0] == pd.Timestamp("2026-01-01")


def test_week_starts_follow_the_chosen_first_day():
    days = pd.DatetimeIndex(["2026-01-04", "2026-01-05", "2026-01-10"])  # Sun, Mon, Sat
    assert list(week_starts(days, "monday")) == list(pd.DatetimeIndex(
        ["2025-12-29", "2026-01-05", "2026-01-05"]))
    assert list(week_starts(days, "sunday")) == list(pd.DatetimeIndex(
        ["2026-01-04", "2026-01-04", "2026-01-04"]))
