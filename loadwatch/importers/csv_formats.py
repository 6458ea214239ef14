"""Activity lists as CSV: Strava's activities.csv, Garmin Connect's Activities.csv
and loadwatch's own training log. Each row is one summary activity (no samples).

The format is told from the header. Units and dates are worked out, never
assumed silently: Strava's two Distance columns give its display unit away;
Garmin's Activities.csv does not say, so ``--units km|mi`` is asked for unless
the header names the unit.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from loadwatch.errors import CorruptFile, NoActivity, UnsupportedFormat, UsageError
from loadwatch.importers.sports import normalise_sport
from loadwatch.metrics.terrain import SURFACES
from loadwatch.models import Activity, ImportedActivity, ParsedFile

METRES_PER = {"km": 1000.0, "mi": 1609.344, "m": 1.0}
FEET = 0.3048
_TAG = re.compile(r"<[^>]+>")

# Garmin Connect's Activities.csv headers in the languages it exports, for the
# columns loadwatch reads (English, German, French, Spanish, Italian, Dutch,
# Danish, Swedish, Norwegian, Portuguese).
GARMIN_COLUMNS = {
    "type": ("activity type", "aktivitätstyp", "type d'activité", "tipo de actividad",
             "tipo di attività", "activiteittype", "aktivitetstype", "aktivitetstyp",
             "tipo de atividade"),
    "date": ("date", "datum", "fecha", "data", "dato"),
    "title": ("title", "titel", "titre", "título", "titolo", "tittel"),
    "distance": ("distance", "distanz", "distancia", "distanza", "afstand", "distans",
                 "distância"),
    "time": ("time", "zeit", "durée", "tiempo", "tempo", "tijd", "tid"),
    "avg_hr": ("avg hr", "ø herzfrequenz", "fréquence cardiaque moyenne",
               "frecuencia cardiaca media", "fc media", "gem. hartslag", "gns. puls",
               "genomsnittlig puls", "gjennomsnittlig puls", "fc média"),
    "max_hr": ("max hr", "maximale herzfrequenz", "fréquence cardiaque maximale",
               "frecuencia cardiaca máxima", "fc max", "max. hartslag", "maks. puls",
               "maxpuls", "maks puls", "fc máxima"),
    "ascent": ("total ascent", "anstieg gesamt", "ascension totale", "ascenso total",
               "ascesa totale", "totale stijging", "samlet stigning", "total stigning",
               "total stigning", "subida total"),
    "moving": ("moving time", "bewegungszeit", "temps de déplacement",
               "tiempo en movimiento", "tempo in movimento", "bewegingstijd", "bevægelsestid",
               "tid i rörelse", "tid i bevegelse", "tempo em movimento"),
    "elapsed": ("elapsed time", "verstrichene zeit", "temps écoulé", "tiempo transcurrido",
                "tempo trascorso", "verstreken tijd", "forløbet tid", "förfluten tid",
                "medgått tid", "tempo decorrido"),
}
LOG_COLUMNS = {"date", "start_time", "distance_km", "distance_mi", "distance_m", "duration",
               "sport", "name", "avg_hr", "max_hr", "rpe", "surface", "elevation_gain_m",
               "notes"}


def _rows(data: bytes, name: str) -> tuple[list[str], list[list[str]]]:
    text = data.decode("utf-8-sig", errors="replace")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as err:
        raise CorruptFile(f"not readable as CSV: {err}", path=name) from err
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise NoActivity("an empty CSV file")
    header = [_TAG.sub("", cell).strip() for cell in rows[0]]
    return header, rows[1:]


def csv_kind(header: list[str]) -> str | None:
    """strava, strava_old, garmin, log, opentracks or None."""
    lower = [h.lower() for h in header]
    if "activity id" in lower and "activity type" in lower:
        return "strava"
    if lower[:4] == ["id", "date", "name", "type"] and "filename" in lower:
        return "strava_old"
    if lower and lower[0] == "#time" and "trackpoint_type" in lower:
        return "opentracks"
    if {"date", "start_time"} & set(lower) and {"distance_km", "distance_mi",
                                                 "distance_m"} & set(lower):
        return "log"
    plain = {_without_unit(h) for h in lower}
    found = {key for key, names in GARMIN_COLUMNS.items() if set(names) & plain}
    if {"type", "date", "distance", "time"} <= found:
        return "garmin"
    return None


def read_csv(data: bytes, *, source_name: str, content_hash: str,
             options: Mapping[str, object]) -> ParsedFile:
    """Read an activity-list CSV into summary activities, one per row."""
    header, rows = _rows(data, source_name)
    kind = csv_kind(header)
    if kind is None:
        raise UnsupportedFormat("a CSV file whose columns loadwatch does not know")
    if kind == "opentracks":
        raise UnsupportedFormat("OpenTracks' per-point CSV is not read: export GPX from "
                                "OpenTracks instead")
    reader = {"strava": strava_rows, "strava_old": strava_rows, "garmin": garmin_rows,
              "log": log_rows}[kind]
    parsed = ParsedFile("csv", content_hash, decoder=f"csv:{kind}")
    for number, activity in reader(header, rows, source_name, options, parsed.warnings):
        digest = hashlib.sha256(f"{content_hash}:{number}".encode()).hexdigest()
        parsed.activities.append(ImportedActivity(
            _with(activity, content_hash=digest, session_index=number)))
    if not parsed.activities:
        raise NoActivity("no rows with a date")
    return parsed


def _with(activity: Activity, **changes) -> Activity:
    from dataclasses import replace

    return replace(activity, **changes)


def _number(text: str | None) -> float | None:
    """A number from a cell: '--', 'NaN' and '' are missing; '1,393' is 1393."""
    if text is None:
        return None
    text = text.strip().replace("\u00a0", "")
    if text in ("", "--", "NaN", "nan", "null"):
        return None
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")  # 1.393,5 (German style)
    elif re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def duration_seconds(text: str | None) -> float | None:
    """Seconds from '3600', '1:00:00', '01:00:00.5' or '45:10'."""
    if text is None or not text.strip() or text.strip() in ("--", "NaN"):
        return None
    parts = text.strip().split(":")
    try:
        values = [float(p.replace(",", ".")) for p in parts]
    except ValueError:
        return None
    seconds = 0.0
    for value in values:
        seconds = seconds * 60 + value
    return seconds


def _positions(header: list[str], name: str) -> list[int]:
    return [i for i, h in enumerate(header) if h.lower() == name.lower()]


def _cell(row: list[str], index: int | None) -> str | None:
    return row[index] if index is not None and index < len(row) else None


_STRAVA_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%d %b %Y, %H:%M:%S",
                        "%b %d, %Y, %H:%M:%S")


def _strava_date(text: str) -> datetime | None:
    for pattern in _STRAVA_DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def strava_rows(header, rows, source_name, options, warnings):
    """Strava's activities.csv, old (10 columns, metres) and new (Distance twice)."""
    first = {h.lower(): i for i, h in reversed(list(enumerate(header)))}
    distances = _positions(header, "Distance")
    elapsed = _positions(header, "Elapsed Time") or _positions(header, "elapsed_time")
    unit_factor = None
    for number, row in enumerate(rows, start=2):
        moment = _strava_date(_cell(row, first.get("activity date", first.get("date"))) or "")
        if moment is None:
            warnings.append(f"row {number}: no readable date; left out")
            continue
        if len(distances) >= 2 or "distance" not in first or "activity id" not in first:
            distance = _number(_cell(row, distances[-1] if distances else first.get("distance")))
        else:
            unit_factor = unit_factor or _unit_factor(options, source_name)
            display = _number(_cell(row, distances[0]))
            distance = display * unit_factor if display is not None else None
        if len(distances) >= 2 and unit_factor is None:
            unit_factor = _display_unit(row, distances)
        sport, sub_sport = normalise_sport(_cell(row, first.get("activity type",
                                                                first.get("type"))))
        yield number, Activity(
            start_time=moment, sport=sport, sub_sport=sub_sport,
            name=_cell(row, first.get("activity name", first.get("name"))) or None,
            distance_m=distance,
            timer_s=_number(_cell(row, first.get("moving time"))) or _number(
                _cell(row, elapsed[-1] if elapsed else None)),
            elapsed_s=_number(_cell(row, elapsed[-1] if elapsed else None)),
            elevation_gain_m=_number(_cell(row, first.get("elevation gain"))),
            avg_hr=_number(_cell(row, first.get("average heart rate"))),
            max_hr=_first_number(row, _positions(header, "Max Heart Rate")),
            rpe=_rpe(_cell(row, first.get("perceived exertion"))),
            source_format="csv", source_name=source_name)


