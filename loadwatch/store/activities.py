"""Reading activities back, and the athlete's edits to them.

Activities are read as objects, as columns or one by one, with their
samples, profiles and files.

A stored row that no reader would accept (a distance of infinity written by
an older version, a start in the year 9999) is left out of every listing and
logged once; ``loadwatch check --repair`` mends it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, select

from loadwatch.errors import NotFound, StoreError, UsageError
from loadwatch.models import Activity, Samples
from loadwatch.plausible import EARLIEST_START, FIELD_RANGES, activity_problems, latest_start
from loadwatch.samples_codec import decode_samples
from loadwatch.store import jsonio, schema
from loadwatch.store.athletes import Athletes, touch
from loadwatch.store.engine import naive_utc

log = logging.getLogger("loadwatch")

_MODEL_FIELDS = {f.name for f in dataclasses.fields(Activity)}
# The activity's own values: every column of the table that is also a field
# of the model, in the table's order. ``id`` and ``athlete`` are the store's to
# give, and ``warnings`` is kept as JSON text.
ACTIVITY_FIELDS: tuple[str, ...] = tuple(
    column.name for column in schema.activities.c
    if column.name in _MODEL_FIELDS and column.name not in ("id", "warnings"))
# The values the athlete enters (or corrects) that a file cannot know.
ATHLETE_ENTRIES = ("rpe", "surface_override", "name")

# A row of the activities table, or an activity's values by name.
Row = Mapping[Any, Any]


def vars_of(activity: Activity) -> dict[str, Any]:
    """The activity's stored values (``id``, ``athlete`` and ACTIVITY_FIELDS) by name."""
    return {name: getattr(activity, name) for name in ("id", "athlete", *ACTIVITY_FIELDS)}


def row_values(activity: Activity) -> dict[str, Any]:
    """The activity's ACTIVITY_FIELDS as the table holds them (start as naive UTC)."""
    values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    values["start_time"] = naive_utc(activity.start_time)
    return values


def activity_from_row(row: Row, athlete: str) -> Activity:
    """An Activity from a row of the activities table."""
    values = {name: row[name] for name in ACTIVITY_FIELDS}
    values["start_time"] = row["start_time"].replace(tzinfo=UTC)
    return Activity(id=row["id"], athlete=athlete, warnings=_warnings(row["warnings"]),
                    **values)


def _warnings(text: str | None) -> tuple[str, ...]:
    try:
        found = jsonio.loads(text or "[]")
    except ValueError:
        return ("the stored import notes are damaged",)
    return tuple(str(item) for item in found) if isinstance(found, list) else ()


def insert_profile(conn: Connection, athlete_id: int, activity_id: int,
                   profile: dict[str, Any]) -> None:
    """Store an activity's profile (the caller removed any older one)."""
    conn.execute(schema.activity_profiles.insert(), {
        "activity_id": activity_id, "athlete_id": athlete_id,
        "version": profile["version"], "data": jsonio.dumps(profile)})


def link(conn: Connection, athlete_id: int, activity_id: int, file_id: int) -> None:
    """Remember file ``file_id`` as one the activity was read from."""
    conn.execute(schema.activity_sources.insert(), {
        "activity_id": activity_id, "source_file_id": file_id, "athlete_id": athlete_id})


def readable(row: Row, warned: set[int]) -> bool:
    """Whether a stored activity row is one every reader accepts (else logged once)."""
    problems = activity_problems(row)
    if problems and row["id"] not in warned:
        warned.add(row["id"])
        log.warning("activity %s is left out: %s (loadwatch check --repair mends it)",
                    row["id"], "; ".join(problems))
    return not problems


def without_unreadable(columns: dict[str, list], warned: set[int]) -> dict[str, list]:
    """The columns without the rows a reader would not accept.

    A quick screen over the numbers and start times finds the suspects; only
    those are checked in full (a club's --send-due reads hundreds of
    thousands of rows).
    """
    suspect = _suspects(columns)
    if not any(suspect):
        return columns
    keep = [not bad or readable(dict(zip(columns, row, strict=True)), warned)
            for bad, row in zip(suspect, zip(*columns.values(), strict=True), strict=True)]
    return {name: [v for v, k in zip(values, keep, strict=True) if k]
            for name, values in columns.items()}


def _suspects(columns: dict[str, list]) -> list[bool]:
    suspect = [False] * len(columns["id"])
    for name, (low, high, _) in FIELD_RANGES.items():
        for index, value in enumerate(columns[name]):
            if value is not None and not (isinstance(value, int | float) and low <= value <= high):
                suspect[index] = True
    earliest, latest = naive_utc(EARLIEST_START), naive_utc(latest_start())
    for index, start in enumerate(columns["start_time"]):
        if not (isinstance(start, datetime) and earliest <= start < latest):
            suspect[index] = True
    return suspect


def sound_profiles(rows: Iterable[tuple[int, str]]) -> dict[int, dict]:
    """The profiles that parse; the others are left out, to be computed again."""
    result = {}
    for activity_id, data in rows:
        try:
            profile = jsonio.loads(data)
        except ValueError:
            log.warning("activity %s: its stored profile is damaged; computed again",
                        activity_id)
            continue
        if isinstance(profile, dict):
            result[activity_id] = profile
    return result


