"""Overview: what a runner opens every morning, open red flags first.

As runners know it from Garmin's training status and intervals.icu: today's
fitness, fatigue and form with a one-word status and the form zones; the days
since the last run (after a break, "no runs for N weeks", plainly); this week
so far against last week and the four weeks before; the longest next run and
the week's range (``summary.ahead``); the caution and high flags still open,
by week, each dismissible; a 12-week chart. The numbers are
``summary.today``'s; this module only lays them out.

Runs the data-quality checks hold out of the risk rules are counted, with
why and a link to each, so the runner knows what the flags do not see.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, dcc, html

from dashboards import acknowledge, components, context, ids
from dashboards.figures.overview import twelve_weeks
from loadwatch.service import quality
from loadwatch.service.listings import local_start
from loadwatch.summary.ahead import limit_text, look_ahead
from loadwatch.summary.render import look_ahead_lines
from loadwatch.summary.today import Today, Totals, by_week, open_flags, today_view
from loadwatch.units import METRES_PER_KM, format_distance, format_duration
from loadwatch.vocabulary import (
    ACWR_CAVEAT,
    BREAK_STATUS,
    FORM_FRESH,
    FORM_NEUTRAL,
    FORM_OPTIMAL,
    FORM_STATUS,
    FORM_ZONES,
    FORM_ZONES_SOURCE,
)

dash.register_page(__name__, path="/", name="Overview", order=10)

QUIET = ("see_clinician", "cut_back")  # no run length as a headline in these weeks
LEFT_OUT_LINKS = 8  # the most recent held-out runs linked by name; the rest counted
HISTORY = ("Every flag, acknowledged, dismissed or not, newest first, stays in the ",
           " (red flags included: acknowledging one never removes it).")
# Each zone's range, in FORM_ZONES' order, from the bounds the Load page's chart shades.
ZONE_RANGES = (f"below {FORM_OPTIMAL:g}", f"{FORM_OPTIMAL:g} to {FORM_NEUTRAL:g}",
               f"{FORM_NEUTRAL:g} to {FORM_FRESH:g}", f"{FORM_FRESH:g} and above")
ZONE_COLOURS = dict(zip(FORM_ZONES, ("danger", "success", "secondary", "info"), strict=True))
MEANING = dict(zip(FORM_STATUS.values(), (
    "fatigue far above fitness: the high-risk zone; ease off",
    "fatigue above fitness: the load builds fitness",
    "fatigue close to fitness: neither building nor resting",
    "fitness above fatigue: rested"), strict=True)) | {
    BREAK_STATUS: "no run for three weeks or more: form says little until you run again",
    "No runs": "import your runs to see it"}


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """Open red flags on top (with or without runs), then today, the week and what comes next."""
    data = context.current().data
    snapshot = data.snapshot(athlete)
    view = snapshot.view
    red_cards = html.Div(id=ids.OVERVIEW_RED_FLAGS, children=acknowledge.open_cards(
        snapshot, acknowledge.button_kind(athlete, ids.OVERVIEW_ACK)))
    history = html.P(id=ids.OVERVIEW_HISTORY, className="note", children=[
        HISTORY[0], dcc.Link("flag history", href="/flags"), HISTORY[1]])
    top = [red_cards, html.Div(id=ids.OVERVIEW_ACK_RESULT)]
    if view.weeks.empty:  # a red flag in the diary shows before any run is imported
        return html.Div([*top, html.H2("No runs yet"),
                         html.P(["Drop your watch files or a whole Strava or Garmin export "
                                 "on the ", dcc.Link("Upload", href="/upload"), " page, or "
                                 "import them in a terminal: ",
                                 html.Code("loadwatch import FILES"), "."]), history])
    today = data.memo(snapshot, "today", lambda: today_view(
        snapshot.today, view.activities, view.days, view.weeks, view.settings))
    units = view.settings.units
    return html.Div(className="overview", children=[
        *top,
        html.H2(f"Today, {today.day:%a %d %b %Y}", className="overview-day"),
        gap_line(today),
        status_cards(today),
        dbc.Row(className="g-3 mb-3", children=[
            dbc.Col(week_card(today, units), lg=6),
            dbc.Col(ahead_section(snapshot), lg=6)]),
        flags_section(snapshot),
        chart_card(snapshot, today),
        *left_out(view),
        history])


def gap_line(today: Today) -> html.Div:
    """The days since the last run; after a break a warning that says so plainly."""
    if today.on_break:
        return dbc.Alert(id=ids.OVERVIEW_GAP, color="warning", className="overview-gap",
                         children=[html.Strong(today.gap), " This week, last week and the "
                                   "ratio are empty for that reason, not stale."])
    return html.P(today.gap, id=ids.OVERVIEW_GAP, className="overview-gap text-body-secondary")


def _number(value: float | None, signed: bool = False) -> str:
    return "-" if value is None else (f"{value:+.1f}" if signed else f"{value:.1f}")


def _card(title: str, value: str, note: str, *extra) -> dbc.Col:
    return dbc.Col(xs=6, md=3, children=dbc.Card(className="h-100 stat-card", children=[
        dbc.CardBody([html.Div(title, className="stat-label"),
                      html.Div(value, className="stat-value"),
                      html.Div(note, className="stat-note small"), *extra])]))


def status_cards(today: Today) -> html.Div:
    """The status word, fitness, fatigue and form today, and the form zones."""
    # After a break form drifts to neutral and means nothing: no zone is marked.
    shown = None if today.on_break else today.zone
    badge = [dbc.Badge(shown, color=ZONE_COLOURS[shown], className="mt-1")] if shown else []
    return html.Div(id=ids.OVERVIEW_STATUS, className="mb-3", children=[
        dbc.Row(className="g-2", children=[
            _card("Status", today.status, MEANING[today.status]),
            _card("Fitness (CTL)", _number(today.fitness), "42-day load average, points a day"),
            _card("Fatigue (ATL)", _number(today.fatigue), "7-day load average, points a day"),
            _card("Form (TSB)", _number(today.form, signed=True),
                  "yesterday's fitness minus fatigue", *badge)]),
        html.Div(id=ids.OVERVIEW_ZONES, className="form-zones small mt-2", children=[
            *[dbc.Badge(f"{name} {span}", pill=True,
                        className="me-1 mb-1" + ("" if name == shown else " zone-off"),
                        color=ZONE_COLOURS[name] if name == shown else "light",
                        text_color=None if name == shown else "dark")
              for name, span in zip(FORM_ZONES, ZONE_RANGES, strict=True)],
            html.Span(FORM_ZONES_SOURCE, className="d-block text-body-secondary")])])


def week_rows(today: Today, units: str) -> list[tuple[str, str, str, str]]:
    """Distance, runs and moving time: this week so far, last week, the weeks before's mean."""
    weeks = (today.this_week, today.last_week, today.average)

    def each(show) -> list[str]:
        return [show(w) if w is not None else "-" for w in weeks]

    def runs(w: Totals) -> str:
        return f"{w.runs:.0f}" if w.runs == int(w.runs) else f"{w.runs:.1f}"

    return [("Distance", *each(lambda w: format_distance(
                w.distance_km * METRES_PER_KM, units, 1, label=True))),
            ("Runs", *each(runs)),
            ("Moving time", *each(lambda w: format_duration(w.seconds)))]


