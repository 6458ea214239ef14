"""The metrics frames as the JSON outputs carry them.

The frames are tidy (one number per cell: ``surface_road_km``,
``easy_share``, ``zone_1_s`` ...); ``loadwatch weeks --json`` and
``activities --json`` group those columns back into one value each
(``surface_km``, ``intensity``, ``zone_seconds``, ``time_in_hr_zones_s``), as
they always have, and the weekly summary reads a week's mix the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cache, partial

import pandas as pd

from loadwatch.metrics.training import (
    HR_ZONE_COLUMNS,
    PACE_ZONE_COLUMNS,
    SHARE_COLUMNS,
    SURFACE_COLUMNS,
    WEEK_ZONE_COLUMNS,
)


def _known(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def surface_km(week: Mapping[str, object]) -> dict[str, float]:
    """A week's running per surface.

    Parameters
    ----------
    week : mapping
        One row of ``weekly_metrics`` (its ``surface_*_km`` columns).

    Returns
    -------
    dict of str to float
        Surface to km, for the surfaces run on that week, in alphabetical order.
    """
    values = {surface: week.get(column) for surface, column in SURFACE_COLUMNS.items()}
    return {surface: float(km) for surface, km in sorted(values.items())  # type: ignore[arg-type]
            if _known(km) and km}


def intensity_mix(week: Mapping[str, object]) -> dict[str, float] | None:
    """A week's shares of easy, moderate and hard time.

    Parameters
    ----------
    week : mapping
        One row of ``weekly_metrics`` (its ``*_share`` columns).

    Returns
    -------
    dict of str to float or None
        ``easy``, ``moderate`` and ``hard`` (0-1); None without zone time.
    """
    shares = {name: week.get(column) for name, column in SHARE_COLUMNS.items()}
    if not all(_known(share) for share in shares.values()):
        return None
    return {name: float(share) for name, share in shares.items()}  # type: ignore[arg-type]


def _zone_list(row: Mapping[str, object], columns: tuple[str, ...]) -> list[float] | None:
    values = [row.get(column) for column in columns]
    if not any(_known(value) for value in values):
        return None
    return [float(value) for value in values]  # type: ignore[arg-type]


Group = tuple[str, tuple[str, ...], Callable[[Mapping[str, object]], object]]
_WEEK_GROUPS: tuple[Group, ...] = (
    ("surface_km", tuple(SURFACE_COLUMNS.values()), surface_km),
    ("intensity", tuple(SHARE_COLUMNS.values()), intensity_mix),
    ("zone_seconds", WEEK_ZONE_COLUMNS, partial(_zone_list, columns=WEEK_ZONE_COLUMNS)))
_ACTIVITY_GROUPS: tuple[Group, ...] = (
    ("time_in_hr_zones_s", HR_ZONE_COLUMNS, partial(_zone_list, columns=HR_ZONE_COLUMNS)),
    ("time_in_pace_zones_s", PACE_ZONE_COLUMNS, partial(_zone_list, columns=PACE_ZONE_COLUMNS)))


@cache
def _layout(groups: tuple[Group, ...]) -> tuple[dict, frozenset[str]]:
    """Each group's first column (to its name and reader), and every grouped column."""
    first = {columns[0]: (name, read) for name, columns, read in groups}
    return first, frozenset(column for _, columns, _ in groups for column in columns)


def _grouped(row: dict, groups: tuple[Group, ...]) -> dict:
    """``row`` with each group of columns replaced, where its first column was, by one value."""
    first, grouped = _layout(groups)  # once per groups, not once per row (3,650 rows: 0.15 s)
    result = {}
    for key, value in row.items():
        if key in first:
            name, read = first[key]
            result[name] = read(row)
        elif key not in grouped:
            result[key] = value
    return result


def week_records(weeks: pd.DataFrame) -> list[dict]:
    """The weeks as ``loadwatch weeks --json`` prints them.

    Parameters
    ----------
    weeks : pandas.DataFrame
        As ``weekly_metrics`` returns it.

    Returns
    -------
    list of dict
        One per week: ``week_start`` (ISO date), then the columns in order,
        with ``surface_km`` (:func:`surface_km`), ``intensity``
        (:func:`intensity_mix`) and ``zone_seconds`` (seconds in zones 1-5, or
        None) in place of their columns.
    """
    # The distance second, as a spreadsheet reader looks for it (the frame adds it last).
    return [{"week_start": start.date().isoformat(), "distance_km": row.get("distance_km"),
             **_grouped(row, _WEEK_GROUPS)}
            for start, row in zip(weeks.index, weeks.to_dict("records"), strict=True)]


def activity_records(activities: pd.DataFrame) -> list[dict]:
    """The activities' metrics with their zone times as lists.

    Parameters
    ----------
    activities : pandas.DataFrame
        As ``activity_metrics`` returns it.

    Returns
    -------
    list of dict
        One per activity, the columns in order, with ``time_in_hr_zones_s`` and
        ``time_in_pace_zones_s`` (seconds in zones 1-5, or None) in place of
        their columns.
    """
    return [_grouped(row, _ACTIVITY_GROUPS) for row in activities.to_dict("records")]
