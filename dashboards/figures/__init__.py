"""DataFrame -> plotly figure. No Dash here: pages only place what these build.

The chart pages' figures are built as plotly's JSON (a dict) directly: plotly's
figure objects validate every property as it is set, 100-200 ms a figure, and a
figure is drawn again for each time window. A test passes each through
``plotly.graph_objects.Figure``, which refuses what plotly would not draw.

Colours are the Okabe-Ito palette, distinguishable with the common forms of
colour blindness; every chart has a title, axis units and hover text. Time
axes are labelled on weeks' first days, at most seven dates, so they fit a
phone; zones are shaded and named.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS
from loadwatch.units import METRES_PER_KM, in_units
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
SURFACE_COLOURS = {"road": OKABE_ITO["grey"], "trail": OKABE_ITO["green"],
                   "track": OKABE_ITO["red"], "treadmill": OKABE_ITO["blue"],
                   "grass": OKABE_ITO["yellow"], "sand": OKABE_ITO["orange"],
                   "mixed": OKABE_ITO["purple"], "unknown": OKABE_ITO["sky"]}
ZONE_COLOURS = [OKABE_ITO["sky"], OKABE_ITO["green"], OKABE_ITO["yellow"],
                OKABE_ITO["orange"], OKABE_ITO["red"]]

# The look of plotly's "plotly_white", set directly (its template costs 6.5 kB a figure).
PLAIN_AXIS = {"gridcolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "linecolor": "#EBF0F8",
              "automargin": True}
ZONE_LABEL = {"size": 11, "color": "#333"}
WEEK_LABELS = 7  # at most this many dates under a chart: they fit a phone's width
DAY = pd.Timedelta(days=1)
LONG_WINDOW = 400  # days; longer, the daily load is an area (thousands of bars draw slowly)
RECENT_WEEKS = 16  # the symptom timeline's span
NO_ZONES = "zones need heart rate and heart-rate settings,<br>or pace and a threshold pace"


def _dates(index: pd.DatetimeIndex) -> list[str]:
    return np.datetime_as_string(index.to_numpy(), unit="D").tolist()


def _numbers(values: pd.Series | np.ndarray, digits: int = 3) -> list[float | None]:
    """A column as JSON numbers: rounded, a missing value as null (a gap)."""
    array = np.round(np.asarray(values, dtype=float), digits)
    return [None if v != v else v for v in array.tolist()]


def _layout(title: str, y_title: str, height: int = 320, **more) -> dict:
    """The shared look; the page shows the title above the chart (``components.chart``)."""
    return {"title": {"text": title}, "height": height, "paper_bgcolor": "white",
            "plot_bgcolor": "white", "font": {"color": "#2a3f5f", "size": 12},
            "margin": {"l": 50, "r": 10, "t": 24, "b": 10},
            "legend": {"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom",
                       "yref": "container", "traceorder": "normal"},
            "hoverlabel": {"align": "left"}, "hovermode": "x unified",
            "xaxis": dict(PLAIN_AXIS), "yaxis": {**PLAIN_AXIS, "title": {"text": y_title}},
            **more}


def _two_rows(layout: dict, y_title: str) -> dict:
    """Two charts over one time axis: the lower one's dates label both (``xaxis2``)."""
    layout["xaxis"].update(matches="x2", showticklabels=False)
    layout["yaxis"]["domain"] = [0.47, 1.0]
    layout["xaxis2"] = {**PLAIN_AXIS, "anchor": "y2"}
    layout["yaxis2"] = {**PLAIN_AXIS, "domain": [0.0, 0.41], "anchor": "x2",
                        "title": {"text": y_title}}
    return layout


