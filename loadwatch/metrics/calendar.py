"""Local days and weeks, and daily series with rest days as zero.

A day is a calendar day in the athlete's time zone; a week starts on the
athlete's week-start day (Monday by default, as ISO 8601 weeks); daily series
run from the first activity's day to today with every rest day present as 0.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from loadwatch.vocabulary import WEEKDAYS


def local_days(start_times: pd.Series, timezone: str) -> pd.Series:
    """The local calendar day of each UTC start time.

    Parameters
    ----------
    start_times : pandas.Series
        Start times, UTC (aware or naive UTC).
    timezone : str
        The athlete's IANA zone.

    Returns
    -------
    pandas.Series
        Naive midnights of the local days, on the same index.
    """
    local = pd.to_datetime(start_times, utc=True).dt.tz_convert(timezone)
    return local.dt.tz_localize(None).dt.normalize()


def activity_days(activities: pd.DataFrame, timezone: str) -> pd.Series:
    """The local calendar day of each activity.

    Parameters
    ----------
    activities : pandas.DataFrame
        Columns ``start_time`` (UTC) and, optionally, ``zone_assumed`` (bool)
        and ``utc_offset_s`` (s).
    timezone : str
        The athlete's IANA zone.

    Returns
    -------
    pandas.Series
        Naive midnights. An activity whose source gave only a wall-clock time
        (a Garmin list) keeps the day written in the source, whatever zone the
        athlete chooses afterwards: its UTC instant was only ever an assumption.
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
    """The sum of values per day, from the first day to ``today``, rest days 0.

    Parameters
    ----------
    days : pandas.Series
        The local day (naive midnight) of each value.
    values : pandas.Series
        The values to sum (any unit), on the same index as ``days``.
    today : datetime.date
        The last day of the series (or the last of ``days`` when later).

    Returns
    -------
    pandas.Series
        Floats on a daily DatetimeIndex named ``date``; empty without days.
    """
    if days.empty:
        return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="date"))
    end = max(pd.Timestamp(today), days.max())
    index = pd.date_range(days.min(), end, freq="D", name="date")
    summed = values.astype(float).groupby(days.to_numpy()).sum()
    return summed.reindex(index, fill_value=0.0)


def week_starts(days: pd.Index | pd.Series, week_start: str = "monday") -> pd.DatetimeIndex:
    """The first day of the week each day belongs to.

    Parameters
    ----------
    days : pandas.DatetimeIndex or pandas.Series
        Days (naive midnights).
    week_start : str, default "monday"
        A word of ``vocabulary.WEEKDAYS``.

    Returns
    -------
    pandas.DatetimeIndex
        For each day, the day its week began.

    Raises
    ------
    ValueError
        For a week start that is not a weekday.
    """
    days = pd.DatetimeIndex(days)
    return days - pd.to_timedelta(_into_week(days.day_of_week, week_start), unit="D")


def _into_week(weekday, week_start: str):
    """Days since the week began (0-6) of a weekday (Monday 0), scalar or array."""
    return (weekday - WEEKDAYS.index(week_start)) % 7


def week_of(day: date, week_start: str = "monday") -> date:
    """The first day of the week a day belongs to (:func:`week_starts` for one day).

    Parameters
    ----------
    day : datetime.date
        A local day.
    week_start : str, default "monday"
        A word of ``vocabulary.WEEKDAYS``.

    Returns
    -------
    datetime.date
        The day its week began.

    Raises
    ------
    ValueError
        For a week start that is not a weekday.
    """
    return day - timedelta(days=int(_into_week(day.weekday(), week_start)))
