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
from loadwatch.vocabulary import (
    ACWR_CAUTION,
    ACWR_DANGER,
    ACWR_LOW,
    ACWR_ZONES,
    CHANGE_BANDS,
    FORM_FRESH,
    FORM_NEUTRAL,
    FORM_OPTIMAL,
    FORM_ZONES,
    WEEKDAYS,
)

OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "red": "#D55E00",
             "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "grey": "#999999"}
BAND_COLOURS = dict(zip(CHANGE_BANDS, (OKABE_ITO["grey"], OKABE_ITO["blue"],
                                        OKABE_ITO["orange"], OKABE_ITO["red"]), strict=True))
ACWR_SHADES = list(zip((0.0, ACWR_LOW, ACWR_CAUTION, ACWR_DANGER),
                       (ACWR_LOW, ACWR_CAUTION, ACWR_DANGER, 3.0), ACWR_ZONES,
                       ("rgba(86,180,233,0.12)", "rgba(0,158,115,0.12)",
                        "rgba(230,159,0,0.15)", "rgba(213,94,0,0.15)"), strict=True))
FORM_SHADES = list(zip((-1000.0, FORM_OPTIMAL, FORM_NEUTRAL, FORM_FRESH),
                       (FORM_OPTIMAL, FORM_NEUTRAL, FORM_FRESH, 1000.0), FORM_ZONES,
                       ("rgba(213,94,0,0.15)", "rgba(0,158,115,0.14)", "rgba(153,153,153,0.14)",
                        "rgba(86,180,233,0.14)"), strict=True))


# The look of plotly's "plotly_white", set directly: plotly's default template
# costs 17 ms and 6.5 kB a figure, so every figure starts from an empty one.
PLAIN_AXIS = {"gridcolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "linecolor": "#EBF0F8",
              "automargin": True}
ZONE_LABEL = {"size": 11, "color": "#333"}
WEEK_LABELS = 7  # at most this many dates under a chart: they fit a phone's width
DAY = pd.Timedelta(days=1)
LONG_WINDOW = 400  # days; longer, the daily load is an area (thousands of bars draw slowly)


def _figure(*traces: go.BaseTraceType) -> go.Figure:
    return go.Figure(list(traces), layout={"template": {}})


def _two_rows(heights: tuple[float, float] = (0.55, 0.45)) -> go.Figure:
    """Two charts over one time axis (the bottom one's dates label both)."""
    return make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=list(heights),
                         vertical_spacing=0.08, figure=_figure())


def _layout(figure: go.Figure, title: str, y_title: str, height: int = 320) -> go.Figure:
    """The shared look; the title is shown above the chart by the page (``components.chart``)."""
    figure.update_layout(title=title, height=height, paper_bgcolor="white",
                         plot_bgcolor="white", font={"color": "#2a3f5f", "size": 12},
                         margin={"l": 50, "r": 10, "t": 24, "b": 10},
                         legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom",
                                 "yref": "container", "traceorder": "normal"},
                         hoverlabel={"align": "left"}, yaxis_title=y_title,
                         hovermode="x unified")
    figure.update_xaxes(**PLAIN_AXIS)
    figure.update_yaxes(**PLAIN_AXIS)
    return figure


def _if_empty(figure: go.Figure, values: pd.DataFrame | pd.Series, why: str) -> None:
    """Say why a chart is empty rather than draw a bare grid."""
    if not (values.fillna(0) != 0).to_numpy().any():
        figure.add_annotation(text=f"Nothing to show in these weeks:<br>{why}", showarrow=False,
                              x=0.5, y=0.5, xref="paper", yref="paper", font=ZONE_LABEL)
        figure.update_yaxes(range=[0, 1], showticklabels=False)


def nice_step(top: float, ticks: int = 6) -> float:
    """A tick step that reads well (0.5, 1, 2, 5 and their tens) for about ``ticks`` ticks."""
    rough = top / ticks
    magnitude = 10 ** np.floor(np.log10(rough))
    return float(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough))