def week_card(today: Today, units: str) -> dbc.Card:
    """The week so far against last week and the average of the weeks before."""
    average = ("4-week average" if today.average_weeks == 4 else
               f"{today.average_weeks}-week average" if today.average_weeks else "average")
    head = html.Tr([html.Th(""), html.Th("This week"), html.Th("Last week"), html.Th(average)])
    body = [html.Tr([html.Th(label, scope="row"), *[html.Td(v) for v in values]])
            for label, *values in week_rows(today, units)]
    return dbc.Card(id=ids.OVERVIEW_WEEK, className="h-100", children=[
        dbc.CardHeader(f"This week so far (since {today.week_start:%a %d %b})"),
        dbc.CardBody([
            dbc.Table([html.Thead(head), html.Tbody(body)], size="sm", borderless=True,
                      className="week-table mb-2"),
            html.P(acwr_sentence(today), id=ids.OVERVIEW_ACWR, className="small mb-0")])])


def acwr_sentence(today: Today) -> str:
    """Today's headline acute:chronic ratio, or why it means nothing now."""
    if today.acwr is not None:
        return (f"Acute:chronic load ratio {today.acwr.value:.2f} ({today.acwr.zone}) today. "
                + ACWR_CAVEAT)
    if today.on_break:
        weeks = (today.days_since_run or 0) // 7
        return f"Acute:chronic load ratio: not meaningful after {weeks} weeks without a run."
    if today.returning:
        return ("Acute:chronic load ratio: not meaningful yet in the first weeks back after a "
                "break; the return plan above says how far to build.")
    return "The acute:chronic ratio needs 28 days of data."


