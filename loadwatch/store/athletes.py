"""The athletes: names and ids, data versions, settings, counts, deletion.

Only writes create an athlete (:meth:`Athletes.ensure`); every read looks the
name up (:meth:`Athletes.find`) and answers with nothing for a name the
store does not hold, so that a mistyped ``--athlete`` leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from loadwatch.errors import UsageError
from loadwatch.store import schema
from loadwatch.store.engine import inserted_id, now


def touch(conn: Connection, athlete_id: int) -> None:
    """Raise the athlete's data version (in the writer's transaction).

    Parameters
    ----------
    conn : Connection
        The writer's connection, inside its transaction.
    athlete_id : int
        The athlete whose data changed.
    """
    table = schema.athletes
    conn.execute(table.update().where(table.c.id == athlete_id).values(
        data_version=table.c.data_version + 1))


class Athletes:
    """The athlete list of one store.

    Ids are looked up every time (one indexed read): a process that
    remembered them would write for a name deleted and added again by another
    process to the old id (a foreign-key error), or on SQLite, which reuses
    the highest id, to another athlete.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def find(self, name: str) -> int | None:
        """The id of the athlete ``name``; None (and nothing created) when there is none."""
        table = schema.athletes
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.id).where(table.c.name == name)).scalar()

    def ensure(self, name: str) -> int:
        """The id of the athlete ``name``, created when missing (for writes).

        Two processes creating the same athlete at once get the same id.
        """
        found = self.find(name)
        if found is not None:
            return found
        table = schema.athletes
        with self.engine.begin() as conn:
            try:
                with conn.begin_nested():
                    found = inserted_id(conn.execute(table.insert().values(
                        name=name, created_at=now())))
            except IntegrityError:  # made by another process a moment ago
                found = conn.execute(select(table.c.id).where(
                    table.c.name == name)).scalar_one()
        return found

    def names(self) -> list[str]:
        """Every athlete's name, in alphabetical order."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(schema.athletes.c.name).order_by(
                schema.athletes.c.name)).scalars())

    def data_version(self, name: str) -> int | None:
        """A number that changes whenever the athlete's data does (None: no such athlete)."""
        table = schema.athletes
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.data_version).where(
                table.c.name == name)).scalar()

    def settings(self, name: str) -> dict[str, str]:
        """The athlete's stored settings (text, as normalised on the way in); {} for none."""
        athlete_id = self.find(name)
        if athlete_id is None:
            return {}
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

    def set_settings(self, name: str, values: dict[str, str],
                     remove: tuple[str, ...] = ()) -> None:
        """Store settings and remove others in one transaction (other keys stay as they are)."""
        athlete_id = self.ensure(name)
        table = schema.athlete_settings
        with self.engine.begin() as conn:
            if remove:
                conn.execute(table.delete().where(table.c.athlete_id == athlete_id,
                                                  table.c.key.in_(remove)))
            if values:
                # An upsert: two saves of one key at once (two tabs, a double click)
                # would both delete, then both insert, and the second would fail.
                insert = _dialect_insert(conn)(table).values([
                    {"athlete_id": athlete_id, "key": key, "value": value}
                    for key, value in values.items()])
                conn.execute(insert.on_conflict_do_update(
                    index_elements=[table.c.athlete_id, table.c.key],
                    set_={"value": insert.excluded.value}))
            touch(conn, athlete_id)

    def counts(self, name: str) -> dict[str, int]:
        """How many files, activities and sample blobs the athlete has (0 for none)."""
        athlete_id = self.find(name)
        tables = {"files": schema.source_files, "activities": schema.activities,
                  "samples": schema.activity_samples}
        with self.engine.connect() as conn:
            return {key: conn.execute(select(func.count()).select_from(table).where(
                table.c.athlete_id == athlete_id)).scalar_one() for key, table in tables.items()}

    def delete(self, name: str) -> dict[str, int]:
        """Remove the athlete and every row that is theirs, in one transaction.

        Every table but the athlete list itself carries ``athlete_id`` with ON
        DELETE CASCADE; the rows are deleted explicitly anyway so that the
        count is reported and nothing depends on SQLite's foreign-key pragma.

        Returns
        -------
        dict[str, int]
            The rows removed, per table.

        Raises
        ------
        UsageError
            When there is no such athlete.
        """
        athlete_id = self.find(name)
        if athlete_id is None:
            raise UsageError(f"no athlete called {name}")
        removed = {}
        with self.engine.begin() as conn:
            for table in reversed(schema.metadata.sorted_tables):
                if "athlete_id" in table.c and table is not schema.athletes:
                    removed[table.name] = conn.execute(table.delete().where(
                        table.c.athlete_id == athlete_id)).rowcount
            conn.execute(schema.athletes.delete().where(schema.athletes.c.id == athlete_id))
        return removed


def _dialect_insert(conn: Connection) -> Callable[..., Any]:
    """The INSERT of the connection's database, with its ON CONFLICT clause."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert
