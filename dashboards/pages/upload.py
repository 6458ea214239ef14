"""Upload: drop watch files or whole export zips; the same import as the command line.

The page's script (``assets/upload.js``) sends the dropped files to ``POST
/upload/files`` (:mod:`dashboards.uploads`) with ``XMLHttpRequest``, showing
"Sending: 45 MB of 200 MB" as they go, and hands the job's id to this page's
``UPLOAD_JOBS`` store; nothing of the files passes through a Dash callback.
The import runs in the background (``loadwatch.service.import_jobs``): the page
polls it and shows "file k of n" with each file's result as it lands. A Garmin
Activities.csv that cannot tell kilometres from miles waits with its bytes
kept; choosing km or mi beside it imports it again, nothing sent twice.
"""

from __future__ import annotations

import re
from collections import Counter

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html

from dashboards import context, ids, uploads
from loadwatch.errors import NotFound, UnitsNeeded
from loadwatch.models import FileResult
from loadwatch.service import import_jobs

dash.register_page(__name__, path="/upload", name="Upload", order=90)

MAX_UPLOAD_BYTES = uploads.MAX_UPLOAD_BYTES  # the largest upload accepted, all files together
POLL_MS = 500
STATUS_COLOURS = {"imported": "success", "duplicate": "secondary", "skipped": "warning",
                  "failed": "danger", "waiting": "info"}
UNITS_WORDS = {"km": "kilometres", "mi": "miles"}
MERGES_LISTED = 3  # more merged runs or activity ids than this are counted, not listed
UNIT_QUESTION = ("loadwatch cannot tell whether this list's distances are kilometres or "
                 "miles (Garmin Connect writes them in your display unit). Which are they?")


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The drop zone, the progress line and the results (for who may write)."""
    if not context.current().policy.may_write(athlete):
        return html.Div([html.H2("Upload"), html.P("Only the athlete uploads their files.")])
    return html.Div(className="upload-page", children=[
        html.H2("Upload"),
        html.P("Drop FIT, GPX, TCX or CSV files, or whole Strava or Garmin export zips. "
               f"Up to {MAX_UPLOAD_BYTES // 2**20} MB at a time."),
        # upload.js adds the file input and sends what is chosen or dropped; the ids and
        # limits it needs are on the zone, so that they are written once (ids.py, uploads).
        html.Div(id=ids.UPLOAD, className="upload-zone", role="button", tabIndex=0, **{
            "data-route": uploads.ROUTE, "data-field": uploads.FIELD,
            "data-max-bytes": str(MAX_UPLOAD_BYTES),
            "data-max-files": str(uploads.MAX_UPLOAD_FILES),
            "data-jobs": ids.UPLOAD_JOBS, "data-progress": ids.UPLOAD_PROGRESS,
            "data-sending": ids.UPLOAD_SENDING, "aria-label": "Upload files"},
            children=html.Div(["Drag files here or ", html.A("choose files", href="#")])),
        dcc.Store(id=ids.UPLOAD_JOBS, data=None),
        dcc.Interval(id=ids.UPLOAD_POLL, interval=POLL_MS, disabled=True),
        html.Div(id=ids.UPLOAD_SENDING, className="upload-sending"),
        html.P(id=ids.UPLOAD_PROGRESS, className="upload-progress", role="status"),
        html.Div(id=ids.UPLOAD_RESULT)])


@context.callback(Output(ids.UPLOAD_JOBS, "data"), Output(ids.UPLOAD_POLL, "disabled"),
                  Output(ids.UPLOAD_PROGRESS, "children"),
                  Input({"type": ids.UPLOAD_UNIT, "file": ALL, "units": ALL}, "n_clicks"),
                  State(ids.UPLOAD_JOBS, "data"), context.WHERE, prevent_initial_call=True)
def import_again(_clicks, jobs, search) -> tuple:
    """Import one file of the upload again with the unit chosen beside it.

    The upload itself is started by ``upload.js``: it sets ``UPLOAD_JOBS`` to
    ``{"upload": job, "jobs": [job], "retries": {}}``, and :func:`poll` follows.
    """
    chosen = dash.ctx.triggered_id
    if not isinstance(chosen, dict) or not any(t["value"] for t in dash.ctx.triggered) \
            or not jobs:
        return dash.no_update, dash.no_update, dash.no_update  # a button just drawn
    athlete = context.athlete_for("write", search)
    store = context.current().store
    try:
        job = import_jobs.import_again(store, athlete=athlete, upload=jobs["upload"],
                                       file=int(chosen["file"]), units=chosen["units"])
    except NotFound as err:
        return dash.no_update, True, str(err)
    retries = {**jobs["retries"], job: [int(chosen["file"]), chosen["units"]]}
    return {**jobs, "jobs": [*jobs["jobs"], job], "retries": retries}, False, dash.no_update


@context.callback(Output(ids.UPLOAD_PROGRESS, "children", allow_duplicate=True),
                  Output(ids.UPLOAD_RESULT, "children"),
                  Output(ids.UPLOAD_POLL, "disabled", allow_duplicate=True),
                  Input(ids.UPLOAD_POLL, "n_intervals"), Input(ids.UPLOAD_JOBS, "data"),
                  context.WHERE, prevent_initial_call=True)
def poll(_ticks, jobs, search) -> tuple:
    """The progress line and every file's result so far; polling stops when all are done."""
    if not jobs:
        return dash.no_update, [], True
    athlete = context.athlete_for("write", search)
    try:
        store = context.current().store
        progress = [import_jobs.import_progress(job, athlete=athlete, store=store)
                    for job in jobs["jobs"]]
    except NotFound:
        return "This import is no longer known: upload the files again.", [], True
    rows = merged(progress, jobs["retries"])
    running = [p for p in progress if not p.finished]
    line = progress_line(running[-1], jobs["retries"]) if running else summary_line(rows)
    errors = [html.P(p.error, className="text-danger") for p in progress if p.error]
    return line, [*errors, result_list(rows)], not running


