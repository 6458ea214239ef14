"""Load: weekly distance, daily load with the acute:chronic ratio, fitness, monotony."""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from dashboards import components, context, figures, ids
from dashboards.data import DashboardData, Snapshot
from loadwatch.vocabulary import ACWR_CAVEAT

dash.register_page(__name__, path="/load", name="Load", order=20)

METHODS = ("ewma", "coupled", "uncoupled")


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The load charts; the ratio's method can be switched."""
    data = context.current().data
    snapshot = data.snapshot(athlete)
    view = snapshot.view
    if view.weeks.empty:
        return components.no_runs()
    units = view.settings.units
    return html.Div([
        dcc.Graph(id=ids.LOAD_WEEKLY, figure=data.figure(
            snapshot, f"weekly_distance_{units}",
            lambda s: figures.weekly_distance(s.view.weeks, units))),
        html.Label(["Acute:chronic ratio method ",
                    dcc.RadioItems(id=ids.LOAD_METHOD, inline=True, value="ewma", options=[
                        {"label": " EWMA (headline) ", "value": "ewma"},
                        {"label": " coupled ", "value": "coupled"},
                        {"label": " uncoupled ", "value": "uncoupled"}])]),
        html.P(ACWR_CAVEAT, className="note"),
        dcc.Graph(id=ids.LOAD_DAILY, figure=daily_load(data, snapshot, "ewma")),
        dcc.Graph(id=ids.LOAD_PMC, figure=data.figure(
            snapshot, "fitness_fatigue", lambda s: figures.fitness_fatigue(s.view.days))),
        dcc.Graph(id=ids.LOAD_MONOTONY, figure=data.figure(
            snapshot, "monotony_strain", lambda s: figures.monotony_strain(s.view.weeks))),
    ])


def daily_load(data: DashboardData, snapshot: Snapshot, method: str) -> dict:
    """The daily load chart with the ratio of ``method`` (an unknown one: EWMA)."""
    if method not in METHODS:
        method = "ewma"  # a value from the browser picks a column: only known ones
    return data.figure(snapshot, f"daily_load_{method}",
                       lambda s: figures.daily_load(s.view.days, method))


@context.callback(Output(ids.LOAD_DAILY, "figure"), Input(ids.LOAD_METHOD, "value"),
                  context.WHERE, prevent_initial_call=True)
def switch_ratio(method: str, search: str | None) -> dict:
    """Redraw the daily load with another acute:chronic method."""
    data = context.current().data
    return daily_load(data, data.snapshot(context.athlete_for("read", search)), method)
