"""The Dash app: ``create_app(store)``; pages are thin, figures come from ``figures``."""

from __future__ import annotations

import base64
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import dash
import flask
from dash import Input, Output, State, dcc, html

from dashboards import figures, ids, pages_extra
from dashboards.access import LocalAccess, SessionAccess
from dashboards.data import DashboardData, Snapshot
from loadwatch.errors import LoadwatchError, UsageError
from loadwatch.flags import Flag
from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.metrics.ratios import acwr_zone
from loadwatch.models import FileResult
from loadwatch.service import activities as activities_service
from loadwatch.service import diary as diary_service
from loadwatch.service.accounts import AccessDenied
from loadwatch.service.exchange import export_athlete
from loadwatch.service.imports import import_paths
from loadwatch.service.settings import change_settings
from loadwatch.store import Store
from loadwatch.units import METRES_PER_KM, format_distance
from loadwatch.vocabulary import RAISED_SPIKE_BANDS

STYLE = {"fontFamily": "Arial, Helvetica, sans-serif", "maxWidth": "1100px",
         "margin": "0 auto", "padding": "12px", "color": "#222"}
SEVERITY_COLOURS = {"urgent": "#D55E00", "high": "#D55E00", "caution": "#E69F00",
                    "info": "#0072B2"}


def create_app(store: Store, athlete: str = "me", access: LocalAccess | SessionAccess | None = None,
               **dash_options) -> dash.Dash:
    """A Dash app over ``store``; assets are served locally, nothing is fetched.

    Local mode (no ``access``): ``athlete`` is shown first and, with several
    athletes in the store, a selector switches (``?athlete=NAME``). A team
    server passes ``SessionAccess``: the athlete then comes from the login
    session and every page and callback checks the user's rights.
    """
    data = DashboardData(store)
    access = access or LocalAccess(athlete)
    app = dash.Dash(__name__, use_pages=True, pages_folder="", title="loadwatch",
                    serve_locally=True, suppress_callback_exceptions=True, **dash_options)
    _register_pages()
    app.layout = lambda: _shell(data, access)
    _callbacks(app, data, access)
    _download_route(app.server, data.store, access)
    if not access.server:
        # Compute the first athlete's frames now, so the first page does not wait for them.
        threading.Thread(target=data.snapshot, args=(athlete,), daemon=True).start()
    app.server.config["loadwatch"] = (data, access)
    return app


def _download_route(server: flask.Flask, store: Store, access) -> None:
    @server.route("/download/export.zip")
    def download_export():
        athlete = access.athlete(None if access.server else flask.request.args.get("athlete"))
        access.check("write", athlete)  # one's own data (or, on a server, an admin)
        folder = Path(tempfile.mkdtemp(prefix="loadwatch-export-"))
        path = folder / "export.zip"
        export_athlete(store, athlete, path)

        @flask.after_this_request
        def remove(response):
            # The response holds the file open; on POSIX it stays readable once unlinked.
            path.unlink(missing_ok=True)
            folder.rmdir()
            return response

        return flask.send_file(path, as_attachment=True,
                               download_name=f"loadwatch-{athlete}.zip")


