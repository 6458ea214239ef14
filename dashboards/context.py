"""What pages and callbacks reach per app: its data and its access policy, and every callback.

Dash keeps pages (``dash.page_registry``) and ``dash.callback``'s callbacks in
process-wide globals, and hands the callbacks to the first app that serves a
request, leaving later apps without them (plotly/dash#1719; one app a process
is all Dash promises, plotly/dash#2399). Tests and benchmarks run several apps
in one process, so:

- each app's :class:`~dashboards.data.DashboardData` and access policy hang on
  its Flask server (:func:`install`); pages and callbacks find them through
  ``flask.current_app`` (:func:`current`), never through a global or a closure;
- pages declare their callbacks with :func:`callback`, which takes
  ``dash.callback``'s arguments and only records them; :func:`register_callbacks`
  gives every app all of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import flask
from dash import State, html

if TYPE_CHECKING:
    import dash

    from dashboards.access import Policy
    from dashboards.data import DashboardData
    from loadwatch.store import Store

CONFIG_KEY = "loadwatch"
# The address's query string: in local mode ``?athlete=NAME`` chooses whose data shows.
WHERE = State("_pages_location", "search")
NO_ATHLETE = "No athlete is assigned to you yet: ask your club's admin."

_CALLBACKS: dict[str, tuple[tuple, dict, Callable]] = {}
_CLIENTSIDE: dict[str, tuple[Any, tuple, dict]] = {}


@dataclass(frozen=True)
class AppContext:
    """One app's own objects: its data (and store) and its access policy."""

    data: DashboardData
    policy: Policy

    @property
    def store(self) -> Store:
        """The store the app serves."""
        return self.data.store


def install(server: flask.Flask, data: DashboardData, policy: Policy) -> AppContext:
    """Hang an app's data and policy on its Flask server."""
    server.config[CONFIG_KEY] = AppContext(data, policy)
    return server.config[CONFIG_KEY]


def of(server: flask.Flask) -> AppContext:
    """The objects of the app served by ``server`` (tests close its store with it)."""
    return server.config[CONFIG_KEY]


def current() -> AppContext:
    """The objects of the app serving this request."""
    return of(flask.current_app)


def requested_athlete(search: str | None) -> str | None:
    """The athlete the address names (``?athlete=NAME``), if any."""
    values = parse_qs((search or "").lstrip("?")).get("athlete")
    return values[0] if values else None


def athlete_for(action: str, search: str | None) -> str:
    """The athlete this request may ``action`` (read, write, comment).

    Raises
    ------
    AccessDenied
        The policy refuses (HTTP 403 on a team server).
    """
    policy = current().policy
    athlete = policy.athlete(requested_athlete(search))
    policy.require(action, athlete)
    return athlete  # type: ignore[return-value]  # require refuses None


def athlete_page(build: Callable[..., Any]) -> Callable[..., Any]:
    """A page layout for the athlete this request may read.

    Dash calls a page's layout with the address's variables and query
    parameters; the wrapped ``build(athlete, **values)`` gets the athlete the
    policy allows (``?athlete=`` counts only in local mode). A variable named
    ``*_id`` must be the id of a stored row (else the page says there is none).
    """
    @functools.wraps(build)
    def layout(athlete: str | None = None, **values: Any) -> Any:
        from dashboards import guard

        for name, value in values.items():
            if name.endswith("_id") and value is not None:
                try:
                    guard.row_id(value, name.replace("_", " "))
                except guard.BadInput:
                    # A mistyped address is the runner's slip: a page that says so,
                    # not a blank one (dash-renderer shows nothing for a 400).
                    return html.P(f"No {name[:-3]} {str(value)[:40]!r} here: its address "
                                  "ends in its number, as in the Activities table's links.",
                                  className="error")
        policy = current().policy
        who = policy.athlete(athlete)
        if who is None:
            return html.P(NO_ATHLETE)
        known = policy.visible_athletes()
        if who not in known:  # a mistyped ?athlete= must not read as "no runs"
            return html.P(f"No athlete named {who!r} here; athletes: {', '.join(known)}.",
                          className="error")
        policy.require("read", who)
        return build(who, **values)
    return layout


def callback(*args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
    """``dash.callback``'s decorator, recorded for every app (see the module's docstring)."""
    def record(function: Callable) -> Callable:
        _CALLBACKS[f"{function.__module__}.{function.__qualname__}"] = (args, kwargs, function)
        return function
    return record


def clientside_callback(function: Any, *args: Any, **kwargs: Any) -> None:
    """``dash.clientside_callback``, recorded for every app: ``function`` runs in the browser.

    ``function`` is a ``dash.ClientsideFunction`` of a script in ``dashboards/assets``.
    """
    _CLIENTSIDE[f"{function.namespace}.{function.function_name}"] = (function, args, kwargs)


def register_callbacks(app: dash.Dash) -> None:
    """Give ``app`` every callback recorded so far."""
    for args, kwargs, function in _CALLBACKS.values():
        app.callback(*args, **kwargs)(function)
    for function, args, kwargs in _CLIENTSIDE.values():
        app.clientside_callback(function, *args, **kwargs)
