"""Saving imported files, and merging the same run arriving from several files.

One file is saved in one transaction: its source-file row (whose unique
content hash makes a second import a ``duplicate``), its activities and their
samples. A kill mid-import therefore leaves the store as it was before that
file. An activity that is the same run as one already stored is merged into
it: the richer record is kept, and the file is remembered as one of its
sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, bindparam, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from loadwatch.dedupe import Candidate, richness, same_run
from loadwatch.errors import InvalidActivity, StoreError
from loadwatch.models import Activity, ImportedActivity, ParsedFile
from loadwatch.plausible import activity_problems
from loadwatch.samples_codec import encode_samples, sample_count
from loadwatch.store import jsonio, schema
from loadwatch.store.activities import (
    ATHLETE_ENTRIES,
    Row,
    insert_profile,
    link,
    row_values,
    vars_of,
)
from loadwatch.store.athletes import Athletes, touch
from loadwatch.store.engine import inserted_id, naive_utc, now, reason, reconnecting


@dataclass
class SaveResult:
    """What saving one file did: new activity ids, and (id, replaced) merges."""

    new: list[int] = field(default_factory=list)
    merged: list[tuple[int, bool]] = field(default_factory=list)


class Saving:
    """Imported files into the store, one transaction a file."""

    def __init__(self, engine: Engine, athletes: Athletes) -> None:
        self.engine = engine
        self.athletes = athletes

    def known_hashes(self, athlete: str) -> set[str]:
        """Content hashes of every file already imported whole for ``athlete``."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return set()
        table = schema.source_files
        with self.engine.connect() as conn:
            return set(conn.execute(select(table.c.content_hash).where(
                table.c.athlete_id == athlete_id, table.c.complete.is_(True))).scalars())

    def save_file(self, athlete: str, parsed: ParsedFile, *, source_name: str,
                  size_bytes: int) -> SaveResult | None:
        """Save one parsed file in one transaction (the athlete is created if new).

        Parameters
        ----------
        athlete : str
            Whose file it is.
        parsed : ParsedFile
            What the importer read.
        source_name : str
            The file's name, as messages and exports show it.
        size_bytes : int
            The file's size.

        Returns
        -------
        SaveResult or None
            The new and merged activities; None when the content is already stored.

        Raises
        ------
        InvalidActivity
            When an activity of the file could not be read back (nothing is saved).
        StoreError
            When the database refuses the file (nothing is saved).
        """
        refuse_unreadable(parsed, source_name)
        athlete_id = self.athletes.ensure(athlete)
        try:
            for attempt in reconnecting():
                with attempt, self.engine.begin() as conn:
                    return _save_file(conn, athlete_id, parsed, source_name, size_bytes)
        except IntegrityError as err:
            if self._has_hash(athlete_id, parsed.content_hash):
                return None
            raise StoreError(f"could not save {source_name}: {err.orig}") from err
        except SQLAlchemyError as err:
            raise StoreError(f"could not save {source_name}: {reason(err)}") from err
        raise AssertionError("unreachable: the retry loop returns or raises")

    def _has_hash(self, athlete_id: int, content_hash: str) -> bool:
        table = schema.source_files
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.id).where(
                table.c.athlete_id == athlete_id,
                table.c.content_hash == content_hash)).first() is not None


def _save_file(conn: Connection, athlete_id: int, parsed: ParsedFile, source_name: str,
               size_bytes: int) -> SaveResult:
    file_id = _reopened_file(conn, athlete_id, parsed.content_hash)
    reopened = file_id is not None
    if file_id is None:
        file_id = _insert_file(conn, athlete_id, parsed, source_name, size_bytes)
    result = SaveResult()
    for item in parsed.activities:
        if reopened and _stored_activity(conn, athlete_id, item.activity.content_hash):
            continue  # the file was imported before: only its deleted activities return
        match = _same_run(conn, athlete_id, item.activity)
        if match is None:
            result.new.append(save_activity(conn, athlete_id, file_id, item))
            continue
        replaced = _merge(conn, athlete_id, match, item)
        link(conn, athlete_id, match["id"], file_id)
        result.merged.append((match["id"], replaced))
    touch(conn, athlete_id)
    return result


def _insert_file(conn: Connection, athlete_id: int, parsed: ParsedFile, source_name: str,
                 size_bytes: int) -> int:
    # Parameters apart from the statement: SQLAlchemy then reuses one
    # compiled INSERT for every file.
    file_id = inserted_id(conn.execute(schema.source_files.insert(), dict(
        athlete_id=athlete_id, content_hash=parsed.content_hash,
        source_name=source_name, source_format=parsed.source_format,
        size_bytes=size_bytes, decoder=parsed.decoder,
        warnings=jsonio.dumps(parsed.warnings), imported_at=now(),
    )))
    if parsed.original is not None:
        compression, data = parsed.original
        conn.execute(schema.source_originals.insert(), dict(
            source_file_id=file_id, athlete_id=athlete_id,
            compression=compression, data=data))
    return file_id


def save_activity(conn: Connection, athlete_id: int, file_id: int,
                  item: ImportedActivity) -> int:
    """Insert one activity read from file ``file_id``, its samples and profile.

    Returns
    -------
    int
        The new activity's id.
    """
    activity = item.activity
    activity_id = inserted_id(conn.execute(schema.activities.insert(), dict(
        athlete_id=athlete_id, source_file_id=file_id, created_at=now(),
        warnings=jsonio.dumps(list(activity.warnings)), **row_values(activity),
    )))
    blob = item.encoded if item.encoded is not None else encode_samples(item.samples)
    conn.execute(schema.activity_samples.insert(), dict(
        activity_id=activity_id, athlete_id=athlete_id,
        sample_count=sample_count(blob), data=blob))
    if item.profile is not None:
        insert_profile(conn, athlete_id, activity_id, item.profile)
    link(conn, athlete_id, activity_id, file_id)
    return activity_id