class Activities:
    """The athletes' activities as stored: reads, the athlete's edits, profiles."""

    def __init__(self, engine: Engine, athletes: Athletes, warned: set[int]) -> None:
        self.engine = engine
        self.athletes = athletes
        self._warned = warned  # activities left out, each told once

    def all(self, athlete: str) -> list[Activity]:
        """The athlete's activities, newest first ([] for an unknown athlete)."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return []
        table = schema.activities
        query = (select(table).where(table.c.athlete_id == athlete_id)
                 .order_by(table.c.start_time.desc(), table.c.id.desc()))
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [activity_from_row(row, athlete) for row in rows
                if readable(row, self._warned)]

    def columns(self, athlete: str) -> dict[str, list]:
        """The athlete's activities as columns (``id`` and ACTIVITY_FIELDS), newest first.

        The metrics' reading: no Activity objects, start times as stored
        (naive UTC). An unknown athlete has every column, empty.
        """
        athlete_id = self.athletes.find(athlete)
        table = schema.activities
        names = ("id", *ACTIVITY_FIELDS)
        query = (select(*[table.c[name] for name in names])
                 .where(table.c.athlete_id == athlete_id)
                 .order_by(table.c.start_time.desc(), table.c.id.desc()))
        rows = []
        if athlete_id is not None:
            with self.engine.connect() as conn:
                rows = list(conn.execute(query))
        columns = {name: list(values) for name, values in
                   zip(names, zip(*rows, strict=True) if rows else [()] * len(names),
                       strict=True)}
        return without_unreadable(columns, self._warned)

    def one(self, athlete: str, activity_id: int) -> Activity:
        """One of the athlete's activities.

        Raises
        ------
        UsageError
            When the athlete has no such activity, or it holds values no reader accepts.
        """
        table = schema.activities
        athlete_id = self.athletes.find(athlete)
        row: Row | None = None
        if athlete_id is not None:
            with self.engine.connect() as conn:
                row = conn.execute(select(table).where(
                    table.c.id == activity_id,
                    table.c.athlete_id == athlete_id)).mappings().first()
        if row is None:
            raise NotFound(f"{athlete} has no activity {activity_id}")
        problems = activity_problems(row)
        if problems:
            raise UsageError(f"activity {activity_id} holds values no reader accepts "
                             f"({'; '.join(problems)}): `loadwatch check --repair` mends it, "
                             f"or `loadwatch activity {activity_id} delete` removes it")
        return activity_from_row(row, athlete)

    def update(self, athlete: str, activity_id: int, changes: dict[str, Any]) -> Activity:
        """Apply checked edits to one activity; returns it.

        ``changes`` by column (``surface`` for ``surface_override``): surface,
        rpe, sport, name, ``distance_m`` and ``quality_review``.
        """
        self.one(athlete, activity_id)
        columns = {("surface_override" if key == "surface" else key): value
                   for key, value in changes.items()}
        table = schema.activities
        with self.engine.begin() as conn:
            conn.execute(table.update().where(table.c.id == activity_id).values(**columns))
            touch(conn, self.athletes.ensure(athlete))
        return self.one(athlete, activity_id)

    def samples(self, activity_id: int) -> Samples:
        """One activity's samples as float64 numpy columns.

        Raises
        ------
        StoreError
            When there is no such activity.
        """
        table = schema.activity_samples
        with self.engine.connect() as conn:
            blob = conn.execute(select(table.c.data).where(
                table.c.activity_id == activity_id)).scalar()
        if blob is None:
            raise StoreError(f"no activity {activity_id}")
        return decode_samples(bytes(blob))

    def profiles(self, athlete: str, version: int) -> dict[int, dict]:
        """Activity id -> stored profile of that version ({} for an unknown athlete)."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return {}
        table = schema.activity_profiles
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.activity_id, table.c.data).where(
                table.c.athlete_id == athlete_id, table.c.version == version)).all()
        # One parse for all, with orjson: a club's --send-due reads hundreds of
        # thousands, and the standard parser took 13 ms of each athlete's ~110.
        try:
            parsed = orjson.loads("[" + ",".join(data for _, data in rows) + "]")
        except orjson.JSONDecodeError:
            return sound_profiles(rows)
        return {activity_id: profile for (activity_id, _), profile in
                zip(rows, parsed, strict=True) if isinstance(profile, dict)}

    def save_profiles(self, athlete: str, profiles: dict[int, dict]) -> None:
        """Store computed profiles, replacing those of the same activities.

        An unknown athlete has no activities to profile: nothing is stored.
        """
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None or not profiles:
            return
        table = schema.activity_profiles
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.activity_id.in_(list(profiles))))
            for activity_id, profile in profiles.items():
                insert_profile(conn, athlete_id, activity_id, profile)

    def sources(self, athlete: str) -> dict[int, list[str]]:
        """Activity id -> the names of every file it was read from."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return {}
        links, files = schema.activity_sources, schema.source_files
        query = (select(links.c.activity_id, files.c.source_name)
                 .join(files, files.c.id == links.c.source_file_id)
                 .where(links.c.athlete_id == athlete_id).order_by(files.c.id))
        result: dict[int, list[str]] = {}
        with self.engine.connect() as conn:
            for activity_id, name in conn.execute(query):
                result.setdefault(activity_id, []).append(name)
        return result
