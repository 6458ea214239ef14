"""One activity: pace, heart rate and elevation, its route, load and spike; edit or delete it."""

from __future__ import annotations

import dash
import numpy as np
from dash import Input, Output, State, dcc, html

from dashboards import components, context, figures, ids
from loadwatch.errors import LoadwatchError
from loadwatch.service import activities as activities_service
from loadwatch.service.accounts import AccessDenied
from loadwatch.service.listings import local_start
from loadwatch.units import format_distance
from loadwatch.vocabulary import SURFACES

dash.register_page(__name__, path_template="/activities/<activity_id>", name="Activity",
                   in_nav=False, order=50)

LEFT_OUT = ("This activity holds values no reader accepts (written by an older version), so it "
            "is left out of every number. `loadwatch check --repair` mends it.")
NO_RECORDING = ("A summary from an activity list: there is no recording to chart. Import the "
                "watch's file of this run to see its pace, heart rate and route (it merges into "
                "this activity).")


@context.athlete_page
def layout(athlete: str, activity_id: str | None = None, **_) -> html.Div:
    """The activity's summary line, charts and (for who may write) its corrections.

    Its start, load, spike and surface are those of its row in ``loadwatch activities``.
    """
    app = context.current()
    try:
        activity, samples = activities_service.recording(
            app.store, athlete=athlete, activity_id=int(activity_id))  # type: ignore[arg-type]
    except (TypeError, ValueError, LoadwatchError):
        return html.Div(html.P(f"No activity {activity_id}."))
    snapshot = app.data.snapshot(athlete)
    settings = snapshot.view.settings
    row = app.data.activity_rows(snapshot).get(activity.id)
    if row is None or row["load_method"] is None:
        return html.Div([html.H2(activity.name or activity.sport), html.P(LEFT_OUT)])
    start = local_start(row, settings.timezone)
    spike = (f", a {row['spike_band']} spike ({row['spike_ratio']:.2f})"
             if row["spike_band"] else "")
    return html.Div([
        html.H2(activity.name or activity.sport),
        html.P(f"{start:%A %d %B %Y, %H:%M} · "
               f"{format_distance(activity.distance_m or 0, settings.units, label=True)} · "
               f"load {row['load']:.0f} points ({row['load_method']}){spike} · surface "
               f"{row['surface']} ({row['surface_source']})", id=ids.ACTIVITY_SUMMARY),
        *_charts(samples, settings.units),
        *(_edits(activity, row, start) if app.policy.may_write(athlete) else [])])


def _charts(samples: dict, units: str) -> list:
    if not len(samples.get("time", ())):
        return [html.P(NO_RECORDING)]
    route = (dcc.Graph(id=ids.ACTIVITY_ROUTE, figure=figures.route(samples))
             if np.isfinite(samples["lat"]).any()
             else html.P("No GPS track (treadmill or indoor)."))
    return [dcc.Graph(id=ids.ACTIVITY_TRACE, figure=figures.activity_trace(samples, units)),
            route]


def surface_field(activity, row) -> html.Div:
    """The surface: only the athlete's own choice is filled in; the detected one is a hint.

    Saving a name or an RPE then leaves the surface as detected (the detection
    follows a better reading of the file; an athlete's choice does not).
    """
    chosen = activity.surface_override
    return components.field("Surface (your choice)" if chosen else "Surface", dcc.Dropdown(
        id=ids.ACTIVITY_SURFACE, value=chosen, options=components.options(SURFACES),
        placeholder=f"{row['surface']} (as detected)"))


def _edits(activity, row, start) -> list:
    return [
        html.H3("Correct or add"),
        html.Div(className="activity-edits", children=[
            surface_field(activity, row),
            # Text, not a number box: a browser sends no value for 15 in a 0-10 box,
            # so the runner would read "Saved." while nothing was; the service says why.
            components.field("RPE (0-10)", dcc.Input(
                id=ids.ACTIVITY_RPE, type="text", inputMode="decimal",
                value=None if activity.rpe is None else f"{activity.rpe:g}")),
            components.field("Name", dcc.Input(id=ids.ACTIVITY_NAME, value=activity.name or "",
                                               className="wide"))]),
        html.Button("Save", id=ids.ACTIVITY_SAVE, n_clicks=0),
        dcc.Store(id=ids.ACTIVITY_ID, data=activity.id),
        html.Div(id=ids.ACTIVITY_SAVED),
        html.H3("Delete"),
        html.P("Not a run of yours, or recorded twice? Deleting removes it from every "
               "number; importing its file again brings it back."),
        html.Button("Delete this activity", id=ids.ACTIVITY_DELETE, n_clicks=0),
        dcc.ConfirmDialog(id=ids.ACTIVITY_DELETE_CONFIRM, message=(
            f"Delete {activity.name or activity.sport} of {start:%d %B %Y}? "
            "Importing its file again brings it back.")),
        html.Div(id=ids.ACTIVITY_DELETED)]


@context.callback(Output(ids.ACTIVITY_SAVED, "children"), Input(ids.ACTIVITY_SAVE, "n_clicks"),
                  State(ids.ACTIVITY_ID, "data"), State(ids.ACTIVITY_SURFACE, "value"),
                  State(ids.ACTIVITY_RPE, "value"), State(ids.ACTIVITY_NAME, "value"),
                  context.WHERE, prevent_initial_call=True)
def save(_clicks, activity_id, surface, rpe, name, search):
    """Store the corrections (service: edit_activity)."""
    athlete = context.athlete_for("write", search)
    try:
        activities_service.edit_activity(context.current().store, athlete=athlete,
                                         activity_id=int(activity_id), surface=surface,
                                         rpe=rpe, name=name)
    except AccessDenied:
        raise
    except (LoadwatchError, TypeError, ValueError) as err:
        return components.error(f"Not saved: {err}")
    return "Saved."


@context.callback(Output(ids.ACTIVITY_DELETE_CONFIRM, "displayed"),
                  Input(ids.ACTIVITY_DELETE, "n_clicks"), prevent_initial_call=True)
def ask_before_deleting(_clicks) -> bool:
    """Show the confirm step."""
    return True


@context.callback(Output(ids.ACTIVITY_DELETED, "children"),
                  Input(ids.ACTIVITY_DELETE_CONFIRM, "submit_n_clicks"),
                  State(ids.ACTIVITY_ID, "data"), context.WHERE, prevent_initial_call=True)
def delete(_confirmed, activity_id, search):
    """Delete the activity once confirmed (service: delete_activity)."""
    athlete = context.athlete_for("write", search)
    try:
        activities_service.delete_activity(context.current().store, athlete=athlete,
                                           activity_id=int(activity_id))
    except (LoadwatchError, TypeError, ValueError) as err:
        return components.error(f"Not deleted: {err}")
    return html.Span(["Deleted. Importing its file again brings it back. ",
                      dcc.Link("Back to the activities", href="/activities")])
