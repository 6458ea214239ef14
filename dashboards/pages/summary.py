"""Summary: the weekly summary of any week, worded as ``loadwatch summary`` words it."""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from dashboards import components, context, ids
from loadwatch.errors import UsageError
from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.service.summaries import summary_week, weekly_summary
from loadwatch.summary import lines

dash.register_page(__name__, path="/summary", name="Summary", order=80)


@context.athlete_page
def layout(athlete: str, week: str | None = None, **_) -> html.Div:
    """A week chooser (``?week=`` picks one; default last week) and its summary."""
    view = context.current().data.snapshot(athlete).view
    choices = [d.date().isoformat() for d in reversed(view.weeks.index)]
    if not choices:  # no runs yet: the diary's red flags are still told
        choices = [summary_week(w, view.settings).isoformat() for w in ("this", "last")]
    # Last week by default, as `loadwatch summary`; a bookmarked week stays.
    chosen = week if week in choices else choices[min(1, len(choices) - 1)]
    return html.Div([
        html.H2("Weekly summary"),
        components.field("Week starting", dcc.Dropdown(
            id=ids.SUMMARY_WEEK, options=choices, value=chosen, clearable=False)),
        html.Div(id=ids.SUMMARY_BODY, children=body(athlete, chosen))])


def body(athlete: str, week: str) -> html.Div:
    """The summary as a table of headings and sentences (service: weekly_summary)."""
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    try:
        summary = app.data.memo(snapshot, f"summary:{week}", lambda: weekly_summary(
            app.store, athlete=athlete, week=week, settings=snapshot.view.settings))
    except UsageError as err:  # a week from the browser that no calendar holds
        return html.Div(components.error(str(err)))
    rows = [[html.Td(heading, className="summary-heading"
                     + (" red-flag" if heading == "Red flag" else "")), html.Td(sentence)]
            for heading, sentence in lines(summary)]
    return html.Div([
        html.H3(f"Your week of {summary.week_start} to {summary.week_end}"),
        html.Div(html.Table(html.Tbody([html.Tr(cells) for cells in rows]), className="table"),
                 className="table-responsive"),
        html.P(NOT_A_DIAGNOSIS, className="small")])


@context.callback(Output(ids.SUMMARY_BODY, "children"), Input(ids.SUMMARY_WEEK, "value"),
                  context.WHERE, prevent_initial_call=True)
def show_week(week: str, search: str | None) -> html.Div:
    """Show another week's summary."""
    return body(context.athlete_for("read", search), week)
