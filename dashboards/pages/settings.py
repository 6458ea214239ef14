"""Settings: units (every page follows them) and the athlete's data as one export zip."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, dcc, html

from dashboards import components, context, ids
from loadwatch.service.settings import change_settings

dash.register_page(__name__, path="/settings", name="Settings", order=100)

EXPORT_TEXT = ("Everything loadwatch holds for you (activities with samples, the diary, "
               "settings, your original files) as one zip of CSV and JSON: ")


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The units choice and the export link (for who may write), else what is set."""
    app = context.current()
    units = app.data.snapshot(athlete).view.settings.units
    if not app.policy.may_write(athlete):
        return html.Div([html.H2("Settings"), html.P(f"Distances in {units}. Only the athlete "
                                                     "changes their settings.")])
    return html.Div([
        html.H2("Settings"),
        components.field("Units", dcc.RadioItems(
            id=ids.SETTINGS_UNITS, value=units, inline=True,
            options=[{"label": " kilometres ", "value": "km"},
                     {"label": " miles ", "value": "mi"}])),
        html.Div(id=ids.SETTINGS_SAVED),
        html.H3("Your data"),
        html.P([EXPORT_TEXT,
                html.A("download export.zip", id=ids.EXPORT_LINK,
                       href="/download/export.zip?" + urlencode({"athlete": athlete})),
                ". loadwatch import restores it."]),
        html.P("More settings (heart rates, threshold pace, time zone): loadwatch settings "
               "set KEY=VALUE.", className="note")])


@context.callback(Output(ids.SETTINGS_SAVED, "children"), Input(ids.SETTINGS_UNITS, "value"),
                  context.WHERE, prevent_initial_call=True)
def save_units(units: str, search: str | None) -> str:
    """Store the unit (service: change_settings)."""
    athlete = context.athlete_for("write", search)
    change_settings(context.current().store, athlete=athlete, changes={"units": units})
    return f"Saved: distances in {'miles' if units == 'mi' else 'kilometres'}."
