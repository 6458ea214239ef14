"""Store: saving imported files and reading activities back.

One file is saved in one transaction: its source-file row (whose unique
content hash makes a second import a ``duplicate``), its activities and their
samples. A kill mid-import therefore leaves the store as it was before that
file. SQLite runs in WAL mode, so readers never see a half-written file.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import platformdirs
from sqlalchemy import Engine, bindparam, create_engine, event, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from loadwatch.dedupe import Candidate, richness, same_run
from loadwatch.errors import InvalidActivity, StoreError, UsageError
from loadwatch.models import Activity, ImportedActivity, ParsedFile, Samples
from loadwatch.plausible import EARLIEST_START, FIELD_RANGES, activity_problems, latest_start
from loadwatch.samples_codec import decode_samples, encode_samples, sample_count
from loadwatch.store import jsonio, schema
from loadwatch.store.migrations import migrate

log = logging.getLogger("loadwatch")

ACTIVITY_FIELDS = ("name", "start_time", "utc_offset_s", "sport", "sub_sport", "distance_m",
                   "timer_s", "elapsed_s", "elevation_gain_m", "avg_hr", "max_hr",
                   "avg_cadence", "device", "source_format", "source_name", "content_hash",
                   "session_index", "rpe", "surface_override", "zone_assumed")


def default_url() -> str:
    """``LOADWATCH_DB`` if set, else a SQLite file in the user's data directory."""
    if os.environ.get("LOADWATCH_DB"):
        return os.environ["LOADWATCH_DB"]
    folder = Path(platformdirs.user_data_dir("loadwatch", appauthor=False))
    return f"sqlite:///{folder / 'loadwatch.db'}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