def _register_pages() -> None:
    """Dash keeps pages in one registry per process; each app's own data and access
    policy are looked up per request (``current_app``), so two apps in one process
    (tests, benchmarks) never serve each other's athletes.
    """
    def guarded(builder, action: str = "read"):
        def layout(athlete=None, **values):
            data, access = flask.current_app.config["loadwatch"]
            who = access.athlete(athlete)
            if who is None:
                return html.P("No athlete is assigned to you yet: ask your club's admin.")
            access.check(action, who)
            return builder(data, access, who, **values)
        return layout

    dash.register_page("overview", path="/", name="Overview",
                       layout=guarded(lambda data, _, who, **__: _overview(data, who)))
    dash.register_page("load", path="/load", name="Load",
                       layout=guarded(lambda data, _, who, **__: _load(data, who)))
    dash.register_page("intensity", path="/intensity", name="Intensity and terrain",
                       layout=guarded(lambda data, _, who, **__: pages_extra.intensity_page(
                           data, who)))
    dash.register_page("activities", path="/activities", name="Activities",
                       layout=guarded(lambda data, _, who, **__: pages_extra.activities_page(
                           data, who)))
    dash.register_page("activity", path_template="/activities/<activity_id>",
                       name="Activity", location=False,
                       layout=guarded(lambda data, access, who, activity_id=None, **_:
                                      pages_extra.activity_page(
                                          data, who, activity_id,
                                          writable=access.may("write", who))))
    dash.register_page("diary", path="/diary", name="Diary",
                       layout=guarded(lambda data, access, who, **_: pages_extra.diary_page(
                           data, who, writable=access.may("write", who),
                           commenting=access.server and access.may("comment", who))))
    dash.register_page("guidance", path_template="/guidance/<condition_id>", path="/guidance",
                       name="Guidance", layout=pages_extra.guidance_page)
    dash.register_page("summary", path="/summary", name="Summary",
                       layout=guarded(lambda data, _, who, week=None, **__:
                                      pages_extra.summary_page(data, who, week)))
    dash.register_page("upload", path="/upload", name="Upload",
                       layout=guarded(lambda _, access, who, **__: pages_extra.upload_page(
                           access.may("write", who))))
    dash.register_page("settings", path="/settings", name="Settings",
                       layout=guarded(lambda data, access, who, **_: pages_extra.settings_page(
                           data, who, writable=access.may("write", who))))


def _shell(data: DashboardData, access) -> html.Div:
    if not access.logged_in():
        # Dash builds the layout once at start-up, outside any login.
        return html.Div([dash.page_container])
    who = access.athlete()
    account = ([html.Span(f"{access.author()} · ", style={"fontSize": "13px"}),
                html.A("Log out", href="/logout", id=ids.LOGOUT, style={"fontSize": "13px"})]
               if access.server else [])
    return html.Div(style=STYLE, children=[
        html.Header([html.H1("loadwatch", style={"margin": "0 16px 0 0"}), *[
            dcc.Link(page["name"], href=page["relative_path"], id=f"nav-{page['module']}",
                     style={"marginRight": "16px"})
            for page in _nav_pages()], _athlete_selector(access.athletes(data.store), who),
            html.Div(account, style={"marginLeft": "12px"})],
            style={"display": "flex", "alignItems": "baseline", "flexWrap": "wrap"}),
        dash.page_container,
        html.Footer(NOT_A_DIAGNOSIS, style={"fontSize": "12px", "color": "#555",
                                            "marginTop": "24px"}),
    ])


def _nav_pages() -> list[dict]:
    return [page for page in dash.page_registry.values() if page["name"] != "Activity"]


def _athlete_selector(athletes: list[str], athlete: str | None) -> html.Div:
    return html.Div(style={"marginLeft": "auto", "minWidth": "180px",
                           "display": "block" if len(athletes) > 1 else "none"}, children=[
        html.Label("Athlete", htmlFor=ids.ATHLETE, style={"fontSize": "13px"}),
        dcc.Dropdown(id=ids.ATHLETE, options=athletes, value=athlete, clearable=False)])


def athlete_from(search: str | None, default: str) -> str:
    """The athlete named in the address (``?athlete=NAME``), else the default."""
    values = parse_qs((search or "").lstrip("?")).get("athlete")
    return values[0] if values else default


def _overview(data: DashboardData, athlete: str) -> html.Div:
    snapshot = data.snapshot(athlete)
    weeks = snapshot.view.weeks
    red = [f for f in snapshot.flags if f.severity == "urgent"]
    red_cards = html.Div(id=ids.OVERVIEW_RED_FLAGS, children=[_flag_card(f) for f in red])
    if weeks.empty:  # a red flag in the diary shows before any run is imported
        return html.Div([red_cards, html.H2("No runs yet"),
                         html.P("Import your watch files: loadwatch import FILES.")])
    started = weeks[weeks["runs"] > 0]
    current = started.iloc[-1] if len(started) else weeks.iloc[-1]
    active = sorted((f for f in snapshot.flags if f.severity in ("high", "caution")),
                    key=lambda f: f.date, reverse=True)[:6]
    return html.Div([
        red_cards,
        html.H2(f"Week of {current.name:%d %b %Y}"),
        html.P(id=ids.OVERVIEW_WEEK, children=_week_sentence(
            current, snapshot.view.settings.units)),
        html.P(id=ids.OVERVIEW_ACWR, children=_acwr_sentence(snapshot.view.days)),
        html.H3("Recent flags"),
        html.Div(id=ids.OVERVIEW_FLAGS, children=[_flag_card(f) for f in active]
                 or html.P("No flags.")),
    ])


