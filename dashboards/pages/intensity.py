"""Intensity and terrain: time in zones, easy/moderate/hard, hills and surfaces per week.

The charts show the page's time window (``dashboards.window``); one callback
redraws them when it changes.
"""

from __future__ import annotations

from collections.abc import Callable

import dash
from dash import Output, html

from dashboards import components, context, figures, ids, window
from dashboards.data import DashboardData, Snapshot
from dashboards.figures import durations

dash.register_page(__name__, path="/intensity", name="Intensity and terrain", order=30)

PAGE = "intensity"
TERRAIN_RULES = ("hill_share_jump", "hard_share_jump", "surface_change")
CHARTS = (ids.INTENSITY_TIME, ids.INTENSITY_ZONES, ids.INTENSITY_HILLS, ids.INTENSITY_SURFACE)


@context.athlete_page
def layout(athlete: str, **values) -> html.Div:
    """The four weekly charts over the window, and the flags they raised."""
    data = context.current().data
    snapshot = data.snapshot(athlete)
    if snapshot.view.weeks.empty:
        return components.no_runs()
    history = window.history_of(data, snapshot)
    chosen = window.requested(history, values)
    return html.Div(className="chart-page", children=[
        html.H2("Intensity and terrain"),
        window.controls(PAGE, history, chosen),
        *[components.chart(chart, draw())
          for chart, draw in charts(data, snapshot, chosen).items()],
        html.H3("Flags these raised in the window"),
        html.Div(raised_list(snapshot, chosen), id=ids.INTENSITY_FLAGS)])


def raised_list(snapshot: Snapshot, chosen: window.Window) -> html.Ul | html.P:
    """The intensity and terrain flags dated in the window, newest first."""
    raised = sorted((f for f in snapshot.flags if set(f.rules) & set(TERRAIN_RULES)
                     and f.date is not None and chosen.start <= f.date <= chosen.end),
                    key=lambda f: f.date, reverse=True)
    if not raised:
        return html.P("None in this window.")
    return html.Ul([html.Li(f"{f.date:%a %d %b %Y}: {f.title}. {f.why}") for f in raised])


def charts(data: DashboardData, snapshot: Snapshot,
           chosen: window.Window) -> dict[str, Callable[[], dict]]:
    """Each chart of the page over ``chosen``, drawn when called (a preset's once)."""
    units = snapshot.view.settings.units
    weeks = chosen.rows(snapshot.view.weeks)

    def drawing(name: str, build: Callable) -> Callable[[], dict]:
        return lambda: window.figure(data, snapshot, name, chosen, lambda: build(weeks))

    return {ids.INTENSITY_TIME: drawing("time_in_zones_hms", durations.time_in_zones),
            ids.INTENSITY_ZONES: drawing("intensity_split", figures.intensity_split),
            ids.INTENSITY_HILLS: drawing("hill_share", figures.hill_share),
            ids.INTENSITY_SURFACE: drawing(f"surface_mix_{units}",
                                           lambda w: figures.surface_mix(w, units))}


@context.callback(*[Output(chart, "figure") for chart in CHARTS],
                  Output(ids.INTENSITY_FLAGS, "children"), *window.outputs(PAGE),
                  *window.inputs(PAGE), context.WHERE, prevent_initial_call=True)
def redraw(preset: str | None, weeks: list[int] | None, search: str | None) -> tuple:
    """Redraw every chart over the window the controls now ask for."""
    data = context.current().data
    snapshot = data.snapshot(context.athlete_for("read", search))
    chosen, shown = window.changed(PAGE, window.history_of(data, snapshot), preset, weeks)
    drawn = [components.untitled(draw()) for draw in charts(data, snapshot, chosen).values()]
    return (*drawn, raised_list(snapshot, chosen), *shown)