class Store:
    """An open store; create with ``Store(url)`` (migrates on open)."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        try:
            self.engine = _engine(self.url)
            migrate(self.engine)
        except SQLAlchemyError as err:
            reason = getattr(err, "orig", None) or err
            raise StoreError(f"cannot open the store at {_safe(self.url)}: {reason}") from err
        self._athlete_ids: dict[str, int] = {}
        self._warned: set[int] = set()  # activities left out, each told once

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Athletes -----------------------------------------------------------------
    def athlete_id(self, name: str, *, create: bool = True) -> int | None:
        """The id of the athlete ``name``, created on first use when ``create``."""
        if name in self._athlete_ids:
            return self._athlete_ids[name]
        table = schema.athletes
        with self.engine.begin() as conn:
            found = conn.execute(select(table.c.id).where(table.c.name == name)).scalar()
            if found is None and create:
                try:
                    with conn.begin_nested():
                        found = conn.execute(table.insert().values(
                            name=name, created_at=_now())).inserted_primary_key[0]
                except IntegrityError:
                    found = conn.execute(select(table.c.id).where(table.c.name == name)).scalar()
        if found is not None:
            self._athlete_ids[name] = found
        return found

    def data_version(self, athlete: str) -> int | None:
        """A number that changes whenever the athlete's data does (None: no such athlete)."""
        table = schema.athletes
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.data_version).where(
                table.c.name == athlete)).scalar()

    def athletes(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(schema.athletes.c.name).order_by(
                schema.athletes.c.name)).scalars())

    # Import -------------------------------------------------------------------
    def known_hashes(self, athlete: str) -> set[str]:
        """Content hashes of every file already imported for ``athlete``."""
        athlete_id = self.athlete_id(athlete)
        table = schema.source_files
        with self.engine.connect() as conn:
            return set(conn.execute(select(table.c.content_hash).where(
                table.c.athlete_id == athlete_id, table.c.complete.is_(True))).scalars())

    def save_file(self, athlete: str, parsed: ParsedFile, *, source_name: str,
                  size_bytes: int) -> SaveResult | None:
        """Save one parsed file in one transaction; None when its content is known.

        An activity that is the same run as one already stored (from another
        file) is merged into it: the richer record is kept, and the file is
        remembered as one of the activity's sources.
        """
        _refuse_unreadable(parsed, source_name)
        athlete_id = self.athlete_id(athlete)
        try:
            for attempt in _reconnecting():
                with attempt, self.engine.begin() as conn:
                    return self._save_file(conn, athlete_id, parsed, source_name, size_bytes)
        except IntegrityError as err:
            if self._has_hash(athlete_id, parsed.content_hash):
                return None
            raise StoreError(f"could not save {source_name}: {err.orig}") from err
        except SQLAlchemyError as err:
            reason = getattr(err, "orig", None) or err  # without SQLAlchemy's help line
            raise StoreError(f"could not save {source_name}: {reason}") from err
        raise AssertionError("unreachable: the retry loop returns or raises")

    def _save_file(self, conn, athlete_id: int, parsed: ParsedFile, source_name: str,
                   size_bytes: int) -> SaveResult | None:
        file_id = _reopened_file(conn, athlete_id, parsed.content_hash)
        reopened = file_id is not None
        if not reopened:
            # Parameters apart from the statement: SQLAlchemy then reuses one
            # compiled INSERT for every file.
            file_id = conn.execute(schema.source_files.insert(), dict(
                athlete_id=athlete_id, content_hash=parsed.content_hash,
                source_name=source_name, source_format=parsed.source_format,
                size_bytes=size_bytes, decoder=parsed.decoder,
                warnings=jsonio.dumps(parsed.warnings), imported_at=_now(),
            )).inserted_primary_key[0]
            if parsed.original is not None:
                compression, data = parsed.original
                conn.execute(schema.source_originals.insert(), dict(
                    source_file_id=file_id, athlete_id=athlete_id,
                    compression=compression, data=data))
        result = SaveResult()
        for item in parsed.activities:
            if reopened and _stored_activity(conn, athlete_id, item.activity.content_hash):
                continue  # the file was imported before: only its deleted activities return
            match = _same_run(conn, athlete_id, item.activity)
            if match is None:
                result.new.append(self._save_activity(conn, athlete_id, file_id, item))
                continue
            replaced = _merge(conn, athlete_id, match, item)
            _link(conn, athlete_id, match["id"], file_id)
            result.merged.append((match["id"], replaced))
        touch(conn, athlete_id)
        return result

    def _has_hash(self, athlete_id: int, content_hash: str) -> bool:
        table = schema.source_files
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.id).where(
                table.c.athlete_id == athlete_id,
                table.c.content_hash == content_hash)).first() is not None

    @staticmethod
    def _save_activity(conn, athlete_id: int, file_id: int, item: ImportedActivity) -> int:
        activity = item.activity
        values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
        values["start_time"] = _naive_utc(activity.start_time)
        activity_id = conn.execute(schema.activities.insert(), dict(
            athlete_id=athlete_id, source_file_id=file_id, created_at=_now(),
            warnings=jsonio.dumps(list(activity.warnings)), **values,
        )).inserted_primary_key[0]
        blob = item.encoded if item.encoded is not None else encode_samples(item.samples)
        conn.execute(schema.activity_samples.insert(), dict(
            activity_id=activity_id, athlete_id=athlete_id,
            sample_count=sample_count(blob), data=blob))
        if item.profile is not None:
            _insert_profile(conn, athlete_id, activity_id, item.profile)
        _link(conn, athlete_id, activity_id, file_id)
        return activity_id

    # Reading ------------------------------------------------------------------
    def activities(self, athlete: str) -> list[Activity]:
        """The athlete's activities, newest first."""
        athlete_id = self.athlete_id(athlete, create=False)
        if athlete_id is None:
            return []
        table = schema.activities
        query = (select(table).where(table.c.athlete_id == athlete_id)
                 .order_by(table.c.start_time.desc(), table.c.id.desc()))
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [_activity(row, athlete) for row in rows if _readable(row, self._warned)]

    def activity_columns(self, athlete: str) -> dict[str, list]:
        """The athlete's activities as columns (``id`` and ACTIVITY_FIELDS), newest first.

        The metrics' reading: no Activity objects, start times as stored (naive UTC).
        """
        athlete_id = self.athlete_id(athlete, create=False)
        table = schema.activities
        names = ("id", *ACTIVITY_FIELDS)
        query = (select(*[table.c[name] for name in names])
                 .where(table.c.athlete_id == athlete_id)
                 .order_by(table.c.start_time.desc(), table.c.id.desc()))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all() if athlete_id is not None else []
        columns = {name: list(values) for name, values in
                   zip(names, zip(*rows, strict=True) if rows else [()] * len(names),
                       strict=True)}
        return _without_unreadable(columns, self._warned)

    def samples(self, activity_id: int) -> Samples:
        """One activity's samples as float64 numpy columns."""
        table = schema.activity_samples
        with self.engine.connect() as conn:
            blob = conn.execute(select(table.c.data).where(
                table.c.activity_id == activity_id)).scalar()
        if blob is None:
            raise StoreError(f"no activity {activity_id}")
        return decode_samples(bytes(blob))

    def activity(self, athlete: str, activity_id: int) -> Activity:
        """One of the athlete's activities; UsageError when there is none."""
        table = schema.activities
        athlete_id = self.athlete_id(athlete, create=False)
        with self.engine.connect() as conn:
            row = conn.execute(select(table).where(
                table.c.id == activity_id, table.c.athlete_id == athlete_id)).mappings().first()
        if row is None:
            raise UsageError(f"{athlete} has no activity {activity_id}")
        problems = activity_problems(row)
        if problems:
            raise UsageError(f"activity {activity_id} holds values no reader accepts "
                             f"({'; '.join(problems)}): `loadwatch check --repair` mends it, "
                             f"or `loadwatch activity {activity_id} delete` removes it")
        return _activity(row, athlete)

    def update_activity(self, athlete: str, activity_id: int, changes: dict) -> Activity:
        """Apply checked edits (surface, rpe, sport, name) to one activity."""
        self.activity(athlete, activity_id)
        columns = {("surface_override" if key == "surface" else key): value
                   for key, value in changes.items()}
        table = schema.activities
        with self.engine.begin() as conn:
            conn.execute(table.update().where(table.c.id == activity_id).values(**columns))
            touch(conn, self.athlete_id(athlete))
        return self.activity(athlete, activity_id)

    # Settings -------------------------------------------------------------------
    def settings(self, athlete: str) -> dict[str, str]:
        """The athlete's stored settings (text, as normalised on the way in)."""
        athlete_id = self.athlete_id(athlete)
        table = schema.athlete_settings
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.key, table.c.value).where(
                table.c.athlete_id == athlete_id))
            return dict(rows.all())

    def all_settings(self) -> dict[str, dict[str, str]]:
        """Every athlete's stored settings, in one query (athletes without any included)."""
        athletes, table = schema.athletes, schema.athlete_settings
        query = (select(athletes.c.name, table.c.key, table.c.value)
                 .join(table, table.c.athlete_id == athletes.c.id, isouter=True)
                 .order_by(athletes.c.name))
        result: dict[str, dict[str, str]] = {}
        with self.engine.connect() as conn:
            for name, key, value in conn.execute(query):
                stored = result.setdefault(name, {})
                if key is not None:
                    stored[key] = value
        return result

    def set_settings(self, athlete: str, values: dict[str, str]) -> None:
        """Store settings (one transaction; other keys stay as they are)."""
        athlete_id = self.athlete_id(athlete)
        table = schema.athlete_settings
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.athlete_id == athlete_id,
                                              table.c.key.in_(list(values))))
            if values:
                conn.execute(table.insert(), [{"athlete_id": athlete_id, "key": key,
                                               "value": value} for key, value in values.items()])
            touch(conn, athlete_id)

    # Profiles -------------------------------------------------------------------
    def profiles(self, athlete: str, version: int) -> dict[int, dict]:
        """Activity id -> stored profile of that version."""
        athlete_id = self.athlete_id(athlete)
        table = schema.activity_profiles
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.activity_id, table.c.data).where(
                table.c.athlete_id == athlete_id, table.c.version == version)).all()
        # One parse for all, with orjson: a club's --send-due reads hundreds of
        # thousands, and the standard parser took 13 ms of each athlete's ~110.
        try:
            parsed = orjson.loads("[" + ",".join(data for _, data in rows) + "]")
        except orjson.JSONDecodeError:
            return _sound_profiles(rows)
        return {activity_id: profile for (activity_id, _), profile in
                zip(rows, parsed, strict=True) if isinstance(profile, dict)}

    def save_profiles(self, athlete: str, profiles: dict[int, dict]) -> None:
        athlete_id = self.athlete_id(athlete)
        table = schema.activity_profiles
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.activity_id.in_(list(profiles))))
            for activity_id, profile in profiles.items():
                _insert_profile(conn, athlete_id, activity_id, profile)

    def sources(self, athlete: str) -> dict[int, list[str]]:
        """Activity id -> the names of every file it was read from."""
        athlete_id = self.athlete_id(athlete)
        links, files = schema.activity_sources, schema.source_files
        query = (select(links.c.activity_id, files.c.source_name)
                 .join(files, files.c.id == links.c.source_file_id)
                 .where(links.c.athlete_id == athlete_id).order_by(files.c.id))
        result: dict[int, list[str]] = {}
        with self.engine.connect() as conn:
            for activity_id, name in conn.execute(query):
                result.setdefault(activity_id, []).append(name)
        return result

    # Diary ------------------------------------------------------------------------
    def add_entry(self, athlete: str, entry: dict) -> int:
        """Store a diary entry (its ``as_dict()``); returns its id."""
        table = schema.diary_entries
        values = {k: v for k, v in entry.items() if k != "id"}
        athlete_id = self.athlete_id(athlete)
        with self.engine.begin() as conn:
            touch(conn, athlete_id)
            return conn.execute(table.insert(), {
                "athlete_id": athlete_id, "data": jsonio.dumps(values),
                "date": datetime.fromisoformat(values["date"]), "created_at": _now(),
            }).inserted_primary_key[0]

    def entries(self, athlete: str) -> list[dict]:
        """The athlete's diary entries, oldest first, each with its ``id``."""
        table = schema.diary_entries
        query = (select(table.c.id, table.c.data).where(
            table.c.athlete_id == self.athlete_id(athlete))
            .order_by(table.c.date, table.c.id))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{**entry, "id": entry_id} for entry_id, entry in _sound_entries(rows)]

    def replace_entry(self, athlete: str, entry_id: int, entry: dict) -> None:
        table = schema.diary_entries
        values = {k: v for k, v in entry.items() if k != "id"}
        with self.engine.begin() as conn:
            done = conn.execute(table.update().where(
                table.c.id == entry_id, table.c.athlete_id == self.athlete_id(athlete)).values(
                data=jsonio.dumps(values), date=datetime.fromisoformat(values["date"])))
            touch(conn, self.athlete_id(athlete))
        if done.rowcount == 0:
            raise UsageError(f"{athlete} has no diary entry {entry_id}")

    def delete_entry(self, athlete: str, entry_id: int) -> None:
        table = schema.diary_entries
        with self.engine.begin() as conn:
            done = conn.execute(table.delete().where(
                table.c.id == entry_id, table.c.athlete_id == self.athlete_id(athlete)))
            touch(conn, self.athlete_id(athlete))
        if done.rowcount == 0:
            raise UsageError(f"{athlete} has no diary entry {entry_id}")

    def add_comment(self, athlete: str, entry_id: int, author: str, text: str) -> int:
        """A comment (a coach's, or the athlete's reply) on one diary entry."""
        if not text.strip():
            raise UsageError("a comment needs some text")
        entries = schema.diary_entries
        athlete_id = self.athlete_id(athlete)
        with self.engine.begin() as conn:
            if conn.execute(select(entries.c.id).where(
                    entries.c.id == entry_id, entries.c.athlete_id == athlete_id)).first() is None:
                raise UsageError(f"{athlete} has no diary entry {entry_id}")
            touch(conn, athlete_id)
            return conn.execute(schema.diary_comments.insert(), {
                "athlete_id": athlete_id, "entry_id": entry_id, "author": author,
                "text": text.strip(), "at": _now()}).inserted_primary_key[0]

    def comments(self, athlete: str) -> dict[int, list[dict]]:
        """Diary entry id -> its comments, oldest first."""
        table = schema.diary_comments
        query = (select(table.c.entry_id, table.c.author, table.c.text, table.c.at)
                 .where(table.c.athlete_id == self.athlete_id(athlete)).order_by(table.c.id))
        result: dict[int, list[dict]] = {}
        with self.engine.connect() as conn:
            for entry_id, author, text, at in conn.execute(query):
                result.setdefault(entry_id, []).append(
                    {"author": author, "text": text,
                     "at": at.isoformat(timespec="seconds") if at else None})
        return result

    def delete_athlete(self, athlete: str) -> dict[str, int]:
        """Remove the athlete and every row that is theirs, in one transaction.

        Returns the rows removed per table. Every table but the athlete list
        itself carries ``athlete_id`` with ON DELETE CASCADE; the rows are
        deleted explicitly anyway so that the count is reported and nothing
        depends on SQLite's foreign-key pragma.
        """
        athlete_id = self.athlete_id(athlete, create=False)
        if athlete_id is None:
            raise UsageError(f"no athlete called {athlete}")
        removed = {}
        with self.engine.begin() as conn:
            for table in reversed(schema.metadata.sorted_tables):
                if "athlete_id" in table.c and table is not schema.athletes:
                    removed[table.name] = conn.execute(table.delete().where(
                        table.c.athlete_id == athlete_id)).rowcount
            conn.execute(schema.athletes.delete().where(schema.athletes.c.id == athlete_id))
        self._athlete_ids.pop(athlete, None)
        return removed

    # Computed views ---------------------------------------------------------------
    def cached_view(self, athlete: str, name: str, key: tuple[int, str, int]) -> bytes | None:
        """A view saved for exactly this key (data version, day, format), else None."""
        table = schema.view_cache
        version, day, form = key
        try:
            with self.engine.connect() as conn:
                payload = conn.execute(select(table.c.payload).where(
                    table.c.athlete_id == self.athlete_id(athlete), table.c.name == name,
                    table.c.data_version == version, table.c.day == day,
                    table.c.format == form)).scalar()
        except SQLAlchemyError:
            return None  # a cache that cannot be read is a miss
        return None if payload is None else bytes(payload)

    def save_view(self, athlete: str, name: str, key: tuple[int, str, int],
                  payload: bytes) -> None:
        """Keep the newest view of each name; views of other keys are dropped.

        Two workers saving the same view at once is harmless: one wins.
        """
        table = schema.view_cache
        version, day, form = key
        athlete_id = self.athlete_id(athlete)
        stale = ((table.c.data_version != version) | (table.c.day != day)
                 | (table.c.format != form))
        try:
            with self.engine.begin() as conn:
                conn.execute(table.delete().where(
                    table.c.athlete_id == athlete_id, (table.c.name == name) | stale))
                conn.execute(table.insert(), {"athlete_id": athlete_id, "name": name,
                                              "data_version": version, "day": day,
                                              "format": form, "payload": payload})
        except IntegrityError:
            pass  # another worker saved it first
        except SQLAlchemyError as err:  # a full disk, a read-only store: it only costs speed
            log.warning("the view cache could not be written (%s); pages are computed "
                        "afresh", getattr(err, "orig", None) or err)

    # Summary ledger -------------------------------------------------------------
    def summary_sent(self, athlete: str, week_start: str) -> bool:
        """Whether the summary of that week was sent successfully."""
        table = schema.summary_sends
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.id).where(
                table.c.athlete_id == self.athlete_id(athlete),
                table.c.week_start == week_start, table.c.status == "sent")).first() is not None

    def record_send(self, athlete: str, week_start: str, address: str, status: str,
                    error: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(schema.summary_sends.insert(), {
                "athlete_id": self.athlete_id(athlete), "week_start": week_start,
                "address": address, "status": status, "error": error, "at": _now()})

    def sends(self, athlete: str) -> list[dict]:
        table = schema.summary_sends
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).where(
                table.c.athlete_id == self.athlete_id(athlete)).order_by(table.c.id))
            return [dict(row) for row in rows.mappings()]

    def counts(self, athlete: str) -> dict[str, int]:
        """How many files, activities and sample blobs the athlete has."""
        athlete_id = self.athlete_id(athlete, create=False)
        tables = {"files": schema.source_files, "activities": schema.activities,
                  "samples": schema.activity_samples}
        with self.engine.connect() as conn:
            return {key: conn.execute(select(func.count()).select_from(table).where(
                table.c.athlete_id == athlete_id)).scalar_one() for key, table in tables.items()}


