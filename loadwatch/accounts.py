"""Team server accounts: users, roles, coach assignments, and who may see whom.

Roles: an ``athlete`` account owns one athlete's data (read, write, comment);
a ``coach`` reads the athletes assigned to them and comments on their diary;
an ``admin`` may do everything to everyone. Passwords are hashed with
werkzeug's ``generate_password_hash`` (scrypt, salted); nothing here is
hand-made crypto. Local mode (no server) uses none of this.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from loadwatch.errors import UsageError
from loadwatch.store import Store, schema

ROLES = ("athlete", "coach", "admin")
ACTIONS = ("read", "comment", "write")
MIN_PASSWORD = 10
# Checked when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class AccessDenied(UsageError):
    """The user may not do that to that athlete."""


@dataclass(frozen=True)
class User:
    """A logged-in user: the athletes they may see, and their role."""

    name: str
    role: str
    athlete: str | None  # an athlete account's own athlete
    athletes: tuple[str, ...]  # every athlete this user may read

    def may(self, action: str, athlete: str) -> bool:
        """Whether this user may ``action`` (read, comment, write) ``athlete``'s data."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action}")
        if self.role == "admin":
            return True
        if athlete not in self.athletes:
            return False
        return self.role == "athlete" or action in ("read", "comment")

    def check(self, action: str, athlete: str) -> None:
        if not self.may(action, athlete):
            raise AccessDenied(f"{self.name} may not {action} the data of {athlete}")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"a password needs at least {MIN_PASSWORD} characters")


def add_user(store: Store, name: str, password: str, role: str,
             athlete: str | None = None) -> User:
    """Create an account; an athlete account's athlete defaults to its name."""
    if role not in ROLES:
        raise UsageError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not name.strip():
        raise UsageError("a user needs a name")
    _check_password(password)
    if role != "athlete" and athlete:
        raise UsageError("only an athlete account has an athlete of its own")
    athlete_id = store.athlete_id(athlete or name) if role == "athlete" else None
    try:
        with store.engine.begin() as conn:
            conn.execute(schema.users.insert(), {
                "name": name, "password_hash": generate_password_hash(password),
                "role": role, "athlete_id": athlete_id, "created_at": _now()})
    except IntegrityError as err:
        raise UsageError(f"there is already a user called {name}") from err
    return user(store, name)


def _user_row(conn, name: str):
    row = conn.execute(select(schema.users).where(schema.users.c.name == name)).mappings().first()
    if row is None:
        raise UsageError(f"no user called {name}")
    return row


def user(store: Store, name: str) -> User:
    """The account ``name`` with the athletes it may see (as of now)."""
    athletes, links = schema.athletes, schema.coach_athletes
    with store.engine.connect() as conn:
        row = _user_row(conn, name)
        own = None
        if row["athlete_id"] is not None:
            own = conn.execute(select(athletes.c.name).where(
                athletes.c.id == row["athlete_id"])).scalar()
        if row["role"] == "admin":
            visible = list(conn.execute(select(athletes.c.name).order_by(athletes.c.name))
                           .scalars())
        elif row["role"] == "coach":
            visible = list(conn.execute(
                select(athletes.c.name).join(links, links.c.athlete_id == athletes.c.id)
                .where(links.c.user_id == row["id"]).order_by(athletes.c.name)).scalars())
        else:
            visible = [own] if own else []
    return User(row["name"], row["role"], own, tuple(visible))


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else None (same cost either way)."""
    with store.engine.connect() as conn:
        stored = conn.execute(select(schema.users.c.password_hash).where(
            schema.users.c.name == name)).scalar()
    if not check_password_hash(stored or _DUMMY_HASH, password) or stored is None:
        return None
    return user(store, name)


def set_password(store: Store, name: str, password: str) -> None:
    _check_password(password)
    with store.engine.begin() as conn:
        _user_row(conn, name)
        conn.execute(schema.users.update().where(schema.users.c.name == name).values(
            password_hash=generate_password_hash(password)))


def remove_user(store: Store, name: str) -> None:
    """Delete the account (the athlete's data stays: ``athlete delete`` removes that)."""
    with store.engine.begin() as conn:
        _user_row(conn, name)
        conn.execute(schema.users.delete().where(schema.users.c.name == name))


def assign(store: Store, coach: str, athlete: str, *, remove: bool = False) -> None:
    """Give a coach an athlete to follow (or take it away with ``remove``)."""
    athlete_id = store.athlete_id(athlete, create=False)
    if athlete_id is None:
        raise UsageError(f"no athlete called {athlete}")
    links = schema.coach_athletes
    with store.engine.begin() as conn:
        row = _user_row(conn, coach)
        if row["role"] != "coach":
            raise UsageError(f"{coach} is not a coach")
        conn.execute(links.delete().where(links.c.user_id == row["id"],
                                          links.c.athlete_id == athlete_id))
        if not remove:
            conn.execute(links.insert(), {"user_id": row["id"], "athlete_id": athlete_id})


def list_users(store: Store) -> list[dict]:
    """Every account: name, role, own athlete and (coaches) the athletes followed."""
    with store.engine.connect() as conn:
        names = list(conn.execute(select(schema.users.c.name).order_by(schema.users.c.name))
                     .scalars())
    result = []
    for name in names:
        found = user(store, name)
        result.append({"name": found.name, "role": found.role, "athlete": found.athlete,
                       "athletes": list(found.athletes) if found.role == "coach" else None})
    return result


def has_users(store: Store) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(select(schema.users.c.id).limit(1)).first() is not None


def shared_secret(store: Store, name: str) -> str:
    """A random secret made once and kept in the store, the same for every worker."""
    table = schema.server_secrets
    with store.engine.begin() as conn:
        found = conn.execute(select(table.c.value).where(table.c.name == name)).scalar()
        if found is not None:
            return found
        try:
            with conn.begin_nested():
                conn.execute(table.insert(), {"name": name, "value": secrets.token_hex(32)})
        except IntegrityError:
            pass  # another worker made it first
        return conn.execute(select(table.c.value).where(table.c.name == name)).scalar_one()