def ahead_section(snapshot) -> dbc.Card:
    """The week under way, the longest next run and the fitness ramp (``summary.ahead``)."""
    view = snapshot.view
    ahead = context.current().data.memo(snapshot, "look_ahead", lambda: look_ahead(
        snapshot.today, view.activities, view.days, view.weeks, snapshot.diary,
        snapshot.flags, view.settings))
    units = view.settings.units
    lines = look_ahead_lines(ahead.suggestion, ahead.long_run, ahead.ramp, units,
                             week="last week's", heading="This week")
    if ahead.suggestion is None:
        lines.append(("This week", "A range needs a finished week of records."))
    rows = [html.Tr([html.Th(heading, scope="row"), html.Td(sentence)])
            for heading, sentence in lines]
    # The limit as a headline, unless a red flag or a cut-back week asks for less.
    quiet = ahead.suggestion is not None and ahead.suggestion.kind in QUIET
    headline = ([html.Div([html.Span("Longest next run ", className="stat-label"),
                           html.Span(f"up to {limit_text(ahead.long_run.limit_km, units)}",
                                     className="stat-value")])]
                if ahead.long_run is not None and not quiet else [])
    done = format_distance(ahead.done_km * METRES_PER_KM, units, 1, label=True)
    return dbc.Card(id=ids.OVERVIEW_AHEAD, className="ahead h-100", children=[
        dbc.CardHeader(f"Looking ahead: the week of {ahead.week_start:%d %b}"),
        dbc.CardBody([*headline, html.Table(rows, className="table table-sm ahead-table"),
                      html.P(f"Run so far this week: {done}. The range comes from last week "
                             "and its flags, as its weekly summary says.", className="small")])])


def flags_section(snapshot) -> html.Div:
    """The caution and high flags still open, by week, newest first, each dismissible."""
    return html.Div(className="mb-3", children=[
        html.H3("Open flags"),
        html.P("Caution and high flags of the last six weeks, newest first. Dismissing one "
               "takes it off this list; the flag history keeps it.", className="note small"),
        html.Div(id=ids.OVERVIEW_DISMISS_RESULT),
        html.Div(id=ids.OVERVIEW_FLAGS, children=open_flag_groups(snapshot))])


def open_flag_groups(snapshot) -> list:
    """Each week's open flags under its heading, a Dismiss button on each when allowed."""
    settings = snapshot.view.settings
    kind = acknowledge.button_kind(snapshot.athlete, ids.OVERVIEW_DISMISS)
    groups = by_week(open_flags(snapshot.flags, snapshot.acknowledgements, snapshot.today),
                     settings.week_start)
    made: list = []
    for start, flags in groups:
        made.append(html.H4(f"Week of {start:%d %b %Y}", className="flag-week"))
        for flag, card in zip(flags, acknowledge.cards(snapshot, flags, None), strict=True):
            if kind is not None:
                card.children.append(dbc.Button(
                    acknowledge.DISMISS, id={"type": kind, "flag": acknowledge.key(flag)},
                    n_clicks=0, size="sm", color="secondary", outline=True,
                    className="flag-dismiss"))
            made.append(card)
    return made or [html.P("No open flags.")]


