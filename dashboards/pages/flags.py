"""Flags: every flag loadwatch raised, newest first, the open red flags on top.

The history the Overview links to. Acknowledging a red flag never takes it off
this page: it says by whom and when it was acknowledged.
"""

from __future__ import annotations

from datetime import date

import dash
from dash import ALL, Input, Output, html

from dashboards import acknowledge, context, ids
from loadwatch.flags import Flag

dash.register_page(__name__, path="/flags", name="Flags", order=15)

INTRO = ("Every flag loadwatch has raised, newest first. Acknowledging a red flag says you "
         "have seen it, or booked the visit it asks for; it does not dismiss it. It stays "
         "open until a later diary entry for the same place has no warning sign (six weeks "
         "at most), and it stays on this page for good.")


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The open red flags, then every flag, newest first."""
    snapshot = context.current().data.snapshot(athlete)
    kind = acknowledge.button_kind(athlete, ids.FLAGS_ACK)
    return html.Div([
        html.H2("Flags"),
        html.P(INTRO, className="note"),
        html.Div(id=ids.FLAGS_ACK_RESULT),
        html.H3("Open red flags"),
        html.Div(id=ids.FLAGS_OPEN, children=_open(snapshot, kind)),
        html.H3("Every flag, newest first"),
        html.Div(id=ids.FLAGS_ALL, children=_history(snapshot, kind)),
    ])


def _open(snapshot, kind: str | None) -> list:
    return acknowledge.open_cards(snapshot, kind) or [html.P("No open red flags.")]


def _history(snapshot, kind: str | None) -> list:
    """Every flag, newest first; a button only on red flags not already above (ids are unique)."""
    return context.current().data.memo(snapshot, f"flag_history:{kind}",
                                       lambda: _history_cards(snapshot, kind))


def _history_cards(snapshot, kind: str | None) -> list:
    above = {acknowledge.key(f) for f in acknowledge.open_flags(snapshot)}
    flags = sorted(snapshot.flags, key=_newest, reverse=True)
    made = []
    for flag in flags:
        made.extend(acknowledge.cards(snapshot, [flag], None if acknowledge.key(flag) in above
                                      else kind))
    return made or [html.P("No flags.")]


def _newest(flag: Flag) -> date:
    return flag.date or date.min


@context.callback(Output(ids.FLAGS_OPEN, "children"), Output(ids.FLAGS_ALL, "children"),
                  Output(ids.FLAGS_ACK_RESULT, "children"),
                  Input({"type": ids.FLAGS_ACK, "flag": ALL}, "n_clicks"),
                  context.WHERE, prevent_initial_call=True)
def acknowledge_flag(_clicks, search: str | None):
    """Acknowledge the red flag clicked (service: acknowledge_flag)."""
    snapshot, refused = acknowledge.acknowledge_clicked(search)
    kind = acknowledge.button_kind(snapshot.athlete, ids.FLAGS_ACK)
    return _open(snapshot, kind), _history(snapshot, kind), refused
