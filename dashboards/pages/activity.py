"""One activity: pace, heart rate and elevation, its route, load and spike; edit or delete it.

A run the data-quality checks mark shows why, with a Confirm button ("it
was a run") and the corrections that answer the mark (sport, distance).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import numpy as np
from dash import Input, Output, State, dcc, html

from dashboards import activity_cards, components, context, ids
from dashboards.activity_cards import spike_words
from dashboards.figures import activity as activity_figures
from loadwatch.errors import EditRefused, LoadwatchError
from loadwatch.service import activities as activities_service
from loadwatch.service import activity_view, quality
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
    """The activity's summary line, cards, charts and (for who may write) its corrections.

    Its start, load, spike and surface are those of its row in ``loadwatch activities``.
    """
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    settings = snapshot.view.settings
    try:
        detail = activity_view.activity_detail(
            app.store, athlete=athlete, activity_id=int(activity_id),  # type: ignore[arg-type]
            settings=settings)
    except (TypeError, ValueError, LoadwatchError):
        return html.Div(html.P(f"No activity {activity_id}."))
    activity = detail.activity
    row = app.data.activity_rows(snapshot).get(activity.id)
    if row is None or row["load_method"] is None:
        return html.Div([html.H2(activity.name or activity.sport), html.P(LEFT_OUT)])
    start = local_start(row, settings.timezone)
    marks = app.data.memo(snapshot, "quality_marks", lambda: {
        m.activity_id: m for m in quality.marks_of(snapshot.view.activities, settings.units)})
    may_write = app.policy.may_write(athlete)
    summary = " · ".join(part for part in (
        f"{start:%A %d %B %Y, %H:%M}",
        format_distance(activity.distance_m or 0, settings.units, label=True),
        spike_words(row["spike_ratio"], row["spike_band"])) if part)
    return html.Div(className="activity-page", children=[
        html.H2(activity.name or activity.sport),
        html.P(summary, id=ids.ACTIVITY_SUMMARY, className="lead-line"),
        *([quality_section(marks[activity.id], activity, may_write, settings.units)]
          if activity.id in marks else []),
        activity_cards.stats_strip(detail, row, settings.units),
        *_charts(detail, settings, "/settings" + app.policy.link_query(athlete)),
        *(_edits(activity, row, start) if may_write else [])])


def quality_section(mark: quality.Mark, activity, may_write: bool, units: str) -> html.Div:
    """Why the checks mark this run, and (for who may write) the answers: confirm or correct."""
    if mark.held_out:
        state = ("Left out of the running numbers and the risk rules until you answer: "
                 "confirm it was a run, or correct it.")
    else:
        state = (f"You {mark.review} it: it counts in the running numbers and the risk rules."
                 if mark.review == "confirmed" else
                 f"You {mark.review} it; the checks still hold.")
    answers: list = []
    if may_write and mark.held_out:
        answers = [html.Button("Confirm: it was a run", id=ids.ACTIVITY_CONFIRM, n_clicks=0),
                   html.Span(" or correct it below.", className="note")]
    elif may_write and mark.review:
        answers = [html.Button("Take the answer back", id=ids.ACTIVITY_CONFIRM_UNDO,
                               n_clicks=0)]
    return html.Div(id=ids.ACTIVITY_QUALITY, className="flag flag-caution quality", children=[
        html.Strong("Maybe not a run"),
        html.Ul([html.Li(why) for why in mark.why]),
        html.P(state),
        *answers,
        html.Div(id=ids.ACTIVITY_CONFIRMED),
        *(_corrections(activity, units) if may_write else [])])


CORRECT_SPORTS = ("running", "cycling", "e_biking", "driving", "walking", "hiking", "generic")


def _corrections(activity, units: str) -> list:
    """The sport and distance fields that answer a mark."""
    recorded = format_distance(activity.distance_m, units, label=True) or "none"
    return [html.Div(className="activity-corrections", children=[
        components.field("Sport", dcc.Dropdown(
            id=ids.ACTIVITY_CORRECT_SPORT, value=activity.sport, clearable=False,
            options=components.options(dict.fromkeys((activity.sport, *CORRECT_SPORTS))))),
        components.field(f"Distance ({units})", dcc.Input(
            id=ids.ACTIVITY_CORRECT_DISTANCE, type="text", inputMode="decimal",
            placeholder=f"{recorded} as recorded"))]),
        html.Button("Correct", id=ids.ACTIVITY_CORRECT, n_clicks=0),
        html.Div(id=ids.ACTIVITY_CORRECTED)]


def _charts(detail, settings, settings_href: str) -> list:
    samples, units = detail.samples, settings.units
    if not len(samples.get("time", ())):
        return [html.P(NO_RECORDING)]
    route = (components.chart(ids.ACTIVITY_ROUTE, activity_figures.route(samples))
             if np.isfinite(samples["lat"]).any()
             else html.P("No GPS track (treadmill or indoor)."))
    return [components.chart(ids.ACTIVITY_TRACE, activity_figures.activity_trace(samples, units)),
            dbc.Row(className="g-3", children=[
                dbc.Col(activity_cards.splits_table(detail.splits, units), lg=6),
                dbc.Col(activity_cards.zones_section(detail, settings, settings_href, units),
                        lg=6)]),
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


def _checked_field(label: str, field_id: str, message_id: str, value: str, **more) -> html.Div:
    """A text field with the reason it was refused beside it (shown once refused)."""
    return html.Div(className="field", children=[
        dbc.Label(label, html_for=field_id),
        dbc.Input(id=field_id, type="text", value=value, **more),
        dbc.FormFeedback(id=message_id, type="invalid")])


def _edits(activity, row, start) -> list:
    return [
        html.H3("Correct or add"),
        html.Div(className="activity-edits", children=[
            surface_field(activity, row),
            # Text, not a number box: a browser sends no value for 15 in a 0-10 box,
            # so the runner would read "Saved." while nothing was; the service says why.
            _checked_field("RPE (1-10)", ids.ACTIVITY_RPE, ids.ACTIVITY_RPE_MESSAGE,
                           None if activity.rpe is None else f"{activity.rpe:g}",
                           inputMode="decimal", className="rpe"),
            # No maxLength: a browser would cut a long paste silently, and the
            # refusal's count ("this one has 200") would be the browser's, not the paste's.
            _checked_field("Name", ids.ACTIVITY_NAME, ids.ACTIVITY_NAME_MESSAGE,
                           activity.name or "", className="wide")]),
        dbc.Button("Save", id=ids.ACTIVITY_SAVE, n_clicks=0, color="primary"),
        dcc.Store(id=ids.ACTIVITY_ID, data=activity.id),
        html.Div(id=ids.ACTIVITY_SAVED, role="status"),
        html.H3("Delete"),
        html.P("Not a run of yours, or recorded twice? Deleting removes it from every "
               "number; importing its file again brings it back."),
        dbc.Button("Delete this activity", id=ids.ACTIVITY_DELETE, n_clicks=0,
                   color="danger", outline=True),
        dcc.ConfirmDialog(id=ids.ACTIVITY_DELETE_CONFIRM, message=(
            f"Delete {activity.name or activity.sport} of {start:%d %B %Y}? "
            "Importing its file again brings it back.")),
        html.Div(id=ids.ACTIVITY_DELETED)]


@context.callback(Output(ids.ACTIVITY_SAVED, "children"),
                  Output(ids.ACTIVITY_RPE, "invalid"), Output(ids.ACTIVITY_RPE_MESSAGE, "children"),
                  Output(ids.ACTIVITY_NAME, "invalid"),
                  Output(ids.ACTIVITY_NAME_MESSAGE, "children"),
                  Output(ids.ACTIVITY_LOAD, "children"),
                  Input(ids.ACTIVITY_SAVE, "n_clicks"),
                  State(ids.ACTIVITY_ID, "data"), State(ids.ACTIVITY_SURFACE, "value"),
                  State(ids.ACTIVITY_RPE, "value"), State(ids.ACTIVITY_NAME, "value"),
                  context.WHERE, prevent_initial_call=True)
def save(_clicks, activity_id, surface, rpe, name, search):
    """Store the corrections (service: edit_activity); a refused field says why beside it."""
    athlete = context.athlete_for("write", search)
    data = context.current().data
    before = data.snapshot(athlete)
    try:
        saved = activities_service.edit_activity(context.current().store, athlete=athlete,
                                                 activity_id=int(activity_id), surface=surface,
                                                 rpe=rpe, name=name)
    except AccessDenied:
        raise
    except EditRefused as refused:
        why = refused.problems
        beside = [key for key in ("rpe", "name") if key in why]
        rest = [f"{key}: {reason}" for key, reason in why.items() if key not in beside]
        said = "Not saved: " + ("; ".join(rest) if rest else
                                "the reason is beside the field marked in red.")
        return (components.error(said), "rpe" in why, _reason(why.get("rpe")),
                "name" in why, _reason(why.get("name")), dash.no_update)
    except (LoadwatchError, TypeError, ValueError) as err:
        return components.error(f"Not saved: {err}"), False, "", False, "", dash.no_update
    # The load card follows the new RPE at once (one activity's load, not the history's);
    # every other number is computed anew in the background, ready for the next page.
    data.prepare(athlete)
    return "Saved.", False, "", False, "", _load_card(before, saved)


def _load_card(before, saved):
    """The load card of ``saved`` (an Activity) with its RPE as stored now."""
    frame = before.view.activities
    rows = frame[frame["id"] == saved.id]
    if rows.empty:
        return dash.no_update
    load, method = activity_view.load_after_rpe(rows.iloc[0], saved.rpe)
    return activity_cards.load_body(load, method, saved.rpe)


def _reason(reason: str | None) -> str:
    """A field's reason as a sentence ("A number from 1 to 10 ..."); "" when none."""
    return f"{reason[0].upper()}{reason[1:]}." if reason else ""


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


