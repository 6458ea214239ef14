"""DataFrame -> plotly figure. No Dash here: pages only place what these build.

Colours are the Okabe-Ito palette, distinguishable with the common forms of
colour blindness; every chart has a title, axis units and hover text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS, WEEK_ZONE_COLUMNS
from loadwatch.units import METRES_PER_KM, in_units, pace_minutes
from loadwatch.vocabulary import ACWR_CAUTION, ACWR_DANGER, ACWR_LOW, ACWR_ZONES, CHANGE_BANDS

OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "red": "#D55E00",
             "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "grey": "#999999"}
BAND_COLOURS = dict(zip(CHANGE_BANDS, (OKABE_ITO["grey"], OKABE_ITO["blue"],
                                        OKABE_ITO["orange"], OKABE_ITO["red"]), strict=True))
ACWR_SHADES = list(zip((0.0, ACWR_LOW, ACWR_CAUTION, ACWR_DANGER),
                       (ACWR_LOW, ACWR_CAUTION, ACWR_DANGER, 3.0), ACWR_ZONES,
                       ("rgba(86,180,233,0.12)", "rgba(0,158,115,0.12)",
                        "rgba(230,159,0,0.15)", "rgba(213,94,0,0.15)"), strict=True))


# The look of plotly's "plotly_white", set directly: assigning the template
# deep-copies and validates it, 19 ms of the 21 ms a simple figure took.
PLAIN_AXIS = {"gridcolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "linecolor": "#EBF0F8"}


def _layout(figure: go.Figure, title: str, y_title: str) -> go.Figure:
    figure.update_layout(title=title, height=340, paper_bgcolor="white",
                         plot_bgcolor="white", font={"color": "#2a3f5f"},
                         margin={"l": 60, "r": 20, "t": 50, "b": 40},
                         legend={"orientation": "h", "y": -0.2}, yaxis_title=y_title,
                         hovermode="x unified")
    figure.update_xaxes(**PLAIN_AXIS)
    figure.update_yaxes(**PLAIN_AXIS)
    return figure


def weekly_distance(weeks: pd.DataFrame, units: str = "km") -> go.Figure:
    """Weekly running distance, coloured by change band, with the 10% line."""
    distance = in_units(weeks["distance_km"] * METRES_PER_KM, units)
    bands = weeks["band"].fillna("first week").astype(str)
    figure = go.Figure(go.Bar(
        x=weeks.index, y=distance, name="distance", showlegend=False,
        marker_color=[BAND_COLOURS.get(b, OKABE_ITO["sky"]) for b in bands],
        customdata=list(zip(bands, weeks["change_pct"], strict=True)),
        hovertemplate=f"%{{x|%d %b %Y}}: %{{y:.1f}} {units}<br>change %{{customdata[1]:+.0f}}%"
                      " (%{customdata[0]})<extra></extra>"))
    for band, colour in BAND_COLOURS.items():  # a legend entry per band
        figure.add_trace(go.Bar(x=[None], y=[None], name=f"change {band}", marker_color=colour,
                                hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=weeks.index, y=distance.shift(1) * 1.1, mode="markers", name="10% above last week",
        marker={"symbol": "line-ew-open", "size": 18, "color": OKABE_ITO["red"]},
        hovertemplate=f"10% line: %{{y:.1f}} {units}<extra></extra>"))
    return _layout(figure, "Weekly running distance against the 10% rule", f"distance ({units})")


def daily_load(days: pd.DataFrame, method: str = "ewma") -> go.Figure:
    """Daily load with the acute:chronic ratio over the shaded zones."""
    figure = go.Figure(go.Bar(x=days.index, y=days["load"], name="daily load",
                              marker_color=OKABE_ITO["sky"],
                              hovertemplate="%{x|%d %b}: %{y:.0f} points<extra></extra>"))
    for column, name, colour in (("acute_load", "acute (7-day EWMA)", OKABE_ITO["orange"]),
                                 ("chronic_load", "chronic (28-day EWMA)", OKABE_ITO["blue"])):
        if column in days:
            figure.add_trace(go.Scatter(x=days.index, y=days[column], name=name,
                                        line={"color": colour, "width": 1.5},
                                        hovertemplate=f"{name}: %{{y:.0f}}<extra></extra>"))
    ratio = days[f"acwr_{method}"]
    figure.add_trace(go.Scatter(x=days.index, y=ratio, name=f"ACWR ({method})", yaxis="y2",
                                line_dash="dot",
                                line={"color": OKABE_ITO["red"], "width": 2},
                                hovertemplate="ACWR %{y:.2f}<extra></extra>"))
    for low, high, _label, colour in ACWR_SHADES:
        figure.add_hrect(y0=low, y1=high, yref="y2", fillcolor=colour, line_width=0,
                         layer="below")
    figure.update_layout(yaxis2={"title": "acute:chronic ratio", "overlaying": "y",
                                 "side": "right", "range": [0, 2.5], "dtick": 0.5,
                                 "showgrid": False})
    return _layout(figure, "Daily load and acute:chronic ratio (a contested measure)",
                   "load (points)")


def fitness_fatigue(days: pd.DataFrame) -> go.Figure:
    """Fitness (CTL), fatigue (ATL) and form (TSB)."""
    figure = go.Figure()
    for column, name, colour in (("ctl", "fitness (CTL)", OKABE_ITO["blue"]),
                                 ("atl", "fatigue (ATL)", OKABE_ITO["orange"]),
                                 ("tsb", "form (TSB)", OKABE_ITO["green"])):
        figure.add_trace(go.Scatter(x=days.index, y=days[column], name=name,
                                    line={"color": colour},
                                    hovertemplate=f"{name}: %{{y:.1f}}<extra></extra>"))
    return _layout(figure, "Fitness, fatigue and form", "load points a day")


def monotony_strain(weeks: pd.DataFrame) -> go.Figure:
    """Weekly monotony (line) against the 2.0 warning, and strain (bars)."""
    figure = go.Figure(go.Bar(x=weeks.index, y=weeks["strain"], name="strain",
                              marker_color=OKABE_ITO["purple"],
                              hovertemplate="strain %{y:.0f}<extra></extra>"))
    figure.add_trace(go.Scatter(x=weeks.index, y=weeks["monotony"], name="monotony",
                                yaxis="y2", line={"color": OKABE_ITO["blue"]},
                                hovertemplate="monotony %{y:.2f}<extra></extra>"))
    figure.add_hline(y=2.0, yref="y2", line_dash="dot", line_color=OKABE_ITO["red"],
                     annotation_text="monotony 2.0")
    figure.update_layout(yaxis2={"title": "monotony", "overlaying": "y", "side": "right",
                                 "showgrid": False, "rangemode": "tozero"})
    return _layout(figure, "Monotony and strain (Foster)", "strain (points)")


def symptom_timeline(days: pd.DataFrame, diary: list) -> go.Figure:
    """Daily load with each diary entry on top, sized and coloured by pain."""
    figure = go.Figure(go.Bar(x=days.index, y=days["load"], name="daily load",
                              marker_color=OKABE_ITO["sky"],
                              hovertemplate="%{x|%d %b}: %{y:.0f} points<extra></extra>"))
    if diary:
        entries = [item.entry for item in diary]
        figure.add_trace(go.Scatter(
            x=[pd.Timestamp(e.date) for e in entries], y=[e.pain for e in entries],
            yaxis="y2", mode="markers", name="symptoms (pain 0-10)",
            marker={"size": [10 + 2 * e.pain for e in entries], "color": OKABE_ITO["red"],
                    "symbol": "diamond"},
            customdata=[[item.entry.location.replace("_", " "),
                         item.triage.urgency.replace("_", " ")] for item in diary],
            hovertemplate="%{x|%d %b}: %{customdata[0]} pain %{y}/10, "
                          "%{customdata[1]}<extra></extra>"))
    figure.update_layout(yaxis2={"title": "pain (0-10)", "overlaying": "y", "side": "right",
                                 "range": [0, 10.5], "dtick": 2, "showgrid": False})
    return _layout(figure, "Symptoms on top of load", "load (points)")


SURFACE_COLOURS = {"road": OKABE_ITO["grey"], "trail": OKABE_ITO["green"],
                   "track": OKABE_ITO["red"], "treadmill": OKABE_ITO["blue"],
                   "grass": OKABE_ITO["yellow"], "sand": OKABE_ITO["orange"],
                   "mixed": OKABE_ITO["purple"], "unknown": OKABE_ITO["sky"]}


def intensity_split(weeks: pd.DataFrame) -> go.Figure:
    """Share of easy, moderate and hard time per week (stacked)."""
    figure = go.Figure()
    for key, colour in (("easy", OKABE_ITO["green"]), ("moderate", OKABE_ITO["orange"]),
                        ("hard", OKABE_ITO["red"])):
        values = weeks[SHARE_COLUMNS[key]] * 100
        figure.add_trace(go.Bar(x=weeks.index, y=values, name=key, marker_color=colour,
                                hovertemplate=f"{key}: %{{y:.0f}}%<extra></extra>"))
    figure.update_layout(barmode="stack")
    return _layout(figure, "Time in easy, moderate and hard zones", "share of time (%)")


ZONE_COLOURS = [OKABE_ITO["sky"], OKABE_ITO["green"], OKABE_ITO["yellow"],
                OKABE_ITO["orange"], OKABE_ITO["red"]]


def time_in_zones(weeks: pd.DataFrame) -> go.Figure:
    """Hours in each of the five zones per week (heart rate, else pace), stacked."""
    figure = go.Figure()
    for zone in range(5):
        hours = weeks[WEEK_ZONE_COLUMNS[zone]] / 3600
        figure.add_trace(go.Bar(x=weeks.index, y=hours, name=f"zone {zone + 1}",
                                marker_color=ZONE_COLOURS[zone],
                                hovertemplate=f"zone {zone + 1}: %{{y:.1f}} h<extra></extra>"))
    figure.update_layout(barmode="stack")
    return _layout(figure, "Time in zones per week", "time (hours)")


def hill_share(weeks: pd.DataFrame) -> go.Figure:
    """Share of each week's running on grades steeper than 5%."""
    figure = go.Figure(go.Bar(x=weeks.index, y=weeks["hill_share"] * 100, name="hills",
                              marker_color=OKABE_ITO["purple"],
                              hovertemplate="%{y:.0f}% of distance on grades over 5%"
                                            "<extra></extra>"))
    return _layout(figure, "Share of running on hills (grades steeper than 5%)",
                   "share of distance (%)")