def _week_sentence(week, units: str) -> str:
    change = ("" if week["change_pct"] != week["change_pct"] else
              f", {week['change_pct']:+.0f}% on the week before ({week['band']}: "
              + ("above" if week["exceeds_10pct"] else "within") + " the 10% rule of thumb)")
    spike = (f"; longest run {_km(week['longest_run_km'], units)}"
             + (f", a {week['spike_band']} spike" if week["spike_band"] in
                RAISED_SPIKE_BANDS else ""))
    return f"{int(week['runs'])} runs, {_km(week['distance_km'], units)}{change}{spike}."


def _km(km: float, units: str) -> str:
    # A week without runs has no longest run: written "nan", as it always was.
    return format_distance(km * METRES_PER_KM, units, 1, label=True, missing=f"nan {units}")


def _acwr_sentence(days) -> str:
    ratio = days["acwr_ewma"].dropna()
    if ratio.empty:
        return "The acute:chronic ratio needs 28 days of data."
    value = float(ratio.iloc[-1])
    return (f"Acute:chronic load ratio {value:.2f} ({acwr_zone(value)}) on "
            f"{ratio.index[-1]:%d %b}: a contested measure, read it as a trend.")


def _flag_card(flag: Flag) -> html.Div:
    colour = SEVERITY_COLOURS[flag.severity]
    return html.Div(className=f"flag flag-{flag.severity}", style={
        "borderLeft": f"6px solid {colour}", "padding": "6px 12px", "margin": "8px 0",
        "background": "#fafafa"}, children=[
        html.Strong(f"{flag.severity.upper()} · {flag.title}"),
        html.Div(f"{flag.date}: {flag.why}"),
        html.Div(f"What to do: {flag.action}", style={"fontStyle": "italic"}),
        html.Div(flag.evidence, style={"fontSize": "12px", "color": "#555"})])


def _load(data: DashboardData, athlete: str) -> html.Div:
    snapshot = data.snapshot(athlete)
    view = snapshot.view
    if view.weeks.empty:
        return html.Div(html.P("No runs yet."))
    units = view.settings.units
    return html.Div([
        dcc.Graph(id=ids.LOAD_WEEKLY, figure=data.figure(
            snapshot, f"weekly_distance_{units}",
            lambda s: figures.weekly_distance(s.view.weeks, units))),
        html.Label(["Acute:chronic ratio method ",
                    dcc.RadioItems(id=ids.LOAD_METHOD, inline=True, value="ewma", options=[
                        {"label": " EWMA (headline) ", "value": "ewma"},
                        {"label": " coupled ", "value": "coupled"},
                        {"label": " uncoupled ", "value": "uncoupled"}])]),
        html.P("The acute:chronic ratio is contested (Impellizzeri et al. 2020): read it as "
               "a trend, not a verdict.", style={"fontSize": "13px"}),
        dcc.Graph(id=ids.LOAD_DAILY, figure=_daily_load(data, snapshot, "ewma")),
        dcc.Graph(id=ids.LOAD_PMC, figure=data.figure(
            snapshot, "fitness_fatigue", lambda s: figures.fitness_fatigue(s.view.days))),
        dcc.Graph(id=ids.LOAD_MONOTONY, figure=data.figure(
            snapshot, "monotony_strain", lambda s: figures.monotony_strain(s.view.weeks))),
    ])