@context.callback(Output(ids.ACTIVITY_CONFIRMED, "children"),
                  Input(ids.ACTIVITY_CONFIRM, "n_clicks"), State(ids.ACTIVITY_ID, "data"),
                  context.WHERE, prevent_initial_call=True)
def confirm(_clicks, activity_id, search):
    """It was a run (service: quality.confirm_activity)."""
    return _answer(activity_id, search, undo=False)


@context.callback(Output(ids.ACTIVITY_CONFIRMED, "children", allow_duplicate=True),
                  Input(ids.ACTIVITY_CONFIRM_UNDO, "n_clicks"), State(ids.ACTIVITY_ID, "data"),
                  context.WHERE, prevent_initial_call=True)
def take_back(_clicks, activity_id, search):
    """Take the answer back: the checks hold again (service: quality.confirm_activity)."""
    return _answer(activity_id, search, undo=True)


def _answer(activity_id, search, *, undo: bool):
    athlete = context.athlete_for("write", search)
    try:
        quality.confirm_activity(context.current().store, athlete=athlete,
                                 activity_id=int(activity_id), undo=undo)
    except (LoadwatchError, TypeError, ValueError) as err:
        return components.error(f"Not saved: {err}")
    return html.Span(["Answer taken back: the checks hold again. " if undo else
                      "Confirmed: it counts in the running numbers and the risk rules. ",
                      dcc.Link("See the Overview", href="/")])


