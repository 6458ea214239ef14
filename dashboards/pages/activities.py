"""Activities: every activity in a sortable, filterable table, each linking to its page.

The rows are the command line's (``loadwatch activities``, service:
``activity_listing``), start times on the runner's clock as it shows them.
"""

from __future__ import annotations

import warnings

import dash
from dash import html

from dashboards import context, ids
from loadwatch.service.listings import local_start
from loadwatch.service.quality import mark_text
from loadwatch.units import in_units

dash.register_page(__name__, path="/activities", name="Activities", order=40)

COLUMNS = [("id", "id"), ("date", "start (local)"), ("name", "name"), ("sport", "sport"),
           ("distance", "distance"), ("time", "time (min)"), ("avg_hr", "avg HR"),
           ("load", "load"), ("spike_band", "spike"), ("surface", "surface"),
           ("check", "check")]
PAGE_SIZE = 25


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The table, newest first."""
    from dash import dash_table

    app = context.current()
    snapshot = app.data.snapshot(athlete)
    settings = snapshot.view.settings
    rows = [table_row(row, settings.units, settings.timezone)
            for row in app.data.activity_rows(snapshot).values()]
    columns = [{"id": key, "name": title if key != "distance" else f"distance ({settings.units})",
                **({"presentation": "markdown"} if key == "name" else {})}
               for key, title in COLUMNS]
    with warnings.catch_warnings():
        # Dash 4 still ships DataTable but announces its move out (to dash-ag-grid).
        warnings.simplefilter("ignore", DeprecationWarning)
        table = dash_table.DataTable(
            id=ids.ACTIVITIES_TABLE, data=rows, columns=columns, sort_action="native",
            filter_action="native", page_size=PAGE_SIZE, style_table={"overflowX": "auto"},
            markdown_options={"link_target": "_self"})
    return html.Div([html.H2("Activities"), table])


def number(value: float | None, digits: int) -> float | None:
    """A rounded float, or None for a missing value."""
    return None if value is None else round(float(value), digits)


def table_row(row: dict, units: str, timezone: str) -> dict:
    """One row of ``activity_listing`` as the table shows it, distance in ``units``."""
    name = row["name"] or row["sport"]
    return {"id": row["id"], "date": f"{local_start(row, timezone):%Y-%m-%d %H:%M}",
            "name": f"[{name}](/activities/{row['id']})", "sport": row["sport"],
            "distance": number(in_units(row["distance_m"] or 0, units), 2),
            "time": number((row["timer_s"] or 0) / 60, 1), "avg_hr": number(row["avg_hr"], 0),
            "load": number(row["load"], 0), "spike_band": row["spike_band"] or "",
            "surface": row["surface"] or "", "check": mark_text(row)}
