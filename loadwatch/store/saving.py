"""Saving imported files, and merging the same run arriving from several files.

Files are saved in batches: one transaction a batch, one savepoint a file
inside it. A file the database refuses rolls back to its savepoint alone and
is reported; the others of the batch are saved. A kill mid-import leaves the
store as it was after the last committed batch, and importing again
completes it (the saved files are known by their content hash). Each file is
whole: its source-file row (whose unique content hash makes a second import a
``duplicate``), its activities and their samples. An activity that is the
same run as one already stored is merged into it: the richer record is kept,
and the file is remembered as one of its sources.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, bindparam, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from loadwatch.dedupe import Candidate, richness, same_run
from loadwatch.errors import InvalidActivity, LoadwatchError, StoreError
from loadwatch.models import Activity, ImportedActivity, ParsedFile
from loadwatch.plausible import activity_problems
from loadwatch.samples_codec import encode_samples, sample_count
from loadwatch.store import jsonio, schema
from loadwatch.store.activities import ATHLETE_ENTRIES, Row, row_values, vars_of
from loadwatch.store.athletes import Athletes, touch
from loadwatch.store.engine import (
    connection_lost,
    inserted_id,
    naive_utc,
    now,
    reason,
    reconnecting,
)
from loadwatch.store.pending import Pending

log = logging.getLogger("loadwatch")


@dataclass
class SaveResult:
    """What saving one file did: new activity ids, and (id, replaced) merges."""

    new: list[int] = field(default_factory=list)
    merged: list[tuple[int, bool]] = field(default_factory=list)


@dataclass
class FileToSave:
    """One parsed file of a batch, with its name and size as read."""

    parsed: ParsedFile
    source_name: str
    size_bytes: int


# What saving one file of a batch gave: its result, None for content already
# stored, or the error that rolled it back alone.
Outcome = SaveResult | LoadwatchError | None


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

    def stored_since(self, athlete: str, source_name: str, since: datetime) -> bool:
        """Whether a file named ``source_name`` was stored at ``since`` (naive UTC) or later."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return False
        table = schema.source_files
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.id).where(
                table.c.athlete_id == athlete_id, table.c.source_name == source_name,
                table.c.imported_at >= since).limit(1)).first() is not None

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
        (outcome,) = self.save_files(athlete, [FileToSave(parsed, source_name, size_bytes)])
        if isinstance(outcome, LoadwatchError):
            raise outcome
        return outcome

    def save_files(self, athlete: str, files: list[FileToSave]) -> list[Outcome]:
        """Save parsed files in one transaction, each in a savepoint of its own.

        Parameters
        ----------
        athlete : str
            Whose files they are (created on the first save).
        files : list of FileToSave
            The batch, in order.

        Returns
        -------
        list
            One outcome per file, in order: a SaveResult, None for content
            already stored (also the second of two equal files in the batch),
            or the InvalidActivity or StoreError that rolled that file back
            alone. Nothing of a batch is visible to readers before all of it is.
        """
        refused = [_refusal(item) for item in files]
        athlete_id = self.athletes.ensure(athlete)
        try:
            for attempt in reconnecting():
                with attempt, self.engine.begin() as conn:
                    return _save_batch(conn, athlete_id, files, list(refused))
        except SQLAlchemyError as err:
            if len(files) > 1:
                # The batch as a whole failed (its commit, a lost server):
                # each file in a transaction of its own says which, if any.
                log.warning("saving a batch of %d files failed (%s); saving them one "
                            "by one", len(files), reason(err))
                return [self.save_files(athlete, [item])[0] for item in files]
            return [StoreError(f"could not save {files[0].source_name}: {reason(err)}")]
        raise AssertionError("unreachable: the retry loop returns or raises")


def _refusal(item: FileToSave) -> InvalidActivity | None:
    try:
        refuse_unreadable(item.parsed, item.source_name)
    except InvalidActivity as err:
        return err
    return None


def _save_batch(conn: Connection, athlete_id: int, files: list[FileToSave],
                outcomes: list[Outcome]) -> list[Outcome]:
    # A write first: SQLite's driver opens the transaction at the first
    # write, and a savepoint opened before it would commit on release.
    touch(conn, athlete_id)
    pending = Pending()
    for index, item in enumerate(files):
        if outcomes[index] is None:
            outcomes[index] = _save_in_savepoint(conn, athlete_id, item, pending)
    pending.write(conn)
    return outcomes


