"""The frame around every page, and the callbacks that switch athletes and keep links on them.

Header (a link per page, the athlete selector, the account), the page, the footer.

Imported by ``create_app`` after the pages: its links are the registered pages.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, html

from dashboards import components, context, ids

if not components.nav_pages():
    raise RuntimeError("dashboards.frame is imported after the pages (create_app does it)")


def layout() -> html.Div:
    """The page's frame: header, the page itself, the footer."""
    policy = context.current().policy
    if not policy.logged_in():
        # Dash builds the layout once at start-up, outside any login.
        return html.Div([dash.page_container])
    account = components.account(policy.author()) if policy.shows_logout else []
    return html.Div(className="page", children=[
        components.header(policy.visible_athletes(), policy.athlete(), account),
        dash.page_container,
        components.footer()])


@context.callback(Output("_pages_location", "search"), Input(ids.ATHLETE, "value"),
                  context.WHERE, prevent_initial_call=True)
def choose_athlete(athlete: str, search: str | None):
    """Show another athlete: the policy remembers the choice, the address changes."""
    context.current().policy.choose(athlete)
    wanted = "?" + urlencode({"athlete": athlete})
    return dash.no_update if search == wanted else wanted


@context.callback([Output(ids.nav(page["module"]), "href") for page in components.nav_pages()],
                  Input("_pages_location", "search"))
def keep_athlete_in_links(search: str | None) -> list[str]:
    """Links carry the chosen athlete where the address holds the choice."""
    query = context.current().policy.link_query(context.requested_athlete(search))
    return [page["relative_path"] + query for page in components.nav_pages()]
