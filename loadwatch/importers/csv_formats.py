"""Activity lists as CSV, one summary activity (no samples) per row.

Strava's activities.csv, Garmin Connect's Activities.csv and loadwatch's own
training log.

The format is told from the header, in any language the source writes (older
Garmin exports put a title line before it, one has none). Units and dates are
worked out, never assumed silently: Strava's two Distance columns give its
display unit away; Garmin's unit is the header's, the user's (``--units``) or
the one cadence x stride length x time fits, and ``--units`` is asked for only
when none tells. The readers live in ``activity_lists``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from dataclasses import replace

from loadwatch.errors import CorruptFile, NoActivity, UnsupportedFormat
from loadwatch.importers.activity_lists import garmin, log, strava
from loadwatch.importers.activity_lists.cells import duration_seconds
from loadwatch.importers.activity_lists.headers import clean, map_columns
from loadwatch.importers.activity_lists.rows import Row
from loadwatch.importers.sports import normalise_sport
from loadwatch.models import Activity, ImportedActivity, ParsedFile

__all__ = ["apply_strava_row", "csv_kind", "duration_seconds", "read_csv",
           "strava_export_rows", "strava_row_activity"]

# A header is looked for in this many first records (older Garmin exports open with a title).
HEADER_SEARCH = 5
_READERS = {"strava": strava.strava_rows, "strava_old": strava.strava_rows,
            "garmin": garmin.garmin_rows, "log": log.log_rows}


def _records(data: bytes, name: str) -> list[Row]:
    """The file's non-blank CSV records with their numbers (the first is 1)."""
    text = data.decode("utf-8-sig", errors="replace")
    try:
        records = list(csv.reader(io.StringIO(text)))
    except csv.Error as err:
        raise CorruptFile(f"not readable as CSV: {err}", path=name) from err
    found = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not found:
        raise NoActivity("an empty CSV file")
    return found


def csv_kind(header: list[str]) -> str | None:
    """strava, strava_old, garmin, log, opentracks or None."""
    lower = [clean(h).lower() for h in header]
    if lower and lower[0] == "#time" and "trackpoint_type" in lower:
        return "opentracks"
    columns = map_columns(header, "strava")
    if strava.is_strava(columns):
        return "strava_old" if columns.language == "old" else "strava"
    if log.is_log(header):
        return "log"
    if garmin.is_garmin(map_columns(header, "garmin")):
        return "garmin"
    return None


def _split(records: list[Row]) -> tuple[str, list[str] | None, list[Row]]:
    """(kind, header or None, data rows): the header may follow a title line, or be absent."""
    for at, (_, record) in enumerate(records[:HEADER_SEARCH]):
        kind = csv_kind(record)
        if kind is not None:
            return kind, [clean(c) for c in record], records[at + 1:]
    if garmin.is_headerless(records[0][1]):
        return "garmin", None, records
    raise UnsupportedFormat("a CSV file whose columns loadwatch does not know")


def read_csv(data: bytes, *, source_name: str, content_hash: str,
             options: Mapping[str, object]) -> ParsedFile:
    """Read an activity-list CSV into summary activities, one per row."""
    kind, header, rows = _split(_records(data, source_name))
    if kind == "opentracks":
        raise UnsupportedFormat("OpenTracks' per-point CSV is not read: export GPX from "
                                "OpenTracks instead")
    parsed = ParsedFile("csv", content_hash, decoder=f"csv:{kind}")
    for number, activity in _READERS[kind](header, rows, source_name, options, parsed.warnings):
        digest = hashlib.sha256(f"{content_hash}:{number}".encode()).hexdigest()
        parsed.activities.append(ImportedActivity(
            replace(activity, content_hash=digest, session_index=number)))
    if not parsed.activities:
        left_out = f": {parsed.warnings[-1]}" if parsed.warnings else ""
        raise NoActivity(f"no rows with a usable date{left_out}")
    return parsed


def strava_export_rows(data: bytes) -> list[tuple[int, dict]] | None:
    """The rows of a Strava export's activities.csv, or None if it is not one.

    Each row: ``filename`` (as in the export), ``name``, ``type``, ``rpe``, and
    the raw ``header`` and ``cells`` to rebuild the activity from the row.
    """
    records = _records(data, "activities.csv")
    header = [clean(c) for c in records[0][1]]
    if csv_kind(header) not in ("strava", "strava_old"):
        return None
    return strava.export_rows(header, records[1:])


def strava_row_activity(row: dict, source_name: str, options) -> Activity:
    """The summary activity a Strava export row describes (its file is absent)."""
    warnings: list[str] = []
    found = list(strava.strava_rows(row["header"], [(row.get("_row", 2), row["cells"])],
                                    source_name, options, warnings))
    if not found:
        raise NoActivity(warnings[-1] if warnings else "a row without a readable date")
    return found[0][1]


def apply_strava_row(parsed: ParsedFile, row: dict) -> None:
    """Copy what the athlete set on Strava (name, type, RPE) onto the file's activities."""
    sport, sub_sport = normalise_sport(row.get("type"))
    for item in parsed.activities:
        activity = item.activity
        changes = {"name": row.get("name") or activity.name, "rpe": row.get("rpe")}
        if sport != "generic":
            changes["sport"] = sport
            changes["sub_sport"] = sub_sport or activity.sub_sport
        item.activity = replace(activity, **changes)