def _first_number(row: list[str], positions: list[int]) -> float | None:
    """The first readable number among a repeated column's cells."""
    for position in positions:
        value = _number(_cell(row, position))
        if value is not None:
            return value
    return None


def _display_unit(row: list[str], distances: list[int]) -> float | None:
    display, metres = _number(_cell(row, distances[0])), _number(_cell(row, distances[-1]))
    if not display or not metres:
        return None
    ratio = metres / display
    return min(METRES_PER.values(), key=lambda factor: abs(factor - ratio))


def _rpe(text: str | None) -> float | None:
    value = _number(text)
    return value if value is not None and 0 <= value <= 10 else None


def _unit_factor(options: Mapping[str, object], source_name: str) -> float:
    unit = options.get("units")
    if unit not in METRES_PER:
        raise UsageError(f"{source_name}: the distance unit of this file cannot be told: "
                         "import it again with --units km or --units mi")
    return METRES_PER[str(unit)]


def _without_unit(name: str) -> str:
    """'distanz (km)' -> 'distanz'."""
    return re.sub(r"\s*\([^)]*\)$", "", name.strip().lower())


def garmin_rows(header, rows, source_name, options, warnings):
    """Garmin Connect's Activities.csv, in any of the languages it exports."""
    lower = [h.lower() for h in header]
    plain = [_without_unit(h) for h in header]
    index = {key: next((plain.index(n) for n in names if n in plain), None)
             for key, names in GARMIN_COLUMNS.items()}
    unit_from_header = re.search(r"\((km|mi)\)", " ".join(lower))
    factor = (METRES_PER[unit_from_header[1]] if unit_from_header
              else _unit_factor(options, source_name))
    zone = ZoneInfo(str(options.get("timezone") or "UTC"))
    ascent_factor = 1.0 if factor == 1000.0 else FEET
    for number, row in enumerate(rows, start=2):
        moment = _local_date(_cell(row, index["date"]), zone)
        if moment is None:
            warnings.append(f"row {number}: no readable date; left out")
            continue
        sport, sub_sport = normalise_sport(_cell(row, index["type"]))
        distance = _number(_cell(row, index["distance"]))
        ascent = _number(_cell(row, index["ascent"]))
        yield number, Activity(
            start_time=moment.astimezone(UTC),
            utc_offset_s=int(moment.utcoffset().total_seconds()),
            sport=sport, sub_sport=sub_sport, name=_cell(row, index["title"]) or None,
            distance_m=distance * factor if distance is not None else None,
            timer_s=duration_seconds(_cell(row, index["moving"])) or duration_seconds(
                _cell(row, index["time"])),
            elapsed_s=duration_seconds(_cell(row, index["elapsed"])),
            elevation_gain_m=ascent * ascent_factor if ascent is not None else None,
            avg_hr=_number(_cell(row, index["avg_hr"])),
            max_hr=_number(_cell(row, index["max_hr"])),
            source_format="csv", source_name=source_name)


