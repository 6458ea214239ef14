"""Listings: an athlete's activities, days, weeks, diary and settings as rows.

Each function composes what the store and the load engine say into plain,
JSON-ready rows (numbers in metres, kilometres and seconds as their keys say,
at full precision; no NaN, numpy or pandas values), so that the command line
prints them as a table, JSON or CSV and the dashboard can show the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from loadwatch.metrics.json_rows import activity_records, week_records
from loadwatch.metrics.training import HR_ZONE_COLUMNS, PACE_ZONE_COLUMNS
from loadwatch.models import Activity
from loadwatch.service.reports import Training, diary_view, training
from loadwatch.settings import SETTINGS, Settings, effective
from loadwatch.store import Store

# The load engine's per-activity values that ``activities --json`` carries.
METRIC_KEYS = ("load", "load_method", "load_note", "trimp", "hrtss", "rtss", "srpe", "spike_ratio",
               "spike_band", "surface", "surface_source", "hill_share", "time_in_hr_zones_s",
               "time_in_pace_zones_s", "ngp_speed", "gap_speed", "rpe", "counts_toward_load",
               "quality_reasons", "held_out")


@dataclass(frozen=True)
class Listing:
    """Rows of one listing and the effective settings they were made with.

    Attributes
    ----------
    rows : list of dict
        One plain, JSON-ready mapping per row.
    settings : Settings
        The athlete's effective settings (``units``, ``timezone``) for display.
    comments : dict
        Diary listings only: comments by entry id (a coach's, on a team server).
    total : int or None
        Rows before a range was applied (days only), so an empty range is told
        apart from an empty history.
    """

    rows: list[dict]
    settings: Settings
    comments: dict[int, list[dict]] = field(default_factory=dict)
    total: int | None = None


def activity_listing(store: Store, *, athlete: str, view: Training | None = None) -> Listing:
    """Every activity, newest first, with its sources and its load-engine values.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str
        Whose activities.
    view : Training, optional
        The athlete's training as already computed (a dashboard's snapshot);
        default computed now.

    Returns
    -------
    Listing
        Rows as ``activities --json`` prints them: the stored values (see
        :func:`activity_row`), ``sources`` and the keys of ``METRIC_KEYS``.
    """
    view = view or training(store, athlete=athlete)
    # Only the columns a row carries: the frame holds some sixty (to_dict of all of them
    # was half of a ten-year listing's second).
    wanted = {"id", *METRIC_KEYS, *HR_ZONE_COLUMNS, *PACE_ZONE_COLUMNS}
    metrics = view.activities[[c for c in view.activities.columns if c in wanted]]
    by_id = {row["id"]: row for row in activity_records(metrics)} if len(metrics) else {}
    sources = store.sources(athlete)
    rows = []
    for activity in store.activities(athlete):
        if activity.id is None:  # stored activities have ids; this says so to mypy
            continue
        engine = by_id.get(activity.id, {})
        rows.append({**activity_row(activity),
                     "sources": sources.get(activity.id, [activity.source_name]),
                     **{key: engine.get(key) for key in METRIC_KEYS}})
    return Listing(plain(rows), view.settings)


def activity_row(activity: Activity) -> dict:
    """An activity's stored values at full precision (start in its recorded offset).

    Parameters
    ----------
    activity : Activity
        As the store reads it.

    Returns
    -------
    dict
        ``id``, ``name``, ``start_time`` (ISO 8601 in the local offset the
        watch recorded, else UTC), ``utc_offset_s``, ``sport``, ``sub_sport``,
        ``distance_m``, ``timer_s``, ``elapsed_s``, ``elevation_gain_m``,
        ``avg_hr``, ``max_hr``, ``avg_cadence``, ``device``, ``source_format``,
        ``source_name``, ``content_hash``, ``warnings``, ``quality_review``
        (the runner's answer to a data-quality mark).
    """
    return {
        "id": activity.id,
        "name": activity.name,
        "start_time": activity.local_start.isoformat(),
        "utc_offset_s": activity.utc_offset_s,
        "sport": activity.sport,
        "sub_sport": activity.sub_sport,
        "distance_m": activity.distance_m,
        "timer_s": activity.timer_s,
        "elapsed_s": activity.elapsed_s,
        "elevation_gain_m": activity.elevation_gain_m,
        "avg_hr": activity.avg_hr,
        "max_hr": activity.max_hr,
        "avg_cadence": activity.avg_cadence,
        "device": activity.device,
        "source_format": activity.source_format,
        "source_name": activity.source_name,
        "content_hash": activity.content_hash,
        "warnings": list(activity.warnings),
        "quality_review": activity.quality_review,
    }


def local_start(row: Mapping[str, Any], timezone: str) -> datetime:
    """An activity's start as the runner's clock showed it.

    Parameters
    ----------
    row : mapping
        A row of :func:`activity_listing` (or :func:`activity_row`): its
        ``start_time`` (ISO 8601) and ``utc_offset_s``.
    timezone : str
        The athlete's IANA zone (``Settings.timezone``).

    Returns
    -------
    datetime
        In the offset the watch recorded; without one, in the athlete's zone.
        The command line and the dashboard both show this.
    """
    start = datetime.fromisoformat(row["start_time"])
    return start if row["utc_offset_s"] is not None else start.astimezone(ZoneInfo(timezone))


def day_listing(store: Store, *, athlete: str, start: date | None = None,
                end: date | None = None) -> Listing:
    """Every calendar day from the first activity to today, rest days included.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str
        Whose days.
    start, end : date, optional
        The first and last day kept.

    Returns
    -------
    Listing
        Rows with ``date`` (ISO) first, then distance, load, the acute:chronic
        ratios, fitness, fatigue, form and ramp.
    """
    view = training(store, athlete=athlete)
    days = view.days
    if start is not None and len(days):
        days = days[days.index >= pd.Timestamp(start)]
    if end is not None and len(days):
        days = days[days.index <= pd.Timestamp(end)]
    return Listing(plain(dated_rows(days, "date")), view.settings, total=len(view.days))


def week_listing(store: Store, *, athlete: str) -> Listing:
    """Every week: distance against the 10% rule, long run and spike, load, mix.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str
        Whose weeks.

    Returns
    -------
    Listing
        Rows with ``week_start`` (ISO) first, then the weekly metrics.
    """
    view = training(store, athlete=athlete)
    return Listing(plain(week_records(view.weeks)), view.settings)


def diary_listing(store: Store, *, athlete: str) -> Listing:
    """Every diary entry with its triage and the load before it, and the comments on it.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str
        Whose diary.

    Returns
    -------
    Listing
        Rows as ``diary list --json`` prints them; ``comments`` by entry id.
    """
    view = training(store, athlete=athlete)
    entries = [item.as_dict() for item in diary_view(store, athlete=athlete, view=view)]
    return Listing(plain(entries), view.settings, store.comments(athlete))


def settings_listing(store: Store, *, athlete: str) -> tuple[dict, Listing]:
    """The athlete's settings: the values in effect, and a row per setting.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str
        Whose settings.

    Returns
    -------
    values : dict
        Every setting's effective value (None: not set) and
        ``threshold_speed_ms``, as ``settings --json`` prints them.
    listing : Listing
        Per setting: ``setting``, ``value``, ``stored`` (False: the default
        applies) and ``help``.
    """
    stored = store.settings(athlete)
    settings = effective(stored)
    values = settings.as_dict()
    rows = [{"setting": key, "value": values[key], "stored": key in stored,
             "help": setting.help} for key, setting in SETTINGS.items()]
    return plain(values), Listing(plain(rows), settings)


def dated_rows(frame: pd.DataFrame, key: str) -> list[dict]:
    """Rows of a frame indexed by day, the day first as an ISO date under ``key``.

    Parameters
    ----------
    frame : DataFrame
        Indexed by day (DatetimeIndex).
    key : str
        The name of the day's column.

    Returns
    -------
    list of dict
        One mapping per row, in the frame's order.
    """
    return [{key: day.date().isoformat(), **row}
            for day, row in zip(frame.index, frame.to_dict("records"), strict=True)]


def plain(value: Any) -> Any:
    """A value fit for JSON: NaN as None, numpy and pandas values as plain ones.

    Parameters
    ----------
    value : Any
        Nested dicts, lists and tuples of numbers, strings, numpy scalars
        and pandas timestamps.

    Returns
    -------
    Any
        The same structure with plain Python values; a midnight timestamp
        becomes an ISO date, any other an ISO date and time.
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
