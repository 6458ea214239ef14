"""Load: weekly distance, daily load with the acute:chronic ratio, fitness, monotony.

The charts show the page's time window (``dashboards.window``); one callback
redraws them when the window or the ratio's method changes.
"""

from __future__ import annotations

from collections.abc import Callable

import dash
from dash import Input, Output, dcc, html

from dashboards import components, context, figures, ids, window
from dashboards.data import DashboardData, Snapshot
from loadwatch.vocabulary import ACWR_CAVEAT, FORM_ZONES_SOURCE

dash.register_page(__name__, path="/load", name="Load", order=20)

PAGE = "load"
METHODS = ("ewma", "coupled", "uncoupled")
CHARTS = (ids.LOAD_WEEKLY, ids.LOAD_DAILY, ids.LOAD_PMC, ids.LOAD_MONOTONY)


@context.athlete_page
def layout(athlete: str, **values) -> html.Div:
    """The load charts over the window the address (or this browser) chose."""
    data = context.current().data
    snapshot = data.snapshot(athlete)
    if snapshot.view.weeks.empty:
        return components.no_runs()
    history = window.history_of(data, snapshot)
    chosen = window.requested(history, values)
    drawn = {chart: draw() for chart, draw in charts(data, snapshot, chosen, "ewma").items()}
    return html.Div(className="chart-page", children=[
        html.H2("Training load"),
        window.controls(PAGE, history, chosen),
        components.chart(ids.LOAD_WEEKLY, drawn[ids.LOAD_WEEKLY]),
        html.Div(className="chart-option", children=[
            html.Label("Acute:chronic ratio method", htmlFor=ids.LOAD_METHOD),
            dcc.RadioItems(id=ids.LOAD_METHOD, inline=True, value="ewma", options=[
                {"label": "EWMA (headline)", "value": "ewma"},
                {"label": "coupled", "value": "coupled"},
                {"label": "uncoupled", "value": "uncoupled"}])]),
        html.P(ACWR_CAVEAT, className="note"),
        components.chart(ids.LOAD_DAILY, drawn[ids.LOAD_DAILY]),
        components.chart(ids.LOAD_PMC, drawn[ids.LOAD_PMC]),
        html.P(FORM_ZONES_SOURCE, className="note small"),
        components.chart(ids.LOAD_MONOTONY, drawn[ids.LOAD_MONOTONY])])


def charts(data: DashboardData, snapshot: Snapshot, chosen: window.Window,
           method: str) -> dict[str, Callable[[], dict]]:
    """Each chart of the page over ``chosen``, drawn when called (a preset's once).

    ``method`` picks the ratio's column: an unknown one (from the browser) is EWMA.
    """
    method = method if method in METHODS else "ewma"
    view = snapshot.view
    units, week_start = view.settings.units, view.settings.week_start
    weeks, days = chosen.rows(view.weeks), chosen.rows(view.days)

    def drawing(name: str, build: Callable) -> Callable[[], dict]:
        return lambda: window.figure(data, snapshot, name, chosen, build)

    return {
        ids.LOAD_WEEKLY: drawing(f"weekly_distance_{units}",
                                 lambda: figures.weekly_distance(weeks, units)),
        ids.LOAD_DAILY: drawing(f"daily_load_{method}_{week_start}",
                                lambda: figures.daily_load(days, method, week_start)),
        ids.LOAD_PMC: drawing(f"fitness_fatigue_{week_start}",
                              lambda: figures.fitness_fatigue(days, week_start)),
        ids.LOAD_MONOTONY: drawing("monotony_strain",
                                   lambda: figures.monotony_strain(weeks))}


@context.callback(*[Output(chart, "figure") for chart in CHARTS], *window.outputs(PAGE),
                  *window.inputs(PAGE), Input(ids.LOAD_METHOD, "value"), context.WHERE,
                  prevent_initial_call=True)
def redraw(preset: str | None, weeks: list[int] | None, method: str,
           search: str | None) -> tuple:
    """Redraw over another window (every chart) or with another ratio method (the daily load)."""
    data = context.current().data
    snapshot = data.snapshot(context.athlete_for("read", search))
    chosen, shown = window.changed(PAGE, window.history_of(data, snapshot), preset, weeks)
    drawing = charts(data, snapshot, chosen, method)
    redrawn = (ids.LOAD_DAILY,) if dash.ctx.triggered_id == ids.LOAD_METHOD else CHARTS
    return (*[components.untitled(drawing[c]()) if c in redrawn else dash.no_update
              for c in CHARTS], *shown)
