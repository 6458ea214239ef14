"""Guidance, diary and settings pages: thin layouts over the library."""

from __future__ import annotations

import warnings
from urllib.parse import urlencode

import numpy as np
from dash import dcc, html

from dashboards import figures, ids
from dashboards.data import DashboardData
from loadwatch import diary
from loadwatch.errors import LoadwatchError
from loadwatch.guidance import NOT_A_DIAGNOSIS, load_guidance
from loadwatch.models import SAMPLE_COLUMNS
from loadwatch.triage import Triage
from loadwatch.units import format_distance, in_units
from loadwatch.vocabulary import SURFACES

URGENCY_TEXT = {"urgent": ("URGENT: seek medical care now.", "#D55E00"),
                "see_clinician": ("See a clinician: book a visit.", "#E69F00"),
                "self_care": ("Self-care: the guidance applies.", "#009E73")}


CELL = {"padding": "4px 10px", "textAlign": "left", "verticalAlign": "top",
        "borderBottom": "1px solid #ddd"}


def _options(words) -> list[dict]:
    return [{"label": w.replace("_", " "), "value": w} for w in words]


def guidance_index() -> html.Div:
    return html.Div(id=ids.GUIDANCE_PAGE, children=[
        html.H2("Hip conditions"),
        html.Ul([html.Li(dcc.Link(c.name, href=f"/guidance/{c.id}"))
                 for c in load_guidance().values()]),
        html.P(NOT_A_DIAGNOSIS)])


def guidance_page(condition_id: str | None = None, **_) -> html.Div:
    conditions = load_guidance()
    if condition_id not in conditions:
        return guidance_index()
    condition = conditions[condition_id]
    sections = [("What it is", condition.what), ("How it shows", condition.shows),
                ("What helps", condition.helps), ("When to see a clinician",
                                                  condition.see_clinician)]
    return html.Div(id=ids.GUIDANCE_PAGE, children=[
        html.H2(condition.name),
        *[html.Div([html.H3(title), html.P(text)]) for title, text in sections],
        html.H3("Prevent it"), html.Ul([html.Li(p) for p in condition.prevent]),
        html.P("Sources: " + "; ".join(f"{s['publisher']}, \u201c{s['title']}\u201d"
                                       for s in condition.sources),
               style={"fontSize": "13px", "color": "#555"}),
        html.P(NOT_A_DIAGNOSIS, style={"fontWeight": "bold"}),
        dcc.Link("All conditions", href="/guidance")])


def _field(label: str, component) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component.id,
                                style={"display": "block", "fontWeight": "bold"}),
                     component], style={"margin": "8px 0"})


def diary_page(data: DashboardData, athlete: str, *, writable: bool = True,
               commenting: bool = False) -> html.Div:
    snapshot = data.snapshot(athlete)
    form = html.Div(style={"display": "grid", "gridTemplateColumns": "1fr 1fr",
                           "gap": "0 24px"}, children=[
        _field("Date", dcc.Input(id=ids.DIARY_DATE, type="date")),
        _field("Side", dcc.Dropdown(id=ids.DIARY_SIDE, options=_options(diary.SIDES))),
        _field("Where", dcc.Dropdown(id=ids.DIARY_LOCATION,
                                     options=_options(diary.LOCATIONS))),
        _field("Pain (0-10)", dcc.Slider(id=ids.DIARY_PAIN, min=0, max=10, step=1, value=3)),
        _field("Onset", dcc.Dropdown(id=ids.DIARY_ONSET, options=_options(diary.ONSETS))),
        _field("Trigger", dcc.Dropdown(id=ids.DIARY_TRIGGER,
                                       options=_options(diary.TRIGGERS))),
        _field("It feels", dcc.Checklist(id=ids.DIARY_CHARACTER, inline=True,
                                         options=_options(diary.CHARACTERS))),
        _field("It hurts", dcc.Checklist(id=ids.DIARY_WHEN, inline=True,
                                         options=_options(diary.WHEN))),
        _field("Signs", dcc.Checklist(id=ids.DIARY_SIGNS, inline=True,
                                      options=_options(diary.SIGNS))),
        _field("For how many weeks", dcc.Input(id=ids.DIARY_WEEKS, type="number", min=0)),
        _field("Notes", dcc.Textarea(id=ids.DIARY_NOTES, style={"width": "100%"})),
    ])
    entry_form = ([form, html.Button("Save entry", id=ids.DIARY_SAVE, n_clicks=0)]
                  if writable else [html.P("You can read this diary; only its athlete adds "
                                           "entries.")])
    return html.Div([
        html.H2("Symptom diary"),
        *entry_form,
        html.Div(id=ids.DIARY_RESULT),
        dcc.Graph(id=ids.DIARY_TIMELINE,
                  figure=data.figure(snapshot, "symptom_timeline", lambda s:
                                     figures.symptom_timeline(s.view.days, s.diary))
                  if not snapshot.view.days.empty else {}),
        html.H3("Entries"),
        html.Div(id=ids.DIARY_LIST, children=entry_list(snapshot.diary, snapshot.comments)),
        *(comment_form(snapshot.diary) if commenting else []),
    ])


