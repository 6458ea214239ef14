"""Team server accounts: users, roles, coach assignments, and who may see whom.

Roles: an ``athlete`` account owns one athlete's data (read, write, comment);
a ``coach`` reads the athletes assigned to them and comments on their diary;
an ``admin`` may do everything to everyone. Passwords are hashed with
werkzeug's ``generate_password_hash`` (scrypt, salted); nothing here is
hand-made crypto; the rules a new password must meet are
:mod:`loadwatch.service.passwords`'s. Each account has a session token that
every login cookie carries: a new password, a new role, a removal or a
logout replace it (:func:`end_sessions`), which ends every session at once.
Local mode (no server) uses none of this. The rows themselves are the
store's (:mod:`loadwatch.store.accounts`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from loadwatch.errors import UsageError
from loadwatch.service import audit, passwords
from loadwatch.store import Store

ROLES = ("athlete", "coach", "admin")
ACTIONS = ("read", "comment", "write")
MIN_PASSWORD = passwords.MIN_LENGTH
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
    session_token: str = ""  # what this account's login cookies must carry

    def may(self, action: str, athlete: str) -> bool:
        """Whether this user may ``action`` (read, comment, write) ``athlete``'s data.

        Raises
        ------
        ValueError
            For an action not in ACTIONS.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action}")
        if self.role == "admin":
            return True
        if athlete not in self.athletes:
            return False
        return self.role == "athlete" or action in ("read", "comment")

    def check(self, action: str, athlete: str) -> None:
        """Refuse what :meth:`may` does not allow.

        Raises
        ------
        AccessDenied
            When this user may not ``action`` ``athlete``'s data.
        """
        if not self.may(action, athlete):
            raise AccessDenied(f"{self.name} may not {action} the data of {athlete}")


def _check_password(password: str, name: str, athlete: str | None = None) -> None:
    passwords.check(password, context=[name, *([athlete] if athlete else [])])


def add_user(store: Store, name: str, password: str, role: str,
             athlete: str | None = None) -> User:
    """Create an account; an athlete account's athlete defaults to its name.

    Parameters
    ----------
    store : Store
        The open store.
    name : str
        The account's login name.
    password : str
        One the rules of :mod:`loadwatch.service.passwords` accept; only its
        hash is kept.
    role : str
        One of ROLES.
    athlete : str, optional
        An athlete account's own athlete (default: ``name``).

    Returns
    -------
    User
        The new account.

    Raises
    ------
    UsageError
        For an unknown role, a blank or overlong name, a weak password
        (``passwords.WeakPassword``, saying why), an athlete given to another
        role, or a name already taken.
    """
    own = _own_athlete(name, role, athlete)
    if not name.strip() or len(name) > 200:
        raise UsageError("a user needs a name of 1 to 200 characters")
    _check_password(password, name, own)
    store.accounts.add(name, generate_password_hash(password), role, own,
                       session_token=secrets.token_hex(16))
    audit.record(store, "user_added", subject=name, detail=role)
    return user(store, name)


def _own_athlete(name: str, role: str, athlete: str | None) -> str | None:
    if role not in ROLES:
        raise UsageError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role != "athlete" and athlete:
        raise UsageError("only an athlete account has an athlete of its own")
    return (athlete or name) if role == "athlete" else None


def user(store: Store, name: str) -> User:
    """The account ``name`` with the athletes it may see (as of now).

    Raises
    ------
    UsageError
        When there is no such account.
    """
    account = store.accounts.find(name)
    if account is None:
        raise UsageError(f"no user called {name}")
    if account.role == "admin":
        visible = store.athletes()
    elif account.role == "coach":
        visible = store.accounts.coached(name)
    else:
        visible = [account.athlete] if account.athlete else []
    return User(account.name, account.role, account.athlete, tuple(visible),
                account.session_token)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else None (same cost either way)."""
    account = store.accounts.find(name)
    stored = account.password_hash if account is not None else None
    if not check_password_hash(stored or _DUMMY_HASH, password) or stored is None:
        return None
    return user(store, name)


def set_password(store: Store, name: str, password: str) -> None:
    """Give the account ``name`` a new password.

    Every session of the account ends: a cookie taken before is refused.

    Raises
    ------
    UsageError
        For a weak password (``passwords.WeakPassword``, saying why) or an
        unknown account.
    """
    found = user(store, name)
    _check_password(password, name, found.athlete)
    store.accounts.set_password_hash(name, generate_password_hash(password))
    end_sessions(store, name)
    audit.record(store, "password_changed", subject=name)


def set_role(store: Store, name: str, role: str, athlete: str | None = None) -> User:
    """Give the account ``name`` a new role (a coach's assignments go); its sessions end.

    Raises
    ------
    UsageError
        For an unknown account or role, or an athlete given to another role.
    """
    before = user(store, name)
    own = _own_athlete(name, role, athlete)
    store.accounts.set_role(name, role, own, secrets.token_hex(16))
    audit.record(store, "role_changed", subject=name, detail=f"{before.role} -> {role}")
    return user(store, name)


def end_sessions(store: Store, name: str) -> None:
    """End every session of ``name``: the cookies they carry are refused from now on.

    Raises
    ------
    UsageError
        For an unknown account.
    """
    store.accounts.set_session_token(name, secrets.token_hex(16))


def remove_user(store: Store, name: str) -> None:
    """Delete the account (the athlete's data stays: ``athlete delete`` removes that).

    Its sessions end with it (a new account of the same name gets a new token).
    """
    store.accounts.remove(name)
    audit.record(store, "user_removed", subject=name)


def assign(store: Store, coach: str, athlete: str, *, remove: bool = False) -> None:
    """Give a coach an athlete to follow (or take it away with ``remove``).

    Raises
    ------
    UsageError
        When the athlete or the account is unknown, or the account is not a coach's.
    """
    if store.athlete_id(athlete, create=False) is None:
        raise UsageError(f"no athlete called {athlete}")
    account = store.accounts.find(coach)
    if account is None:
        raise UsageError(f"no user called {coach}")
    if account.role != "coach":
        raise UsageError(f"{coach} is not a coach")
    store.accounts.link(coach, athlete, linked=not remove)


def list_users(store: Store) -> list[dict]:
    """Every account: name, role, own athlete and (coaches) the athletes followed."""
    result = []
    for name in store.accounts.names():
        found = user(store, name)
        result.append({"name": found.name, "role": found.role, "athlete": found.athlete,
                       "athletes": list(found.athletes) if found.role == "coach" else None})
    return result


def has_users(store: Store) -> bool:
    """Whether any account exists (a team server needs one to log in)."""
    return store.accounts.any()


def shared_secret(store: Store, name: str) -> str:
    """A random secret made once and kept in the store, the same for every worker."""
    return store.accounts.shared_secret(name, secrets.token_hex(32))
