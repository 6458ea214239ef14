"""Pieces more than one page shows: the frame, cards, tables and form fields.

Components carry class names; their look is in ``dashboards/assets/loadwatch.css``.
Figures are built in ``dashboards.figures``; ids are in ``dashboards.ids``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.vocabulary import URGENCY_TEXT, word_label

if TYPE_CHECKING:
    from loadwatch.diary import Entry, TriagedEntry
    from loadwatch.flags import Acknowledgement, Flag
    from loadwatch.models import FileResult
    from loadwatch.service.settings import HeartRateGap
    from loadwatch.triage import RedFlag, Triage



def options(words: Iterable[str]) -> list[dict]:
    """Dropdown or checklist options of vocabulary words, as the runner reads them."""
    return [{"label": word_label(w), "value": w} for w in words]


def grouped_options(words: Iterable[str], groups: Mapping[str, Iterable[str]]) -> list[dict]:
    """Options of ``words`` group by group, each label led by its group: ``Knee · front``.

    A two-word label naming its group drops the name (``knee front`` -> ``Knee · front``);
    a word in no group comes last, as :func:`options` labels it.
    """
    words = list(words)
    found = []
    for group, members in groups.items():
        for word in (w for w in members if w in words):
            parts = word_label(word).split()
            if len(parts) == 2 and group in parts:
                parts.remove(group)
            found.append({"label": f"{group.capitalize()} · {' '.join(parts)}", "value": word})
    grouped = {o["value"] for o in found}
    return found + options(w for w in words if w not in grouped)


def field(label: str, component, *after) -> html.Div:
    """A form field: its label above it, then what comes ``after`` it (a message)."""
    return html.Div([html.Label(label, htmlFor=component.id, className="form-label"),
                     component, *after], className="field")


def error(text: str) -> html.Span:
    """A message that something was not done."""
    return html.Span(text, className="error")


def no_runs() -> html.Div:
    """What a page of charts shows before any run is imported."""
    return html.Div(html.P("No runs yet."))


# How the Settings page and the banner name each setting; a setting not listed
# here is named after its key (``some_key`` -> "Some key").
SETTING_LABELS = {
    "sex": "Sex", "max_hr": "Maximum heart rate (bpm)", "resting_hr": "Resting heart rate (bpm)",
    "threshold_hr": "Threshold heart rate (bpm)", "threshold_pace": "Threshold pace",
    "timezone": "Time zone", "week_start": "Week starts on", "units": "Distances in",
    "count_cross_training_load": "Count cross-training toward load",
    "email": "E-mail address", "summary_day": "Summary day",
    "dashboard_url": "Dashboard link in summaries", "smtp_host": "SMTP server",
    "smtp_port": "SMTP port", "smtp_from": "From address", "smtp_user": "SMTP login",
    "smtp_starttls": "Use STARTTLS",
    "prior_stress_fracture": "Had a stress fracture or stress reaction",
    "irregular_periods": "Periods stopped or irregular",
    "low_energy_availability": "Often eating less than training needs",
    "low_bone_density": "Low bone density on a scan"}


def setting_label(key: str) -> str:
    """A setting's name as the runner reads it (``max_hr`` -> "Maximum heart rate (bpm)")."""
    return SETTING_LABELS.get(key) or key.replace("_", " ").capitalize()


def setting_name(key: str) -> str:
    """A setting's name in a sentence, without its unit: "maximum heart rate"."""
    return setting_label(key).removesuffix(" (bpm)").lower()


def hr_banner(gap: HeartRateGap | None, settings_href: str) -> list:
    """What the numbers lose while heart-rate settings are missing, linking to Settings."""
    if gap is None:
        return []
    names = [setting_name(key) for key in gap.missing]
    missing = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    lost = " and ".join(gap.lost)
    return [html.Div(className="hr-banner alert alert-warning", role="status", children=[
        html.Strong(f"Not set: {missing}. "),
        f"Without {'it' if len(names) == 1 else 'them'} {lost}. ",
        dcc.Link(f"Set {'it' if len(names) == 1 else 'them'} in Settings", href=settings_href,
                 id=ids.HR_BANNER + "-link"),
        " (estimates from your runs are offered there)."])]