def comment_form(entries: list) -> list:
    """A comment on one entry (a coach's note, or the athlete's reply)."""
    choices = [{"label": f"{e.entry.date} · {e.entry.location.replace('_', ' ')} · "
                         f"{e.entry.pain}/10", "value": e.id} for e in reversed(entries)]
    return [html.H3("Comment on an entry"),
            _field("Entry", dcc.Dropdown(id=ids.DIARY_COMMENT_ENTRY, options=choices,
                                         value=choices[0]["value"] if choices else None)),
            _field("Comment", dcc.Textarea(id=ids.DIARY_COMMENT_TEXT,
                                           style={"width": "100%"})),
            html.Button("Add comment", id=ids.DIARY_COMMENT_SAVE, n_clicks=0),
            html.Div(id=ids.DIARY_COMMENT_RESULT)]


def triage_card(result: Triage) -> html.Div:
    text, colour = URGENCY_TEXT[result.urgency]
    return html.Div(style={"borderLeft": f"6px solid {colour}", "padding": "6px 12px",
                           "margin": "12px 0", "background": "#fafafa"}, children=[
        html.Strong(text, className=f"urgency-{result.urgency}"),
        *[html.Div(f"Red flag: {f.reason}") for f in result.red_flags],
        html.Ul([html.Li([dcc.Link(c.name, href=f"/guidance/{c.id}"),
                          f" ({c.match:.0%}): {', '.join(c.why)}"])
                 for c in result.conditions[:3]]),
        html.Div(NOT_A_DIAGNOSIS, style={"fontSize": "12px"})])


def entry_list(entries: list, comments: dict[int, list[dict]] | None = None) -> html.Div:
    if not entries:
        return html.P("No entries yet.")
    comments = comments or {}
    rows = [html.Tr([html.Th(h, style=CELL) for h in ("date", "where", "pain", "urgency",
                                                      "fits", "load before", "comments")])]
    for item in reversed(entries):
        entry, top = item.entry, item.triage.conditions[:2]
        rows.append(html.Tr([
            html.Td(entry.date.isoformat(), style=CELL),
            html.Td(entry.location.replace("_", " "), style=CELL),
            html.Td(f"{entry.pain}/10", style=CELL),
            html.Td(item.triage.urgency.replace("_", " "), style=CELL),
            html.Td([html.Div(dcc.Link(c.name, href=f"/guidance/{c.id}")) for c in top],
                    style=CELL),
            html.Td(item.load_context or "", style=CELL),
            html.Td([html.Div(f"{c['author']}: {c['text']}", className="diary-comment")
                     for c in comments.get(item.id, [])], style=CELL)]))
    return html.Table(rows, style={"borderCollapse": "collapse", "fontSize": "14px"})


def settings_page(data: DashboardData, athlete: str, *, writable: bool = True) -> html.Div:
    units = data.snapshot(athlete).view.settings.units
    if not writable:
        return html.Div([html.H2("Settings"), html.P(f"Distances in {units}. Only the athlete "
                                                     "changes their settings.")])
    return html.Div([
        html.H2("Settings"),
        _field("Units", dcc.RadioItems(id=ids.SETTINGS_UNITS, value=units, inline=True,
                                       options=[{"label": " kilometres ", "value": "km"},
                                                {"label": " miles ", "value": "mi"}])),
        html.Div(id=ids.SETTINGS_SAVED),
        html.H3("Your data"),
        html.P(["Everything loadwatch holds for you (activities with samples, the diary, "
                "settings, your original files) as one zip of CSV and JSON: ",
                html.A("download export.zip", id=ids.EXPORT_LINK,
                       href="/download/export.zip?" + urlencode({"athlete": athlete})),
                ". loadwatch import restores it."]),
        html.P("More settings (heart rates, threshold pace, time zone): loadwatch settings "
               "set KEY=VALUE.", style={"fontSize": "13px"})])


MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # the largest upload accepted, all files together


