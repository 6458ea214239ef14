"""Diary: the entry form, its urgency and guidance on saving, the entries, coaches' comments."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html

from dashboards import components, context, figures, ids
from dashboards.components import field, options
from dashboards.data import Snapshot
from loadwatch.diary import TriagedEntry
from loadwatch.errors import LoadwatchError, UsageError
from loadwatch.service import diary as diary_service
from loadwatch.vocabulary import CHARACTERS, LOCATIONS, ONSETS, SIDES, SIGNS, TRIGGERS, WHEN

dash.register_page(__name__, path="/diary", name="Diary", order=60)

# The form's fields: each field of an entry (loadwatch.diary.Entry but its id) -> the
# component holding it; a test holds these, the Entry and `diary add`'s options in step.
FORM = {"date": ids.DIARY_DATE, "side": ids.DIARY_SIDE, "location": ids.DIARY_LOCATION,
        "pain": ids.DIARY_PAIN, "onset": ids.DIARY_ONSET, "character": ids.DIARY_CHARACTER,
        "when": ids.DIARY_WHEN, "signs": ids.DIARY_SIGNS, "trigger": ids.DIARY_TRIGGER,
        "weeks": ids.DIARY_WEEKS, "worsening": ids.DIARY_WORSENING, "notes": ids.DIARY_NOTES}
WORSENING = "worsening"  # the checkbox's value when ticked
READ_ONLY = "You can read this diary; only its athlete adds entries."
# plotly.js warns when handed {} ("redrawing ... doesn't yet have a plot").
EMPTY_FIGURE = {"data": [], "layout": {}}


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The form (for who may write), the symptoms chart, the entries, the comment form."""
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    entry_form = ([form(), html.Button("Save entry", id=ids.DIARY_SAVE, n_clicks=0)]
                  if app.policy.may_write(athlete) else [html.P(READ_ONLY)])
    return html.Div([
        html.H2("Symptom diary"),
        *entry_form,
        html.Div(id=ids.DIARY_RESULT),
        dcc.Graph(id=ids.DIARY_TIMELINE, figure=timeline(snapshot)),
        html.H3("Entries"),
        html.Div(id=ids.DIARY_LIST, children=components.entry_list(snapshot.diary,
                                                                   snapshot.comments)),
        *(comment_form(snapshot.diary) if app.policy.may_comment(athlete) else []),
    ])


def form() -> html.Div:
    """The entry's fields, in two columns."""
    return html.Div(className="diary-form", children=[
        field("Date", dcc.Input(id=ids.DIARY_DATE, type="date")),
        field("Side", dcc.Dropdown(id=ids.DIARY_SIDE, options=options(SIDES))),
        field("Where", dcc.Dropdown(id=ids.DIARY_LOCATION, options=options(LOCATIONS))),
        field("Pain (0-10)", dcc.Slider(id=ids.DIARY_PAIN, min=0, max=10, step=1, value=3)),
        field("Onset", dcc.Dropdown(id=ids.DIARY_ONSET, options=options(ONSETS))),
        field("Trigger", dcc.Dropdown(id=ids.DIARY_TRIGGER, options=options(TRIGGERS))),
        field("It feels", dcc.Checklist(id=ids.DIARY_CHARACTER, inline=True,
                                        options=options(CHARACTERS))),
        field("It hurts", dcc.Checklist(id=ids.DIARY_WHEN, inline=True,
                                        options=options(WHEN))),
        field("Signs", dcc.Checklist(id=ids.DIARY_SIGNS, inline=True,
                                     options=options(SIGNS))),
        field("For how many weeks", dcc.Input(id=ids.DIARY_WEEKS, type="number", min=0)),
        field("Getting worse", dcc.Checklist(id=ids.DIARY_WORSENING, value=[], options=[
            {"label": " the pain is getting worse", "value": WORSENING}])),
        field("Notes", dcc.Textarea(id=ids.DIARY_NOTES, className="wide")),
    ])


def comment_form(entries: list[TriagedEntry]) -> list:
    """A comment on one entry (a coach's note, or the athlete's reply)."""
    choices = [{"label": f"{e.entry.date} · {e.entry.location.replace('_', ' ')} · "
                         f"{e.entry.pain}/10", "value": e.id} for e in reversed(entries)]
    return [html.H3("Comment on an entry"),
            field("Entry", dcc.Dropdown(id=ids.DIARY_COMMENT_ENTRY, options=choices,
                                        value=choices[0]["value"] if choices else None)),
            field("Comment", dcc.Textarea(id=ids.DIARY_COMMENT_TEXT, className="wide")),
            html.Button("Add comment", id=ids.DIARY_COMMENT_SAVE, n_clicks=0),
            html.Div(id=ids.DIARY_COMMENT_RESULT)]


def timeline(snapshot: Snapshot) -> dict:
    """Symptoms drawn on top of the daily load (before any run: an empty chart)."""
    if snapshot.view.days.empty:
        return EMPTY_FIGURE
    return context.current().data.figure(
        snapshot, "symptom_timeline", lambda s: figures.symptom_timeline(s.view.days, s.diary))


def entry_values(form_values: dict) -> dict:
    """The form's values as ``add_entry`` takes them (blank fields: not given)."""
    weeks = form_values["weeks"]
    return {**form_values, "date": form_values["date"] or None,
            "weeks": float(weeks) if weeks not in (None, "") else None,
            "worsening": WORSENING in (form_values["worsening"] or ()),
            "notes": form_values["notes"] or None}


@context.callback(Output(ids.DIARY_RESULT, "children"), Output(ids.DIARY_LIST, "children"),
                  Output(ids.DIARY_TIMELINE, "figure"),
                  inputs={"_clicks": Input(ids.DIARY_SAVE, "n_clicks"),
                          "form_values": {name: State(component, "value")
                                          for name, component in FORM.items()},
                          "search": context.WHERE},
                  prevent_initial_call=True)
def save_entry(_clicks, form_values: dict, search: str | None):
    """Store the entry (service: add_entry); show its triage, the entries and the chart."""
    athlete = context.athlete_for("write", search)
    app = context.current()
    try:
        recorded = diary_service.add_entry(app.store, athlete=athlete,
                                           values=entry_values(form_values))
    except (LoadwatchError, ValueError) as err:
        return components.error(f"Not saved: {err}"), dash.no_update, dash.no_update
    snapshot = app.data.snapshot(athlete)
    return (components.triage_card(recorded.triage),
            components.entry_list(snapshot.diary, snapshot.comments), timeline(snapshot))


@context.callback(Output(ids.DIARY_COMMENT_RESULT, "children"),
                  Output(ids.DIARY_LIST, "children", allow_duplicate=True),
                  Input(ids.DIARY_COMMENT_SAVE, "n_clicks"),
                  State(ids.DIARY_COMMENT_ENTRY, "value"), State(ids.DIARY_COMMENT_TEXT, "value"),
                  context.WHERE, prevent_initial_call=True)
def save_comment(_clicks, entry_id, text, search):
    """Store a comment signed by the logged-in user (service: add_comment)."""
    athlete = context.athlete_for("comment", search)
    app = context.current()
    try:
        diary_service.add_comment(app.store, athlete=athlete, entry_id=int(entry_id),
                                  author=app.policy.author(), text=text or "")
    except (UsageError, TypeError, ValueError) as err:
        return components.error(f"Not saved: {err}"), dash.no_update
    snapshot = app.data.snapshot(athlete)
    return "Comment saved.", components.entry_list(snapshot.diary, snapshot.comments)