def _reopened_file(conn: Connection, athlete_id: int, content_hash: str) -> int | None:
    """The id of this file if it is known but lost an activity to a deletion."""
    table = schema.source_files
    file_id = conn.execute(select(table.c.id).where(
        table.c.athlete_id == athlete_id, table.c.content_hash == content_hash,
        table.c.complete.is_(False))).scalar()
    if file_id is not None:
        conn.execute(table.update().where(table.c.id == file_id).values(complete=True))
    return file_id


def _stored_activity(conn: Connection, athlete_id: int, content_hash: str) -> int | None:
    table = schema.activities
    return conn.execute(select(table.c.id).where(
        table.c.athlete_id == athlete_id, table.c.content_hash == content_hash)).scalar()


def _candidate(start: datetime, activity_like: Row, samples: int) -> Candidate:
    duration = activity_like["elapsed_s"] or activity_like["timer_s"]
    return Candidate(start, duration, activity_like["distance_m"], samples,
                     activity_like["avg_hr"] is not None, activity_like["source_format"])


# Built once: the matching query runs for every activity an import saves.
_NEARBY = (
    select(schema.activities, schema.activity_samples.c.sample_count)
    .join(schema.activity_samples,
          schema.activity_samples.c.activity_id == schema.activities.c.id)
    .where(schema.activities.c.athlete_id == bindparam("athlete_id"),
           schema.activities.c.start_time >= bindparam("low"),
           schema.activities.c.start_time <= bindparam("high"),
           schema.activities.c.content_hash != bindparam("content_hash")))


def _same_run(conn: Connection, athlete_id: int, activity: Activity) -> RowMapping | None:
    """The stored activity that is the same run as ``activity``, if any."""
    start = naive_utc(activity.start_time)
    reach = timedelta(seconds=max(activity.elapsed_s or activity.timer_s or 0, 120) + 86_400)
    rows = conn.execute(_NEARBY, {"athlete_id": athlete_id, "low": start - reach,
                                  "high": start + reach,
                                  "content_hash": activity.content_hash}).mappings().all()
    for row in rows:
        if _one_run(start, activity, row, wall_clock=False):
            return row
        # A start known only as wall-clock time (its zone assumed) is also
        # compared on wall-clock time: a run abroad imported from a zone-less
        # list and from the watch's own file is one run.
        if (activity.zone_assumed or row["zone_assumed"]) and _one_run(
                start, activity, row, wall_clock=True):
            return row
    return None


def _one_run(start: datetime, activity: Activity, row: RowMapping, *, wall_clock: bool) -> bool:
    new = _candidate(_compared_start(start, activity.utc_offset_s, wall_clock),
                     vars_of(activity), 0)
    old = _candidate(_compared_start(row["start_time"], row["utc_offset_s"], wall_clock),
                     row, row["sample_count"])
    return same_run(new, old)


def _compared_start(start: datetime, offset_s: int | None, wall_clock: bool) -> datetime:
    return start + timedelta(seconds=offset_s or 0) if wall_clock else start


def _merge(conn: Connection, athlete_id: int, match: RowMapping,
           item: ImportedActivity) -> bool:
    """Keep the richer of the stored record and ``item``; True when ``item`` won."""
    blob = item.encoded if item.encoded is not None else encode_samples(item.samples)
    activity = item.activity
    new = _candidate(activity.start_time, vars_of(activity), sample_count(blob))
    old = _candidate(match["start_time"], match, match["sample_count"])
    if richness(new) <= richness(old):
        return False
    values: dict[str, Any] = row_values(activity)
    for kept in ATHLETE_ENTRIES:  # what the athlete already set
        if values[kept] is None or (kept != "name" and match[kept] is not None):
            values[kept] = match[kept]
    # "It was a run" stays; a distance the runner corrected gives way to the
    # richer record's, and so does the answer that went with it.
    values["quality_review"] = "confirmed" if match["quality_review"] == "confirmed" else None
    table, samples = schema.activities, schema.activity_samples
    conn.execute(table.update().where(table.c.id == match["id"]).values(**values))
    conn.execute(samples.update().where(samples.c.activity_id == match["id"]).values(
        sample_count=sample_count(blob), data=blob))
    conn.execute(schema.activity_profiles.delete().where(
        schema.activity_profiles.c.activity_id == match["id"]))
    if item.profile is not None:
        insert_profile(conn, athlete_id, match["id"], item.profile)
    return True


def refuse_unreadable(parsed: ParsedFile, source_name: str) -> None:
    """Check every activity of ``parsed`` reads back before anything is saved.

    Raises
    ------
    InvalidActivity
        Naming the row or session whose values no reader accepts.
    """
    for item in parsed.activities:
        problems = activity_problems(vars_of(item.activity))
        if problems:
            where = (f"row {item.activity.session_index}" if parsed.source_format == "csv"
                     else f"session {item.activity.session_index + 1}")
            raise InvalidActivity(f"{source_name}: {where}: {'; '.join(problems)}; "
                                  "nothing from this file was saved")
