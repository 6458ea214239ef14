"""The Activity page's numbers: a strip of cards, the splits table and time in zones.

Every number as a runner reads it: distances in the athlete's unit, paces in
``m:ss`` a km or a mile, times as a clock; how a load or a surface was found
said in words, never by the engine's internal name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import components, ids
from dashboards.figures import activity as activity_figures
from loadwatch.units import METRES_PER, format_clock, format_distance, format_duration
from loadwatch.vocabulary import RAISED_SPIKE_BANDS, word_label

if TYPE_CHECKING:
    from loadwatch.service.activity_view import ActivityDetail
    from loadwatch.settings import Settings

# How the load engine found a run's load (metrics.load.LOAD_METHODS).
LOAD_HOW = {"hrtss": "heart rate against an hour at threshold (hrTSS)",
            "rtss": "from pace against your threshold pace",
            "srpe": "from your RPE and the time (session RPE)",
            "duration": "estimated from the time alone"}
# How the surface was found (metrics.terrain.infer_surface; "user": the runner chose it).
SURFACE_HOW = {"sub_sport": "as the file records it", "name": "from the run's name",
               "no_position": "no GPS track: taken for a treadmill",
               "geometry": "from the shape of a 400 m track", "none": "nothing in the file says",
               "user": "your choice"}
NOT_RECORDED = "—"


def spike_words(ratio: float | None, band: str | None) -> str:
    """A run's length against the 30 days before it, in words; "" when unremarkable.

    The spike bands (``vocabulary.SPIKE_BANDS``) compare a run with the
    longest of the 30 days before it; a raised band is also a flag, with its
    severity, on the Flags page.
    """
    if ratio is None or ratio <= 1:
        return ""
    if band in RAISED_SPIKE_BANDS:
        return f"{ratio - 1:.0%} longer than your longest run of the 30 days before"
    return "your longest run of the last 30 days"


def _body(label: str, value: str, sub: str = "") -> dbc.CardBody:
    return dbc.CardBody([html.Div(label, className="stat-label"),
                         html.Div(value or NOT_RECORDED, className="stat-value"),
                         html.Div(sub, className="stat-sub")])


def _card(label: str, value: str, sub: str = "", card_id: str | None = None) -> dbc.Col:
    return dbc.Col(dbc.Card(_body(label, value, sub), className="stat-card h-100",
                            **({"id": card_id} if card_id else {})), xs=6, md=4, xl=3)


def load_body(load: float, method: str, rpe: float | None) -> dbc.CardBody:
    """The load card's content: points, and how they were found in words."""
    how = LOAD_HOW.get(method, "")
    if method == "srpe" and rpe is not None:
        how = f"from your RPE {rpe:g} and the time (session RPE)"
    return _body("Load", f"{load:.0f} points", how)


def stats_strip(detail: ActivityDetail, row: dict, units: str) -> dbc.Row:
    """Distance, times, pace, heart rate, ascent, load and surface, a card each."""
    activity = detail.activity
    moving = detail.moving_s
    speed = (activity.distance_m or 0) / moving if moving else None
    pace = format_clock(METRES_PER[units] / speed) if speed else ""
    elapsed = activity.elapsed_s
    return dbc.Row(id=ids.ACTIVITY_STATS, className="g-2 stats-strip", children=[
        _card("Distance", format_distance(activity.distance_m, units, label=True)),
        _card("Moving time", format_duration(moving),
              f"elapsed {format_duration(elapsed)}" if elapsed else ""),
        _card("Average pace", f"{pace}/{units}" if pace else "", "over the moving time"),
        _card("Heart rate", f"{activity.avg_hr:.0f} bpm" if activity.avg_hr else "",
              f"max {activity.max_hr:.0f} bpm" if activity.max_hr else "average"),
        _card("Ascent", f"{activity.elevation_gain_m:.0f} m"
              if activity.elevation_gain_m is not None else ""),
        dbc.Col(dbc.Card(load_body(row["load"], row["load_method"], activity.rpe),
                         className="stat-card h-100", id=ids.ACTIVITY_LOAD), xs=6, md=4, xl=3),
        _card("Surface", word_label(row["surface"] or "unknown").capitalize(),
              SURFACE_HOW.get(row["surface_source"] or "none", ""))])


def splits_table(splits: pd.DataFrame, units: str) -> html.Div:
    """Per-km or per-mile splits: time, pace, heart rate and elevation change."""
    if splits.empty:
        return html.Div()
    split_m = METRES_PER[units]
    body = []
    for number, split in splits.iterrows():
        partial = split["distance_m"] < split_m - 0.5
        body.append(html.Tr([
            html.Td(f"{number} ({format_distance(split['distance_m'], units)})" if partial
                    else str(number)),
            html.Td(format_clock(split["time_s"])), html.Td(format_clock(split["pace_s"])),
            html.Td("" if split["avg_hr"] != split["avg_hr"] else f"{split['avg_hr']:.0f}"),
            html.Td("" if split["elevation_change_m"] != split["elevation_change_m"]
                    else f"{split['elevation_change_m']:+.0f}")]))
    head = html.Thead(html.Tr([html.Th(t) for t in (
        units, "time", f"pace (/{units})", "HR (bpm)", "elev. (m)")]))
    return html.Div([
        html.H3(f"Splits per {'km' if units == 'km' else 'mile'}", className="chart-title"),
        dbc.Table([head, html.Tbody(body)], id=ids.ACTIVITY_SPLITS, size="sm", striped=True,
                  hover=True, responsive=True, className="splits-table")])


def _zone_note(detail: ActivityDetail, settings: Settings) -> str:
    source = detail.zone_source
    if source == "threshold_hr":
        return f"Friel's zones from your threshold heart rate ({settings.threshold_hr} bpm)."
    if source == "max_hr":
        return (f"Zones at 60, 70, 80 and 90% of your maximum heart rate ({settings.max_hr} "
                "bpm); a threshold heart rate gives Friel's zones instead.")
    hr_recorded = detail.samples.get("heart_rate") is not None and bool(
        (pd.Series(detail.samples["heart_rate"]).fillna(0) > 0).any())
    why = ("no heart-rate settings" if hr_recorded else "no heart rate in this recording")
    return (f"Pace zones from your threshold pace ({settings.threshold_pace}): {why}, so no "
            "heart-rate zones.")


def zones_section(detail: ActivityDetail, settings: Settings, settings_href: str,
                  units: str) -> html.Div:
    """Time in heart-rate zones, else pace zones (saying which and why), else why none."""
    if detail.zones is None:
        if not len(detail.samples.get("time", ())):
            return html.Div()
        return html.Div(id=ids.ACTIVITY_ZONES_NOTE, className="zones-note", children=[
            html.H3("Time in zones", className="chart-title"),
            html.P(["No zones: they need heart rate and a maximum or threshold heart rate, "
                    "or a threshold pace. ",
                    dcc.Link("Set them in Settings", href=settings_href), "."])])
    kind = "pace" if detail.zone_source == "threshold_pace" else "heart rate"
    labels = activity_figures.zone_labels(detail.zones, kind, units)
    figure = activity_figures.time_in_zones(
        detail.zones, labels, f"Time in {'pace' if kind == 'pace' else 'heart-rate'} zones")
    return html.Div([components.chart(ids.ACTIVITY_ZONES, figure),
                     html.P(_zone_note(detail, settings), id=ids.ACTIVITY_ZONES_NOTE,
                            className="note")])
