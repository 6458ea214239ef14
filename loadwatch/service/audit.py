"""The audit log: logins, failed logins, role changes, exports and deletions.

Service functions record what they do with :func:`record`; who acted comes
from :func:`acting` (the team server sets the logged-in user and their
address for each request, the CLI the operating-system user), so that
callers need not pass it through every function. Admins read the log with
``loadwatch audit`` (:func:`entries`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from loadwatch.errors import UsageError
from loadwatch.store import Store

KINDS = ("login", "login_failed", "login_refused", "locked", "unlock", "logout",
         "password_changed", "role_changed", "user_added", "user_removed", "export",
         "restore", "deletion")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user (and their address), or the store's owner.

    ``admin`` is true for a team server's admins and for whoever runs the
    command line or the library directly (they hold the store itself).
    """

    name: str = "-"
    address: str | None = None
    admin: bool = True


# Actor is frozen: one shared default is safe.
_ACTOR: contextvars.ContextVar[Actor] = contextvars.ContextVar(
    "loadwatch_actor", default=Actor())  # noqa: B039


def actor() -> Actor:
    """Who is acting now."""
    return _ACTOR.get()


@contextmanager
def acting(name: str, address: str | None = None, *, admin: bool = True) -> Iterator[None]:
    """Within this block, events are recorded as done by ``name`` from ``address``."""
    token = _ACTOR.set(Actor(name, address, admin))
    try:
        yield
    finally:
        _ACTOR.reset(token)


def set_actor(name: str, address: str | None = None, *, admin: bool) -> contextvars.Token:
    """Like :func:`acting`, for request hooks; undo with :func:`reset_actor`."""
    return _ACTOR.set(Actor(name, address, admin))


def reset_actor(token: contextvars.Token) -> None:
    """Undo :func:`set_actor`."""
    _ACTOR.reset(token)


def record(store: Store, kind: str, *, subject: str | None = None, detail: str = "",
           actor: str | None = None) -> None:
    """Keep one event of ``kind`` (one of KINDS) done to ``subject``.

    Raises
    ------
    ValueError
        For a kind not in KINDS (a programming error, not a user's).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown audit event {kind}")
    now = _ACTOR.get()
    store.audit.add(kind, actor or now.name, subject, now.address, detail)


def entries(store: Store, *, user: str | None = None, kind: str | None = None,
            since: datetime | None = None, limit: int = 1000) -> list[dict]:
    """The latest ``limit`` events (oldest first), of ``user`` (acting or acted on).

    Raises
    ------
    UsageError
        For a kind not in KINDS, or a limit below 1.
    """
    if kind is not None and kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if limit < 1:
        raise UsageError("the limit must be at least 1")
    return store.audit.rows(user=user, kind=kind, since=since, limit=limit)