def _local_date(text: str | None, zone: ZoneInfo) -> datetime | None:
    """A date or date-time; with no offset in it, local time in ``zone``."""
    if not text or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def log_rows(header, rows, source_name, options, warnings):
    """loadwatch's training log (documented in the README)."""
    lower = [h.strip().lower() for h in header]
    zone = ZoneInfo(str(options.get("timezone") or "UTC"))
    for number, row in enumerate(rows, start=2):
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(lower)}
        moment = _local_date(cells.get("start_time") or cells.get("date"), zone)
        if moment is None:
            warnings.append(f"row {number}: no readable date; left out")
            continue
        yield number, _log_activity(cells, moment, source_name, number)


def _log_activity(cells: dict[str, str], moment: datetime, source_name: str,
                  number: int) -> Activity:
    distance = None
    for column, factor in (("distance_km", 1000.0), ("distance_mi", 1609.344),
                           ("distance_m", 1.0)):
        value = _number(cells.get(column))
        if value is not None:
            distance = value * factor
            break
    sport, sub_sport = normalise_sport(cells.get("sport") or "running")
    surface = (cells.get("surface") or "").lower() or None
    if surface is not None and surface not in SURFACES:
        raise CorruptFile(f"unknown surface {surface!r}; use one of {', '.join(SURFACES)}",
                          path=source_name, row=number)
    rpe = _number(cells.get("rpe"))
    if rpe is not None and not 0 <= rpe <= 10:
        raise CorruptFile("rpe must be 0-10", path=source_name, row=number)
    extra = {k: v for k, v in cells.items() if k not in LOG_COLUMNS and v}
    notes = cells.get("notes") or ""
    if extra:  # unknown columns are kept, not refused
        notes = (notes + " " if notes else "") + json.dumps(extra, ensure_ascii=False)
    return Activity(
        start_time=moment.astimezone(UTC),
        utc_offset_s=int(moment.utcoffset().total_seconds()),
        sport=sport, sub_sport=sub_sport, name=cells.get("name") or notes[:60] or None,
        distance_m=distance, timer_s=duration_seconds(cells.get("duration")),
        elapsed_s=duration_seconds(cells.get("duration")),
        elevation_gain_m=_number(cells.get("elevation_gain_m")),
        avg_hr=_number(cells.get("avg_hr")), max_hr=_number(cells.get("max_hr")),
        rpe=rpe, surface_override=surface, source_format="csv", source_name=source_name)


def strava_export_rows(data: bytes) -> list[tuple[int, dict]] | None:
    """The rows of a Strava export's activities.csv, or None if it is not one.

    Each row: ``filename`` (as in the export), ``name``, ``type``, ``rpe``, and
    the raw ``header`` and ``cells`` to rebuild the activity from the row.
    """
    header, rows = _rows(data, "activities.csv")
    if csv_kind(header) not in ("strava", "strava_old"):
        return None
    first = {h.lower(): i for i, h in reversed(list(enumerate(header)))}
    result = []
    for number, row in enumerate(rows, start=2):
        result.append((number, {
            "filename": (_cell(row, first.get("filename")) or "").strip(),
            "name": _cell(row, first.get("activity name", first.get("name"))),
            "type": _cell(row, first.get("activity type", first.get("type"))),
            "rpe": _rpe(_cell(row, first.get("perceived exertion"))),
            "header": header, "cells": row}))
    return result


def strava_row_activity(row: dict, source_name: str, options) -> Activity:
    """The summary activity a Strava export row describes (its file is absent)."""
    found = list(strava_rows(row["header"], [row["cells"]], source_name, options, []))
    if not found:
        raise NoActivity("a row without a readable date")
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
        item.activity = _with(activity, **changes)
