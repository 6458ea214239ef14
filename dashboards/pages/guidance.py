"""Guidance: the hip conditions, and a page for each with what helps and its sources."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards import ids
from loadwatch.guidance import NOT_A_DIAGNOSIS, load_guidance

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
    return html.Div(id=ids.GUIDANCE_PAGE, children=[
        html.H2(condition.name),
        *[html.Div([html.H3(title), html.P(text)]) for title, text in sections],
        html.H3("Prevent it"), html.Ul([html.Li(p) for p in condition.prevent]),
        html.P("Sources: " + "; ".join(f"{s['publisher']}, \u201c{s['title']}\u201d"
                                       for s in condition.sources), className="sources"),
        html.P(NOT_A_DIAGNOSIS, className="disclaimer"),
        dcc.Link("All conditions", href="/guidance")])


def index() -> html.Div:
    """Every condition, linked."""
    return html.Div(id=ids.GUIDANCE_PAGE, children=[
        html.H2("Hip conditions"),
        html.Ul([html.Li(dcc.Link(c.name, href=f"/guidance/{c.id}"))
                 for c in load_guidance().values()]),
        html.P(NOT_A_DIAGNOSIS)])
