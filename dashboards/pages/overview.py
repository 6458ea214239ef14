"""Overview: urgent red flags first, then this week, the acute:chronic ratio and recent flags."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashboards import components, context, ids
from loadwatch.metrics.ratios import acwr_zone
from loadwatch.triage.escalation import open_red_flags
from loadwatch.units import METRES_PER_KM, format_distance
from loadwatch.vocabulary import RAISED_SPIKE_BANDS

dash.register_page(__name__, path="/", name="Overview", order=10)

RECENT_FLAGS = 6


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """Red flags on top (with or without runs), then the week's story."""
    snapshot = context.current().data.snapshot(athlete)
    weeks = snapshot.view.weeks
    red = open_red_flags(snapshot.flags, snapshot.diary, snapshot.today)
    red_cards = html.Div(id=ids.OVERVIEW_RED_FLAGS, children=[components.flag_card(f)
                                                               for f in red])
    if weeks.empty:  # a red flag in the diary shows before any run is imported
        return html.Div([red_cards, html.H2("No runs yet"),
                         html.P("Import your watch files: loadwatch import FILES.")])
    started = weeks[weeks["runs"] > 0]
    current = started.iloc[-1] if len(started) else weeks.iloc[-1]
    active = sorted((f for f in snapshot.flags
                     if f.severity in ("high", "caution") and not f.is_red),
                    key=lambda f: f.date, reverse=True)[:RECENT_FLAGS]
    return html.Div([
        red_cards,
        html.H2(f"Week of {current.name:%d %b %Y}"),
        html.P(id=ids.OVERVIEW_WEEK, children=week_sentence(
            current, snapshot.view.settings.units)),
        html.P(id=ids.OVERVIEW_ACWR, children=acwr_sentence(snapshot.view.days)),
        html.H3("Recent flags"),
        html.Div(id=ids.OVERVIEW_FLAGS, children=[components.flag_card(f) for f in active]
                 or html.P("No flags.")),
    ])


def week_sentence(week: pd.Series, units: str) -> str:
    """Runs, distance, change against the 10% rule and the longest run, in ``units``."""
    change = ("" if week["change_pct"] != week["change_pct"] else
              f", {week['change_pct']:+.0f}% on the week before ({week['band']}: "
              + ("above" if week["exceeds_10pct"] else "within") + " the 10% rule of thumb)")
    spike = (f"; longest run {_km(week['longest_run_km'], units)}"
             + (f", a {week['spike_band']} spike" if week["spike_band"] in
                RAISED_SPIKE_BANDS else ""))
    return f"{int(week['runs'])} runs, {_km(week['distance_km'], units)}{change}{spike}."


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
