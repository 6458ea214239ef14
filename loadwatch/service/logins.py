"""Logging in to a team server: one answer for every failure, and guessing made slow.

Failures are counted per name tried, known or not (so that the answers tell
nothing about which names exist), in the store, so that every gunicorn
worker counts the same ones. After FREE_FAILURES failures each further try
waits twice as long as the one before (1 s, 2 s, 4 s, ...); at LOCK_AFTER
failures within FORGET_AFTER the name is locked for LOCK_FOR, until then or
until an admin runs ``loadwatch user unlock NAME``. A try refused while
waiting is not checked and not counted. The per-address rate is the web
server's (Flask-Limiter in :mod:`dashboards.server`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from loadwatch.errors import UsageError
from loadwatch.service import accounts, audit
from loadwatch.service.accounts import User
from loadwatch.store import Store
from loadwatch.store.engine import now
from loadwatch.store.logins import Failures

FREE_FAILURES = 3
LOCK_AFTER = 10
LOCK_FOR = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)
WRONG = "Wrong user name or password."
MAX_NAME = 200


class LoginFailed(UsageError):
    """The login did not succeed; ``retry_after`` (seconds) when tries are held back."""

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def log_in(store: Store, *, name: str, password: str) -> User:
    """The user whose name and password these are.

    Raises
    ------
    LoginFailed
        With WRONG for a wrong password or an unknown name alike (same cost:
        an unknown name is checked against a dummy hash), or with the wait
        when the name is held back or locked (then the password is not checked).
    """
    key = name[:MAX_NAME]
    moment = now()
    held = store.logins.failures(key)
    if held is not None and (wait := _wait(held, moment)) > 0:
        audit.record(store, "login_refused", actor=key, detail=f"held back {wait} s")
        raise LoginFailed(_held_back(held, wait), retry_after=wait)
    found = accounts.authenticate(store, key, password) if len(name) <= MAX_NAME else None
    if found is not None:
        store.logins.clear(key)
        audit.record(store, "login", actor=found.name)
        return found
    counted = store.logins.fail(key, at=moment, forget_after=FORGET_AFTER,
                                lock_after=LOCK_AFTER, lock_for=LOCK_FOR)
    known = store.accounts.find(key) is not None
    audit.record(store, "login_failed", actor=key,
                 detail=f"{'wrong password' if known else 'unknown name'}, failure "
                        f"{counted.failures}")
    if counted.locked_until is not None:
        audit.record(store, "locked", actor=key, detail=f"until {counted.locked_until:%H:%M} UTC")
        wait = _wait(counted, moment)
        raise LoginFailed(_held_back(counted, wait), retry_after=wait)
    raise LoginFailed(WRONG)


def _wait(failures: Failures, moment: datetime) -> int:
    """Seconds before the next try of this name is taken (0: now)."""
    if moment - failures.last_failure > FORGET_AFTER:
        return 0
    if failures.locked_until is not None:
        return max(0, _seconds(failures.locked_until - moment))
    if failures.failures < FREE_FAILURES:
        return 0
    delay = timedelta(seconds=2 ** (failures.failures - FREE_FAILURES))
    return max(0, _seconds(failures.last_failure + delay - moment))


def _seconds(span: timedelta) -> int:
    return int(-(-span.total_seconds() // 1))  # rounded up: "0 s" would invite a retry


def _held_back(failures: Failures, wait: int) -> str:
    if failures.locked_until is not None:
        return (f"{WRONG} Too many failed logins with this name: it is locked until "
                f"{failures.locked_until:%H:%M} UTC ({-(-wait // 60)} minutes at most). "
                "An admin can lift the lock sooner (`loadwatch user unlock NAME`).")
    return (f"{WRONG} After {failures.failures} failed logins with this name, "
            f"wait {wait} s before trying again.")


def unlock(store: Store, *, name: str) -> bool:
    """Lift the lock (and forget the failures) of ``name``; whether there were any."""
    cleared = store.logins.clear(name[:MAX_NAME])
    audit.record(store, "unlock", subject=name, detail="" if cleared else "nothing to lift")
    return cleared


def log_out(store: Store, *, name: str) -> None:
    """End every session of ``name`` (the cookie of this one and of every other device)."""
    accounts.end_sessions(store, name)
    audit.record(store, "logout", actor=name)