def _save_in_savepoint(conn: Connection, athlete_id: int, item: FileToSave,
                       pending: Pending) -> Outcome:
    """One file of a batch; an error rolls back this file alone and is returned."""
    staged = Pending()
    name = item.source_name
    try:
        with conn.begin_nested():
            result = _save_file(conn, athlete_id, item, staged)
    except IntegrityError as err:
        if _has_hash(conn, athlete_id, item.parsed.content_hash):
            return None  # saved meanwhile by another importer
        return StoreError(f"could not save {name}: {err.orig}")
    except SQLAlchemyError as err:
        if connection_lost(err):
            raise  # the whole batch is gone: retried
        return StoreError(f"could not save {name}: {reason(err)}")
    except Exception as err:  # a bug must not lose the other files: report it
        log.exception("saving %s failed", name)
        return StoreError(f"unexpected {type(err).__name__}: {err}")
    if result is not None:
        pending.absorb(staged)
    return result


def _save_file(conn: Connection, athlete_id: int, item: FileToSave,
               pending: Pending) -> SaveResult | None:
    parsed = item.parsed
    known = _known_file(conn, athlete_id, parsed.content_hash)
    if known is not None and known[1]:
        return None  # stored whole already (or earlier in this batch)
    reopened = known is not None
    file_id = known[0] if known else _insert_file(conn, athlete_id, item, pending)
    result = SaveResult()
    for imported in parsed.activities:
        if reopened and _stored_activity(conn, athlete_id, imported.activity.content_hash):
            continue  # the file was imported before: only its deleted activities return
        match = _same_run(conn, athlete_id, imported.activity)
        if match is None:
            result.new.append(save_activity(conn, athlete_id, file_id, imported, pending))
            continue
        replaced = _merge(conn, athlete_id, match, imported, pending)
        pending.link(athlete_id, match["id"], file_id)
        result.merged.append((match["id"], replaced))
    return result


def _insert_file(conn: Connection, athlete_id: int, item: FileToSave,
                 pending: Pending) -> int:
    parsed = item.parsed
    # Parameters apart from the statement: SQLAlchemy then reuses one
    # compiled INSERT for every file.
    file_id = inserted_id(conn.execute(_INSERT_FILE, dict(
        athlete_id=athlete_id, content_hash=parsed.content_hash,
        source_name=item.source_name, source_format=parsed.source_format,
        size_bytes=item.size_bytes, decoder=parsed.decoder,
        warnings=jsonio.dumps(parsed.warnings), imported_at=now(),
    )))
    if parsed.original is not None:
        pending.original(athlete_id, file_id, parsed.original)
    return file_id


def save_activity(conn: Connection, athlete_id: int, file_id: int,
                  item: ImportedActivity, pending: Pending | None = None) -> int:
    """Insert one activity read from file ``file_id``, its samples, profile and link.

    In a batch, its profile and its link to the file wait in ``pending``.

    Returns
    -------
    int
        The new activity's id.
    """
    activity, alone = item.activity, pending is None
    pending = Pending() if pending is None else pending
    activity_id = inserted_id(conn.execute(_INSERT_ACTIVITY, dict(
        athlete_id=athlete_id, source_file_id=file_id, created_at=now(),
        warnings=jsonio.dumps(list(activity.warnings)), **row_values(activity),
    )))
    blob = item.encoded if item.encoded is not None else encode_samples(item.samples)
    conn.execute(_INSERT_SAMPLES, dict(
        activity_id=activity_id, athlete_id=athlete_id,
        sample_count=sample_count(blob), data=blob))
    if item.profile is not None:
        pending.profile(athlete_id, activity_id, item.profile)
    pending.link(athlete_id, activity_id, file_id)
    if alone:
        pending.write(conn)
    return activity_id


# Statements built once: each file of an import runs them, and building one
# (and its cache key) cost SQLAlchemy more than SQLite took to run it.
_INSERT_FILE = schema.source_files.insert()
_INSERT_ACTIVITY = schema.activities.insert()
_INSERT_SAMPLES = schema.activity_samples.insert()
_KNOWN_FILE = select(schema.source_files.c.id, schema.source_files.c.complete).where(
    schema.source_files.c.athlete_id == bindparam("athlete_id"),
    schema.source_files.c.content_hash == bindparam("content_hash"))


def _known_file(conn: Connection, athlete_id: int, content_hash: str) -> tuple[int, bool] | None:
    """(id, complete) of this file when stored; one that lost an activity is reopened."""
    table = schema.source_files
    row = conn.execute(_KNOWN_FILE, {"athlete_id": athlete_id,
                                     "content_hash": content_hash}).first()
    if row is None:
        return None
    if not row.complete:
        conn.execute(table.update().where(table.c.id == row.id).values(complete=True))
    return row.id, bool(row.complete)


def _has_hash(conn: Connection, athlete_id: int, content_hash: str) -> bool:
    table = schema.source_files
    return conn.execute(select(table.c.id).where(
        table.c.athlete_id == athlete_id,
        table.c.content_hash == content_hash)).first() is not None


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
           item: ImportedActivity, pending: Pending) -> bool:
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
    pending.profile(athlete_id, match["id"], item.profile)  # also one still waiting
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