# Plotly's tool bar shows only while the pointer is over a chart, and has only
# the tools a runner uses (zoom, pan, reset, a picture).
GRAPH_CONFIG = {"displayModeBar": "hover", "displaylogo": False,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def untitled(figure: dict) -> dict:
    """A figure's JSON without its title (:func:`chart` shows it above the chart)."""
    layout = {key: value for key, value in figure.get("layout", {}).items() if key != "title"}
    return {**figure, "layout": layout}


def chart(graph_id: str, figure: dict) -> html.Div:
    """A chart with its title as a heading above it, where the tool bar cannot cover it.

    The heading wraps on a phone, as a title inside the chart cannot.
    """
    title = figure.get("layout", {}).get("title", {}).get("text", "")
    return html.Div([html.H3(title, className="chart-title"),
                     dcc.Graph(id=graph_id, figure=untitled(figure), config=GRAPH_CONFIG)],
                    className="chart")


def nav_pages() -> list[dict]:
    """The pages the header links to (an activity's page is reached from the table)."""
    return [page for page in dash.page_registry.values() if page.get("in_nav", True)]


def header(athletes: list[str], athlete: str | None, account: list) -> dbc.Navbar:
    """The navigation bar: a link per page, the athlete selector, the account, the theme.

    From the ``xl`` width down the links, the selector and the account fold into a
    menu behind a button (``ids.NAV_TOGGLER``); the theme's switch stays in view.
    """
    links = [dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"],
                                     id=ids.nav(page["module"])))
             for page in nav_pages()]
    menu = dbc.Collapse(id=ids.NAV_COLLAPSE, is_open=False, navbar=True, children=[
        dbc.Nav(links, navbar=True, className="me-auto"),
        html.Div(className="navbar-end", children=[
            athlete_selector(athletes, athlete),
            *([html.Div(account, className="account navbar-text")] if account else [])])])
    # dark=False: no navbar-dark, so its colours follow the theme (Bootstrap 5.3).
    return dbc.Navbar(id=ids.NAVBAR, expand="xl", dark=False, color="var(--bs-tertiary-bg)",
                      class_name="border-bottom",
                      children=dbc.Container(fluid=True, children=[
                          dbc.NavbarBrand("loadwatch", href="/", class_name="fw-bold"),
                          theme_toggle(), dbc.NavbarToggler(id=ids.NAV_TOGGLER), menu]))


def theme_toggle() -> html.Button:
    """The light/dark switch; ``assets/theme.js`` acts on it and keeps the choice."""
    return html.Button(id=ids.THEME_TOGGLE, type="button", title="Switch theme",
                       className="btn btn-sm btn-outline-secondary theme-toggle", children=[
                           html.Span(["☾", html.Span(" Dark", className="theme-word")],
                                     className="when-light"),
                           html.Span(["☀", html.Span(" Light", className="theme-word")],
                                     className="when-dark")])


def account(author: str) -> list:
    """Who is logged in, and the way out."""
    # A POST carrying the CSRF token: a GET link would let any site log the user out.
    from flask_wtf.csrf import generate_csrf  # a team server's dependency only

    return [html.Span(author, className="account-name"),
            html.Form(action="/logout", method="POST", className="d-inline logout", children=[
                dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
                html.Button("Log out", type="submit", id=ids.LOGOUT,
                            className="btn btn-sm btn-outline-secondary")])]


def athlete_selector(athletes: list[str], athlete: str | None) -> html.Div:
    """Whose data is shown; hidden while there is only one athlete to choose."""
    hidden = " single" if len(athletes) <= 1 else ""
    return html.Div(className="athlete-select" + hidden, children=[
        html.Label("Athlete", htmlFor=ids.ATHLETE, className="athlete-label"),
        dcc.Dropdown(id=ids.ATHLETE, options=athletes, value=athlete, clearable=False,
                     placeholder="Athlete")])


def footer() -> html.Footer:
    """The reminder every page ends with."""
    return html.Footer(html.Div(NOT_A_DIAGNOSIS, className="container-xl"),
                       className="footer border-top py-3 mt-4 small text-body-secondary")


ACK_BUTTON = "I have seen this / booked a visit"
ACK_HINT = ("Says you have seen it; it does not dismiss it. The flag stays, with who "
            "acknowledged it and when.")


def flag_card(flag: Flag, seen: Acknowledgement | None = None, timezone: str = "UTC",
              ack: dict | None = None) -> dbc.Card:
    """One risk flag: severity and title, why, what to do, the evidence.

    A red flag someone acknowledged says by whom and when (``seen``, its day in
    ``timezone``); one nobody has gets the button ``ack`` (a pattern-matching
    id) when the page may offer it.
    """
    status: list = []
    if seen is not None:
        status = [html.Div(seen.words(timezone, flag.is_red), className="flag-seen")]
    elif ack is not None:
        status = [html.Div(className="flag-ack-row", children=[
            html.Button(ACK_BUTTON, id=ack, n_clicks=0,
                        className="btn btn-sm btn-outline-primary flag-ack"),
            html.Span(ACK_HINT, className="small")])]
    return dbc.Card(body=True, class_name=f"flag flag-{flag.severity}"
                    + (" flag-acknowledged" if seen is not None else ""), children=[
        html.Strong(f"{flag.severity.upper()} · {flag.title}"),
        html.Div(f"{flag.date}: {flag.why}"),
        html.Div(f"What to do: {flag.action}", className="flag-action"),
        html.Div(flag.evidence, className="flag-evidence"), *status])


