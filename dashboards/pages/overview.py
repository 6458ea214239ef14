"""Overview: open red flags first, then this week, the look ahead and recent flags."""

from __future__ import annotations

import dash
import pandas as pd
from dash import ALL, Input, Output, dcc, html

from dashboards import acknowledge, context, ids
from loadwatch.metrics.ratios import acwr_zone
from loadwatch.summary.ahead import look_ahead
from loadwatch.summary.render import look_ahead_lines
from loadwatch.units import METRES_PER_KM, format_distance
from loadwatch.vocabulary import RAISED_SPIKE_BANDS

dash.register_page(__name__, path="/", name="Overview", order=10)

RECENT_FLAGS = 6
HISTORY = ("Every flag, acknowledged or not, newest first, stays in the ", " (red flags "
           "included: acknowledging one never removes it).")


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """Open red flags on top (with or without runs), then the week's story and what comes next."""
    snapshot = context.current().data.snapshot(athlete)
    weeks = snapshot.view.weeks
    red_cards = html.Div(id=ids.OVERVIEW_RED_FLAGS, children=acknowledge.open_cards(
        snapshot, acknowledge.button_kind(athlete, ids.OVERVIEW_ACK)))
    history = html.P(id=ids.OVERVIEW_HISTORY, className="note", children=[
        HISTORY[0], dcc.Link("flag history", href="/flags"), HISTORY[1]])
    top = [red_cards, html.Div(id=ids.OVERVIEW_ACK_RESULT)]
    if weeks.empty:  # a red flag in the diary shows before any run is imported
        return html.Div([*top, html.H2("No runs yet"),
                         html.P("Import your watch files: loadwatch import FILES."), history])
    started = weeks[weeks["runs"] > 0]
    current = started.iloc[-1] if len(started) else weeks.iloc[-1]
    active = sorted((f for f in snapshot.flags
                     if f.severity in ("high", "caution") and not f.is_red),
                    key=lambda f: f.date, reverse=True)[:RECENT_FLAGS]
    return html.Div([
        *top,
        html.H2(f"Week of {current.name:%d %b %Y}"),
        html.P(id=ids.OVERVIEW_WEEK, children=week_sentence(
            current, snapshot.view.settings.units)),
        html.P(id=ids.OVERVIEW_ACWR, children=acwr_sentence(snapshot.view.days)),
        ahead_section(snapshot),
        html.H3("Recent flags"),
        html.Div(id=ids.OVERVIEW_FLAGS, children=acknowledge.cards(snapshot, active, None)
                 or html.P("No flags.")),
        history,
    ])


def ahead_section(snapshot) -> html.Div:
    """The week under way, the longest next run and the fitness ramp (``summary.ahead``)."""
    view = snapshot.view
    ahead = context.current().data.memo(snapshot, "look_ahead", lambda: look_ahead(
        snapshot.today, view.activities, view.days, view.weeks, snapshot.diary,
        snapshot.flags, view.settings))
    units = view.settings.units
    lines = look_ahead_lines(ahead.suggestion, ahead.long_run, ahead.ramp, units,
                             week="last week's", heading="This week")
    if ahead.suggestion is None:
        lines.append(("This week", "A range needs a finished week of records."))
    rows = [html.Tr([html.Th(heading, scope="row"), html.Td(sentence)])
            for heading, sentence in lines]
    done = format_distance(ahead.done_km * METRES_PER_KM, units, 1, label=True)
    return html.Div(id=ids.OVERVIEW_AHEAD, className="ahead", children=[
        html.H3(f"Looking ahead: the week of {ahead.week_start:%d %b}"),
        html.Table(rows, className="table ahead-table"),
        html.P(f"Run so far this week: {done}. The range comes from last week and its "
               "flags, as its weekly summary says.", className="small")])


@context.callback(Output(ids.OVERVIEW_RED_FLAGS, "children"),
                  Output(ids.OVERVIEW_ACK_RESULT, "children"),
                  Input({"type": ids.OVERVIEW_ACK, "flag": ALL}, "n_clicks"),
                  context.WHERE, prevent_initial_call=True)
def acknowledge_flag(_clicks, search: str | None):
    """Acknowledge the red flag clicked (service: acknowledge_flag); it moves below the rest."""
    snapshot, refused = acknowledge.acknowledge_clicked(search)
    kind = acknowledge.button_kind(snapshot.athlete, ids.OVERVIEW_ACK)
    return acknowledge.open_cards(snapshot, kind), refused


def week_sentence(week: pd.Series, units: str) -> str:
    """Runs, distance, change against the 10% rule and the longest run, in ``units``."""
    change = ("" if week["change_pct"] != week["change_pct"] else
              f", {week['change_pct']:+.0f}% on the week before ({week['band']}: "
              + ("above" if week["exceeds_10pct"] else "within") + " the 10% rule of thumb)")
    spike = (f"; longest run {_km(week['longest_run_km'], units)}"
             + (f", a {week['spike_band']} spike" if week["spike_band"] in
                RAISED_SPIKE_BANDS else ""))
    runs = int(week["runs"])
    return (f"{runs} run{'' if runs == 1 else 's'}, {_km(week['distance_km'], units)}"
            f"{change}{spike}.")


def _km(km: float, units: str) -> str:
    # A week without runs has no longest run: written "nan", as it always was.
    return format_distance(km * METRES_PER_KM, units, 1, label=True, missing=f"nan {units}")


def acwr_sentence(days: pd.DataFrame) -> str:
    """The latest headline acute:chronic ratio, its zone and the caveat."""
    ratio = days["acwr_ewma"].dropna()
    if ratio.empty:
        return "The acute:chronic ratio needs 28 days of data."
    value = float(ratio.iloc[-1])
    return (f"Acute:chronic load ratio {value:.2f} ({acwr_zone(value)}) on "
            f"{ratio.index[-1]:%d %b}: a contested measure, read it as a trend.")
