"""Whose data a request may touch: one policy for local mode, one for a team server.

Pages and callbacks ask their policy questions (whose data does this request
show, may it be read, written, commented on, which athletes to offer, whose
name signs a comment) and never branch on the mode. Local mode
(:class:`LocalPolicy`, one person on 127.0.0.1) lets the address choose the
athlete. A team server (:class:`TeamPolicy`) takes the athlete from the signed
session, which changes only through :meth:`TeamPolicy.choose`, and checks the
logged-in user's rights against the store on every request: nothing the
browser sends can name another athlete.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from typing_extensions import override

from loadwatch.service.accounts import AccessDenied, User
from loadwatch.service.reports import athlete_names

if TYPE_CHECKING:
    from loadwatch.store import Store


class Policy(ABC):
    """The questions pages and callbacks ask about access."""

    shows_logout: bool = False  # whether the header offers "Log out"

    @abstractmethod
    def logged_in(self) -> bool:
        """Whether a user is known (Dash builds the layout once, outside any login)."""

    @abstractmethod
    def athlete(self, requested: str | None = None) -> str | None:
        """Whose data this request shows; ``requested`` is what the browser named."""

    @abstractmethod
    def visible_athletes(self) -> list[str]:
        """The athletes the selector offers."""

    @abstractmethod
    def may_read(self, athlete: str | None) -> bool:
        """Whether this user may see ``athlete``'s data."""

    @abstractmethod
    def may_write(self, athlete: str | None) -> bool:
        """Whether this user may change ``athlete``'s data (diary, uploads, settings)."""

    @abstractmethod
    def may_comment(self, athlete: str | None) -> bool:
        """Whether this user may comment on ``athlete``'s diary entries."""

    def require(self, action: str, athlete: str | None) -> None:
        """Refuse unless this user may ``action`` (read, write, comment) ``athlete``'s data.

        Raises
        ------
        AccessDenied
            The user may not (HTTP 403 on a team server).
        """
        checks = {"read": self.may_read, "write": self.may_write,
                  "comment": self.may_comment}
        if action not in checks:
            raise ValueError(f"unknown action {action}")
        if not checks[action](athlete):
            raise AccessDenied(f"you may not {action} the data of {athlete}")

    @abstractmethod
    def choose(self, athlete: str) -> None:
        """Remember the athlete chosen in the selector (refused when not readable)."""

    @abstractmethod
    def link_query(self, requested: str | None) -> str:
        """The query string links carry to keep showing the chosen athlete."""

    @abstractmethod
    def author(self) -> str:
        """The name a comment is signed with."""

    @abstractmethod
    def athlete_to_prepare(self) -> str | None:
        """The athlete worth computing at start-up, before anyone asks."""


@dataclass
class LocalPolicy(Policy):
    """Login-free: the athlete in the address (``?athlete=NAME``), else the default.

    Everything is readable and writable; there are no coaches, so no comments.
    """

    store: Store
    default: str
    shows_logout = False

    @override
    def logged_in(self) -> bool:
        return True

    @override
    def athlete(self, requested: str | None = None) -> str:
        names = athlete_names(self.store)
        if requested:
            if requested in names and requested != _remembered():
                _remember(requested)
            return requested
        # Links that carry no ?athlete= (a run in the Activities table, a guidance
        # page) stay on the athlete this browser last named.
        if (remembered := _remembered()) in names:
            return remembered  # type: ignore[return-value]  # in names: a str
        return self.default if self.default in names or not names else names[0]

    @override
    def visible_athletes(self) -> list[str]:
        return athlete_names(self.store) or [self.default]

    @override
    def may_read(self, athlete: str | None) -> bool:
        return athlete is not None

    @override
    def may_write(self, athlete: str | None) -> bool:
        return athlete is not None

    @override
    def may_comment(self, athlete: str | None) -> bool:
        return False

    @override
    def choose(self, athlete: str) -> None:
        self.athlete(athlete)  # remembered (a cookie) when the store holds them

    @override
    def link_query(self, requested: str | None) -> str:
        return "?" + urlencode({"athlete": self.athlete(requested)})

    @override
    def author(self) -> str:
        return self.default

    @override
    def athlete_to_prepare(self) -> str | None:
        return self.default


@dataclass
class TeamPolicy(Policy):
    """A team server: the logged-in user (flask-login) and the athlete chosen in the session."""

    store: Store
    shows_logout = True

    @override
    def logged_in(self) -> bool:
        from flask_login import current_user

        return bool(current_user and current_user.is_authenticated)

    def user(self) -> User:
        """The logged-in user, with their rights as the store holds them now."""
        from flask_login import current_user

        if not current_user.is_authenticated:
            raise AccessDenied("not logged in")
        return current_user.account

    @override
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

    @override
    def visible_athletes(self) -> list[str]:
        return list(self.user().athletes)

    @override
    def may_read(self, athlete: str | None) -> bool:
        return athlete is not None and self.user().may("read", athlete)

    @override
    def may_write(self, athlete: str | None) -> bool:
        return athlete is not None and self.user().may("write", athlete)

    @override
    def may_comment(self, athlete: str | None) -> bool:
        return athlete is not None and self.user().may("comment", athlete)

    @override
    def require(self, action: str, athlete: str | None) -> None:
        if athlete is None:
            raise AccessDenied("no athlete is assigned to you yet")
        self.user().check(action, athlete)

    @override
    def choose(self, athlete: str) -> None:
        from flask import session

        self.require("read", athlete)
        session["athlete"] = athlete

    @override
    def link_query(self, requested: str | None) -> str:
        return ""  # the session carries the choice

    @override
    def author(self) -> str:
        return self.user().name

    @override
    def athlete_to_prepare(self) -> str | None:
        return None  # nobody is logged in yet


# Local mode remembers the athlete last named per browser, in a cookie: the
# selector's choice outlives a link that carries no ?athlete=.
ATHLETE_COOKIE = "loadwatch_athlete"


def _remembered() -> str | None:
    from flask import has_request_context, request

    return request.cookies.get(ATHLETE_COOKIE) if has_request_context() else None


def _remember(athlete: str) -> None:
    """Set the cookie on the answer of the callback being served (none outside one)."""
    import dash

    try:
        response = dash.ctx.response
    except Exception:  # not inside a Dash callback (a plain route, a unit test)
        return
    response.set_cookie(ATHLETE_COOKIE, athlete, samesite="Lax", httponly=True)