def triage_card(result: Triage) -> dbc.Card:
    """A diary entry's urgency, red flags and the conditions that fit, on saving."""
    urgency = result.urgency
    return dbc.Card(body=True, class_name=f"triage triage-{urgency}", children=[
        html.Strong(URGENCY_TEXT[urgency], className=f"urgency-{urgency}"),
        *[red_flag(f) for f in result.red_flags],
        html.Ul([html.Li([dcc.Link(c.name, href=f"/guidance/{c.id}"), f": {c.describe()}"])
                 for c in result.conditions[:3]]),
        html.Div(NOT_A_DIAGNOSIS, className="small")])


def red_flag(flag: RedFlag) -> html.Div:
    """One red flag: what it means and what to do, the note's words that raised it, its source."""
    quoted = ", ".join(f"“{w}”" for w in flag.words)
    return html.Div(className="red-flag", children=[
        html.Div(f"Red flag: {flag.reason}"),
        *([html.Div(f"From your notes: {quoted}", className="small")] if quoted else []),
        html.Div(f"Source: {flag.source}", className="small source")])


def table(headings: Iterable[str], rows: Iterable[list], class_name: str = "") -> html.Div:
    """A Bootstrap table (a heading row, a row of cells per item) in a box of its own.

    A table wider than a phone scrolls inside that box, never the page.
    """
    return html.Div(className="table-responsive", children=html.Table(
        [html.Thead(html.Tr([html.Th(h, scope="col") for h in headings])),
         html.Tbody([html.Tr(cells) for cells in rows])],
        className=f"table table-sm {class_name}".strip()))


def where(entry: Entry) -> str:
    """Where an entry hurts, in words: ``right knee front``."""
    return " ".join(part for part in (entry.side, word_label(entry.location)) if part)


def entry_list(entries: list[TriagedEntry], comments: dict[int, list[dict]] | None = None,
               actions: bool = False):
    """The diary's entries, newest first, with what fits, the load before and comments.

    With ``actions`` (for who may write) each entry has an Edit and a Delete button.
    """
    if not entries:
        return html.P("No entries yet.")
    comments = comments or {}
    rows = [[html.Td(item.entry.date.isoformat()),
             html.Td([where(item.entry), *([html.Div(item.entry.notes, className="diary-notes")]
                                           if item.entry.notes else [])]),
             html.Td(f"{item.entry.pain}/10"),
             html.Td(item.triage.urgency.replace("_", " ")),
             html.Td([html.Div(dcc.Link(c.name, href=f"/guidance/{c.id}"))
                      for c in item.triage.conditions[:3]]),
             html.Td(item.load_context or ""),
             html.Td([html.Div(f"{c['author']}: {c['text']}", className="diary-comment")
                      for c in comments.get(item.id, [])]),
             *([html.Td(entry_actions(item))] if actions else [])]
            for item in reversed(entries)]
    headings = ("date", "where", "pain", "urgency", "fits", "load before", "comments")
    return table((*headings, "") if actions else headings, rows, "diary-entries")


def entry_actions(item: TriagedEntry) -> list:
    """An entry's Edit and Delete buttons (pattern-matching ids: ``ids.diary_edit``)."""
    if item.id is None:
        return []
    return [html.Button("Edit", id=ids.diary_edit(item.id), n_clicks=0,
                        className="btn btn-sm btn-outline-secondary small-button",
                        title=f"Change the entry of {item.entry.date}"),
            html.Button("Delete", id=ids.diary_delete(item.id), n_clicks=0,
                        className="btn btn-sm btn-outline-secondary small-button",
                        title=f"Delete the entry of {item.entry.date}")]


def upload_table(results: list[FileResult]) -> html.Div:
    """What became of each uploaded file."""
    rows = [[html.Td(r.path), html.Td(r.status, className=f"status-{r.status}"),
             html.Td(", ".join(str(i) for i in r.activities)), html.Td(r.message)]
            for r in results]
    return table(("file", "status", "activities", "message"), rows, "upload-table")