@dataclass
class SaveResult:
    """What saving one file did: new activity ids, and (id, replaced) merges."""

    new: list[int] = field(default_factory=list)
    merged: list[tuple[int, bool]] = field(default_factory=list)


def _reconnecting():
    """Attempts of one transaction, retried when the database connection was lost.

    A PostgreSQL restart in the middle of an import drops every open
    connection; the file's transaction then rolled back whole, so it is safe
    to run again (pool_pre_ping gives the retry a fresh connection).
    """
    return Retrying(retry=retry_if_exception(_connection_lost), stop=stop_after_attempt(5),
                    wait=wait_exponential(multiplier=0.5, max=8), reraise=True)


def _connection_lost(err: BaseException) -> bool:
    return isinstance(err, DBAPIError) and bool(err.connection_invalidated)


def _reopened_file(conn, athlete_id: int, content_hash: str) -> int | None:
    """The id of this file if it is known but lost an activity to a deletion."""
    table = schema.source_files
    file_id = conn.execute(select(table.c.id).where(
        table.c.athlete_id == athlete_id, table.c.content_hash == content_hash,
        table.c.complete.is_(False))).scalar()
    if file_id is not None:
        conn.execute(table.update().where(table.c.id == file_id).values(complete=True))
    return file_id


def _stored_activity(conn, athlete_id: int, content_hash: str) -> int | None:
    table = schema.activities
    return conn.execute(select(table.c.id).where(
        table.c.athlete_id == athlete_id, table.c.content_hash == content_hash)).scalar()


