"""Correcting what an import got wrong: deleting, merging and unlinking activities.

Each correction is one transaction. Deleting never loses a file: the file's
original bytes stay in the store and the file is marked incomplete, so that
importing it again brings back exactly the activities that were deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, select

from loadwatch.errors import NotFound, UsageError
from loadwatch.models import ImportedActivity
from loadwatch.store import schema
from loadwatch.store.activities import ATHLETE_ENTRIES
from loadwatch.store.athletes import touch
from loadwatch.store.saving import save_activity
from loadwatch.store.store import Store

# The same run recorded twice starts within a time zone's offset of itself.
MERGE_REACH = timedelta(hours=15)


@dataclass(frozen=True)
class SourceFile:
    """One imported file linked to an activity."""

    id: int
    name: str
    content_hash: str


def delete_activities(store: Store, athlete: str, activity_ids: list[int]) -> list[int]:
    """Delete activities (samples, profile, file links) in one transaction.

    The files they came from are kept and marked incomplete: importing such a
    file again restores its deleted activities. Raises UsageError, deleting
    nothing, when one of the ids is not the athlete's.
    """
    athlete_id = _athlete(store, athlete)
    with store.engine.begin() as conn:
        for activity_id in activity_ids:
            _check_owner(conn, athlete, athlete_id, activity_id)
        for activity_id in activity_ids:
            mark_incomplete(conn, activity_id)
            drop_activity(conn, activity_id)
        touch(conn, athlete_id)
    return list(activity_ids)


def activities_from(store: Store, athlete: str, source_name: str) -> list[int]:
    """Ids of the athlete's activities read from files named ``source_name``."""
    athlete_id = _athlete(store, athlete)
    links, files = schema.activity_sources, schema.source_files
    query = (select(links.c.activity_id).distinct()
             .join(files, files.c.id == links.c.source_file_id)
             .where(links.c.athlete_id == athlete_id, files.c.source_name == source_name))
    with store.engine.connect() as conn:
        return sorted(conn.execute(query).scalars())


def sources_of(store: Store, athlete: str, activity_id: int) -> list[SourceFile]:
    """The files an activity was read from, oldest import first."""
    athlete_id = _athlete(store, athlete)
    with store.engine.connect() as conn:
        _check_owner(conn, athlete, athlete_id, activity_id)
        return _files_of(conn, activity_id)


def merge_activities(store: Store, athlete: str, keep_id: int, other_id: int) -> None:
    """Make ``other_id`` part of ``keep_id``: its files are linked to ``keep_id``, it goes.

    ``keep_id``'s record (summary, samples, the athlete's entries) stays; the
    other's RPE and surface fill in only what ``keep_id`` lacks.
    """
    if keep_id == other_id:
        raise UsageError("an activity cannot be merged with itself")
    athlete_id = _athlete(store, athlete)
    table = schema.activities
    with store.engine.begin() as conn:
        keep = _check_owner(conn, athlete, athlete_id, keep_id)
        other = _check_owner(conn, athlete, athlete_id, other_id)
        apart = abs(keep["start_time"] - other["start_time"])
        if apart > MERGE_REACH:  # zone-less starts can be a time zone apart, no more
            raise UsageError(f"activities {keep_id} and {other_id} start "
                             f"{apart.total_seconds() / 3600:.0f} hours apart: not one run "
                             "recorded twice")
        filled = {name: other[name] for name in ATHLETE_ENTRIES
                  if keep[name] is None and other[name] is not None}
        if filled:
            conn.execute(table.update().where(table.c.id == keep_id).values(**filled))
        known = {f.id for f in _files_of(conn, keep_id)}
        for source in _files_of(conn, other_id):
            if source.id not in known:
                conn.execute(schema.activity_sources.insert(), {
                    "activity_id": keep_id, "source_file_id": source.id,
                    "athlete_id": athlete_id})
        drop_activity(conn, other_id)
        touch(conn, athlete_id)


def split_off(store: Store, athlete: str, activity_id: int, source_id: int,
              item: ImportedActivity) -> int:
    """Detach file ``source_id`` from an activity and save ``item`` (read from it) apart.

    One transaction; returns the new activity's id.
    """
    athlete_id = _athlete(store, athlete)
    links = schema.activity_sources
    with store.engine.begin() as conn:
        _check_owner(conn, athlete, athlete_id, activity_id)
        conn.execute(links.delete().where(links.c.activity_id == activity_id,
                                          links.c.source_file_id == source_id))
        new_id = save_activity(conn, athlete_id, source_id, item)
        touch(conn, athlete_id)
    return new_id


def original_bytes(store: Store, athlete: str, source_id: int) -> tuple[str, bytes] | None:
    """(compression, bytes) of an imported file as kept in the store, or None."""
    table = schema.source_originals
    with store.engine.connect() as conn:
        row = conn.execute(select(table.c.compression, table.c.data).where(
            table.c.source_file_id == source_id,
            table.c.athlete_id == _athlete(store, athlete))).first()
    return None if row is None else (row[0], bytes(row[1]))


def _athlete(store: Store, athlete: str) -> int:
    athlete_id = store.athlete_id(athlete, create=False)
    if athlete_id is None:
        raise UsageError(f"no athlete called {athlete}")
    return athlete_id


def _check_owner(conn, athlete: str, athlete_id: int, activity_id: int):
    table = schema.activities
    row = conn.execute(select(table).where(table.c.id == activity_id,
                                           table.c.athlete_id == athlete_id)).mappings().first()
    if row is None:
        raise NotFound(f"{athlete} has no activity {activity_id}")
    return row


def _files_of(conn, activity_id: int) -> list[SourceFile]:
    links, files = schema.activity_sources, schema.source_files
    query = (select(files.c.id, files.c.source_name, files.c.content_hash)
             .join(links, links.c.source_file_id == files.c.id)
             .where(links.c.activity_id == activity_id).order_by(files.c.id))
    return [SourceFile(*row) for row in conn.execute(query)]


def mark_incomplete(conn: Connection, activity_id: int) -> None:
    """Mark the files of an activity about to go as incomplete.

    Importing such a file again brings the activity back.
    """
    files = [f.id for f in _files_of(conn, activity_id)]
    if files:
        conn.execute(schema.source_files.update().where(
            schema.source_files.c.id.in_(files)).values(complete=False))


def drop_activity(conn: Connection, activity_id: int) -> None:
    """Delete one activity with its profile, samples and file links (files stay)."""
    for child in (schema.activity_profiles, schema.activity_samples, schema.activity_sources):
        conn.execute(child.delete().where(child.c.activity_id == activity_id))
    conn.execute(schema.activities.delete().where(schema.activities.c.id == activity_id))
