"""Guidance: running injuries from the hip to the foot by body region, a page for each.

Each condition's page says what helps and when to see a clinician, and cites its
sources with a link to each.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards import ids
from loadwatch.guidance import NOT_A_DIAGNOSIS, Condition, by_region, load_guidance

dash.register_page(__name__, path="/guidance", path_template="/guidance/<condition_id>",
                   name="Guidance", order=70)


def layout(condition_id: str | None = None, **_) -> html.Div:
    """One condition's page, or the list of them (the same for everyone: no athlete data)."""
    conditions = load_guidance()
    if condition_id not in conditions:
        return index()
    condition = conditions[condition_id]
    sections = [("What it is", condition.what), ("How it shows", condition.shows),
                ("What helps", condition.helps),
                ("When to see a clinician", condition.see_clinician)]
    return html.Div(id=ids.GUIDANCE_PAGE, className="guidance", children=[
        html.H2(condition.name),
        html.P(f"Body region: {condition.region}", className="small"),
        *[html.Div([html.H3(title), html.P(text)]) for title, text in sections],
        html.H3("Prevent it"), html.Ul([html.Li(p) for p in condition.prevent]),
        html.H3("Sources"),
        html.Ol([html.Li(citation(s)) for s in condition.sources], className="sources"),
        html.P(NOT_A_DIAGNOSIS, className="disclaimer"),
        dcc.Link("All conditions", href="/guidance")])


def citation(source: dict) -> list:
    """A source as a citation: publisher (year), the title, and a link to it."""
    return [f"{source['publisher']} ({source['year']}). ", html.Em(source["title"]), ". ",
            html.A(source["url"], href=source["url"], target="_blank",
                   rel="noopener noreferrer")]


def index() -> html.Div:
    """Every condition, linked, grouped by body region from the hip down."""
    return html.Div(id=ids.GUIDANCE_PAGE, className="guidance", children=[
        html.H2("Injury guidance"),
        html.P("Conditions that cause pain in runners, from the hip to the foot. Each page "
               "says what helps, when to see a clinician, and where the information comes "
               "from."),
        *[html.Section([html.H3(region.capitalize()), _links(group)])
          for region, group in by_region().items()],
        html.P(NOT_A_DIAGNOSIS)])


def _links(group: list[Condition]) -> html.Ul:
    return html.Ul([html.Li(dcc.Link(c.name, href=f"/guidance/{c.id}")) for c in group])
