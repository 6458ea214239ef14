"""The Overview's small chart: the last twelve weeks' distance, fitness, fatigue and form.

Plotly's JSON, as the other builders (``dashboards.figures``): weekly bars on
top, each spanning its week (the week under way paler: it is not over), and
under them the daily fitness (CTL), fatigue (ATL) and form (TSB) lines over
the same days, so a week's bar sits above the days that made it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboards.figures import OKABE_ITO, _dates, _layout, _line, _numbers, _two_rows, daily_axis
from loadwatch.units import METRES_PER_KM, in_units

WEEKS = 12
WEEK_MS = 7 * 24 * 3600 * 1000
BAR_SHARE = 0.85  # of a week: a gap between the bars
UNDER_WAY = "rgba(0,114,178,0.45)"  # this week's bar: the blue, paler


def twelve_weeks(weeks: pd.DataFrame, days: pd.DataFrame, today: pd.Timestamp,
                 units: str = "km", week_start: str = "monday",
                 last_run: pd.Timestamp | None = None) -> dict:
    """Weekly distance over the last ``WEEKS`` weeks; fitness, fatigue and form under it.

    When none of those weeks holds a run (a long break), the twelve weeks that
    end with the last run's week instead, and the title says so: twelve empty
    weeks would show nothing.

    Parameters
    ----------
    weeks, days : pandas.DataFrame
        The load engine's weekly and daily frames (``distance_km``; ``ctl``,
        ``atl``, ``tsb``), the last rows ending on ``today``.
    today : pandas.Timestamp
        The athlete's today: the week under way is drawn paler.
    units : {"km", "mi"}
        The runner's unit.
    week_start : str
        The weekday weeks start on (the date ticks fall on it).
    last_run : pandas.Timestamp, optional
        The last run's local day.
    """
    title, recent = _weeks_shown(weeks, last_run)
    end = recent.index[-1] + pd.Timedelta(days=7) if len(recent) else today
    shown = days[(days.index >= recent.index[0]) & (days.index < end)] if len(recent) \
        else days.iloc[:0]
    distance = in_units(recent["distance_km"] * METRES_PER_KM, units)
    under_way = recent.index + pd.Timedelta(days=7) > today
    middles = recent.index + pd.Timedelta(hours=84)  # a bar in the middle of its week
    traces = [{"type": "bar", "x": np.datetime_as_string(middles.to_numpy(), unit="h").tolist(),
               "y": _numbers(distance, 2), "name": f"week ({units})",
               "width": WEEK_MS * BAR_SHARE, "customdata": _dates(recent.index),
               "marker": {"color": [UNDER_WAY if u else OKABE_ITO["blue"] for u in under_way]},
               "hovertemplate": f"week of %{{customdata}}: %{{y:.1f}} {units}<extra></extra>"}]
    for column, name, colour in (("ctl", "fitness (CTL)", OKABE_ITO["blue"]),
                                 ("atl", "fatigue (ATL)", OKABE_ITO["orange"]),
                                 ("tsb", "form (TSB)", OKABE_ITO["green"])):
        traces.append(_line(shown.index, shown[column], name, colour,
                            f"{name}: %{{y:.1f}}<extra></extra>", xaxis="x2", yaxis="y2"))
    layout = _two_rows(_layout(title, units, height=380), "points a day")
    layout["legend"]["traceorder"] = "normal"
    daily_axis(layout["xaxis"], shown.index, week_start)
    daily_axis(layout["xaxis2"], shown.index, week_start)
    if len(recent):  # to the end of the week under way: its bar stays whole
        span = [f"{recent.index[0]:%Y-%m-%d}", f"{end:%Y-%m-%d}"]
        layout["xaxis"]["range"] = layout["xaxis2"]["range"] = span
    layout["xaxis"]["showticklabels"] = False
    layout["yaxis"]["rangemode"] = "nonnegative"  # weeks of 0 km: not an axis from -1
    return {"data": traces, "layout": layout}


def _weeks_shown(weeks: pd.DataFrame, last_run: pd.Timestamp | None
                 ) -> tuple[str, pd.DataFrame]:
    """The chart's title and weeks: the last twelve, or after a break the last twelve run."""
    recent = weeks.iloc[-WEEKS:]
    if last_run is not None and len(recent) and last_run < recent.index[0]:
        recent = weeks[weeks.index <= last_run].iloc[-WEEKS:]
        return f"The last 12 weeks you ran, to the week of {recent.index[-1]:%d %b %Y}", recent
    return "The last 12 weeks", recent