def _candidate(start: datetime, activity_like, samples: int) -> Candidate:
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


def _same_run(conn, athlete_id: int, activity: Activity):
    """The stored activity that is the same run as ``activity``, if any."""
    start = _naive_utc(activity.start_time)
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


def _one_run(start: datetime, activity: Activity, row, *, wall_clock: bool) -> bool:
    new = _candidate(_compared_start(start, activity.utc_offset_s, wall_clock),
                     vars_of(activity), 0)
    old = _candidate(_compared_start(row["start_time"], row["utc_offset_s"], wall_clock), row,
                     row["sample_count"])
    return same_run(new, old)


def _compared_start(start: datetime, offset_s: int | None, wall_clock: bool) -> datetime:
    return start + timedelta(seconds=offset_s or 0) if wall_clock else start


def _merge(conn, athlete_id: int, match, item: ImportedActivity) -> bool:
    """Keep the richer of the stored record and ``item``; True when ``item`` won."""
    blob = item.encoded if item.encoded is not None else encode_samples(item.samples)
    activity = item.activity
    new = _candidate(activity.start_time, vars_of(activity), sample_count(blob))
    old = _candidate(match["start_time"], match, match["sample_count"])
    if richness(new) <= richness(old):
        return False
    values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    values["start_time"] = _naive_utc(activity.start_time)
    for kept in ("rpe", "surface_override", "name"):  # what the athlete already set
        if values[kept] is None or (kept != "name" and match[kept] is not None):
            values[kept] = match[kept]
    table, samples = schema.activities, schema.activity_samples
    conn.execute(table.update().where(table.c.id == match["id"]).values(**values))
    conn.execute(samples.update().where(samples.c.activity_id == match["id"]).values(
        sample_count=sample_count(blob), data=blob))
    conn.execute(schema.activity_profiles.delete().where(
        schema.activity_profiles.c.activity_id == match["id"]))
    if item.profile is not None:
        _insert_profile(conn, athlete_id, match["id"], item.profile)
    return True