Row = tuple[object, FileResult]  # the uploaded file's index (or the path), its result


def merged(progress: list[import_jobs.ImportProgress], retries: dict[str, list]) -> list[Row]:
    """Every file's latest result: a file imported again shows its new result in its place."""
    groups: dict[object, list[FileResult]] = {}
    for job in progress:
        fresh: dict[object, list[FileResult]] = {}
        for result, file in zip(job.results, job.files, strict=True):
            fresh.setdefault(result.path if file is None else file, []).append(result)
        if job.job in retries and not job.finished and not fresh:
            file, units = retries[job.job]
            names = [r.path.split("!", 1)[0] for r in groups.get(file, [])] or ["a file"]
            fresh[file] = [FileResult(names[0], "waiting",
                                      message=f"importing again in {UNITS_WORDS[units]}…")]
        groups.update(fresh)
    return [(file, r) for file, group in groups.items() for r in group]


def progress_line(job: import_jobs.ImportProgress, retries: dict[str, list]) -> str:
    """``Importing: file k of n``, naming the unit when a file is imported again."""
    again = f" again in {UNITS_WORDS[retries[job.job][1]]}" if job.job in retries else ""
    if job.total is None:
        return f"Importing{again}: reading what the files hold…"
    return f"Importing{again}… file {job.done} of {max(job.total, job.done)} read"


def summary_line(rows: list[Row]) -> str:
    """``n of n files read: 3 imported, 1 failed`` and what waits for a unit."""
    counts = Counter(r.status for _, r in rows if not r.needs_units)
    parts = [f"{counts[s]} {word}" for s, word in (
        ("imported", "imported"), ("duplicate", "already there"), ("skipped", "skipped"),
        ("failed", "failed")) if counts[s]]
    waiting = sum(r.needs_units for _, r in rows)
    ask = (f" {waiting} waits for its distance unit: choose it beside the file."
           if waiting else "")
    return f"{len(rows)} of {len(rows)} files done: {', '.join(parts) or 'nothing'}.{ask}"


def result_list(rows: list[Row]) -> dbc.ListGroup:
    """A line per file: its name, what became of it and why; a unit choice where one is due."""
    return dbc.ListGroup([_result_item(file, r) for file, r in rows],
                         className="upload-results", id=ids.UPLOAD_TABLE)


def _result_item(file: object, result: FileResult) -> dbc.ListGroupItem:
    status = "needs its unit" if result.needs_units else result.status
    children = [html.Div(className="upload-result-head", children=[
        html.Span(result.path, className="upload-name"),
        dbc.Badge(status, color="info" if result.needs_units
                  else STATUS_COLOURS.get(result.status, "secondary"),
                  className="upload-status")]),
        html.Div(short_message(result), className="upload-message small")]
    if result.needs_units and isinstance(file, int):
        children.append(_unit_choice(file))
    return dbc.ListGroupItem(children, className="upload-result")


def short_message(result: FileResult) -> str:
    """The import's message, its long lists cut short (a list of 760 runs is one line)."""
    # The command line's hint is no use here: the choice is beside the file.
    parts = result.message.replace(f": {UnitsNeeded.hint}", "").split("; ")
    merged_runs = [p for p in parts if p.startswith("same run as activity ")]
    if len(merged_runs) > MERGES_LISTED:
        parts = [p for p in parts if p not in merged_runs]
        parts.append(f"{len(merged_runs)} runs were already stored from another file: "
                     "merged with them")
    numbers = result.activities
    if numbers:
        listed = (", ".join(map(str, numbers)) if len(numbers) <= MERGES_LISTED
                  else f"{numbers[0]} to {numbers[-1]}")
        said = f"({'no.' if len(numbers) == 1 else 'nos.'} {listed})"
        if parts and re.fullmatch(r"\d+ activit(y|ies)", parts[0]):
            parts[0] = f"{parts[0]} {said}"  # "1 activity (no. 4)"
        else:
            parts.append(f"activities {said}")
    return "; ".join(p for p in parts if p)


def _unit_choice(file: int) -> html.Div:
    return html.Div(className="upload-units", children=[
        html.Span(UNIT_QUESTION, className="small"),
        html.Div(className="upload-unit-buttons", children=[
            dbc.Button(UNITS_WORDS[units], size="sm", outline=True, color="primary",
                       id={"type": ids.UPLOAD_UNIT, "file": file, "units": units})
            for units in ("km", "mi")])])
