"""Whose data a request may touch: one policy for local mode, one for the team server.

Every page and callback asks its policy for the athlete and checks the
action before reading or writing. Local mode (one person on 127.0.0.1) lets
the address choose the athlete. Server mode takes the athlete from the
signed session, which changes only through ``select``, and that checks the
logged-in user's rights against the store on every request: nothing the
browser sends can name another athlete.
"""

from __future__ import annotations

from dataclasses import dataclass

from loadwatch.service.accounts import AccessDenied, User
from loadwatch.store import Store


@dataclass
class LocalAccess:
    """Login-free: the athlete in the address (``?athlete=NAME``), else the default."""

    default: str
    server = False

    def athlete(self, requested: str | None = None) -> str:
        return requested or self.default

    def athletes(self, store: Store) -> list[str]:
        return store.athletes() or [self.default]

    def may(self, action: str, athlete: str) -> bool:
        return True

    def logged_in(self) -> bool:
        return True

    def check(self, action: str, athlete: str) -> None:
        return None

    def select(self, athlete: str) -> None:
        return None

    def author(self) -> str:
        return self.default


@dataclass
class SessionAccess:
    """Server mode: the logged-in user (from flask-login) and their chosen athlete."""

    store: Store
    server = True

    def logged_in(self) -> bool:
        from flask_login import current_user

        return bool(current_user and current_user.is_authenticated)

    def user(self) -> User:
        from flask_login import current_user

        if not current_user.is_authenticated:
            raise AccessDenied("not logged in")
        return current_user.account

    def athlete(self, requested: str | None = None) -> str | None:
        """The session's athlete if the user may still read it, else their first one.

        ``requested`` (a value from the browser) is ignored on purpose.
        """
        from flask import session

        user = self.user()
        chosen = session.get("athlete")
        if chosen is not None and user.may("read", chosen):
            return chosen
        if user.athlete is not None:
            return user.athlete
        return user.athletes[0] if user.athletes else None

    def athletes(self, store: Store) -> list[str]:
        return list(self.user().athletes)

    def may(self, action: str, athlete: str | None) -> bool:
        return athlete is not None and self.user().may(action, athlete)

    def check(self, action: str, athlete: str | None) -> None:
        if athlete is None:
            raise AccessDenied("no athlete is assigned to you yet")
        self.user().check(action, athlete)

    def select(self, athlete: str) -> None:
        from flask import session

        self.check("read", athlete)
        session["athlete"] = athlete

    def author(self) -> str:
        return self.user().name