def surface_mix(weeks: pd.DataFrame, units: str = "km") -> go.Figure:
    """Distance per surface per week, stacked."""
    surfaces = sorted(s for s, column in SURFACE_COLUMNS.items() if weeks[column].any())
    figure = go.Figure()
    for surface in surfaces:
        values = in_units(weeks[SURFACE_COLUMNS[surface]] * METRES_PER_KM, units)
        figure.add_trace(go.Bar(x=weeks.index, y=values, name=surface,
                                marker_color=SURFACE_COLOURS.get(surface, OKABE_ITO["sky"]),
                                hovertemplate=f"{surface}: %{{y:.1f}} {units}<extra></extra>"))
    figure.update_layout(barmode="stack")
    return _layout(figure, "Surface mix per week", f"distance ({units})")


def activity_trace(samples: dict, units: str = "km") -> go.Figure:
    """Pace, heart rate and elevation over distance for one activity."""
    distance = in_units(samples["distance"], units)
    figure = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06)
    # A short centred mean: watch speed jitters second to second.
    speed = pd.Series(samples["speed"], dtype=float).rolling(5, center=True,
                                                           min_periods=1).mean().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = np.where(speed > 0.5, pace_minutes(speed, units), np.nan)
    for row, values, name, colour, unit in (
            (1, pace, "pace", OKABE_ITO["blue"], f"min/{units}"),
            (2, samples["heart_rate"], "heart rate", OKABE_ITO["red"], "bpm"),
            (3, samples["altitude"], "elevation", OKABE_ITO["green"], "m")):
        figure.add_trace(go.Scatter(x=distance, y=values, name=name, line={"color": colour},
                                    hovertemplate=f"%{{y:.1f}} {unit}<extra>{name}</extra>"),
                         row=row, col=1)
        figure.update_yaxes(title_text=f"{name} ({unit})", row=row, col=1)
    figure.update_yaxes(autorange="reversed", row=1, col=1)  # faster is up
    figure.update_xaxes(title_text=f"distance ({units})", row=3, col=1)
    figure.update_layout(title="Pace, heart rate and elevation", template="plotly_white",
                         height=600, showlegend=False, margin={"l": 60, "r": 20, "t": 50})
    return figure


def route(samples: dict) -> go.Figure:
    """The route as a plain line: no map tiles, nothing fetched."""
    figure = go.Figure(go.Scatter(x=samples["lon"], y=samples["lat"], mode="lines",
                                  line={"color": OKABE_ITO["blue"], "width": 2}, name="route",
                                  hovertemplate="%{y:.5f}, %{x:.5f}<extra></extra>"))
    figure.update_yaxes(scaleanchor="x", scaleratio=1.6, title_text="latitude (deg)")
    figure.update_xaxes(title_text="longitude (deg)")
    figure.update_layout(title="Route", template="plotly_white", height=420,
                         margin={"l": 60, "r": 20, "t": 50, "b": 40})
    return figure
