"""The Overview's 12-week chart: the last twelve weeks, or the last twelve run after a break."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboards.figures.overview import twelve_weeks

TODAY = pd.Timestamp("2026-12-02")  # a Wednesday


def _frames(first: str, weeks: int, distance: list[float]):
    starts = pd.date_range(first, periods=weeks, freq="7D")
    frame = pd.DataFrame({"distance_km": distance}, index=starts)
    index = pd.date_range(first, TODAY, freq="D")
    values = np.linspace(10, 40, len(index))
    days = pd.DataFrame({"ctl": values, "atl": values + 5, "tsb": -np.full(len(index), 5.0)},
                        index=index)
    return frame, days


def test_twelve_weeks_in_the_runners_unit_with_the_week_under_way_paler():
    weeks, days = _frames("2026-06-01", 27, [10.0] * 26 + [8.0])
    figure = go.Figure(twelve_weeks(weeks, days, TODAY, "mi"))  # plotly accepts it
    bars = figure.data[0]
    assert len(bars.y) == 12
    assert bars.y[-1] == pytest.approx(8.0 / 1.609344, abs=0.01)
    assert bars.customdata[0] == "2026-09-14"
    assert bars.customdata[-1] == "2026-11-30"
    assert bars.marker.color[-1] != bars.marker.color[0]  # not over yet
    assert figure.layout.title.text == "The last 12 weeks"
    assert figure.layout.yaxis.title.text == "mi"
    assert [t.name for t in figure.data[1:]] == ["fitness (CTL)", "fatigue (ATL)", "form (TSB)"]
    assert str(figure.data[1].x[0]) == "2026-09-14"  # the lines start with the first bar
    assert all(trace.hovertemplate for trace in figure.data)


def test_after_a_long_break_the_last_twelve_weeks_run():
    distance = [10.0] * 20 + [0.0] * 58
    weeks, days = _frames("2025-06-02", 78, distance)
    last_run = weeks.index[19] + pd.Timedelta(days=6)
    figure = go.Figure(twelve_weeks(weeks, days, TODAY, "km", last_run=last_run))
    assert list(figure.data[0].y) == [10.0] * 12
    assert figure.layout.title.text == ("The last 12 weeks you ran, to the week of "
                                        f"{weeks.index[19]:%d %b %Y}")
