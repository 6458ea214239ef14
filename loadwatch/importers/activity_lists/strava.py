"""Strava's activities.csv: the old 10-column export (metres) and the current one.

The current export follows the account's language (headers, dates, decimal
commas in its display columns) and repeats names: ``Distance`` is first in the
display unit (km or mi) and later in metres, ``Elapsed Time`` and ``Max Heart
Rate`` likewise. Dates are UTC. The columns read: ``vocabulary/strava.json``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC

from loadwatch.importers.activity_lists.cells import number, plain_number
from loadwatch.importers.activity_lists.headers import Columns, decimal_comma, map_columns
from loadwatch.importers.activity_lists.rows import (
    Row,
    ask_for_units,
    cell,
    given_unit,
    note_unusable_cells,
    row_moment,
)
from loadwatch.importers.sports import normalise_sport
from loadwatch.models import Activity


def is_strava(columns: Columns) -> bool:
    """An activity id, a date and a type, in any language Strava writes."""
    return {"id", "date", "type"} <= set(columns.positions) and (
        "distance" in columns or "elapsed" in columns)


def strava_rows(header: list[str], rows: list[Row], source_name: str,
                options: Mapping[str, object], warnings: list[str]
                ) -> Iterator[tuple[int, Activity]]:
    """One summary activity per dated row."""
    columns = map_columns(header, "strava")
    if (note := columns.warning()) is not None:
        warnings.append(note)
    factor = _display_factor(columns, options, source_name)
    note_unusable_cells(rows, columns.positions, warnings)
    for number_, row in rows:
        moment = row_moment(cell(row, columns.first("date")), UTC, number_, warnings)
        if moment is not None:
            yield number_, _activity(row, columns, moment, factor, source_name)


def _display_factor(columns: Columns, options: Mapping[str, object],
                    source_name: str) -> float | None:
    """Metres per unit of a lone display Distance column; None when metres are given."""
    if len(columns.positions.get("distance", [])) != 1 or columns.language == "old":
        return None  # the last Distance column, or the old export's only one, is metres
    factor = given_unit(options)
    if factor is None:
        raise ask_for_units(source_name, " (a single Distance column, in the display unit)")
    return factor


def _activity(row: list[str], columns: Columns, moment, factor: float | None,
              source_name: str) -> Activity:
    mark = "," if decimal_comma("strava", columns.language) else "."
    if factor is None:
        distance = plain_number(cell(row, columns.last("distance")))
    else:
        display = number(cell(row, columns.first("distance")), mark)
        distance = display * factor if display is not None else None
    elapsed = plain_number(cell(row, columns.last("elapsed")))
    sport, sub_sport = normalise_sport(cell(row, columns.first("type")))
    return Activity(
        start_time=moment.astimezone(UTC), sport=sport, sub_sport=sub_sport,
        name=cell(row, columns.first("name")) or None, distance_m=distance,
        timer_s=plain_number(cell(row, columns.first("moving"))) or elapsed, elapsed_s=elapsed,
        elevation_gain_m=plain_number(cell(row, columns.first("ascent"))),
        avg_hr=_tolerant(cell(row, columns.first("avg_hr")), mark),
        max_hr=next((v for v in (_tolerant(cell(row, p), mark)
                                 for p in columns.positions.get("max_hr", [])) if v), None),
        rpe=rpe(cell(row, columns.first("rpe"))), source_format="csv", source_name=source_name)


def _tolerant(text: str | None, mark: str) -> float | None:
    """A number a program wrote ('171.0') or a reader's ('171', '171,5')."""
    value = plain_number(text)
    return value if value is not None else number(text, mark)


def rpe(text: str | None) -> float | None:
    """A perceived exertion 0-10, else None."""
    value = plain_number(text)
    return value if value is not None and value <= 10 else None


def export_rows(header: list[str], rows: list[Row]) -> list[tuple[int, dict]]:
    """The rows of an export's activities.csv as ``archives`` pairs them with files."""
    columns = map_columns(header, "strava")
    return [(number_, {
        "filename": (cell(row, columns.first("filename")) or "").strip(),
        "name": cell(row, columns.first("name")),
        "type": cell(row, columns.first("type")),
        "rpe": rpe(cell(row, columns.first("rpe"))),
        "header": header, "cells": row}) for number_, row in rows]
