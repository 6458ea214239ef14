"""The store: one object over the repositories that keep loadwatch's data.

:class:`Store` opens the database (and migrates it), then hands each call to
the repository that owns it: the athletes and their settings
(:mod:`~loadwatch.store.athletes`), saving imported files
(:mod:`~loadwatch.store.saving`), reading activities
(:mod:`~loadwatch.store.activities`), the diary (:mod:`~loadwatch.store.diary`),
acknowledged red flags (:mod:`~loadwatch.store.acknowledgements`),
the summary ledger and view cache (:mod:`~loadwatch.store.ledger`) and team
accounts (:mod:`~loadwatch.store.accounts`, as ``store.accounts``), failed logins
(``store.logins``), the audit log (``store.audit``) and a team server's import
jobs (:mod:`~loadwatch.store.jobs`, as ``store.import_jobs``).

Reads never create an athlete: for a name the store does not hold they
answer with nothing (no activities, no settings, no entries). Writes create
the athlete they write for.
"""

from __future__ import annotations

from datetime import date, datetime
from types import TracebackType
from typing import Any, Literal, overload

from sqlalchemy.exc import SQLAlchemyError

from loadwatch.errors import StoreError
from loadwatch.models import Activity, ParsedFile, Samples
from loadwatch.store.accounts import Accounts
from loadwatch.store.acknowledgements import Acknowledgements
from loadwatch.store.activities import ACTIVITY_FIELDS, Activities, vars_of
from loadwatch.store.athletes import Athletes, touch
from loadwatch.store.audit import AuditLog
from loadwatch.store.diary import Diary
from loadwatch.store.engine import (
    default_url,
    libpq_url,
    open_engine,
    reason,
    redacted,
    store_url,
)
from loadwatch.store.jobs import ImportJobs, ensure_tables
from loadwatch.store.ledger import Ledger, ViewCache, ViewKey
from loadwatch.store.logins import Logins
from loadwatch.store.migrations import migrate
from loadwatch.store.saving import FileToSave, Outcome, SaveResult, Saving

__all__ = ["ACTIVITY_FIELDS", "SaveResult", "Store", "default_url", "touch", "vars_of"]


