"""Diary: the entry form, its urgency and guidance on saving, the entries, coaches' comments.

The form adds an entry, or changes one an Edit button loaded into it; each writer
(save, edit, cancel, delete) says what the form should hold in ``DIARY_FILL``, and
one callback puts it in the fields. Each write bumps ``DIARY_CHANGED``, and one
callback redraws the entries, the chart and the comment form from the store.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
from dash import ALL, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import components, context, figures, ids
from dashboards.components import field, grouped_options, options
from dashboards.data import Snapshot
from loadwatch.diary import TriagedEntry
from loadwatch.errors import DuplicateEntry, EntryRefused, LoadwatchError, UsageError
from loadwatch.service import diary as diary_service
from loadwatch.service.accounts import AccessDenied
from loadwatch.service.reports import athlete_today
from loadwatch.vocabulary import (
    CHARACTERS,
    LOCATIONS,
    ONSETS,
    REGIONS,
    SIDES,
    SIGNS,
    TRIGGERS,
    URGENCY_TEXT,
    WHEN,
)

dash.register_page(__name__, path="/diary", name="Diary", order=60)

# The form's fields: each field of an entry (loadwatch.diary.Entry but its id) -> the
# component holding it; a test holds these, the Entry and `diary add`'s options in step.
FORM = {"date": ids.DIARY_DATE, "side": ids.DIARY_SIDE, "location": ids.DIARY_LOCATION,
        "pain": ids.DIARY_PAIN, "onset": ids.DIARY_ONSET, "character": ids.DIARY_CHARACTER,
        "when": ids.DIARY_WHEN, "signs": ids.DIARY_SIGNS, "trigger": ids.DIARY_TRIGGER,
        "weeks": ids.DIARY_WEEKS, "worsening": ids.DIARY_WORSENING, "notes": ids.DIARY_NOTES}
# The fields a form's entry cannot go without: the message beside each when it is empty.
REQUIRED = {"date": (ids.DIARY_DATE_MESSAGE, "Choose the day it hurt."),
            "location": (ids.DIARY_LOCATION_MESSAGE, "Choose where it hurts."),
            "pain": (ids.DIARY_PAIN_MESSAGE, "Choose how much it hurts, 0-10")}
LISTS = ("character", "when", "signs", "worsening")  # checklists: empty is [], not None
WORSENING = "worsening"  # the checkbox's value when ticked
READ_ONLY = "You can read this diary; only its athlete adds entries."
NEW_ENTRY = "New entry"
SAVE_NEW, SAVE_CHANGES = "Save entry", "Save changes"
# plotly.js warns when handed {} ("redrawing ... doesn't yet have a plot").
EMPTY_FIGURE = {"data": [], "layout": {}}


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The form (for who may write), the symptoms chart, the entries, the comment form."""
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    writer = app.policy.may_write(athlete)
    return html.Div([
        html.H2("Symptom diary"),
        *(entry_form(athlete_today(app.store, athlete=athlete)) if writer
          else [html.P(READ_ONLY)]),
        html.Div(id=ids.DIARY_RESULT),
        components.chart(ids.DIARY_TIMELINE, timeline(snapshot)),
        html.H3("Entries"),
        html.Div(id=ids.DIARY_LIST_MESSAGE, role="status"),
        html.Div(id=ids.DIARY_LIST, children=components.entry_list(
            snapshot.diary, snapshot.comments, actions=writer)),
        html.Div(id=ids.DIARY_COMMENTS, children=comments_part(athlete, snapshot)),
    ], className="diary-page")


