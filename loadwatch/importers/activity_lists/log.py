"""loadwatch's own training log (documented in the README): one row per session.

Columns: ``date`` or ``start_time`` (ISO; without an offset, the athlete's
local time), ``distance_km|distance_mi|distance_m``, ``duration`` (seconds or
h:mm:ss), ``sport`` (running when empty), ``name``, ``avg_hr``, ``max_hr``
(bpm), ``rpe`` (0-10), ``surface``, ``elevation_gain_m``, ``notes``. Other
columns are kept as notes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from loadwatch.importers.activity_lists.cells import MISSING, duration_seconds, number
from loadwatch.importers.activity_lists.dates import wall_clock
from loadwatch.importers.activity_lists.rows import METRES_PER, Row, row_moment
from loadwatch.importers.sports import normalise_sport
from loadwatch.models import Activity
from loadwatch.vocabulary import SURFACES

LOG_COLUMNS = {"date", "start_time", "distance_km", "distance_mi", "distance_m", "duration",
               "sport", "name", "avg_hr", "max_hr", "rpe", "surface", "elevation_gain_m",
               "notes"}


def is_log(header: list[str]) -> bool:
    """A date column and a distance column named as the README says."""
    lower = {h.strip().lower() for h in header}
    return bool({"date", "start_time"} & lower) and bool(
        {"distance_km", "distance_mi", "distance_m"} & lower)


def log_rows(header: list[str], rows: list[Row], source_name: str,
             options: Mapping[str, object], warnings: list[str]
             ) -> Iterator[tuple[int, Activity]]:
    """One activity per dated row."""
    lower = [h.strip().lower() for h in header]
    zone = ZoneInfo(str(options.get("timezone") or "UTC"))
    for number_, row in rows:
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(lower)}
        moment = row_moment(cells.get("start_time") or cells.get("date"), zone, number_,
                            warnings)
        if moment is not None:
            _note_unreadable(cells, number_, warnings)
            yield number_, _log_activity(cells, moment, source_name, number_, warnings)


_NUMBER_COLUMNS = ("distance_km", "distance_mi", "distance_m", "avg_hr", "max_hr", "rpe",
                   "elevation_gain_m")


def _note_unreadable(cells: dict[str, str], number_: int, warnings: list[str]) -> None:
    """A warning naming the row for each cell that holds text but no usable value.

    'inf', '1e308' or '-5' in a hand-edited log is left empty; the runner is
    told where, so the row can be corrected.
    """
    for column in (*_NUMBER_COLUMNS, "duration"):
        text = cells.get(column) or ""
        if text.lower() in MISSING:
            continue
        value = duration_seconds(text) if column == "duration" else number(text)
        if value is None:
            warnings.append(f"row {number_}: {column} {text[:20]!r} is not a usable value; "
                            "left empty")


def _distance(cells: dict[str, str]) -> float | None:
    """Metres from the first distance column with a number."""
    for column, unit in (("distance_km", "km"), ("distance_mi", "mi"), ("distance_m", "m")):
        value = number(cells.get(column))
        if value is not None:
            return value * METRES_PER[unit]
    return None


def _log_activity(cells: dict[str, str], moment: datetime, source_name: str,
                  number_: int, warnings: list[str]) -> Activity:
    sport, sub_sport = normalise_sport(cells.get("sport") or "running")
    surface = (cells.get("surface") or "").lower() or None
    if surface is not None and surface not in SURFACES:
        # One mistyped cell costs that value, not the file (the row is named).
        warnings.append(f"row {number_}: unknown surface {surface!r} (use one of "
                        f"{', '.join(SURFACES)}); left empty")
        surface = None
    rpe = number(cells.get("rpe"))
    if rpe is not None and rpe > 10:
        warnings.append(f"row {number_}: rpe {rpe:g} is not 0-10; left empty")
        rpe = None
    extra = {k: v for k, v in cells.items() if k not in LOG_COLUMNS and v}
    notes = cells.get("notes") or ""
    if extra:  # unknown columns are kept, not refused
        notes = (notes + " " if notes else "") + json.dumps(extra, ensure_ascii=False)
    duration = duration_seconds(cells.get("duration"))
    return Activity(
        start_time=moment.astimezone(UTC), utc_offset_s=int(moment.utcoffset().total_seconds()),
        zone_assumed=wall_clock(moment),
        sport=sport, sub_sport=sub_sport, name=cells.get("name") or notes[:60] or None,
        distance_m=_distance(cells), timer_s=duration, elapsed_s=duration,
        elevation_gain_m=number(cells.get("elevation_gain_m")),
        avg_hr=number(cells.get("avg_hr")), max_hr=number(cells.get("max_hr")),
        rpe=rpe, surface_override=surface, source_format="csv", source_name=source_name)