@context.callback(Output(ids.ACTIVITY_CORRECTED, "children"),
                  Input(ids.ACTIVITY_CORRECT, "n_clicks"), State(ids.ACTIVITY_ID, "data"),
                  State(ids.ACTIVITY_CORRECT_SPORT, "value"),
                  State(ids.ACTIVITY_CORRECT_DISTANCE, "value"), context.WHERE,
                  prevent_initial_call=True)
def correct(_clicks, activity_id, sport, distance, search):
    """Change the sport and/or the distance (service: edit_activity, correct_distance)."""
    athlete = context.athlete_for("write", search)
    store = context.current().store
    try:
        activity = activities_service.activity(store, athlete=athlete,
                                               activity_id=int(activity_id))
        if sport and sport != activity.sport:
            activities_service.edit_activity(store, athlete=athlete,
                                             activity_id=activity.id, sport=sport)
        if distance and str(distance).strip():
            activities_service.correct_distance(store, athlete=athlete,
                                                activity_id=activity.id, distance=str(distance))
        elif not sport or sport == activity.sport:
            return components.error("Nothing to correct: choose another sport or type the "
                                    "right distance.")
    except AccessDenied:
        raise
    except (LoadwatchError, TypeError, ValueError) as err:
        return components.error(f"Not saved: {err}")
    return html.Span(["Corrected. ", dcc.Link("See the Overview", href="/")])