def _if_empty(layout: dict, values: pd.DataFrame | pd.Series, why: str) -> None:
    """Say why a chart is empty rather than draw a bare grid."""
    if not (values.fillna(0) != 0).to_numpy().any():
        layout.setdefault("annotations", []).append(
            {"text": f"Nothing to show in these weeks:<br>{why}", "showarrow": False,
             "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "font": ZONE_LABEL})
        layout["yaxis"].update(range=[0, 1], showticklabels=False)


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
        chosen = starts[::-1][::max(1, -(-len(starts) // WEEK_LABELS))][::-1]
        return _dates(chosen), [str(d.year) for d in chosen]
    chosen = starts[::-1][::max(1, -(-len(starts) // WEEK_LABELS))][::-1]
    years = [None, *[d.year for d in chosen[:-1]]]
    return (_dates(chosen), [f"{d.day} {d:%b}" + (f"<br>{d.year}" if d.year != year else "")
                             for d, year in zip(chosen, years, strict=True)])


def _time_axis(axis: dict, first: pd.Timestamp, last: pd.Timestamp,
               starts: pd.DatetimeIndex, hover: str) -> None:
    values, text = week_ticks(starts)
    axis.update(range=[f"{first:%Y-%m-%d %H:%M}", f"{last:%Y-%m-%d %H:%M}"], type="date",
                tickmode="array", tickvals=values, ticktext=text, ticks="outside",
                hoverformat=hover)
    if len(starts) <= 104:  # a small tick on every week
        axis["minor"] = {"tickvals": _dates(starts), "ticks": "outside", "ticklen": 3}


def weekly_axis(axis: dict, weeks: pd.DatetimeIndex) -> None:
    """Weekly bars over their weeks, labelled with the week's first day (not a month axis)."""
    if len(weeks):
        _time_axis(axis, weeks[0] - 3.5 * DAY, weeks[-1] + 3.5 * DAY, weeks,
                   "week of %-d %b %Y")


def daily_axis(axis: dict, days: pd.DatetimeIndex, week_start: str = "monday") -> None:
    """Days over the window, labelled on each week's first day (``week_start``)."""
    if len(days):
        starts = days[days.day_of_week == WEEKDAYS.index(week_start)]
        _time_axis(axis, days[0] - DAY / 2, days[-1] + DAY / 2,
                   starts if len(starts) else days[:1], "%a %-d %b %Y")


def _zones(layout: dict, bands: list, bottom: float, top: float, axis: str = "2") -> None:
    """Shaded bands on ``y{axis}``, each named inside its left end (the part in view)."""
    shapes, notes = layout.setdefault("shapes", []), layout.setdefault("annotations", [])
    for low, high, label, colour in bands:
        low, high = max(low, bottom), min(high, top)
        if high > low:
            shapes.append({"type": "rect", "xref": f"x{axis} domain", "x0": 0, "x1": 1,
                           "yref": f"y{axis}", "y0": low, "y1": high, "fillcolor": colour,
                           "line": {"width": 0}, "layer": "below"})
            notes.append({"text": label, "xref": f"x{axis} domain", "x": 0.005,
                          "xanchor": "left", "yref": f"y{axis}", "y": (low + high) / 2,
                          "showarrow": False, "font": ZONE_LABEL})


def _bar(index: pd.DatetimeIndex, values, name: str, colour, hover: str, **more) -> dict:
    return {"type": "bar", "x": _dates(index), "y": _numbers(values), "name": name,
            "marker": {"color": colour}, "hovertemplate": hover, **more}


def _line(index: pd.DatetimeIndex, values, name: str, colour: str, hover: str,
          **more) -> dict:
    line = {"color": colour, "width": more.pop("width", 2)}
    return {"type": "scatter", "mode": "lines", "x": _dates(index), "y": _numbers(values),
            "name": name, "line": line, "hovertemplate": hover, **more}


def weekly_distance(weeks: pd.DataFrame, units: str = "km") -> dict:
    """Weekly running distance, coloured by change band, with the 10% line."""
    distance = in_units(weeks["distance_km"] * METRES_PER_KM, units)
    bands = weeks["band"].fillna("first week").astype(str)
    change = _numbers(weeks["change_pct"], 1)
    traces = [_bar(weeks.index, distance, "distance", [BAND_COLOURS.get(b, OKABE_ITO["sky"])
                                                       for b in bands],
                   f"%{{y:.1f}} {units}, change %{{customdata[1]:+.0f}}% (%{{customdata[0]}})"
                   "<extra></extra>", showlegend=False,
                   customdata=[[b, c] for b, c in zip(bands, change, strict=True)])]
    legend = {**BAND_COLOURS, **({"first week": OKABE_ITO["sky"]}
                                 if "first week" in set(bands) else {})}
    traces += [{"type": "bar", "x": [None], "y": [None], "name": band,
                "marker": {"color": colour}, "hoverinfo": "skip"}  # a legend entry per band
               for band, colour in legend.items()]
    traces.append({"type": "scatter", "mode": "markers", "x": _dates(weeks.index),
                   "y": _numbers(distance.shift(1) * 1.1), "name": "last week +10%",
                   "marker": {"symbol": "line-ew-open", "size": 18, "color": OKABE_ITO["red"]},
                   "hovertemplate": f"10% line: %{{y:.1f}} {units}<extra></extra>"})
    layout = _layout("Weekly running distance against the 10% rule", f"distance ({units})")
    layout["legend"]["title"] = {"text": "change"}
    layout["yaxis"]["rangemode"] = "nonnegative"  # weeks of 0 km: not an axis from -1
    weekly_axis(layout["xaxis"], weeks.index)
    return {"data": traces, "layout": layout}


def _daily_load_trace(days: pd.DataFrame) -> dict:
    """A bar a day; over a long window an area (thousands of bars draw slowly)."""
    hover = "daily load: %{y:.0f} points<extra></extra>"
    if len(days) > LONG_WINDOW:
        return _line(days.index, days["load"], "daily load", OKABE_ITO["sky"], hover,
                     width=0.5, fill="tozeroy")
    return _bar(days.index, days["load"], "daily load", OKABE_ITO["sky"], hover)


def daily_load(days: pd.DataFrame, method: str = "ewma", week_start: str = "monday") -> dict:
    """Daily load with acute and chronic lines; under it the acute:chronic ratio in its zones."""
    traces = [_daily_load_trace(days)]
    for column, name, long, colour in (
            ("acute_load", "acute (7 d)", "acute (7-day EWMA)", OKABE_ITO["orange"]),
            ("chronic_load", "chronic (28 d)", "chronic (28-day EWMA)", OKABE_ITO["blue"])):
        if column in days:
            traces.append(_line(days.index, days[column], name, colour,
                                f"{long}: %{{y:.0f}}<extra></extra>", width=1.5))
    ratio = days[f"acwr_{method}"]
    traces.append(_line(days.index, ratio, f"ACWR ({method})", OKABE_ITO["red"],
                        "ACWR %{y:.2f}<extra></extra>", xaxis="x2", yaxis="y2"))
    top = 2.5 if (ratio > 1.9).any() else 2.0
    layout = _two_rows(_layout("Daily load and acute:chronic ratio (a contested measure)",
                               "load (points)", height=460), "acute:chronic")
    layout["yaxis2"].update(range=[0, top], dtick=0.5)
    _zones(layout, ACWR_SHADES, 0.0, top)
    daily_axis(layout["xaxis"], days.index, week_start)
    daily_axis(layout["xaxis2"], days.index, week_start)
    return {"data": traces, "layout": layout}


def fitness_fatigue(days: pd.DataFrame, week_start: str = "monday") -> dict:
    """Fitness (CTL) and fatigue (ATL); under them form (TSB) in its labelled zones."""
    traces = [_line(days.index, days[column], name, colour,
                    f"{name}: %{{y:.1f}}<extra></extra>")
              for column, name, colour in (("ctl", "fitness (CTL)", OKABE_ITO["blue"]),
                                           ("atl", "fatigue (ATL)", OKABE_ITO["orange"]))]
    form = days["tsb"]
    traces.append(_line(days.index, form, "form (TSB)", OKABE_ITO["green"],
                        "form (TSB): %{y:.1f}<extra></extra>", xaxis="x2", yaxis="y2"))
    seen = form.dropna()
    low = min(FORM_OPTIMAL - 10, 10 * np.floor((seen.min() - 2) / 10)) if len(seen) else -40
    high = max(FORM_FRESH + 15, 10 * np.ceil((seen.max() + 2) / 10)) if len(seen) else 20
    layout = _two_rows(_layout("Fitness, fatigue and form", "load points a day", height=460),
                       "form (TSB)")
    layout["yaxis2"].update(range=[float(low), float(high)], dtick=nice_step(high - low, 4))
    _zones(layout, FORM_SHADES, float(low), float(high))
    daily_axis(layout["xaxis"], days.index, week_start)
    daily_axis(layout["xaxis2"], days.index, week_start)
    return {"data": traces, "layout": layout}


def monotony_strain(weeks: pd.DataFrame) -> dict:
    """Weekly monotony (line) against the 2.0 warning, and strain (bars)."""
    traces = [_bar(weeks.index, weeks["strain"], "strain", OKABE_ITO["purple"],
                   "strain %{y:.0f}<extra></extra>"),
              _line(weeks.index, weeks["monotony"], "monotony", OKABE_ITO["blue"],
                    "monotony %{y:.2f}<extra></extra>", yaxis="y2", mode="lines+markers")]
    seen = weeks["monotony"].dropna()
    highest = float(seen.max()) * 1.1 if len(seen) else 0.0
    step = nice_step(max(2.5, highest))
    top = max(2.5, float(np.ceil(highest / step) * step))
    layout = _layout("Monotony and strain (Foster)", "strain (points)")
    layout["margin"]["r"] = 50
    layout["yaxis2"] = {"title": {"text": "monotony"}, "overlaying": "y", "side": "right",
                        "showgrid": False, "range": [0, top], "dtick": step, "automargin": True}
    layout["shapes"] = [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y2",
                         "y0": 2.0, "y1": 2.0,
                         "line": {"dash": "dot", "color": OKABE_ITO["red"], "width": 2}}]
    layout["annotations"] = [{"text": "monotony 2.0", "xref": "x domain", "x": 1,
                              "xanchor": "right", "yref": "y2", "y": 2.0, "yanchor": "bottom",
                              "showarrow": False, "font": ZONE_LABEL}]
    weekly_axis(layout["xaxis"], weeks.index)
    return {"data": traces, "layout": layout}


def _stacked(weeks: pd.DataFrame, parts: list[tuple[str, str, pd.Series]], unit: str,
             title: str, y_title: str) -> dict:
    hover = "%{y:.0f}%" if unit == "%" else f"%{{y:.1f}} {unit}"
    traces = [_bar(weeks.index, values, name, colour, f"{name}: {hover}<extra></extra>")
              for name, colour, values in parts]
    layout = _layout(title, y_title, barmode="stack")
    weekly_axis(layout["xaxis"], weeks.index)
    return {"data": traces, "layout": layout}


def intensity_split(weeks: pd.DataFrame) -> dict:
    """Share of easy, moderate and hard time per week (stacked)."""
    figure = _stacked(weeks, [(key, colour, weeks[SHARE_COLUMNS[key]] * 100)
                              for key, colour in (("easy", OKABE_ITO["green"]),
                                                  ("moderate", OKABE_ITO["orange"]),
                                                  ("hard", OKABE_ITO["red"]))],
                      "%", "Time in easy, moderate and hard zones", "share of time")
    figure["layout"]["yaxis"].update(range=[0, 100], dtick=25, ticksuffix="%")
    _if_empty(figure["layout"], weeks[list(SHARE_COLUMNS.values())], NO_ZONES)
    return figure


def hill_share(weeks: pd.DataFrame) -> dict:
    """Share of each week's running on grades steeper than 5%."""
    layout = _layout("Share of running on hills (grades steeper than 5%)", "share of distance")
    layout["yaxis"].update(rangemode="tozero", ticksuffix="%")
    _if_empty(layout, weeks["hill_share"], "no run with altitude on its route,<br>or all flat")
    weekly_axis(layout["xaxis"], weeks.index)
    return {"data": [_bar(weeks.index, weeks["hill_share"] * 100, "hills", OKABE_ITO["purple"],
                          "%{y:.0f}% of distance on grades over 5%<extra></extra>")],
            "layout": layout}


def surface_mix(weeks: pd.DataFrame, units: str = "km") -> dict:
    """Distance per surface per week, stacked."""
    surfaces = sorted(s for s, column in SURFACE_COLUMNS.items() if weeks[column].any())
    return _stacked(weeks, [(s, SURFACE_COLOURS.get(s, OKABE_ITO["sky"]),
                             in_units(weeks[SURFACE_COLUMNS[s]] * METRES_PER_KM, units))
                            for s in surfaces],
                    units, "Surface mix per week", f"distance ({units})")


def symptom_timeline(days: pd.DataFrame, diary: list, week_start: str = "monday") -> dict:
    """The last 16 weeks of daily load with each diary entry on top, sized by pain.

    The weeks end with the latest run or entry; older entries are in the diary's list.
    """
    dated = [pd.Timestamp(item.entry.date) for item in diary]
    active = days.index[(days["load"] > 0) | (days["distance_km"] > 0)]
    end = max([*dated, *active[-1:]]) if len(dated) or len(active) else pd.Timestamp.now()
    start = end - pd.Timedelta(weeks=RECENT_WEEKS) + DAY
    recent = days.loc[start:end]
    shown = [(item, day) for item, day in zip(diary, dated, strict=True) if day >= start]
    traces = [_bar(recent.index, recent["load"], "daily load", OKABE_ITO["sky"],
                   "daily load: %{y:.0f} points<extra></extra>")]
    if shown:
        traces.append({
            "type": "scatter", "mode": "markers", "yaxis": "y2", "name": "symptoms (pain 0-10)",
            "x": [f"{day:%Y-%m-%d}" for _, day in shown],
            "y": [item.entry.pain for item, _ in shown],
            "marker": {"size": [10 + 2 * item.entry.pain for item, _ in shown],
                       "color": OKABE_ITO["red"], "symbol": "diamond"},
            "customdata": [[item.entry.location.replace("_", " "),
                            item.triage.urgency.replace("_", " ")] for item, _ in shown],
            "hovertemplate": "%{customdata[0]} pain %{y}/10, %{customdata[1]}<extra></extra>"})
    layout = _layout(f"Symptoms on top of load (the last {RECENT_WEEKS} weeks)",
                     "load (points)", height=340)
    layout["margin"].update(t=50, r=50)  # the diary page shows the title in the chart
    layout["yaxis2"] = {"title": {"text": "pain (0-10)"}, "overlaying": "y", "side": "right",
                        "range": [0, 10.5], "dtick": 2, "showgrid": False}
    daily_axis(layout["xaxis"], pd.date_range(start, end), week_start)
    return {"data": traces, "layout": layout}
