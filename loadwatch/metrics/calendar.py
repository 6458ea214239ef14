"""Local days and weeks, and daily series with rest days as zero.

science.md, Calendar: a day is a calendar day in the athlete's time zone; a
week starts on the athlete's week-start day (Monday by default, ISO weeks);
daily series run from the first activity's day to today with every rest day
present as 0.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def local_days(start_times: pd.Series, timezone: str) -> pd.Series:
    """The local calendar day (naive midnight) of each UTC start time."""
    local = pd.to_datetime(start_times, utc=True).dt.tz_convert(timezone)
    return local.dt.tz_localize(None).dt.normalize()


def daily_totals(days: pd.Series, values: pd.Series, today: date) -> pd.Series:
    """The sum of ``values`` per day, from the first day to ``today``, rest days 0.

    Returns a float Series on a daily DatetimeIndex named ``date``; empty when
    there are no days.
    """
    if days.empty:
        return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="date"))
    end = max(pd.Timestamp(today), days.max())
    index = pd.date_range(days.min(), end, freq="D", name="date")
    summed = values.astype(float).groupby(days.to_numpy()).sum()
    return summed.reindex(index, fill_value=0.0)


def week_starts(days: pd.DatetimeIndex | pd.Series, week_start: str = "monday"):
    """The first day of the week each day belongs to."""
    first = WEEKDAYS.index(week_start)
    days = pd.DatetimeIndex(days)
    return days - pd.to_timedelta((days.day_of_week - first) % 7, unit="D")