def week_ticks(starts: pd.DatetimeIndex) -> tuple[list[str], list[str]]:
    """Where a time axis's labels go, and what they say: always on a week's first day.

    At most ``WEEK_LABELS``, the newest week always among them, each ``7 Jul``
    (with the year under the first and where it changes); over two years, on
    each year's first week, labelled with the year.
    """
    if len(starts) > 104:
        starts = starts[(starts.month == 1) & (starts.day <= 7)]
        chosen = starts[::-1][::-(-len(starts) // WEEK_LABELS)][::-1]
        return [f"{d:%Y-%m-%d}" for d in chosen], [str(d.year) for d in chosen]
    chosen = starts[::-1][::-(-len(starts) // WEEK_LABELS)][::-1]
    years = [None, *[d.year for d in chosen[:-1]]]
    return ([f"{d:%Y-%m-%d}" for d in chosen],
            [f"{d.day} {d:%b}" + (f"<br>{d.year}" if d.year != year else "")
             for d, year in zip(chosen, years, strict=True)])


def _time_axis(figure: go.Figure, first: pd.Timestamp, last: pd.Timestamp,
               starts: pd.DatetimeIndex, hover: str) -> None:
    values, text = week_ticks(starts)
    minor = ({"tickvals": [f"{d:%Y-%m-%d}" for d in starts], "ticks": "outside", "ticklen": 3}
             if len(starts) <= 104 else {})
    figure.update_xaxes(range=[f"{first:%Y-%m-%d %H:%M}", f"{last:%Y-%m-%d %H:%M}"],
                        tickmode="array", tickvals=values, ticktext=text, ticks="outside",
                        hoverformat=hover, minor=minor)


def weekly_axis(figure: go.Figure, weeks: pd.DatetimeIndex) -> go.Figure:
    """Weekly bars over their weeks, labelled with the week's first day (not a month axis)."""
    if len(weeks):
        _time_axis(figure, weeks[0] - 3.5 * DAY, weeks[-1] + 3.5 * DAY, weeks,
                   "week of %-d %b %Y")
    return figure


def daily_axis(figure: go.Figure, days: pd.DatetimeIndex, week_start: str = "monday"
               ) -> go.Figure:
    """Days over the window, labelled on each week's first day (``week_start``)."""
    if len(days):
        starts = days[days.dayofweek == WEEKDAYS.index(week_start)]
        _time_axis(figure, days[0] - DAY / 2, days[-1] + DAY / 2,
                   starts if len(starts) else days[:1], "%a %-d %b %Y")
    return figure


def _zones(figure: go.Figure, bands: list[tuple[float, float, str, str]], top: float,
           bottom: float, row: int) -> None:
    """Shaded bands, each labelled inside its left end (the part in view)."""
    for low, high, label, colour in bands:
        low, high = max(low, bottom), min(high, top)
        if high <= low:
            continue
        figure.add_hrect(y0=low, y1=high, fillcolor=colour, line_width=0, layer="below",
                         row=row, col=1)
        figure.add_annotation(text=label, x=0.005, xref="x domain", xanchor="left",
                              y=(low + high) / 2, yref=f"y{row}", showarrow=False,
                              font=ZONE_LABEL, row=row, col=1)


def weekly_distance(weeks: pd.DataFrame, units: str = "km") -> go.Figure:
    """Weekly running distance, coloured by change band, with the 10% line."""
    distance = in_units(weeks["distance_km"] * METRES_PER_KM, units)
    bands = weeks["band"].fillna("first week").astype(str)
    figure = _figure(go.Bar(
        x=weeks.index, y=distance, name="distance", showlegend=False,
        marker_color=[BAND_COLOURS.get(b, OKABE_ITO["sky"]) for b in bands],
        customdata=list(zip(bands, weeks["change_pct"], strict=True)),
        hovertemplate=f"%{{y:.1f}} {units}, change %{{customdata[1]:+.0f}}%"
                      " (%{customdata[0]})<extra></extra>"))
    for band, colour in BAND_COLOURS.items():  # a legend entry per band
        figure.add_trace(go.Bar(x=[None], y=[None], name=f"change {band}", marker_color=colour,
                                hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=weeks.index, y=distance.shift(1) * 1.1, mode="markers", name="10% above last week",
        marker={"symbol": "line-ew-open", "size": 18, "color": OKABE_ITO["red"]},
        hovertemplate=f"10% line: %{{y:.1f}} {units}<extra></extra>"))
    _layout(figure, "Weekly running distance against the 10% rule", f"distance ({units})")
    return weekly_axis(figure, weeks.index)


def _daily_load_trace(days: pd.DataFrame) -> go.BaseTraceType:
    """A bar a day; over a long window an area (thousands of bars draw slowly)."""
    hover = "daily load: %{y:.0f} points<extra></extra>"
    if len(days) > LONG_WINDOW:
        return go.Scatter(x=days.index, y=days["load"], name="daily load", mode="lines",
                          fill="tozeroy", line={"color": OKABE_ITO["sky"], "width": 0.5},
                          hovertemplate=hover)
    return go.Bar(x=days.index, y=days["load"], name="daily load",
                  marker_color=OKABE_ITO["sky"], hovertemplate=hover)


def daily_load(days: pd.DataFrame, method: str = "ewma", week_start: str = "monday"
               ) -> go.Figure:
    """Daily load with acute and chronic lines; under it the acute:chronic ratio in its zones."""
    figure = _two_rows()
    figure.add_trace(_daily_load_trace(days), row=1, col=1)
    for column, name, colour in (("acute_load", "acute (7-day EWMA)", OKABE_ITO["orange"]),
                                 ("chronic_load", "chronic (28-day EWMA)", OKABE_ITO["blue"])):
        if column in days:
            figure.add_trace(go.Scatter(x=days.index, y=days[column], name=name,
                                        line={"color": colour, "width": 1.5},
                                        hovertemplate=f"{name}: %{{y:.0f}}<extra></extra>"),
                             row=1, col=1)
    ratio = days[f"acwr_{method}"]
    figure.add_trace(go.Scatter(x=days.index, y=ratio, name=f"ACWR ({method})",
                                line={"color": OKABE_ITO["red"], "width": 2},
                                hovertemplate="ACWR %{y:.2f}<extra></extra>"), row=2, col=1)
    top = 2.0 if not (ratio > 1.9).any() else 2.5
    _zones(figure, ACWR_SHADES, top, 0.0, row=2)
    _layout(figure, "Daily load and acute:chronic ratio (a contested measure)",
            "load (points)", height=460)
    figure.update_yaxes(title_text="acute:chronic", range=[0, top], dtick=0.5, row=2, col=1)
    return daily_axis(figure, days.index, week_start)


def fitness_fatigue(days: pd.DataFrame, week_start: str = "monday") -> go.Figure:
    """Fitness (CTL) and fatigue (ATL); under them form (TSB) in its labelled zones."""
    figure = _two_rows()
    for column, name, colour in (("ctl", "fitness (CTL)", OKABE_ITO["blue"]),
                                 ("atl", "fatigue (ATL)", OKABE_ITO["orange"])):
        figure.add_trace(go.Scatter(x=days.index, y=days[column], name=name,
                                    line={"color": colour},
                                    hovertemplate=f"{name}: %{{y:.1f}}<extra></extra>"),
                         row=1, col=1)
    form = days["tsb"]
    figure.add_trace(go.Scatter(x=days.index, y=form, name="form (TSB)",
                                line={"color": OKABE_ITO["green"], "width": 2},
                                hovertemplate="form (TSB): %{y:.1f}<extra></extra>"),
                     row=2, col=1)
    low = min(FORM_OPTIMAL - 10, 10 * np.floor((form.min() - 2) / 10)) if len(form) else -40
    high = max(FORM_FRESH + 15, 10 * np.ceil((form.max() + 2) / 10)) if len(form) else 20
    _zones(figure, FORM_SHADES, float(high), float(low), row=2)
    _layout(figure, "Fitness, fatigue and form", "load points a day", height=460)
    figure.update_yaxes(title_text="form (TSB)", range=[low, high], row=2, col=1)
    return daily_axis(figure, days.index, week_start)


def monotony_strain(weeks: pd.DataFrame) -> go.Figure:
    """Weekly monotony (line) against the 2.0 warning, and strain (bars)."""
    figure = _figure(go.Bar(x=weeks.index, y=weeks["strain"], name="strain",
                            marker_color=OKABE_ITO["purple"],
                            hovertemplate="strain %{y:.0f}<extra></extra>"))
    figure.add_trace(go.Scatter(x=weeks.index, y=weeks["monotony"], name="monotony",
                                yaxis="y2", line={"color": OKABE_ITO["blue"]},
                                hovertemplate="monotony %{y:.2f}<extra></extra>"))
    figure.add_hline(y=2.0, yref="y2", line_dash="dot", line_color=OKABE_ITO["red"],
                     annotation_text="monotony 2.0", annotation_font=ZONE_LABEL)
    highest = weeks["monotony"].max() if weeks["monotony"].notna().any() else 0.0
    step = nice_step(max(2.5, highest * 1.1))
    top = max(2.5, float(np.ceil(highest * 1.1 / step) * step))
    _layout(figure, "Monotony and strain (Foster)", "strain (points)")
    figure.update_layout(margin_r=50, yaxis2={"title": "monotony", "overlaying": "y",
                                              "side": "right", "showgrid": False,
                                              "range": [0, top], "dtick": step,
                                              "automargin": True})
    return weekly_axis(figure, weeks.index)


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
    _layout(figure, "Symptoms on top of load", "load (points)", height=340)
    figure.update_layout(margin={"t": 50, "r": 50})  # its title inside: the diary shows it so
    return figure


SURFACE_COLOURS = {"road": OKABE_ITO["grey"], "trail": OKABE_ITO["green"],
                   "track": OKABE_ITO["red"], "treadmill": OKABE_ITO["blue"],
                   "grass": OKABE_ITO["yellow"], "sand": OKABE_ITO["orange"],
                   "mixed": OKABE_ITO["purple"], "unknown": OKABE_ITO["sky"]}


def intensity_split(weeks: pd.DataFrame) -> go.Figure:
    """Share of easy, moderate and hard time per week (stacked)."""
    figure = _figure()
    for key, colour in (("easy", OKABE_ITO["green"]), ("moderate", OKABE_ITO["orange"]),
                        ("hard", OKABE_ITO["red"])):
        values = weeks[SHARE_COLUMNS[key]] * 100
        figure.add_trace(go.Bar(x=weeks.index, y=values, name=key, marker_color=colour,
                                hovertemplate=f"{key}: %{{y:.0f}}%<extra></extra>"))
    figure.update_layout(barmode="stack")
    _layout(figure, "Time in easy, moderate and hard zones", "share of time")
    figure.update_yaxes(range=[0, 100], dtick=25, ticksuffix="%")
    _if_empty(figure, weeks[list(SHARE_COLUMNS.values())], NO_ZONES)
    return weekly_axis(figure, weeks.index)


NO_ZONES = "zones need heart rate and heart-rate settings,<br>or pace and a threshold pace"
ZONE_COLOURS = [OKABE_ITO["sky"], OKABE_ITO["green"], OKABE_ITO["yellow"],
                OKABE_ITO["orange"], OKABE_ITO["red"]]


def time_in_zones(weeks: pd.DataFrame) -> go.Figure:
    """Hours in each of the five zones per week (heart rate, else pace), stacked."""
    figure = _figure()
    for zone in range(5):
        hours = weeks[WEEK_ZONE_COLUMNS[zone]] / 3600
        figure.add_trace(go.Bar(x=weeks.index, y=hours, name=f"zone {zone + 1}",
                                marker_color=ZONE_COLOURS[zone],
                                hovertemplate=f"zone {zone + 1}: %{{y:.1f}} h<extra></extra>"))
    figure.update_layout(barmode="stack")
    _layout(figure, "Time in zones per week", "time (hours)")
    _if_empty(figure, weeks[list(WEEK_ZONE_COLUMNS)], NO_ZONES)
    return weekly_axis(figure, weeks.index)


def hill_share(weeks: pd.DataFrame) -> go.Figure:
    """Share of each week's running on grades steeper than 5%."""
    figure = _figure(go.Bar(x=weeks.index, y=weeks["hill_share"] * 100, name="hills",
                            marker_color=OKABE_ITO["purple"],
                            hovertemplate="%{y:.0f}% of distance on grades over 5%"
                                          "<extra></extra>"))
    _layout(figure, "Share of running on hills (grades steeper than 5%)", "share of distance")
    figure.update_yaxes(rangemode="tozero", ticksuffix="%")
    _if_empty(figure, weeks["hill_share"], "no run with altitude on its route,<br>or all flat")
    return weekly_axis(figure, weeks.index)


def surface_mix(weeks: pd.DataFrame, units: str = "km") -> go.Figure:
    """Distance per surface per week, stacked."""
    surfaces = sorted(s for s, column in SURFACE_COLUMNS.items() if weeks[column].any())
    figure = _figure()
    for surface in surfaces:
        values = in_units(weeks[SURFACE_COLUMNS[surface]] * METRES_PER_KM, units)
        figure.add_trace(go.Bar(x=weeks.index, y=values, name=surface,
                                marker_color=SURFACE_COLOURS.get(surface, OKABE_ITO["sky"]),
                                hovertemplate=f"{surface}: %{{y:.1f}} {units}<extra></extra>"))
    figure.update_layout(barmode="stack")
    _layout(figure, "Surface mix per week", f"distance ({units})")
    return weekly_axis(figure, weeks.index)


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
