"""Failed logins as stored: a count per name tried, and the lock it led to.

Kept in the store, not in a worker's memory, so that every gunicorn worker
counts the same failures. How many failures lead to what is decided in
:mod:`loadwatch.service.logins`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from loadwatch.store import schema


@dataclass(frozen=True)
class Failures:
    """The failed logins of one name since the last success (or unlock)."""

    failures: int
    last_failure: datetime
    locked_until: datetime | None


class Logins:
    """The login_failures table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def failures(self, name: str) -> Failures | None:
        """The failures recorded for ``name``, or None."""
        table = schema.login_failures
        with self.engine.connect() as conn:
            row = conn.execute(select(table.c.failures, table.c.last_failure,
                                      table.c.locked_until)
                               .where(table.c.name == name)).first()
        return None if row is None else Failures(*row)

    def fail(self, name: str, *, at: datetime, forget_after: timedelta, lock_after: int,
             lock_for: timedelta) -> Failures:
        """Count one more failure of ``name`` (locking it at ``lock_after``), atomically.

        Failures older than ``forget_after`` are forgotten first. Two workers
        counting at once both count: the row is locked while it changes.
        """
        table = schema.login_failures
        for _ in range(3):  # another worker may insert the first row at the same moment
            try:
                with self.engine.begin() as conn:
                    row = conn.execute(select(table.c.failures, table.c.last_failure)
                                       .where(table.c.name == name).with_for_update()).first()
                    count = 1 if row is None or at - row[1] > forget_after else row[0] + 1
                    locked = at + lock_for if count >= lock_after else None
                    values = {"failures": count, "last_failure": at, "locked_until": locked}
                    if row is None:
                        conn.execute(table.insert(), {"name": name, **values})
                    else:
                        conn.execute(table.update().where(table.c.name == name).values(values))
                    return Failures(count, at, locked)
            except IntegrityError:
                continue
        raise RuntimeError(f"could not count a failed login of {name}")

    def clear(self, name: str) -> bool:
        """Forget the failures of ``name`` (a success, an unlock); whether there were any."""
        table = schema.login_failures
        with self.engine.begin() as conn:
            return conn.execute(table.delete().where(table.c.name == name)).rowcount > 0
