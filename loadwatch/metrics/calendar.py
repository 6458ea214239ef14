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


def activity_days(activities: pd.DataFrame, timezone: str) -> pd.Series:
    """The local calendar day of each activity.

    Parameters
    ----------
    activities : frame with ``start_time`` (UTC) and, optionally,
        ``zone_assumed`` and ``utc_offset_s`` (seconds).
    timezone : the athlete's IANA zone.

    Returns
    -------
    Naive midnights. An activity whose source gave only a wall-clock time (a
    Garmin list) keeps the day written in the source, whatever zone the athlete
    chooses later: its UTC instant was only ever an assumption.
    """
    days = local_days(activities["start_time"], timezone)
    if "zone_assumed" not in activities:
        return days
    assumed = activities["zone_assumed"].fillna(False).astype(bool)
    if not assumed.any():
        return days
    offsets = pd.to_timedelta(activities["utc_offset_s"].fillna(0), unit="s")
    wall = pd.to_datetime(activities["start_time"], utc=True).dt.tz_localize(None) + offsets
    return days.where(~assumed, wall.dt.normalize())


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
