"""Red flags the runner acknowledged: who said they had seen one, when, and a note.

A flag is computed from the data, not stored; an acknowledgement names it by
its rule, its day and (a flag of the diary) its entry. Acknowledging changes
no flag: the shells show it beside the flag.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from loadwatch.store import schema
from loadwatch.store.athletes import Athletes, touch
from loadwatch.store.engine import now


class Acknowledgements:
    """Acknowledged red flags, per athlete."""

    def __init__(self, engine: Engine, athletes: Athletes) -> None:
        self.engine = engine
        self.athletes = athletes

    def add(self, athlete: str, *, rule: str, day: date, entry: int | None, author: str,
            note: str | None = None) -> dict:
        """Record that ``author`` has seen the flag; an earlier record of it is kept.

        Returns
        -------
        dict
            The record (``rule``, ``day``, ``entry_id``, ``author``, ``at``,
            ``note``) and ``new``: False when the flag was acknowledged before
            (that record is returned, unchanged).
        """
        athlete_id = self.athletes.ensure(athlete)
        table = schema.flag_acknowledgements
        with self.engine.begin() as conn:
            found = conn.execute(_select(athlete_id).where(*_naming(rule, day, entry))).first()
            if found is not None:
                return {**found._asdict(), "new": False}
            row = {"rule": rule, "day": day.isoformat(), "entry_id": entry, "author": author,
                   "at": now(), "note": note}
            conn.execute(table.insert(), {**row, "athlete_id": athlete_id})
            touch(conn, athlete_id)
        return {**row, "new": True}

    def remove(self, athlete: str, *, rule: str, day: date, entry: int | None) -> bool:
        """Withdraw an acknowledgement; False when there was none."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return False
        table = schema.flag_acknowledgements
        with self.engine.begin() as conn:
            done = conn.execute(table.delete().where(table.c.athlete_id == athlete_id,
                                                     *_naming(rule, day, entry)))
            if done.rowcount:
                touch(conn, athlete_id)
        return bool(done.rowcount)

    def all(self, athlete: str) -> list[dict]:
        """The athlete's acknowledgements, oldest first, as row dicts."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return []
        with self.engine.connect() as conn:
            return [row._asdict() for row in conn.execute(
                _select(athlete_id).order_by(schema.flag_acknowledgements.c.id))]


def _select(athlete_id: int):
    table = schema.flag_acknowledgements
    return select(table.c.rule, table.c.day, table.c.entry_id, table.c.author, table.c.at,
                  table.c.note).where(table.c.athlete_id == athlete_id)


def _naming(rule: str, day: date, entry: int | None) -> tuple:
    table = schema.flag_acknowledgements
    return (table.c.rule == rule, table.c.day == day.isoformat(),
            table.c.entry_id.is_(None) if entry is None else table.c.entry_id == entry)
