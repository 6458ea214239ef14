"""Garmin Connect's Activities.csv, of every export generation and language.

Dates are the wall-clock time where the activity was (no zone): they are read
in the athlete's time zone. Distances are in the account's unit, which the
header sometimes names ('Distanz (km)'), the user may give (``--units``), and
otherwise is told from cadence, stride length and time (``units``). Older
exports begin with a title line; one variant has no header row at all, and its
columns are then taken in the order every generation shares.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC
from zoneinfo import ZoneInfo

from loadwatch.importers.activity_lists.cells import decimal_mark, duration_seconds, number
from loadwatch.importers.activity_lists.dates import parse_date, wall_clock
from loadwatch.importers.activity_lists.headers import Columns, header_unit, map_columns
from loadwatch.importers.activity_lists.rows import (
    FEET,
    METRES_PER,
    Row,
    ask_for_units,
    cell,
    given_unit,
    note_unusable_cells,
    row_moment,
)
from loadwatch.importers.activity_lists.units import infer_unit
from loadwatch.importers.sports import normalise_sport
from loadwatch.importers.vocab import table
from loadwatch.models import Activity


def is_garmin(columns: Columns) -> bool:
    """A date, a distance and a time, and at least one more field Garmin writes."""
    found = set(columns.positions)
    return {"date", "distance"} <= found and bool({"time", "moving", "elapsed"} & found) and (
        len(found) >= 4)


def is_headerless(row: list[str]) -> bool:
    """Whether a first row is already data in Garmin's column order (no header row)."""
    layout = table("garmin")["headerless_layout"]
    at = {name: i for i, name in enumerate(layout)}
    return (len(row) > at["time"] and row[at["favorite"]].strip().lower() in ("true", "false")
            and parse_date(row[at["date"]]) is not None and ":" in row[at["time"]]
            and duration_seconds(row[at["time"]]) is not None)


def headerless_columns() -> Columns:
    """The fields at their places in the export without a header row."""
    layout = table("garmin")["headerless_layout"]
    return Columns(positions={name: [i] for i, name in enumerate(layout)}, language="layout")


def garmin_rows(header: list[str] | None, rows: list[Row], source_name: str,
                options: Mapping[str, object], warnings: list[str]
                ) -> Iterator[tuple[int, Activity]]:
    """One summary activity per dated row; ``header`` None for the headerless export."""
    columns = map_columns(header, "garmin") if header is not None else headerless_columns()
    if (note := columns.warning()) is not None:
        warnings.append(note)
    mark = decimal_mark(cell(row, columns.first("distance")) for _, row in rows)
    factor = _factor(header or [], columns, rows, mark, options, source_name, warnings)
    zone = ZoneInfo(str(options.get("timezone") or "UTC"))
    note_unusable_cells(rows, columns.positions, warnings)
    for number_, row in rows:
        moment = row_moment(cell(row, columns.first("date")), zone, number_, warnings)
        if moment is not None:
            yield number_, _activity(row, columns, moment, mark, factor, source_name)


def _factor(header: list[str], columns: Columns, rows: list[Row], mark: str | None,
            options: Mapping[str, object], source_name: str, warnings: list[str]) -> float:
    """Metres per distance unit: the header's, else the user's, else the rows'."""
    named = header_unit(header[columns.first("distance")]) if header else None
    if named in ("km", "mi"):
        return METRES_PER[named]
    inferred, votes = infer_unit(_unit_evidence(row, columns, mark) for _, row in rows)
    given = given_unit(options)
    if given is not None:
        if inferred is not None and METRES_PER[inferred] != given:
            warnings.append(f"--units {options['units']} given, but cadence x stride length x "
                            f"time fits {inferred} in {_rows_count(votes[inferred])}")
        return given
    if inferred is None:
        why = " (cadence x stride length x time fits no unit in any row)" if not votes else (
            f" (rows disagree: {', '.join(f'{u} {n}' for u, n in votes.most_common())})")
        raise ask_for_units(source_name, why)
    warnings.append(f"distances read in {inferred}: cadence x stride length x time fits "
                    f"{inferred} in {_rows_count(votes[inferred])}")
    return METRES_PER[inferred]


def _rows_count(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _unit_evidence(row: list[str], columns: Columns, mark: str | None) -> tuple:
    """(distance as written, cadence steps/min, stride m, timer s) of a row."""
    seconds = duration_seconds(cell(row, columns.first("time"))) or duration_seconds(
        cell(row, columns.first("moving")))
    return (number(cell(row, columns.first("distance")), mark),
            number(cell(row, columns.first("cadence")), mark),
            number(cell(row, columns.first("stride")), mark), seconds)


def _activity(row: list[str], columns: Columns, moment, mark: str | None, factor: float,
              source_name: str) -> Activity:
    def value(name: str) -> float | None:
        return number(cell(row, columns.first(name)), mark)

    def seconds(name: str) -> float | None:
        return duration_seconds(cell(row, columns.first(name)))

    distance, ascent = value("distance"), value("ascent")
    # A list with no sport column at all is a runner's own log (as the training-log
    # format): running. A column left empty in a row says nothing: generic.
    kind = cell(row, columns.first("type")) if columns.first("type") is not None else "running"
    sport, sub_sport = normalise_sport(kind)
    return Activity(
        start_time=moment.astimezone(UTC), utc_offset_s=int(moment.utcoffset().total_seconds()),
        zone_assumed=wall_clock(moment),
        sport=sport, sub_sport=sub_sport, name=cell(row, columns.first("title")) or None,
        distance_m=distance * factor if distance is not None else None,
        timer_s=seconds("moving") or seconds("time"), elapsed_s=seconds("elapsed"),
        elevation_gain_m=(ascent * (FEET if factor == METRES_PER["mi"] else 1.0)
                          if ascent is not None else None),
        avg_hr=value("avg_hr"), max_hr=value("max_hr"),
        source_format="csv", source_name=source_name)