@context.callback(Output(ids.OVERVIEW_FLAGS, "children"),
                  Output(ids.OVERVIEW_DISMISS_RESULT, "children"),
                  Input({"type": ids.OVERVIEW_DISMISS, "flag": ALL}, "n_clicks"),
                  context.WHERE, prevent_initial_call=True)
def dismiss_flag(_clicks, search: str | None):
    """Dismiss the caution or high flag clicked (service: dismiss_flag); it leaves the list."""
    snapshot, refused = acknowledge.dismiss_clicked(search)
    return open_flag_groups(snapshot), refused


def chart_card(snapshot, today: Today) -> html.Div:
    """The last twelve weeks: distance, fitness, fatigue and form (kept with the snapshot)."""
    settings = snapshot.view.settings
    name = f"overview_12_weeks_{settings.units}_{settings.week_start}"
    last_run = None if today.last_run is None else pd.Timestamp(today.last_run)
    figure = context.current().data.figure(snapshot, name, lambda s: twelve_weeks(
        s.view.weeks, s.view.days, pd.Timestamp(s.today), settings.units, settings.week_start,
        last_run))
    return html.Div(className="overview-chart mb-3",
                    children=components.chart(ids.OVERVIEW_CHART, figure))


@context.callback(Output(ids.OVERVIEW_RED_FLAGS, "children"),
                  Output(ids.OVERVIEW_ACK_RESULT, "children"),
                  Input({"type": ids.OVERVIEW_ACK, "flag": ALL}, "n_clicks"),
                  context.WHERE, prevent_initial_call=True)
def acknowledge_flag(_clicks, search: str | None):
    """Acknowledge the red flag clicked (service: acknowledge_flag); it moves below the rest."""
    snapshot, refused = acknowledge.acknowledge_clicked(search)
    kind = acknowledge.button_kind(snapshot.athlete, ids.OVERVIEW_ACK)
    return acknowledge.open_cards(snapshot, kind), refused


def left_out(view) -> list:
    """How many runs the data-quality checks hold out of the risk rules, why, and links."""
    marks = [m for m in quality.marks_of(view.activities, view.settings.units) if m.held_out]
    if not marks:
        return []
    counts = quality.left_out_counts(marks)
    why = ", ".join(f"{label} ({count})" for label, count in counts.items())
    runs = "1 run is" if len(marks) == 1 else f"{len(marks)} runs are"
    links = [html.Li([dcc.Link(_title(m, view.settings), href=f"/activities/{m.activity_id}"),
                      f": {'; '.join(m.why)}"]) for m in marks[:LEFT_OUT_LINKS]]
    more = len(marks) - len(links)
    return [html.Div(id=ids.OVERVIEW_QUALITY, className="flag flag-caution quality", children=[
        html.Strong(f"{runs} left out of the risk rules: maybe not runs ({why})"),
        html.P("Until you confirm each was a run or correct it (its sport or distance), it "
               "counts in no weekly distance, spike or flag. Open one to answer."),
        html.Ul(links),
        *([html.P(f"and {more} more: `loadwatch check` lists them all.")] if more else [])])]


def _title(mark: quality.Mark, settings) -> str:
    start = local_start({"start_time": mark.start_time, "utc_offset_s": None},
                        settings.timezone)
    far = format_distance(mark.distance_m, settings.units, 1, label=True)
    return f"{start:%d %b %Y}: {mark.name or 'Run'}" + (f" ({far})" if far else "")