def upload_page(writable: bool = True) -> html.Div:
    if not writable:
        return html.Div([html.H2("Upload"), html.P("Only the athlete uploads their files.")])
    return html.Div([
        html.H2("Upload"),
        html.P("Drop FIT, GPX, TCX or CSV files, or whole Strava or Garmin export zips. "
               f"Up to {MAX_UPLOAD_BYTES // 2**20} MB at a time."),
        _field("Distance unit of activity lists that do not say it (Garmin Connect's "
               "Activities.csv, when the file cannot tell)",
               dcc.RadioItems(id=ids.UPLOAD_UNITS, value="auto", inline=True, options=[
                   {"label": " tell from the file ", "value": "auto"},
                   {"label": " kilometres ", "value": "km"},
                   {"label": " miles", "value": "mi"}])),
        dcc.Upload(id=ids.UPLOAD, multiple=True, children=html.Div(
            ["Drag files here or ", html.A("choose files", href="#")]), style={
            "border": "2px dashed #0072B2", "borderRadius": "8px", "padding": "32px",
            "textAlign": "center", "cursor": "pointer"}),
        dcc.Loading(html.Div(id=ids.UPLOAD_RESULT), type="default")])


def upload_table(results) -> html.Table:
    rows = [html.Tr([html.Th(h, style=CELL) for h in ("file", "status", "activities",
                                                      "message")])]
    for result in results:
        rows.append(html.Tr([html.Td(result.path, style=CELL),
                             html.Td(result.status, className=f"status-{result.status}",
                                     style=CELL),
                             html.Td(", ".join(str(i) for i in result.activities), style=CELL),
                             html.Td(result.message, style=CELL)]))
    return html.Table(rows, style={"borderCollapse": "collapse", "fontSize": "14px",
                                   "marginTop": "12px"})


def intensity_page(data: DashboardData, athlete: str) -> html.Div:
    snapshot = data.snapshot(athlete)
    weeks = snapshot.view.weeks
    if weeks.empty:
        return html.Div(html.P("No runs yet."))
    units = snapshot.view.settings.units
    terrain_flags = [f for f in snapshot.flags if f.rule in
                     ("hill_share_jump", "hard_share_jump", "surface_change")]
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
        html.Ul([html.Li(f"{f.date}: {f.title}. {f.why}") for f in terrain_flags])
        if terrain_flags else html.P("None.")])


ACTIVITY_COLUMNS = [("id", "id"), ("date", "date"), ("name", "name"), ("sport", "sport"),
                    ("distance", "distance"), ("time", "time (min)"), ("avg_hr", "avg HR"),
                    ("load", "load"), ("spike_band", "spike"), ("surface", "surface")]


def activities_page(data: DashboardData, athlete: str) -> html.Div:
    from dash import dash_table

    view = data.snapshot(athlete).view
    units = view.settings.units
    frame = view.activities
    rows = [] if frame.empty else [_table_row(row, units) for row in
                                   frame.sort_values("start_time", ascending=False).itertuples()]
    columns = [{"id": key, "name": title if key != "distance" else f"distance ({units})",
                **({"presentation": "markdown"} if key == "name" else {})}
               for key, title in ACTIVITY_COLUMNS]
    with warnings.catch_warnings():
        # Dash 4 still ships DataTable but announces its move out (to dash-ag-grid).
        warnings.simplefilter("ignore", DeprecationWarning)
        table = dash_table.DataTable(
            id=ids.ACTIVITIES_TABLE, data=rows, columns=columns, sort_action="native",
            filter_action="native", page_size=25, markdown_options={"link_target": "_self"},
            style_cell={"fontFamily": "Arial", "fontSize": "13px", "padding": "4px"})
    return html.Div([html.H2("Activities"), table])