def touch(conn, athlete_id: int) -> None:
    """Raise the athlete's data version (in the writer's transaction)."""
    table = schema.athletes
    conn.execute(table.update().where(table.c.id == athlete_id).values(
        data_version=table.c.data_version + 1))


def _link(conn, athlete_id: int, activity_id: int, file_id: int) -> None:
    conn.execute(schema.activity_sources.insert(), {
        "activity_id": activity_id, "source_file_id": file_id, "athlete_id": athlete_id})


def _insert_profile(conn, athlete_id: int, activity_id: int, profile: dict) -> None:
    conn.execute(schema.activity_profiles.insert(), {
        "activity_id": activity_id, "athlete_id": athlete_id,
        "version": profile["version"], "data": jsonio.dumps(profile)})


def _refuse_unreadable(parsed: ParsedFile, source_name: str) -> None:
    """InvalidActivity when an activity of ``parsed`` could not be read back."""
    for item in parsed.activities:
        problems = activity_problems(vars_of(item.activity))
        if problems:
            where = (f"row {item.activity.session_index}" if parsed.source_format == "csv"
                     else f"session {item.activity.session_index + 1}")
            raise InvalidActivity(f"{source_name}: {where}: {'; '.join(problems)}; "
                                  "nothing from this file was saved")


def _readable(row, warned: set[int]) -> bool:
    """Whether a stored activity row is one every reader accepts (else logged once)."""
    problems = activity_problems(row)
    if problems and row["id"] not in warned:
        warned.add(row["id"])
        log.warning("activity %s is left out: %s (loadwatch check --repair mends it)",
                    row["id"], "; ".join(problems))
    return not problems


