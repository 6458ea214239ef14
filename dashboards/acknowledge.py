"""Red flag cards with their acknowledgement, and the click that acknowledges one.

The Overview and the Flags page show the open red flags the same way: those
nobody has acknowledged first, each with a button, then the acknowledged ones
saying by whom and when. Acknowledging (service: ``acknowledge_flag``) says
"I have seen this" or "I have booked the visit"; the flag stays where it is
listed, with its severity.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import dash
from dash.exceptions import PreventUpdate

from dashboards import components, context
from loadwatch.errors import LoadwatchError
from loadwatch.flags import Flag, acknowledged_last, acknowledgement_of
from loadwatch.service.flags import acknowledge_flag, dismiss_flag
from loadwatch.triage.escalation import open_red_flags

if TYPE_CHECKING:
    from dash import html

    from dashboards.data import Snapshot

DISMISS = "Dismiss"  # the button on a caution or high flag of the Overview's open flags


def key(flag: Flag) -> str:
    """A red flag's name in a button's id: ``DATE|RULE|ENTRY``."""
    return f"{flag.date}|{flag.rule}|{'' if flag.entry is None else flag.entry}"


def parse(text: str) -> tuple[date, str, int | None]:
    """The date, rule and entry a button's :func:`key` names."""
    day, rule, entry = text.split("|")
    return date.fromisoformat(day), rule, int(entry) if entry else None


def cards(snapshot: Snapshot, flags: list[Flag], kind: str | None) -> list[html.Div]:
    """A card per flag; red flags nobody acknowledged carry a button of type ``kind``.

    ``kind`` None: no buttons (the user may not write the athlete's data).
    """
    timezone = snapshot.view.settings.timezone
    made = []
    for flag in flags:
        seen = acknowledgement_of(flag, snapshot.acknowledgements)
        button = ({"type": kind, "flag": key(flag)}
                  if kind is not None and flag.is_red and seen is None else None)
        made.append(components.flag_card(flag, seen, timezone, button))
    return made


def open_flags(snapshot: Snapshot) -> list[Flag]:
    """The red flags open today (``open_red_flags``): unacknowledged first, newest first."""
    red = open_red_flags(snapshot.flags, snapshot.diary, snapshot.today)
    return acknowledged_last(red, snapshot.acknowledgements)


def open_cards(snapshot: Snapshot, kind: str | None) -> list[html.Div]:
    """The cards of :func:`open_flags`, buttons of type ``kind`` on those not acknowledged."""
    return cards(snapshot, open_flags(snapshot), kind)


def button_kind(athlete: str, kind: str) -> str | None:
    """``kind`` when this user may acknowledge the athlete's flags, else None."""
    return kind if context.current().policy.may_write(athlete) else None


def acknowledge_clicked(search: str | None) -> tuple[Snapshot, html.Span | None]:
    """Acknowledge the flag whose button was clicked; the snapshot after, and any refusal.

    Raises
    ------
    PreventUpdate
        Nothing was clicked (buttons put on the page fire with no clicks).
    AccessDenied
        The user may not write the athlete's data.
    """
    trigger = dash.ctx.triggered_id
    if not isinstance(trigger, dict) or not dash.ctx.triggered[0]["value"]:
        raise PreventUpdate
    athlete = context.athlete_for("write", search)
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    day, rule, entry = parse(trigger["flag"])
    try:
        acknowledge_flag(app.store, athlete=athlete, day=day, rule=rule, entry=entry,
                         by=app.policy.author(), flags=snapshot.flags)
    except LoadwatchError as err:
        return snapshot, components.error(f"Not acknowledged: {err}")
    return app.data.snapshot(athlete), None


def dismiss_clicked(search: str | None) -> tuple[Snapshot, html.Span | None]:
    """Dismiss the caution or high flag whose button was clicked (service: ``dismiss_flag``).

    The snapshot after, and any refusal.

    Raises
    ------
    PreventUpdate
        Nothing was clicked (buttons put on the page fire with no clicks).
    AccessDenied
        The user may not write the athlete's data.
    """
    trigger = dash.ctx.triggered_id
    if not isinstance(trigger, dict) or not dash.ctx.triggered[0]["value"]:
        raise PreventUpdate
    athlete = context.athlete_for("write", search)
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    day, rule, _ = parse(trigger["flag"])
    try:
        dismiss_flag(app.store, athlete=athlete, day=day, rule=rule, by=app.policy.author(),
                     flags=snapshot.flags)
    except LoadwatchError as err:
        return snapshot, components.error(f"Not dismissed: {err}")
    return app.data.snapshot(athlete), None
