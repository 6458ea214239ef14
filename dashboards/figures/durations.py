"""Durations on charts as runners read them: ``h:mm:ss`` in hover text, ``h:mm`` on the axis.

Plotly writes a number axis in decimals ("1.5" hours, "80.5" minutes); a time
is written here the way a watch shows it. The axis stays in hours (bars
stack and scale as numbers) and its ticks are placed on round times (5, 10,
15, 30 minutes, 1, 2, 5 hours...) and labelled ``h:mm``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboards.figures import NO_ZONES, ZONE_COLOURS, _if_empty, _layout, _numbers, weekly_axis
from loadwatch.metrics.training import WEEK_ZONE_COLUMNS
from loadwatch.units import format_duration

# Tick steps, minutes: round times a runner reads at a glance.
TICK_MINUTES = (1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 1200, 3000)


def clock(seconds: pd.Series | np.ndarray) -> list[str]:
    """Each duration as ``h:mm:ss`` ("" where unknown)."""
    return [format_duration(s) for s in np.asarray(seconds, dtype=float).tolist()]


def hours_axis(axis: dict, top_seconds: float, ticks: int = 5) -> None:
    """An axis in hours with ticks on round times, labelled ``h:mm``.

    Parameters
    ----------
    axis : dict
        The plotly axis to label (its values are hours).
    top_seconds : float
        The largest value the axis shows, s.
    ticks : int, default 5
        About how many ticks.
    """
    top_minutes = max(float(top_seconds) / 60, 1.0)
    step = next((m for m in TICK_MINUTES if m * ticks >= top_minutes), TICK_MINUTES[-1])
    count = int(np.ceil(top_minutes / step))
    minutes = [step * i for i in range(count + 1)]
    axis.update(tickmode="array", tickvals=[m / 60 for m in minutes],
                ticktext=[f"{m // 60}:{m % 60:02d}" for m in minutes],
                range=[0, minutes[-1] / 60 * 1.02])


def time_in_zones(weeks: pd.DataFrame) -> dict:
    """Time in each of the five zones per week (heart rate, else pace), stacked, as h:mm."""
    traces = []
    for zone in range(5):
        seconds = weeks[WEEK_ZONE_COLUMNS[zone]].astype(float)
        traces.append({"type": "bar", "x": list(weeks.index.strftime("%Y-%m-%d")),
                       "y": _numbers(seconds / 3600, 4), "name": f"zone {zone + 1}",
                       "marker": {"color": ZONE_COLOURS[zone]}, "customdata": clock(seconds),
                       "hovertemplate": f"zone {zone + 1}: %{{customdata}}<extra></extra>"})
    # Each run counts in its heart-rate zones, or its pace zones when it has no heart rate.
    layout = _layout("Time in zones per week (heart rate, else pace)", "time (h:mm)",
                     barmode="stack")
    weekly_axis(layout["xaxis"], weeks.index)
    total = weeks[list(WEEK_ZONE_COLUMNS)].astype(float).sum(axis=1)
    hours_axis(layout["yaxis"], float(total.max()) if len(total) else 0.0)
    _if_empty(layout, weeks[list(WEEK_ZONE_COLUMNS)], NO_ZONES)
    return {"data": traces, "layout": layout}
