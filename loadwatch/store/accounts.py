"""Team server accounts as stored: users, coach assignments and shared secrets.

Only rows here: who may see whom, and how passwords are hashed, is decided
in :mod:`loadwatch.service.accounts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from loadwatch.errors import UsageError
from loadwatch.store import schema
from loadwatch.store.athletes import Athletes
from loadwatch.store.engine import now


@dataclass(frozen=True)
class Account:
    """One stored account: its name, role, password hash and own athlete (if any)."""

    id: int
    name: str
    role: str
    password_hash: str
    athlete: str | None  # an athlete account's own athlete
    session_token: str = ""  # what every valid login cookie of the account carries


class Accounts:
    """The users table and the coaches' athletes."""

    def __init__(self, engine: Engine, athletes: Athletes) -> None:
        self.engine = engine
        self.athletes = athletes

    def add(self, name: str, password_hash: str, role: str, athlete: str | None,
            session_token: str = "") -> None:
        """Store a new account; an athlete account's athlete is created if new.

        Raises
        ------
        UsageError
            When there is already an account of that name.
        """
        athlete_id = self.athletes.ensure(athlete) if athlete is not None else None
        try:
            with self.engine.begin() as conn:
                conn.execute(schema.users.insert(), {
                    "name": name, "password_hash": password_hash, "role": role,
                    "athlete_id": athlete_id, "created_at": now(),
                    "session_token": session_token})
        except IntegrityError as err:
            raise UsageError(f"there is already a user called {name}") from err

    def find(self, name: str) -> Account | None:
        """The account called ``name``, or None."""
        users, athletes = schema.users, schema.athletes
        query = (select(users.c.id, users.c.name, users.c.role, users.c.password_hash,
                        athletes.c.name, users.c.session_token)
                 .join(athletes, athletes.c.id == users.c.athlete_id, isouter=True)
                 .where(users.c.name == name))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else Account(*row)

    def coached(self, name: str) -> list[str]:
        """The athletes assigned to the account ``name``, in alphabetical order."""
        users, athletes, links = schema.users, schema.athletes, schema.coach_athletes
        query = (select(athletes.c.name)
                 .join(links, links.c.athlete_id == athletes.c.id)
                 .join(users, users.c.id == links.c.user_id)
                 .where(users.c.name == name).order_by(athletes.c.name))
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def names(self) -> list[str]:
        """Every account's name, in alphabetical order."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(schema.users.c.name).order_by(
                schema.users.c.name)).scalars())

    def any(self) -> bool:
        """Whether the store holds any account at all."""
        with self.engine.connect() as conn:
            return conn.execute(select(schema.users.c.id).limit(1)).first() is not None

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Replace the account's password hash.

        Raises
        ------
        UsageError
            When there is no such account.
        """
        with self.engine.begin() as conn:
            _require(conn, name)
            conn.execute(schema.users.update().where(schema.users.c.name == name).values(
                password_hash=password_hash))

    def set_session_token(self, name: str, token: str) -> None:
        """Replace the account's session token: every cookie carrying the old one is void.

        Raises
        ------
        UsageError
            When there is no such account.
        """
        with self.engine.begin() as conn:
            _require(conn, name)
            conn.execute(schema.users.update().where(schema.users.c.name == name).values(
                session_token=token))

    def set_role(self, name: str, role: str, athlete: str | None, token: str) -> None:
        """Give the account a new role (and own athlete), with a new session token.

        A coach's assignments go with the old role.

        Raises
        ------
        UsageError
            When there is no such account.
        """
        athlete_id = self.athletes.ensure(athlete) if athlete is not None else None
        with self.engine.begin() as conn:
            user_id = _require(conn, name)
            conn.execute(schema.users.update().where(schema.users.c.id == user_id).values(
                role=role, athlete_id=athlete_id, session_token=token))
            if role != "coach":
                links = schema.coach_athletes
                conn.execute(links.delete().where(links.c.user_id == user_id))

    def remove(self, name: str) -> None:
        """Delete the account (its athlete's data stays).

        Raises
        ------
        UsageError
            When there is no such account.
        """
        with self.engine.begin() as conn:
            _require(conn, name)
            conn.execute(schema.users.delete().where(schema.users.c.name == name))

    def link(self, name: str, athlete: str, *, linked: bool) -> None:
        """Give the account ``name`` the athlete to follow, or take it away.

        Raises
        ------
        UsageError
            When there is no such account or athlete.
        """
        athlete_id = self.athletes.find(athlete)
        if athlete_id is None:
            raise UsageError(f"no athlete called {athlete}")
        links = schema.coach_athletes
        with self.engine.begin() as conn:
            user_id = _require(conn, name)
            conn.execute(links.delete().where(links.c.user_id == user_id,
                                              links.c.athlete_id == athlete_id))
            if linked:
                conn.execute(links.insert(), {"user_id": user_id, "athlete_id": athlete_id})

    def shared_secret(self, name: str, candidate: str) -> str:
        """The secret kept under ``name``, stored as ``candidate`` when there is none yet.

        Every worker gets the same secret: when two make one at once, the
        first stored wins.
        """
        table = schema.server_secrets
        with self.engine.begin() as conn:
            found = conn.execute(select(table.c.value).where(table.c.name == name)).scalar()
            if found is not None:
                return found
            try:
                with conn.begin_nested():
                    conn.execute(table.insert(), {"name": name, "value": candidate})
            except IntegrityError:
                pass  # another worker made it first
            return conn.execute(select(table.c.value).where(table.c.name == name)).scalar_one()


def _require(conn: Connection, name: str) -> int:
    """The id of the account ``name``; UsageError when there is none."""
    found = conn.execute(select(schema.users.c.id).where(schema.users.c.name == name)).scalar()
    if found is None:
        raise UsageError(f"no user called {name}")
    return found