def _number(value, digits: int) -> float | None:
    """A rounded plain float, or None for a missing value (JSON has no NaN)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else round(value, digits)


def _table_row(row, units: str) -> dict:
    name = row.name if isinstance(row.name, str) and row.name else row.sport
    return {"id": int(row.id), "date": row.start_time.strftime("%Y-%m-%d %H:%M"),
            "name": f"[{name}](/activities/{int(row.id)})", "sport": str(row.sport),
            "distance": _number(in_units(row.distance_m or 0, units), 2),
            "time": _number((row.timer_s or 0) / 60, 1), "avg_hr": _number(row.avg_hr, 0),
            "load": _number(row.load, 0),
            "spike_band": row.spike_band if isinstance(row.spike_band, str) else "",
            "surface": row.surface if isinstance(row.surface, str) else ""}


def activity_page(data: DashboardData, athlete: str, activity_id: str | None = None,
                  *, writable: bool = True) -> html.Div:
    try:
        activity = data.store.activity(athlete, int(activity_id))
    except (TypeError, ValueError, LoadwatchError):
        return html.Div(html.P(f"No activity {activity_id}."))
    view = data.snapshot(athlete).view
    units = view.settings.units
    frame = view.activities.set_index("id") if len(view.activities) else None
    if frame is None or activity.id not in frame.index:
        return html.Div([html.H2(activity.name or activity.sport), html.P(
            "This activity holds values no reader accepts (written by an older version), "
            "so it is left out of every number. `loadwatch check --repair` mends it.")])
    row = frame.loc[activity.id]
    try:
        samples = data.store.samples(activity.id)
    except LoadwatchError:  # damaged samples: the summary still shows
        samples = {name: np.zeros(0) for name in SAMPLE_COLUMNS}
    spike = (f", a {row['spike_band']} spike ({row['spike_ratio']:.2f})"
             if isinstance(row["spike_band"], str) else "")
    has_route = bool(np.isfinite(samples["lat"]).any())
    recorded = len(samples.get("time", ())) > 0
    return html.Div([
        html.H2(activity.name or activity.sport),
        html.P(f"{activity.local_start:%A %d %B %Y, %H:%M} · "
               f"{format_distance(activity.distance_m or 0, units, label=True)} · "
               f"load {row['load']:.0f} points ({row['load_method']}){spike} · surface "
               f"{row['surface']} ({row['surface_source']})"),
        *([dcc.Graph(id=ids.ACTIVITY_TRACE, figure=figures.activity_trace(samples, units)),
           dcc.Graph(id=ids.ACTIVITY_ROUTE, figure=figures.route(samples)) if has_route
           else html.P("No GPS track (treadmill or indoor).")] if recorded else [
            html.P("A summary from an activity list: there is no recording to chart. "
                   "Import the watch's file of this run to see its pace, heart rate and "
                   "route (it merges into this activity).")]),
        *(_activity_edits(activity, row) if writable else [])])


def _activity_edits(activity, row) -> list:
    return [
        html.H3("Correct or add"),
        html.Div(style={"display": "grid", "gridTemplateColumns": "1fr 1fr 2fr",
                        "gap": "0 16px"}, children=[
            _field("Surface", dcc.Dropdown(id=ids.ACTIVITY_SURFACE, value=row["surface"],
                                           options=_options(SURFACES))),
            _field("RPE (0-10)", dcc.Input(id=ids.ACTIVITY_RPE, type="number", min=0, max=10,
                                           value=activity.rpe)),
            _field("Name", dcc.Input(id=ids.ACTIVITY_NAME, value=activity.name or "",
                                     style={"width": "100%"}))]),
        html.Button("Save", id=ids.ACTIVITY_SAVE, n_clicks=0),
        dcc.Store(id="activity-id", data=activity.id),
        html.Div(id=ids.ACTIVITY_SAVED),
        html.H3("Delete"),
        html.P("Not a run of yours, or recorded twice? Deleting removes it from every "
               "number; importing its file again brings it back."),
        html.Button("Delete this activity", id=ids.ACTIVITY_DELETE, n_clicks=0),
        dcc.ConfirmDialog(id=ids.ACTIVITY_DELETE_CONFIRM, message=(
            f"Delete {activity.name or activity.sport} of {activity.local_start:%d %B %Y}? "
            "Importing its file again brings it back.")),
        html.Div(id=ids.ACTIVITY_DELETED)]


def summary_page(data: DashboardData, athlete: str, week: str | None = None) -> html.Div:
    """The weekly summary of any week, as `loadwatch summary` words it."""
    snapshot = data.snapshot(athlete)
    weeks = snapshot.view.weeks
    if weeks.empty:
        return html.Div(html.P("No runs yet."))
    choices = [d.date().isoformat() for d in reversed(weeks.index)]
    chosen = week if week in choices else choices[min(1, len(choices) - 1)]
    return html.Div([
        html.H2("Weekly summary"),
        _field("Week starting", dcc.Dropdown(id=ids.SUMMARY_WEEK, options=choices,
                                             value=chosen, clearable=False)),
        html.Div(id=ids.SUMMARY_BODY, children=summary_body(data, athlete, chosen))])


def summary_body(data: DashboardData, athlete: str, week: str) -> html.Div:
    from datetime import date as date_type

    from loadwatch.summary import build_summary, lines

    snapshot = data.snapshot(athlete)
    view = snapshot.view
    summary = build_summary(date_type.fromisoformat(week), view.days, view.weeks,
                            snapshot.diary, snapshot.flags, view.settings)
    return html.Div([
        html.H3(f"Your week of {summary.week_start} to {summary.week_end}"),
        html.Table([html.Tr([html.Td(heading, style={**CELL, "fontWeight": "bold",
                                                     "color": "#D55E00" if heading ==
                                                     "Red flag" else "#222"}),
                             html.Td(sentence, style=CELL)])
                    for heading, sentence in lines(summary)],
                   style={"borderCollapse": "collapse", "fontSize": "14px"}),
        html.P(NOT_A_DIAGNOSIS, style={"fontSize": "12px"})])
