"""Intensity and terrain: time in zones, easy/moderate/hard, hills and surfaces per week."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards import components, context, figures, ids

dash.register_page(__name__, path="/intensity", name="Intensity and terrain", order=30)

TERRAIN_RULES = ("hill_share_jump", "hard_share_jump", "surface_change")


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The four weekly charts and the flags they raised."""
    data = context.current().data
    snapshot = data.snapshot(athlete)
    if snapshot.view.weeks.empty:
        return components.no_runs()
    units = snapshot.view.settings.units
    raised = [f for f in snapshot.flags if set(f.rules) & set(TERRAIN_RULES)]
    return html.Div([
        html.H2("Intensity and terrain"),
        dcc.Graph(id=ids.INTENSITY_TIME, figure=data.figure(
            snapshot, "time_in_zones", lambda s: figures.time_in_zones(s.view.weeks))),
        dcc.Graph(id=ids.INTENSITY_ZONES, figure=data.figure(
            snapshot, "intensity_split", lambda s: figures.intensity_split(s.view.weeks))),
        dcc.Graph(id=ids.INTENSITY_HILLS, figure=data.figure(
            snapshot, "hill_share", lambda s: figures.hill_share(s.view.weeks))),
        dcc.Graph(id=ids.INTENSITY_SURFACE, figure=data.figure(
            snapshot, f"surface_mix_{units}", lambda s: figures.surface_mix(s.view.weeks, units))),
        html.H3("Flags these raised"),
        html.Ul([html.Li(f"{f.date}: {f.title}. {f.why}") for f in raised])
        if raised else html.P("None.")])