def _without_unreadable(columns: dict[str, list], warned: set[int]) -> dict[str, list]:
    """The columns without the rows a reader would not accept.

    A quick screen over the numbers and start times finds the suspects; only
    those are checked in full (a club's --send-due reads hundreds of
    thousands of rows).
    """
    count = len(columns["id"])
    suspect = [False] * count
    for name, (low, high, _) in FIELD_RANGES.items():
        for index, value in enumerate(columns[name]):
            if value is not None and not (isinstance(value, int | float) and low <= value <= high):
                suspect[index] = True
    earliest, latest = _naive_utc(EARLIEST_START), _naive_utc(latest_start())
    for index, start in enumerate(columns["start_time"]):
        if not (isinstance(start, datetime) and earliest <= start < latest):
            suspect[index] = True
    if not any(suspect):
        return columns
    keep = [not bad or _readable(dict(zip(columns, row, strict=True)), warned)
            for bad, row in zip(suspect, zip(*columns.values(), strict=True), strict=True)]
    return {name: [v for v, k in zip(values, keep, strict=True) if k]
            for name, values in columns.items()}


def _sound_entries(rows) -> list[tuple[int, dict]]:
    """(id, entry) of the diary rows that parse; a damaged one is logged and left out."""
    result = []
    for entry_id, data in rows:
        try:
            entry = jsonio.loads(data)
        except ValueError:
            entry = None
        if isinstance(entry, dict) and isinstance(entry.get("date"), str):
            result.append((entry_id, entry))
        else:
            log.warning("diary entry %s is damaged and left out (loadwatch check)", entry_id)
    return result


def _sound_profiles(rows) -> dict[int, dict]:
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


def vars_of(activity: Activity) -> dict:
    return {name: getattr(activity, name) for name in ("id", "athlete", *ACTIVITY_FIELDS)}


def _activity(row, athlete: str) -> Activity:
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


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL: readers never block the importer and a killed writer leaves the
    # last committed state; NORMAL sync is durable across process crashes.
    cursor = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
