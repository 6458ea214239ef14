"""Activities: every activity in a sortable, filterable table, each linking to its page."""

from __future__ import annotations

import warnings

import dash
from dash import html

from dashboards import context, ids
from loadwatch.units import in_units

dash.register_page(__name__, path="/activities", name="Activities")

COLUMNS = [("id", "id"), ("date", "date"), ("name", "name"), ("sport", "sport"),
           ("distance", "distance"), ("time", "time (min)"), ("avg_hr", "avg HR"),
           ("load", "load"), ("spike_band", "spike"), ("surface", "surface")]
PAGE_SIZE = 25


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The table, newest first."""
    from dash import dash_table

    view = context.current().data.snapshot(athlete).view
    units = view.settings.units
    frame = view.activities
    rows = [] if frame.empty else [table_row(row, units) for row in
                                   frame.sort_values("start_time", ascending=False).itertuples()]
    columns = [{"id": key, "name": title if key != "distance" else f"distance ({units})",
                **({"presentation": "markdown"} if key == "name" else {})}
               for key, title in COLUMNS]
    with warnings.catch_warnings():
        # Dash 4 still ships DataTable but announces its move out (to dash-ag-grid).
        warnings.simplefilter("ignore", DeprecationWarning)
        table = dash_table.DataTable(
            id=ids.ACTIVITIES_TABLE, data=rows, columns=columns, sort_action="native",
            filter_action="native", page_size=PAGE_SIZE,
            markdown_options={"link_target": "_self"})
    return html.Div([html.H2("Activities"), table])


def number(value, digits: int) -> float | None:
    """A rounded plain float, or None for a missing value (JSON has no NaN)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else round(value, digits)


def table_row(row, units: str) -> dict:
    """One activity as the table shows it, distance in ``units``."""
    name = row.name if isinstance(row.name, str) and row.name else row.sport
    return {"id": int(row.id), "date": row.start_time.strftime("%Y-%m-%d %H:%M"),
            "name": f"[{name}](/activities/{int(row.id)})", "sport": str(row.sport),
            "distance": number(in_units(row.distance_m or 0, units), 2),
            "time": number((row.timer_s or 0) / 60, 1), "avg_hr": number(row.avg_hr, 0),
            "load": number(row.load, 0),
            "spike_band": row.spike_band if isinstance(row.spike_band, str) else "",
            "surface": row.surface if isinstance(row.surface, str) else ""}
