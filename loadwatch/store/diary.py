"""The symptom diary as stored: entries (JSON text, one row each) and their comments.

An entry that no longer parses (damaged by hand or by an older version) is
logged and left out of reading; ``loadwatch check`` names it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from loadwatch.errors import NotFound, UsageError
from loadwatch.store import jsonio, schema
from loadwatch.store.athletes import Athletes, touch
from loadwatch.store.engine import inserted_id, now

log = logging.getLogger("loadwatch")


def sound_entries(rows: Iterable[tuple[int, str]]) -> list[tuple[int, dict]]:
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


class Diary:
    """Diary entries and the comments on them, per athlete."""

    def __init__(self, engine: Engine, athletes: Athletes) -> None:
        self.engine = engine
        self.athletes = athletes

    def add_entry(self, athlete: str, entry: dict[str, Any]) -> int:
        """Store a diary entry (its ``as_dict()``; the athlete is created if new).

        Returns
        -------
        int
            The entry's id.
        """
        table = schema.diary_entries
        values = {k: v for k, v in entry.items() if k != "id"}
        athlete_id = self.athletes.ensure(athlete)
        with self.engine.begin() as conn:
            touch(conn, athlete_id)
            return inserted_id(conn.execute(table.insert(), {
                "athlete_id": athlete_id, "data": jsonio.dumps(values),
                "date": datetime.fromisoformat(values["date"]), "created_at": now(),
            }))

    def entries(self, athlete: str) -> list[dict]:
        """The athlete's diary entries, oldest first, each with its ``id``."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return []
        table = schema.diary_entries
        query = (select(table.c.id, table.c.data).where(table.c.athlete_id == athlete_id)
                 .order_by(table.c.date, table.c.id))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{**entry, "id": entry_id} for entry_id, entry in sound_entries(rows)]

    def replace_entry(self, athlete: str, entry_id: int, entry: dict[str, Any]) -> None:
        """Replace one entry's content with ``entry`` (its ``id`` is ignored).

        Raises
        ------
        UsageError
            When the athlete has no such entry.
        """
        table = schema.diary_entries
        values = {k: v for k, v in entry.items() if k != "id"}
        athlete_id = self._owner(athlete, entry_id)
        with self.engine.begin() as conn:
            done = conn.execute(table.update().where(
                table.c.id == entry_id, table.c.athlete_id == athlete_id).values(
                data=jsonio.dumps(values), date=datetime.fromisoformat(values["date"])))
            touch(conn, athlete_id)
        _check_done(done.rowcount, athlete, entry_id)

    def delete_entry(self, athlete: str, entry_id: int) -> None:
        """Delete one entry (its comments go with it).

        Raises
        ------
        UsageError
            When the athlete has no such entry.
        """
        table = schema.diary_entries
        athlete_id = self._owner(athlete, entry_id)
        with self.engine.begin() as conn:
            done = conn.execute(table.delete().where(
                table.c.id == entry_id, table.c.athlete_id == athlete_id))
            touch(conn, athlete_id)
        _check_done(done.rowcount, athlete, entry_id)

    def add_comment(self, athlete: str, entry_id: int, author: str, text: str) -> int:
        """A comment (a coach's, or the athlete's reply) on one diary entry.

        Returns
        -------
        int
            The comment's id.

        Raises
        ------
        UsageError
            When the text is blank or the athlete has no such entry.
        """
        if not text.strip():
            raise UsageError("a comment needs some text")
        athlete_id = self._owner(athlete, entry_id)
        with self.engine.begin() as conn:
            if not _has_entry(conn, athlete_id, entry_id):
                raise NotFound(f"{athlete} has no diary entry {entry_id}")
            touch(conn, athlete_id)
            return inserted_id(conn.execute(schema.diary_comments.insert(), {
                "athlete_id": athlete_id, "entry_id": entry_id, "author": author,
                "text": text.strip(), "at": now()}))

    def comments(self, athlete: str) -> dict[int, list[dict]]:
        """Diary entry id -> its comments, oldest first."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return {}
        table = schema.diary_comments
        query = (select(table.c.entry_id, table.c.author, table.c.text, table.c.at)
                 .where(table.c.athlete_id == athlete_id).order_by(table.c.id))
        result: dict[int, list[dict]] = {}
        with self.engine.connect() as conn:
            for entry_id, author, text, at in conn.execute(query):
                result.setdefault(entry_id, []).append(
                    {"author": author, "text": text,
                     "at": at.isoformat(timespec="seconds") if at else None})
        return result

    def _owner(self, athlete: str, entry_id: int) -> int:
        """The athlete's id; an unknown athlete has no entries to change."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            raise NotFound(f"{athlete} has no diary entry {entry_id}")
        return athlete_id


def _has_entry(conn: Connection, athlete_id: int, entry_id: int) -> bool:
    table = schema.diary_entries
    return conn.execute(select(table.c.id).where(
        table.c.id == entry_id, table.c.athlete_id == athlete_id)).first() is not None


def _check_done(rowcount: int, athlete: str, entry_id: int) -> None:
    if rowcount == 0:
        raise NotFound(f"{athlete} has no diary entry {entry_id}")
