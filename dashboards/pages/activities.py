"""Activities: every activity in a sortable, filterable grid, each linking to its page.

The rows are the command line's (``loadwatch activities``, service:
``activity_listing``), start times on the runner's clock as it shows them,
distances in the runner's unit, times and paces as a clock reads them. Each
number column sorts and filters on the number (seconds, km), shown as text:
a pace filter takes ``5:30``. Deleting asks first (service: ``delete_activity``).
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboards import components, context, guard, ids
from loadwatch.errors import LoadwatchError
from loadwatch.service import activities as activities_service
from loadwatch.service.listings import local_start
from loadwatch.service.quality import mark_text
from loadwatch.units import METRES_PER, format_clock, format_duration, in_units
from loadwatch.vocabulary import FOOT_SPORTS, SEVERITY_ORDER, word_label

dash.register_page(__name__, path="/activities", name="Activities", order=40)

PAGE_SIZE = 50
SHORT_LIST = 15  # rows: no taller grid than they need
# Ag-grid's own number filter, on the number behind a clock's text: "5:30" is 330 s.
CLOCK_FILTER = {"filter": "agNumberColumnFilter", "filterParams": {
    "numberParser": {"function": "parseClock(params)"},
    "numberFormatter": {"function": "clockText(params)"},
    "allowedCharPattern": "\\d:", "buttons": ["reset"]}}
NUMBER_FILTER = {"filter": "agNumberColumnFilter", "filterParams": {"buttons": ["reset"]}}


def columns(units: str) -> list[dict]:
    """The grid's columns: text shown, numbers sorted and filtered."""
    return [
        {"field": "date", "headerName": "Date (local)", "sort": "desc", "width": 140,
         "filter": "agTextColumnFilter"},
        {"field": "name", "headerName": "Name", "cellRenderer": "ActivityLink", "minWidth": 140,
         "flex": 2, "filter": "agTextColumnFilter", "tooltipField": "name"},
        {"field": "distance", "headerName": f"Distance ({units})", "type": "numericColumn",
         "width": 100, "valueFormatter": {"function": "params.value == null ? '' : "
                                                     "params.value.toFixed(2)"},
         **NUMBER_FILTER},
        {"field": "moving_s", "headerName": "Moving time", "type": "numericColumn",
         "width": 100, "valueFormatter": {"function": "params.data.moving"}, **CLOCK_FILTER},
        {"field": "pace_s", "headerName": f"Pace (/{units})", "type": "numericColumn",
         "width": 95, "valueFormatter": {"function": "params.data.pace"}, **CLOCK_FILTER},
        {"field": "avg_hr", "headerName": "HR", "type": "numericColumn", "width": 70,
         "headerTooltip": "average heart rate, bpm", **NUMBER_FILTER},
        {"field": "load", "headerName": "Load", "type": "numericColumn", "width": 75,
         **NUMBER_FILTER},
        {"field": "surface", "headerName": "Surface", "filter": "agTextColumnFilter",
         "width": 100},
        {"field": "flags", "headerName": "Flags", "filter": "agTextColumnFilter",
         "tooltipField": "flags", "minWidth": 140, "flex": 2},
        {"field": "delete", "headerName": "", "cellRenderer": "DeleteButton",
         "sortable": False, "filter": False, "width": 88, "resizable": False,
         "suppressHeaderMenuButton": True}]


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The grid, newest first, and the confirm step of deleting."""
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    settings = snapshot.view.settings
    rows = app.data.memo(snapshot, "activities_grid", lambda: grid_rows(
        app.data.activity_rows(snapshot).values(), snapshot.flags, settings.units,
        settings.timezone))
    short = len(rows) <= SHORT_LIST
    grid = dag.AgGrid(
        id=ids.ACTIVITIES_TABLE, rowData=rows, columnDefs=columns(settings.units),
        getRowId="params.data.id + ''",
        # A few rows take the room they need; many scroll inside the grid's own box.
        className="activities-grid" + (" activities-grid-short" if short else ""),
        # Inline, as dash-ag-grid's own default (400 px: seven rows) is.
        style={"height": "auto"} if short else {"height": "min(70vh, 760px)",
                                                 "minHeight": "320px"},
        defaultColDef={"sortable": True, "resizable": True, "wrapHeaderText": True,
                       "autoHeaderHeight": True, "minWidth": 70},
        dashGridOptions={"pagination": True, "paginationPageSize": PAGE_SIZE,
                         "paginationPageSizeSelector": [25, 50, 100, 500],
                         "tooltipShowDelay": 300, "enableCellTextSelection": True,
                         "animateRows": False,
                         # Ten columns: all drawn, so a phone's swipe shows them at once.
                         "suppressColumnVirtualisation": True,
                         **({"domLayout": "autoHeight"} if short else {})})
    may_write = app.policy.may_write(athlete)
    return html.Div(className="activities-page", children=[
        html.H2("Activities"),
        html.P(f"{len(rows):,} activities, newest first. Click a heading to sort; its menu "
               "filters (a pace or a time as 5:30).", className="note"),
        grid, *(_delete_dialog() if may_write else [])])


def _delete_dialog() -> list:
    return [dcc.Store(id=ids.ACTIVITIES_DELETE_PENDING),
            dbc.Modal(id=ids.ACTIVITIES_DELETE_DIALOG, is_open=False, centered=True, children=[
                dbc.ModalHeader(dbc.ModalTitle("Delete this activity?")),
                dbc.ModalBody(id=ids.ACTIVITIES_DELETE_WHAT),
                dbc.ModalFooter([
                    dbc.Button("Cancel", id=ids.ACTIVITIES_DELETE_CANCEL, color="secondary",
                               outline=True),
                    dbc.Button("Delete", id=ids.ACTIVITIES_DELETE_CONFIRM, color="danger")])]),
            html.Div(id=ids.ACTIVITIES_DELETED, role="status")]


def flag_words(flags) -> dict[int, str]:
    """Per activity, the titles of the flags that concern it, the most severe first.

    Informational flags are left out (the Flags page has them); nothing is
    softened: an urgent flag leads its activity's list.
    """
    found: dict[int, list] = {}
    for flag in sorted(flags, key=lambda f: SEVERITY_ORDER.get(f.severity, len(SEVERITY_ORDER))):
        if flag.severity == "info":
            continue
        for activity_id in flag.activities:
            found.setdefault(activity_id, []).append(f"{flag.severity}: {flag.title}")
    return {key: "; ".join(titles) for key, titles in found.items()}


def grid_rows(rows, flags, units: str, timezone: str) -> list[dict]:
    """Every row of ``activity_listing`` as the grid shows it."""
    words = flag_words(flags)
    return [grid_row(row, units, timezone, words.get(row["id"], "")) for row in rows]


def grid_row(row: dict, units: str, timezone: str, flags: str = "") -> dict:
    """One row of ``activity_listing``: numbers to sort on, and their text.

    ``moving_s`` is the stored moving time (an activity list's moving time, a
    GPX track's time in motion, a watch's timer, which stops on auto-pause);
    the pace is over it, for runs and walks only.
    """
    seconds, metres = row["timer_s"], row["distance_m"] or 0
    pace = (seconds * METRES_PER[units] / metres
            if seconds and metres > 0 and row["sport"] in FOOT_SPORTS else None)
    mark = mark_text(row)
    return {"id": row["id"], "date": f"{local_start(row, timezone):%Y-%m-%d %H:%M}",
            "name": row["name"] or word_label(row["sport"]).capitalize(),
            "distance": round(in_units(metres, units), 2),
            "moving_s": None if seconds is None else round(seconds),
            "moving": format_duration(seconds),
            "pace_s": None if pace is None else round(pace), "pace": format_clock(pace),
            "avg_hr": None if row["avg_hr"] is None else round(row["avg_hr"]),
            "load": None if row["load"] is None else round(row["load"]),
            "surface": word_label(row["surface"] or ""),
            "flags": "; ".join(part for part in (mark, flags) if part), "delete": "Delete"}


@context.callback(Output(ids.ACTIVITIES_DELETE_DIALOG, "is_open"),
                  Output(ids.ACTIVITIES_DELETE_WHAT, "children"),
                  Output(ids.ACTIVITIES_DELETE_PENDING, "data"),
                  Input(ids.ACTIVITIES_TABLE, "cellClicked"),
                  Input(ids.ACTIVITIES_DELETE_CANCEL, "n_clicks"),
                  State(ids.ACTIVITIES_TABLE, "rowData"), prevent_initial_call=True)
def ask_before_deleting(clicked, _cancel, rows):
    """A Delete button opens the confirm step, naming the activity; Cancel closes it.

    The grid reports every click in a cell (``cellClicked``); only its Delete
    column's count.
    """
    if dash.ctx.triggered_id != ids.ACTIVITIES_TABLE:
        return False, no_update, None
    if not isinstance(clicked, dict) or clicked.get("colId") != "delete":
        raise PreventUpdate
    activity_id = guard.row_id(clicked.get("rowId"), "the clicked row")
    row = next((r for r in rows or [] if r["id"] == activity_id), None)
    if row is None:
        return False, no_update, None
    return True, (f"{row['name']} of {row['date']} ({row['moving']}). It leaves every "
                  "number; importing its file again brings it back."), activity_id


@context.callback(Output(ids.ACTIVITIES_TABLE, "rowTransaction"),
                  Output(ids.ACTIVITIES_DELETED, "children"),
                  Output(ids.ACTIVITIES_DELETE_DIALOG, "is_open", allow_duplicate=True),
                  Input(ids.ACTIVITIES_DELETE_CONFIRM, "n_clicks"),
                  State(ids.ACTIVITIES_DELETE_PENDING, "data"), context.WHERE,
                  prevent_initial_call=True)
def delete(_confirmed, activity_id, search):
    """Delete the activity once confirmed (service: delete_activity); its row goes."""
    if activity_id is None:
        return no_update, no_update, False
    athlete = context.athlete_for("write", search)
    try:
        activities_service.delete_activity(context.current().store, athlete=athlete,
                                           activity_id=int(activity_id))
    except (LoadwatchError, TypeError, ValueError) as err:
        return no_update, components.error(f"Not deleted: {err}"), False
    return ({"remove": [{"id": activity_id}]},
            "Deleted. Importing its file again brings it back.", False)
