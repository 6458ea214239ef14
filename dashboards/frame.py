"""The frame around every page, and the callbacks that switch athletes and keep links on them.

The navigation bar (a link per page, the athlete selector, the account, the theme's
switch), the page, the footer; and the HTML page Dash fills, whose <head> sets the
theme before anything is drawn.

Imported by ``create_app`` after the pages: its links are the registered pages.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash
from dash import ClientsideFunction, Input, Output, State, dcc, html

from dashboards import components, context, ids, window
from loadwatch.service.settings import athlete_settings, heart_rate_gap

if not components.nav_pages():
    raise RuntimeError("dashboards.frame is imported after the pages (create_app does it)")


def layout() -> html.Div:
    """The page's frame: the navigation bar, the page itself, the footer."""
    policy = context.current().policy
    if not policy.logged_in():
        # Dash builds the layout once at start-up, outside any login.
        return html.Div([dash.page_container])
    account = components.account(policy.author()) if policy.shows_logout else []
    return html.Div(className="page", children=[
        components.header(policy.visible_athletes(), policy.athlete(), account),
        html.Main(className="container-xl page-body", children=[
            html.Div(id=ids.HR_BANNER), dcc.Store(id=ids.SETTINGS_CHANGED),
            dash.page_container]),
        components.footer()])


# Dash's page with the theme's script first in <head>: it sets data-bs-theme on
# <html> before the stylesheets paint, so a dark page never flashes white.
INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        <script src="{theme}"></script>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""


def index_string(app: dash.Dash) -> str:
    """The HTML page of ``app``, with ``assets/theme.js`` run before the page is drawn."""
    return INDEX.format(theme=app.get_asset_url("theme.js"))


@context.callback(Output("_pages_location", "search"), Output(ids.ATHLETE, "value"),
                  [Output(ids.nav(page["module"]), "href") for page in components.nav_pages()],
                  Input(ids.ATHLETE, "value"), Input("_pages_location", "search"))
def sync_athlete(chosen: str | None, search: str | None) -> tuple:
    """Keep the selector, the address and the links on one athlete.

    Choosing in the selector changes the address (the policy remembers the
    choice); an address that names an athlete sets the selector. One callback
    for both directions: Dash refuses two callbacks that feed each other.
    """
    policy = context.current().policy
    if dash.ctx.triggered_id == ids.ATHLETE and chosen:
        policy.choose(chosen)
        # The other values of the address (a bookmarked ?week=) stay, but for the
        # time window: the page takes the one this browser chose last (the address
        # the page keeps for it is newer than ``search``).
        values = {key: value for key, value in parse_qs((search or "").lstrip("?")).items()
                  if key not in window.KEYS}
        values["athlete"] = [chosen]
        wanted = "?" + urlencode(values, doseq=True)
        named = context.requested_athlete(search)
        address = dash.no_update if named == chosen else wanted
        athlete = chosen
    else:
        address = dash.no_update
        athlete = policy.athlete(context.requested_athlete(search))
    query = policy.link_query(athlete)
    shown = athlete if athlete != chosen else dash.no_update
    return (address, shown, *[page["relative_path"] + query for page in components.nav_pages()])


@context.callback(Output(ids.HR_BANNER, "children"), Input("_pages_location", "pathname"),
                  Input("_pages_location", "search"), Input(ids.SETTINGS_CHANGED, "data"))
def heart_rate_banner(_path: str | None, search: str | None, _changed) -> list:
    """The banner while the athlete's heart-rate settings are missing (gone once set)."""
    policy = context.current().policy
    athlete = policy.athlete(context.requested_athlete(search))
    if athlete is None or athlete not in policy.visible_athletes():
        return []
    policy.require("read", athlete)
    settings = athlete_settings(context.current().store, athlete=athlete)[1]
    return components.hr_banner(heart_rate_gap(settings),
                                "/settings" + policy.link_query(athlete))


# The phone's menu: its button opens and closes it, going to a page closes it (theme.js).
context.clientside_callback(
    ClientsideFunction("frame", "toggleMenu"), Output(ids.NAV_COLLAPSE, "is_open"),
    Input(ids.NAV_TOGGLER, "n_clicks"), Input("_pages_location", "pathname"),
    State(ids.NAV_COLLAPSE, "is_open"), prevent_initial_call=True)

# The link of the page shown is marked (dbc's own marking cannot see past ?athlete=).
context.clientside_callback(
    ClientsideFunction("frame", "markActive"),
    [Output(ids.nav(page["module"]), "active") for page in components.nav_pages()],
    Input("_pages_location", "pathname"),
    [Input(ids.nav(page["module"]), "href") for page in components.nav_pages()])
