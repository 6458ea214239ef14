"""What the store remembers besides the athlete's data.

The weekly summaries sent, and the computed views a team server's workers
share.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from loadwatch.store import schema
from loadwatch.store.athletes import Athletes
from loadwatch.store.engine import now, reason

log = logging.getLogger("loadwatch")

ViewKey = tuple[int, str, int]
"""What a computed view is valid for: (data version, day, format)."""


class Ledger:
    """The weekly summaries sent (or tried): at most one success per athlete and week."""

    def __init__(self, engine: Engine, athletes: Athletes) -> None:
        self.engine = engine
        self.athletes = athletes

    def summary_sent(self, athlete: str, week_start: str) -> bool:
        """Whether the summary of the week starting ``week_start`` was sent successfully."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return False
        table = schema.summary_sends
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.id).where(
                table.c.athlete_id == athlete_id, table.c.week_start == week_start,
                table.c.status == "sent")).first() is not None

    def record_send(self, athlete: str, week_start: str, address: str, status: str,
                    error: str | None = None) -> None:
        """Record one attempt to send a week's summary.

        Parameters
        ----------
        athlete : str
            Whose summary it was (created if new).
        week_start : str
            The week's first day, ISO ``YYYY-MM-DD``.
        address : str
            Where it went.
        status : str
            ``sent`` or ``failed``.
        error : str, optional
            Why it failed.
        """
        athlete_id = self.athletes.ensure(athlete)
        with self.engine.begin() as conn:
            conn.execute(schema.summary_sends.insert(), {
                "athlete_id": athlete_id, "week_start": week_start,
                "address": address, "status": status, "error": error, "at": now()})

    def sends(self, athlete: str) -> list[dict]:
        """Every attempt recorded for the athlete, oldest first, as row dicts."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return []
        table = schema.summary_sends
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).where(
                table.c.athlete_id == athlete_id).order_by(table.c.id))
            return [dict(row) for row in rows.mappings()]


class ViewCache:
    """Computed views of each athlete, valid for one data version, day and format.

    Shared by a team server's workers so that each athlete (and each figure)
    is computed once, not once a worker. A cache that cannot be read or
    written only costs speed: it is a miss, never an error.
    """

    def __init__(self, engine: Engine, athletes: Athletes) -> None:
        self.engine = engine
        self.athletes = athletes

    def get(self, athlete: str, name: str, key: ViewKey) -> bytes | None:
        """A view saved for exactly this key (data version, day, format), else None."""
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return None
        table = schema.view_cache
        version, day, form = key
        try:
            with self.engine.connect() as conn:
                payload = conn.execute(select(table.c.payload).where(
                    table.c.athlete_id == athlete_id, table.c.name == name,
                    table.c.data_version == version, table.c.day == day,
                    table.c.format == form)).scalar()
        except SQLAlchemyError:
            return None  # a cache that cannot be read is a miss
        return None if payload is None else bytes(payload)

    def put(self, athlete: str, name: str, key: ViewKey, payload: bytes) -> None:
        """Keep the newest view of each name; views of other keys are dropped.

        Two workers saving the same view at once is harmless: one wins. An
        athlete the store does not hold gets no view (and is not created).
        """
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            return
        table = schema.view_cache
        version, day, form = key
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
                        "afresh", reason(err))
