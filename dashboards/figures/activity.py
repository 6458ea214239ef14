"""One activity's figures: pace, heart rate and elevation over distance; time in zones; route.

Built as plotly's JSON (a dict), as the chart pages' figures are. Paces read
as a watch shows them (``4:30`` a km or a mile), on an axis with faster at
the top.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboards.figures import OKABE_ITO, PLAIN_AXIS, ZONE_COLOURS, ZONE_LABEL, _layout, _numbers
from loadwatch.units import METRES_PER, format_clock, in_units

PACE_STEPS = (5, 10, 15, 20, 30, 60, 120, 300, 600)  # s: a pace axis's tick spacing
PACE_TICKS = 6  # at most, so they fit a phone
SLOWEST_SPEED = 0.5  # m/s: slower is standing, not a pace worth plotting
SMOOTHING = 5  # samples: watch speed jitters second to second


def pace_axis(paces_s: np.ndarray) -> dict:
    """A pace axis (s per km or mile) labelled ``m:ss``, faster at the top.

    Parameters
    ----------
    paces_s : numpy.ndarray
        Paces, s per unit (NaN where unknown).

    Returns
    -------
    dict
        Plotly axis properties: ``range`` from the slowest to the fastest
        pace that matter (2nd to 98th percentile, so one standing second does
        not squash the run), ``tickvals`` in seconds and ``ticktext`` in m:ss.
    """
    known = paces_s[np.isfinite(paces_s)]
    if not known.size:
        return {"showticklabels": False}
    fast, slow = np.percentile(known, [2, 98])
    fast, slow = fast - 10, slow + 10
    step = next((s for s in PACE_STEPS if (slow - fast) / s <= PACE_TICKS), PACE_STEPS[-1])
    ticks = np.arange(np.ceil(fast / step) * step, slow + 1e-9, step)
    return {"range": [float(slow), float(fast)], "tickvals": ticks.tolist(),
            "ticktext": [format_clock(t) for t in ticks]}


def activity_trace(samples: dict, units: str = "km") -> dict:
    """Pace, heart rate and elevation over distance for one activity.

    Parameters
    ----------
    samples : dict of str to numpy.ndarray
        ``distance`` (m), ``speed`` (m/s), ``heart_rate`` (bpm), ``altitude`` (m).
    units : {"km", "mi"}
        Distance and pace unit.

    Returns
    -------
    dict
        A figure of three rows over one distance axis; pace in m:ss per unit.
    """
    distance = _numbers(in_units(np.asarray(samples["distance"], dtype=float), units), 3)
    speed = pd.Series(samples["speed"], dtype=float).rolling(
        SMOOTHING, center=True, min_periods=1).mean().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = np.where(speed > SLOWEST_SPEED, METRES_PER[units] / speed, np.nan)
    rows = ((pace, "pace", OKABE_ITO["blue"], f"/{units}"),
            (samples["heart_rate"], "heart rate", OKABE_ITO["red"], "bpm"),
            (samples["altitude"], "elevation", OKABE_ITO["green"], "m"))
    traces = [{"type": "scattergl" if len(distance) > 5000 else "scatter", "x": distance,
               "y": _numbers(values, 1), "name": name, "line": {"color": colour, "width": 1.5},
               "yaxis": f"y{row + 1}" if row else "y", "xaxis": "x",
               **({"customdata": [format_clock(p) for p in values],
                   "hovertemplate": f"%{{customdata}} {unit}<extra>pace</extra>"} if row == 0
                  else {"hovertemplate": f"%{{y:.0f}} {unit}<extra>{name}</extra>"})}
              for row, (values, name, colour, unit) in enumerate(rows)]
    layout = _layout("Pace, heart rate and elevation", "", height=520, showlegend=False,
                     hovermode="x unified")
    layout["xaxis"].update(anchor="y3", title={"text": f"distance ({units})"})
    layout["yaxis"] = {**PLAIN_AXIS, "domain": [0.7, 1.0], "title": {"text": f"pace (/{units})"},
                       **pace_axis(pace)}
    layout["yaxis2"] = {**PLAIN_AXIS, "domain": [0.37, 0.65], "title": {"text": "HR (bpm)"}}
    layout["yaxis3"] = {**PLAIN_AXIS, "domain": [0.0, 0.32], "title": {"text": "elev. (m)"}}
    return {"data": traces, "layout": layout}


def zone_labels(zones: pd.DataFrame, kind: str, units: str = "km") -> list[str]:
    """Each zone as the runner reads it: ``Z3 152-160 bpm`` or ``Z2 5:41-6:25/km``.

    Parameters
    ----------
    zones : pandas.DataFrame
        ``metrics.splits.zone_times``: ``low`` and ``high`` in bpm, or in m/s
        for pace zones.
    kind : {"heart rate", "pace"}
        What the bounds are.
    units : {"km", "mi"}
        The pace unit.
    """
    labels = []
    for zone, low, high in zip(zones.index, zones["low"], zones["high"], strict=True):
        if kind == "pace":  # faster is a higher zone: a speed's bound is a pace's other end
            slow, fast = (format_clock(METRES_PER[units] / v) if v == v else None
                          for v in (low, high))
            text = (f"slower than {fast}" if slow is None else f"faster than {slow}"
                    if fast is None else f"{fast}-{slow}") + f"/{units}"
        else:
            text = (f"below {high:.0f}" if low != low else f"{low:.0f}+" if high != high
                    else f"{low:.0f}-{high:.0f}") + " bpm"
        labels.append(f"Z{zone} {text}")
    return labels


def time_in_zones(zones: pd.DataFrame, labels: list[str], title: str) -> dict:
    """Minutes in each zone as horizontal bars, zone 1 at the top, each with its time and share."""
    minutes = (zones["seconds"] / 60).round(2).tolist()
    text = [f"{format_clock(s)} ({share:.0%})" if share == share else ""
            for s, share in zip(zones["seconds"], zones["share"], strict=True)]
    layout = _layout(title, "", height=260, showlegend=False, hovermode="closest",
                     bargap=0.25)
    layout["xaxis"].update(title={"text": "minutes"}, rangemode="tozero")
    layout["yaxis"].update(autorange="reversed", automargin=True)
    layout["margin"] = {"l": 10, "r": 10, "t": 10, "b": 10}
    return {"data": [{"type": "bar", "orientation": "h", "x": minutes, "y": labels,
                      "marker": {"color": ZONE_COLOURS}, "text": text,
                      "textposition": "auto", "cliponaxis": False,
                      "hovertemplate": "%{y}: %{text}<extra></extra>"}],
            "layout": layout}


def route(samples: dict) -> dict:
    """The route as a plain line: no map tiles, nothing fetched."""
    layout = _layout("Route", "latitude (deg)", height=380, showlegend=False,
                     hovermode="closest")
    layout["xaxis"].update(title={"text": "longitude (deg)"})
    layout["yaxis"].update(scaleanchor="x", scaleratio=1.6)
    layout["title"]["font"] = ZONE_LABEL
    return {"data": [{"type": "scatter", "x": _numbers(samples["lon"], 6),
                      "y": _numbers(samples["lat"], 6), "mode": "lines", "name": "route",
                      "line": {"color": OKABE_ITO["blue"], "width": 2},
                      "hovertemplate": "%{y:.5f}, %{x:.5f}<extra></extra>"}],
            "layout": layout}