class Store:
    """An open store; create with ``Store(url)`` (migrates on open).

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL (SQLite or PostgreSQL) or a SQLite file's path;
        default :func:`default_url`.

    Raises
    ------
    StoreError
        When the database cannot be opened or migrated (the message shows the
        URL without its password).
    """

    def __init__(self, url: str | None = None):
        self.url = store_url(url) if url else default_url()
        try:
            self.engine = open_engine(self.url)
            migrate(self.engine)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot open the store at {redacted(self.url)}: "
                             f"{reason(err)}") from err
        self._athletes = Athletes(self.engine)
        self._activities = Activities(self.engine, self._athletes, set())
        self._saving = Saving(self.engine, self._athletes)
        self._diary = Diary(self.engine, self._athletes)
        self._acknowledgements = Acknowledgements(self.engine, self._athletes)
        self._ledger = Ledger(self.engine, self._athletes)
        self._views = ViewCache(self.engine, self._athletes)
        self.accounts = Accounts(self.engine, self._athletes)
        self.logins = Logins(self.engine)
        self.audit = AuditLog(self.engine)
        self.import_jobs = ImportJobs(self.engine, self._athletes)

    def close(self) -> None:
        """Close every connection of the store."""
        self.engine.dispose()

    @property
    def shared(self) -> bool:
        """Whether this is a team server's database (PostgreSQL), shared by many machines."""
        return self.engine.dialect.name == "postgresql"

    def libpq_url(self) -> str:
        """The store's PostgreSQL URL as libpq reads it (for the job queue's connections)."""
        return libpq_url(self.url)

    def ensure_queue_tables(self, marker: str, sql: str) -> bool:
        """Install the job queue's tables (``sql``) unless ``marker`` exists; True if it ran."""
        return ensure_tables(self.engine, marker, sql)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # Athletes -----------------------------------------------------------------
    @overload
    def athlete_id(self, name: str, *, create: Literal[True] = True) -> int: ...

    @overload
    def athlete_id(self, name: str, *, create: bool) -> int | None: ...

    def athlete_id(self, name: str, *, create: bool = True) -> int | None:
        """The id of the athlete ``name``.

        Parameters
        ----------
        name : str
            The athlete's name.
        create : bool, default True
            Create the athlete when missing (for writes); when False, a name the
            store does not hold is None and nothing is created.

        Returns
        -------
        int or None
            The athlete's id.
        """
        return self._athletes.ensure(name) if create else self._athletes.find(name)

    def athletes(self) -> list[str]:
        """Every athlete's name, in alphabetical order."""
        return self._athletes.names()

    def data_version(self, athlete: str) -> int | None:
        """A number that changes whenever the athlete's data does (None: no such athlete)."""
        return self._athletes.data_version(athlete)

    def settings(self, athlete: str) -> dict[str, str]:
        """The athlete's stored settings (text, as normalised on the way in)."""
        return self._athletes.settings(athlete)

    def all_settings(self) -> dict[str, dict[str, str]]:
        """Every athlete's stored settings, in one query (athletes without any included)."""
        return self._athletes.all_settings()

    def set_settings(self, athlete: str, values: dict[str, str],
                     remove: tuple[str, ...] = ()) -> None:
        """Store settings, and remove the keys ``remove`` (one transaction; others stay)."""
        self._athletes.set_settings(athlete, values, remove)

    def counts(self, athlete: str) -> dict[str, int]:
        """How many files, activities and sample blobs the athlete has."""
        return self._athletes.counts(athlete)

    def delete_athlete(self, athlete: str) -> dict[str, int]:
        """Remove the athlete and every row that is theirs; rows removed per table."""
        return self._athletes.delete(athlete)

    # Import -------------------------------------------------------------------
    def known_hashes(self, athlete: str) -> set[str]:
        """Content hashes of every file already imported for ``athlete``."""
        return self._saving.known_hashes(athlete)

    def stored_since(self, athlete: str, source_name: str, since: datetime) -> bool:
        """Whether a file of this name was stored for ``athlete`` at ``since`` (naive UTC) or later.

        How a job run again tells a file its cut-short first attempt stored
        from one imported before the job began.
        """
        return self._saving.stored_since(athlete, source_name, since)

    def save_file(self, athlete: str, parsed: ParsedFile, *, source_name: str,
                  size_bytes: int) -> SaveResult | None:
        """Save one parsed file in one transaction; None when its content is known.

        An activity that is the same run as one already stored (from another
        file) is merged into it: the richer record is kept, and the file is
        remembered as one of the activity's sources.
        """
        return self._saving.save_file(athlete, parsed, source_name=source_name,
                                      size_bytes=size_bytes)

    def save_files(self, athlete: str, files: list[FileToSave]) -> list[Outcome]:
        """Save parsed files in one transaction, each in a savepoint of its own.

        A file the database refuses rolls back alone; its outcome is the
        error (InvalidActivity or StoreError), the others' a SaveResult, or
        None for content already stored (also a second copy within the batch).
        """
        return self._saving.save_files(athlete, files)

    # Activities ---------------------------------------------------------------
    def activities(self, athlete: str) -> list[Activity]:
        """The athlete's activities, newest first."""
        return self._activities.all(athlete)

    def activity_columns(self, athlete: str) -> dict[str, list]:
        """The athlete's activities as columns (``id`` and ACTIVITY_FIELDS), newest first."""
        return self._activities.columns(athlete)

    def activity(self, athlete: str, activity_id: int) -> Activity:
        """One of the athlete's activities; UsageError when there is none."""
        return self._activities.one(athlete, activity_id)

    def update_activity(self, athlete: str, activity_id: int,
                        changes: dict[str, Any]) -> Activity:
        """Apply checked edits (surface, rpe, sport, name) to one activity."""
        return self._activities.update(athlete, activity_id, changes)

    def samples(self, activity_id: int) -> Samples:
        """One activity's samples as float64 numpy columns."""
        return self._activities.samples(activity_id)

    def profiles(self, athlete: str, version: int) -> dict[int, dict]:
        """Activity id -> stored profile of that version."""
        return self._activities.profiles(athlete, version)

    def save_profiles(self, athlete: str, profiles: dict[int, dict]) -> None:
        """Store computed profiles, replacing those of the same activities."""
        self._activities.save_profiles(athlete, profiles)

    def sources(self, athlete: str) -> dict[int, list[str]]:
        """Activity id -> the names of every file it was read from."""
        return self._activities.sources(athlete)

    # Diary --------------------------------------------------------------------
    def add_entry(self, athlete: str, entry: dict[str, Any]) -> int:
        """Store a diary entry (its ``as_dict()``); returns its id."""
        return self._diary.add_entry(athlete, entry)

    def entries(self, athlete: str) -> list[dict]:
        """The athlete's diary entries, oldest first, each with its ``id``."""
        return self._diary.entries(athlete)

    def replace_entry(self, athlete: str, entry_id: int, entry: dict[str, Any]) -> None:
        """Replace one diary entry; UsageError when the athlete has no such entry."""
        self._diary.replace_entry(athlete, entry_id, entry)

    def delete_entry(self, athlete: str, entry_id: int) -> None:
        """Delete one diary entry; UsageError when the athlete has no such entry."""
        self._diary.delete_entry(athlete, entry_id)

    def add_comment(self, athlete: str, entry_id: int, author: str, text: str) -> int:
        """A comment (a coach's, or the athlete's reply) on one diary entry; returns its id."""
        return self._diary.add_comment(athlete, entry_id, author, text)

    def comments(self, athlete: str) -> dict[int, list[dict]]:
        """Diary entry id -> its comments, oldest first."""
        return self._diary.comments(athlete)

    # Acknowledged red flags ---------------------------------------------------
    def acknowledge_flag(self, athlete: str, *, rule: str, day: date, entry: int | None,
                         author: str, note: str | None = None) -> dict:
        """Record that ``author`` has seen a red flag; an earlier record is kept (``new``)."""
        return self._acknowledgements.add(athlete, rule=rule, day=day, entry=entry,
                                          author=author, note=note)

    def withdraw_acknowledgement(self, athlete: str, *, rule: str, day: date,
                                 entry: int | None) -> bool:
        """Remove a flag's acknowledgement; False when it had none."""
        return self._acknowledgements.remove(athlete, rule=rule, day=day, entry=entry)

    def acknowledgements(self, athlete: str) -> list[dict]:
        """The athlete's acknowledged flags, oldest first, as row dicts."""
        return self._acknowledgements.all(athlete)

    # Computed views -----------------------------------------------------------
    def cached_view(self, athlete: str, name: str, key: ViewKey) -> bytes | None:
        """A view saved for exactly this key (data version, day, format), else None."""
        return self._views.get(athlete, name, key)

    def save_view(self, athlete: str, name: str, key: ViewKey, payload: bytes) -> None:
        """Keep the newest view of each name; views of other keys are dropped."""
        self._views.put(athlete, name, key, payload)

    # Summary ledger -----------------------------------------------------------
    def summary_sent(self, athlete: str, week_start: str) -> bool:
        """Whether the summary of that week was sent successfully."""
        return self._ledger.summary_sent(athlete, week_start)

    def record_send(self, athlete: str, week_start: str, address: str, status: str,
                    error: str | None = None) -> None:
        """Record one attempt (``sent`` or ``failed``) to send a week's summary."""
        self._ledger.record_send(athlete, week_start, address, status, error)

    def sends(self, athlete: str) -> list[dict]:
        """Every attempt to send the athlete's summaries, oldest first."""
        return self._ledger.sends(athlete)