def entry_form(today: date) -> list:
    """The form, its buttons, and what the callbacks keep between clicks."""
    return [html.H3(NEW_ENTRY, id=ids.DIARY_FORM_TITLE),
            form(today),
            html.Div(className="form-buttons", children=[
                html.Button(SAVE_NEW, id=ids.DIARY_SAVE, n_clicks=0, className="btn btn-primary"),
                html.Button("Cancel", id=ids.DIARY_CANCEL, n_clicks=0, hidden=True,
                            className="btn btn-outline-secondary"),
                html.Span(id=ids.DIARY_SAVE_MESSAGE, role="status")]),
            dcc.Store(id=ids.DIARY_FILL), dcc.Store(id=ids.DIARY_EDITING),
            dcc.Store(id=ids.DIARY_CHANGED, data=0), dcc.Store(id=ids.DIARY_DELETE_ID),
            dcc.ConfirmDialog(id=ids.DIARY_DELETE_CONFIRM)]


def _message(field_name: str) -> html.Div:
    return html.Div(id=REQUIRED[field_name][0], className="error", role="alert")


def form(today: date | None = None) -> html.Div:
    """The entry's fields, in two columns (one on a phone); the date starts at ``today``."""
    return html.Div(className="diary-form", children=[
        field("Date", dcc.Input(id=ids.DIARY_DATE, type="date",
                                value=today.isoformat() if today else None),
              _message("date")),
        field("Side", dcc.Dropdown(id=ids.DIARY_SIDE, options=options(SIDES))),
        field("Where", dcc.Dropdown(id=ids.DIARY_LOCATION,
                                    options=grouped_options(LOCATIONS, REGIONS)),
              _message("location")),
        field("Pain (0 none, 10 the worst)", dcc.RadioItems(
            id=ids.DIARY_PAIN, options=[{"label": str(n), "value": n} for n in range(11)],
            value=None, inline=True, className="pain-scale"), _message("pain")),
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


def comments_part(athlete: str, snapshot: Snapshot) -> list:
    """The comment form for who may comment (nothing for anyone else)."""
    return comment_form(snapshot.diary) if context.current().policy.may_comment(athlete) else []


def comment_form(entries: list[TriagedEntry]) -> list:
    """A comment on one entry (a coach's note, or the athlete's reply)."""
    choices = [{"label": f"{e.entry.date} · {components.where(e.entry)} · {e.entry.pain}/10",
                "value": e.id} for e in reversed(entries)]
    return [html.H3("Comment on an entry"),
            field("Entry", dcc.Dropdown(id=ids.DIARY_COMMENT_ENTRY, options=choices,
                                        value=choices[0]["value"] if choices else None)),
            field("Comment", dcc.Textarea(id=ids.DIARY_COMMENT_TEXT, className="wide")),
            html.Button("Add comment", id=ids.DIARY_COMMENT_SAVE, n_clicks=0,
                        className="btn btn-outline-primary"),
            html.Div(id=ids.DIARY_COMMENT_RESULT)]


def timeline(snapshot: Snapshot) -> dict:
    """Symptoms drawn on top of the daily load (before any run: an empty chart)."""
    if snapshot.view.days.empty:
        return EMPTY_FIGURE
    return context.current().data.figure(
        snapshot, "symptom_timeline", lambda s: figures.symptom_timeline(s.view.days, s.diary))


def entry_values(form_values: dict) -> dict:
    """The form's values as ``add_entry`` takes them (blank fields: not given).

    Raises
    ------
    ValueError
        The weeks are not a number.
    """
    weeks = form_values["weeks"]
    return {**form_values, "date": form_values["date"] or None,
            "weeks": float(weeks) if weeks not in (None, "") else None,
            "worsening": WORSENING in (form_values["worsening"] or ()),
            "notes": form_values["notes"] or None}


def form_content(entry: TriagedEntry | None, today: date) -> dict:
    """What the form holds for ``entry`` (a blank form, dated ``today``, for None)."""
    if entry is None:
        # A textarea handed None keeps what was typed: the notes are emptied with "".
        return {name: [] if name in LISTS else None for name in FORM} | {
            "date": today.isoformat(), "notes": ""}
    values = entry.entry.as_dict()
    return {name: values[name] for name in FORM} | {
        "worsening": [WORSENING] if entry.entry.worsening else []}


def entry_id(value: Any) -> int | None:
    """An entry id sent by the browser, when it is one (a whole number, not a flag)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def find_entry(athlete: str, value: Any) -> TriagedEntry:
    """The athlete's entry of the id the browser sent.

    Raises
    ------
    UsageError
        The id is not a whole number, or not one of this athlete's entries.
    """
    wanted = entry_id(value)
    found = next((e for e in context.current().data.snapshot(athlete).diary
                  if wanted is not None and e.id == wanted), None)
    if found is None:
        raise UsageError(f"there is no diary entry {value!r} of {athlete}")
    return found


@context.callback(output={"values": {name: Output(component, "value")
                                     for name, component in FORM.items()},
                          "editing": Output(ids.DIARY_EDITING, "data"),
                          "title": Output(ids.DIARY_FORM_TITLE, "children"),
                          "save": Output(ids.DIARY_SAVE, "children"),
                          "cancel": Output(ids.DIARY_CANCEL, "hidden")},
                  inputs={"fill": Input(ids.DIARY_FILL, "data")}, prevent_initial_call=True)
def fill_form(fill: dict | None) -> dict:
    """Put what a writer chose in the form: a blank form, or an entry to change."""
    if not isinstance(fill, dict) or not isinstance(fill.get("values"), dict):
        raise PreventUpdate
    editing = entry_id(fill.get("editing"))
    return {"values": {name: fill["values"].get(name) for name in FORM}, "editing": editing,
            "title": NEW_ENTRY if editing is None else
            f"Change the entry of {fill['values'].get('date')}",
            "save": SAVE_NEW if editing is None else SAVE_CHANGES, "cancel": editing is None}


def _missing(values: dict) -> dict:
    """The message beside each required field (empty where the field is filled)."""
    return {name: text if values.get(name) in (None, "") else ""
            for name, (_, text) in REQUIRED.items()}


def _store_entry(athlete: str, values: dict, editing: Any) -> diary_service.Recorded:
    """Add the entry, or replace the one being changed (service: add_entry, edit_entry)."""
    store = context.current().store
    if editing is None:
        return diary_service.add_entry(store, athlete=athlete, values=values)
    if entry_id(editing) is None:
        raise UsageError(f"there is no diary entry {editing!r} of {athlete}")
    return diary_service.edit_entry(store, athlete=athlete, entry_id=editing, changes=values,
                                    replace=True)


@context.callback(output={"result": Output(ids.DIARY_RESULT, "children"),
                          "messages": {name: Output(component, "children")
                                       for name, (component, _) in REQUIRED.items()},
                          "said": Output(ids.DIARY_SAVE_MESSAGE, "children"),
                          "fill": Output(ids.DIARY_FILL, "data", allow_duplicate=True),
                          "changed": Output(ids.DIARY_CHANGED, "data", allow_duplicate=True)},
                  inputs={"_clicks": Input(ids.DIARY_SAVE, "n_clicks"),
                          "form_values": {name: State(component, "value")
                                          for name, component in FORM.items()},
                          "editing": State(ids.DIARY_EDITING, "data"),
                          "changed": State(ids.DIARY_CHANGED, "data"),
                          "search": context.WHERE},
                  # Disabled while the entry is saved: a double click sends one save.
                  running=[(Output(ids.DIARY_SAVE, "disabled"), True, False)],
                  prevent_initial_call=True)
def save_entry(_clicks, form_values: dict, editing, changed, search: str | None) -> dict:
    """Store the entry; say so, show its triage, clear the form and redraw the entries."""
    athlete = context.athlete_for("write", search)
    nothing = {"result": dash.no_update, "fill": dash.no_update, "changed": dash.no_update}
    messages = _missing(form_values)
    if any(messages.values()):
        return {"messages": messages, "said": components.error("Not saved: see above."),
                **nothing}
    try:
        recorded = _store_entry(athlete, entry_values(form_values), editing)
    except AccessDenied:
        raise
    except DuplicateEntry as twice:
        # Most often the same click landing twice: what the runner wanted is stored,
        # so the form clears and the list shows it, and nothing is added twice.
        today = athlete_today(context.current().store, athlete=athlete)
        return {"messages": messages, "result": dash.no_update,
                "said": html.Span(f"Already in the diary: entry {twice.entry_id} of "
                                  f"{twice.day}; nothing was added twice.", className="saved"),
                "fill": {"values": form_content(None, today), "editing": None},
                "changed": dash.no_update}  # the diary is as it was: nothing to redraw
    except EntryRefused as err:
        if err.field in messages:  # the reason beside its field, as for a blank one
            return {"messages": {**messages, err.field: f"Not saved: {err}."},
                    "said": components.error("Not saved: see above."), **nothing}
        return {"messages": messages, "said": components.error(f"Not saved: {err}"), **nothing}
    except (LoadwatchError, TypeError, ValueError) as err:
        return {"messages": messages, "said": components.error(f"Not saved: {err}"), **nothing}
    entry = recorded.entry
    today = athlete_today(context.current().store, athlete=athlete)
    return {"messages": messages, "result": components.triage_card(recorded.triage),
            "said": html.Span(f"Saved: {entry.date} {components.where(entry)}. "
                              f"{URGENCY_TEXT[recorded.triage.urgency]}", className="saved"),
            "fill": {"values": form_content(None, today), "editing": None},
            "changed": (changed if isinstance(changed, int) else 0) + 1}


@context.callback(output={"fill": Output(ids.DIARY_FILL, "data", allow_duplicate=True),
                          "said": Output(ids.DIARY_SAVE_MESSAGE, "children",
                                         allow_duplicate=True),
                          "result": Output(ids.DIARY_RESULT, "children", allow_duplicate=True),
                          "listed": Output(ids.DIARY_LIST_MESSAGE, "children")},
                  inputs={"_edits": Input({"type": ids.DIARY_EDIT, "index": ALL}, "n_clicks"),
                          "_cancel": Input(ids.DIARY_CANCEL, "n_clicks"),
                          "search": context.WHERE},
                  prevent_initial_call=True)
def choose_entry(_edits, _cancel, search: str | None) -> dict:
    """An Edit button loads its entry into the form; Cancel returns to a new entry."""
    athlete = context.athlete_for("write", search)
    clicked = dash.ctx.triggered_id
    if not dash.ctx.triggered or not dash.ctx.triggered[0]["value"]:
        raise PreventUpdate  # a list redrawn: its buttons are new, not clicked
    if clicked == ids.DIARY_CANCEL:
        today = athlete_today(context.current().store, athlete=athlete)
        return {"fill": {"values": form_content(None, today), "editing": None}, "said": "",
                "result": "", "listed": ""}
    try:
        chosen = find_entry(athlete, clicked["index"] if isinstance(clicked, dict) else None)
    except UsageError as err:
        return {"fill": dash.no_update, "said": dash.no_update, "result": dash.no_update,
                "listed": components.error(f"Not loaded: {err}")}
    return {"fill": {"values": form_content(chosen, chosen.entry.date), "editing": chosen.id},
            "said": "", "result": "",
            "listed": [f"The entry of {chosen.entry.date} is in ",
                       html.A("the form above", href=f"#{ids.DIARY_FORM_TITLE}"),
                       ": change it, then Save changes."]}


@context.callback(output={"displayed": Output(ids.DIARY_DELETE_CONFIRM, "displayed"),
                          "message": Output(ids.DIARY_DELETE_CONFIRM, "message"),
                          "chosen": Output(ids.DIARY_DELETE_ID, "data"),
                          "listed": Output(ids.DIARY_LIST_MESSAGE, "children",
                                           allow_duplicate=True)},
                  inputs={"_deletes": Input({"type": ids.DIARY_DELETE, "index": ALL},
                                            "n_clicks"),
                          "search": context.WHERE},
                  prevent_initial_call=True)
def ask_before_deleting(_deletes, search: str | None) -> dict:
    """A Delete button asks first, naming the entry."""
    athlete = context.athlete_for("write", search)
    clicked = dash.ctx.triggered_id
    if not dash.ctx.triggered or not dash.ctx.triggered[0]["value"]:
        raise PreventUpdate
    try:
        chosen = find_entry(athlete, clicked["index"] if isinstance(clicked, dict) else None)
    except UsageError as err:
        return {"displayed": False, "message": dash.no_update, "chosen": None,
                "listed": components.error(f"Not deleted: {err}")}
    return {"displayed": True, "chosen": chosen.id, "listed": "",
            "message": f"Delete the entry of {chosen.entry.date} "
                       f"({components.where(chosen.entry)}, {chosen.entry.pain}/10)? "
                       "Its comments go with it."}


@context.callback(output={"listed": Output(ids.DIARY_LIST_MESSAGE, "children",
                                           allow_duplicate=True),
                          "changed": Output(ids.DIARY_CHANGED, "data", allow_duplicate=True),
                          "fill": Output(ids.DIARY_FILL, "data", allow_duplicate=True)},
                  inputs={"_confirmed": Input(ids.DIARY_DELETE_CONFIRM, "submit_n_clicks"),
                          "chosen": State(ids.DIARY_DELETE_ID, "data"),
                          "editing": State(ids.DIARY_EDITING, "data"),
                          "changed": State(ids.DIARY_CHANGED, "data"),
                          "search": context.WHERE},
                  prevent_initial_call=True)
def delete_entry(_confirmed, chosen, editing, changed, search: str | None) -> dict:
    """Delete the entry once confirmed (service: delete_entry); a form changing it clears."""
    athlete = context.athlete_for("write", search)
    try:
        gone = find_entry(athlete, chosen)
        diary_service.delete_entry(context.current().store, athlete=athlete, entry_id=gone.id)
    except UsageError as err:
        return {"listed": components.error(f"Not deleted: {err}"), "changed": dash.no_update,
                "fill": dash.no_update}
    today = athlete_today(context.current().store, athlete=athlete)
    return {"listed": f"Deleted: {gone.entry.date} {components.where(gone.entry)}.",
            "changed": (changed if isinstance(changed, int) else 0) + 1,
            "fill": ({"values": form_content(None, today), "editing": None}
                     if editing == gone.id else dash.no_update)}


@context.callback(Output(ids.DIARY_LIST, "children", allow_duplicate=True),
                  Output(ids.DIARY_TIMELINE, "figure"), Output(ids.DIARY_COMMENTS, "children"),
                  Input(ids.DIARY_CHANGED, "data"), context.WHERE, prevent_initial_call=True)
def redraw(_changed, search: str | None):
    """The entries, the chart and the comment form, as the store now holds them."""
    athlete = context.athlete_for("read", search)
    snapshot = context.current().data.snapshot(athlete)
    writer = context.current().policy.may_write(athlete)
    return (components.entry_list(snapshot.diary, snapshot.comments, actions=writer),
            components.untitled(timeline(snapshot)), comments_part(athlete, snapshot))


@context.callback(Output(ids.DIARY_COMMENT_RESULT, "children"),
                  Output(ids.DIARY_LIST, "children", allow_duplicate=True),
                  Input(ids.DIARY_COMMENT_SAVE, "n_clicks"),
                  State(ids.DIARY_COMMENT_ENTRY, "value"), State(ids.DIARY_COMMENT_TEXT, "value"),
                  context.WHERE, prevent_initial_call=True)
def save_comment(_clicks, chosen, text, search):
    """Store a comment signed by the logged-in user (service: add_comment)."""
    athlete = context.athlete_for("comment", search)
    app = context.current()
    try:
        diary_service.add_comment(app.store, athlete=athlete, entry_id=int(chosen),
                                  author=app.policy.author(), text=text or "")
    except (UsageError, TypeError, ValueError) as err:
        return components.error(f"Not saved: {err}"), dash.no_update
    snapshot = app.data.snapshot(athlete)
    return "Comment saved.", components.entry_list(snapshot.diary, snapshot.comments,
                                                   actions=app.policy.may_write(athlete))
