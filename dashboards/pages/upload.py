"""Upload: drop watch files or whole export zips; the same import as the command line."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards import components, context, ids
from loadwatch.models import FileResult
from loadwatch.service.imports import import_paths

dash.register_page(__name__, path="/upload", name="Upload", order=90)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # the largest upload accepted, all files together
UNIT_CHOICE = ("Distance unit of activity lists that do not say it (Garmin Connect's "
               "Activities.csv, when the file cannot tell)")


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The drop zone and the unit choice (for who may write)."""
    if not context.current().policy.may_write(athlete):
        return html.Div([html.H2("Upload"), html.P("Only the athlete uploads their files.")])
    return html.Div([
        html.H2("Upload"),
        html.P("Drop FIT, GPX, TCX or CSV files, or whole Strava or Garmin export zips. "
               f"Up to {MAX_UPLOAD_BYTES // 2**20} MB at a time."),
        components.field(UNIT_CHOICE, dcc.RadioItems(
            id=ids.UPLOAD_UNITS, value="auto", inline=True, options=[
                {"label": " tell from the file ", "value": "auto"},
                {"label": " kilometres ", "value": "km"},
                {"label": " miles", "value": "mi"}])),
        dcc.Upload(id=ids.UPLOAD, multiple=True, className="upload-zone", children=html.Div(
            ["Drag files here or ", html.A("choose files", href="#")])),
        dcc.Loading(html.Div(id=ids.UPLOAD_RESULT), type="default")])


@context.callback(Output(ids.UPLOAD_RESULT, "children"), Input(ids.UPLOAD, "contents"),
                  State(ids.UPLOAD, "filename"), State(ids.UPLOAD_UNITS, "value"),
                  context.WHERE, prevent_initial_call=True)
def upload(contents, names, units, search) -> list:
    """Import the dropped files (service: import_paths) and show what became of each."""
    athlete = context.athlete_for("write", search)
    results = upload_files(athlete, contents or [], names or [],
                           units=units if units in ("km", "mi") else None)
    imported = sum(r.status == "imported" for r in results)
    return [html.P(f"{len(results)} files read, {imported} imported."),
            components.upload_table(results)]


def upload_files(athlete: str, contents: list[str], names: list[str],
                 units: str | None = None) -> list[FileResult]:
    """Import uploaded files with the same function as ``loadwatch import``.

    Parameters
    ----------
    athlete : str
    contents : list of str
        The browser's data URLs, one a file.
    names : list of str
        The files' names as the browser gives them (untrusted: only the base name is used).
    units : {"km", "mi"}, optional
        The distance unit of activity lists that do not say it.
    """
    payloads = [base64.b64decode(c.split(",", 1)[1]) if "," in c else b"" for c in contents]
    if sum(len(p) for p in payloads) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // 2**20
        return [FileResult(name, "failed", message=f"refused: the upload is over {limit} MB; "
                                                   "send fewer files at a time")
                for name in names]
    with tempfile.TemporaryDirectory(prefix="loadwatch-upload-") as folder:
        paths = []
        for index, (name, payload) in enumerate(zip(names, payloads, strict=True)):
            # Only the base name, in a folder of our own: names from a browser are untrusted.
            target = Path(folder) / f"{index:04}-{Path(name).name}"
            target.write_bytes(payload)
            paths.append(target)
        results = import_paths(context.current().store, athlete=athlete, paths=paths, units=units)
    for result, name in zip(results, _display_names(results, names), strict=False):
        temporary = Path(result.path.split("!", 1)[0]).name
        # Messages name the file as the runner knows it, and the choice on this page.
        result.message = result.message.replace(temporary, Path(name.split("!", 1)[0]).name)
        result.message = result.message.replace(
            "import it again with --units km or --units mi",
            "choose kilometres or miles above and upload it again")
        result.path = name
    return results


def _display_names(results: list[FileResult], names: list[str]) -> list[str]:
    """Show the browser's file names, not the temporary ones."""
    shown = []
    for result in results:
        stem = Path(result.path.split("!", 1)[0]).name
        index = int(stem[:4]) if stem[:4].isdigit() else None
        original = names[index] if index is not None and index < len(names) else stem
        inner = "!" + result.path.split("!", 1)[1] if "!" in result.path else ""
        shown.append(original + inner)
    return shown