def _daily_load(data: DashboardData, snapshot: Snapshot, method: str) -> dict:
    if method not in ("ewma", "coupled", "uncoupled"):
        method = "ewma"  # a value from the browser picks a column: only known ones
    return data.figure(snapshot, f"daily_load_{method}",
                       lambda s: figures.daily_load(s.view.days, method))


def _callbacks(app: dash.Dash, data: DashboardData, access) -> None:
    where = State("_pages_location", "search")
    default = access.athlete() if not access.server else None

    def allowed(search: str | None, action: str) -> str:
        """The athlete this callback may ``action``, or AccessDenied (HTTP 403)."""
        athlete = access.athlete(athlete_from(search, default) if not access.server else None)
        access.check(action, athlete)
        return athlete

    @app.callback(Output("_pages_location", "search"), Input(ids.ATHLETE, "value"),
                  where, prevent_initial_call=True)
    def choose_athlete(athlete: str, search: str | None):
        if access.server:
            access.select(athlete)  # checks the user may read that athlete
        elif athlete_from(search, default) == athlete:
            return dash.no_update
        return "?" + urlencode({"athlete": athlete})

    @app.callback([Output(f"nav-{page['module']}", "href") for page in _nav_pages()],
                  Input("_pages_location", "search"))
    def keep_athlete_in_links(search: str | None):
        athlete = athlete_from(search, default)
        query = ("" if access.server or athlete == default else
                 "?" + urlencode({"athlete": athlete}))
        return [page["relative_path"] + query for page in _nav_pages()]

    @app.callback(Output(ids.LOAD_DAILY, "figure"), Input(ids.LOAD_METHOD, "value"), where,
                  prevent_initial_call=True)
    def switch_ratio(method: str, search: str | None):
        return _daily_load(data, data.snapshot(allowed(search, "read")), method)

    form = [ids.DIARY_DATE, ids.DIARY_SIDE, ids.DIARY_LOCATION, ids.DIARY_PAIN,
            ids.DIARY_ONSET, ids.DIARY_CHARACTER, ids.DIARY_WHEN, ids.DIARY_SIGNS,
            ids.DIARY_TRIGGER, ids.DIARY_WEEKS, ids.DIARY_NOTES]

    @app.callback(Output(ids.DIARY_RESULT, "children"), Output(ids.DIARY_LIST, "children"),
                  Output(ids.DIARY_TIMELINE, "figure"), Input(ids.DIARY_SAVE, "n_clicks"),
                  *[State(i, "value") for i in form], where, prevent_initial_call=True)
    def save_entry(_clicks, day, side, location, pain, onset, character, when, signs,
                   trigger, weeks, notes, search):
        athlete = allowed(search, "write")
        try:
            recorded = diary_service.add_entry(data.store, athlete=athlete, values={
                "date": day or None, "side": side, "location": location, "pain": pain,
                "onset": onset, "character": character, "when": when, "signs": signs,
                "trigger": trigger, "weeks": float(weeks) if weeks not in (None, "") else None,
                "notes": notes or None})
        except (LoadwatchError, ValueError) as err:
            return html.Div(f"Not saved: {err}", className="error",
                            style={"color": "#D55E00"}), dash.no_update, dash.no_update
        snapshot = data.snapshot(athlete)
        return (pages_extra.triage_card(recorded.triage),
                pages_extra.entry_list(snapshot.diary, snapshot.comments),
                data.figure(snapshot, "symptom_timeline",
                            lambda s: figures.symptom_timeline(s.view.days, s.diary)))

    @app.callback(Output(ids.SUMMARY_BODY, "children"), Input(ids.SUMMARY_WEEK, "value"), where,
                  prevent_initial_call=True)
    def show_week(week: str, search: str | None):
        return pages_extra.summary_body(data, allowed(search, "read"), week)

    @app.callback(Output(ids.UPLOAD_RESULT, "children"), Input(ids.UPLOAD, "contents"),
                  State(ids.UPLOAD, "filename"), State(ids.UPLOAD_UNITS, "value"), where,
                  prevent_initial_call=True)
    def upload(contents, names, units, search):
        units = units if units in ("km", "mi") else None
        results = upload_files(data, allowed(search, "write"), contents or [], names or [],
                               units=units)
        imported = sum(r.status == "imported" for r in results)
        return [html.P(f"{len(results)} files read, {imported} imported."),
                pages_extra.upload_table(results)]

    @app.callback(Output(ids.ACTIVITY_SAVED, "children"), Input(ids.ACTIVITY_SAVE, "n_clicks"),
                  State("activity-id", "data"), State(ids.ACTIVITY_SURFACE, "value"),
                  State(ids.ACTIVITY_RPE, "value"), State(ids.ACTIVITY_NAME, "value"), where,
                  prevent_initial_call=True)
    def save_activity(_clicks, activity_id, surface, rpe, name, search):
        athlete = allowed(search, "write")
        try:
            activities_service.edit_activity(data.store, athlete=athlete,
                                             activity_id=int(activity_id), surface=surface,
                                             rpe=rpe, name=name)
        except AccessDenied:
            raise
        except (LoadwatchError, TypeError, ValueError) as err:
            return html.Span(f"Not saved: {err}", style={"color": "#D55E00"})
        return "Saved."

    @app.callback(Output(ids.ACTIVITY_DELETE_CONFIRM, "displayed"),
                  Input(ids.ACTIVITY_DELETE, "n_clicks"), prevent_initial_call=True)
    def ask_before_deleting(_clicks):
        return True

    @app.callback(Output(ids.ACTIVITY_DELETED, "children"),
                  Input(ids.ACTIVITY_DELETE_CONFIRM, "submit_n_clicks"),
                  State("activity-id", "data"), where, prevent_initial_call=True)
    def delete_activity(_confirmed, activity_id, search):
        athlete = allowed(search, "write")
        try:
            activities_service.delete_activity(data.store, athlete=athlete,
                                               activity_id=int(activity_id))
        except (LoadwatchError, TypeError, ValueError) as err:
            return html.Span(f"Not deleted: {err}", style={"color": "#D55E00"})
        return html.Span(["Deleted. Importing its file again brings it back. ",
                          dcc.Link("Back to the activities", href="/activities")])

    @app.callback(Output(ids.SETTINGS_SAVED, "children"), Input(ids.SETTINGS_UNITS, "value"),
                  where, prevent_initial_call=True)
    def save_units(units: str, search: str | None):
        athlete = allowed(search, "write")
        change_settings(data.store, athlete=athlete, changes={"units": units})
        return f"Saved: distances in {'miles' if units == 'mi' else 'kilometres'}."

    @app.callback(Output(ids.DIARY_COMMENT_RESULT, "children"),
                  Output(ids.DIARY_LIST, "children", allow_duplicate=True),
                  Input(ids.DIARY_COMMENT_SAVE, "n_clicks"),
                  State(ids.DIARY_COMMENT_ENTRY, "value"), State(ids.DIARY_COMMENT_TEXT, "value"),
                  where, prevent_initial_call=True)
    def save_comment(_clicks, entry_id, text, search):
        athlete = allowed(search, "comment")
        try:
            diary_service.add_comment(data.store, athlete=athlete, entry_id=int(entry_id),
                                      author=access.author(), text=text or "")
        except (UsageError, TypeError, ValueError) as err:
            return html.Span(f"Not saved: {err}", style={"color": "#D55E00"}), dash.no_update
        snapshot = data.snapshot(athlete)
        return "Comment saved.", pages_extra.entry_list(snapshot.diary, snapshot.comments)


def upload_files(data: DashboardData, athlete: str, contents: list[str],
                 names: list[str], units: str | None = None) -> list[FileResult]:
    """Import uploaded files with the same function as ``loadwatch import``."""
    payloads = [base64.b64decode(c.split(",", 1)[1]) if "," in c else b"" for c in contents]
    if sum(len(p) for p in payloads) > pages_extra.MAX_UPLOAD_BYTES:
        limit = pages_extra.MAX_UPLOAD_BYTES // 2**20
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
        results = import_paths(data.store, athlete, paths, units=units)
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
