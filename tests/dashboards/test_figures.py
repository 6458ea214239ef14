"""Figure builders: DataFrame in, a titled, labelled plotly figure out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboards import figures


def _weeks():
    index = pd.date_range("2026-01-05", periods=3, freq="7D")
    return pd.DataFrame({"distance_km": [30.0, 34.0, 45.0], "band": [None, "10-30%", ">30%"],
                         "change_pct": [np.nan, 13.3, 32.4], "strain": [150, 180, 300],
                         "monotony": [1.1, 1.3, 2.2]}, index=index)


def _days():
    index = pd.date_range("2026-01-05", periods=30, freq="D")
    values = np.linspace(0, 60, 30)
    return pd.DataFrame({"load": values, "acute_load": values, "chronic_load": values / 2,
                         "acwr_ewma": np.linspace(0.5, 1.6, 30),
                         "acwr_coupled": 1.0, "acwr_uncoupled": 1.1, "ctl": values / 2,
                         "atl": values, "tsb": -values / 2}, index=index)


def test_weekly_distance_colours_bands_and_converts_units():
    figure = go.Figure(figures.weekly_distance(_weeks(), "mi"))
    bars = figure.data[0]
    assert list(bars.marker.color) == [figures.OKABE_ITO["sky"], figures.OKABE_ITO["orange"],
                                       figures.OKABE_ITO["red"]]
    assert bars.y[2] == pytest.approx(45.0 / 1.609344, abs=1e-3)
    assert figure.layout.yaxis.title.text == "distance (mi)"
    line = figure.data[-1]
    assert line.y[0] is None  # no week before the first: no 10% line
    assert line.y[1] == pytest.approx(30.0 / 1.609344 * 1.1, abs=1e-3)


def test_every_figure_has_a_title_axis_units_and_hover():
    # go.Figure refuses a property plotly does not know: the dicts are valid figures.
    for figure in map(go.Figure, (
            figures.weekly_distance(_weeks()), figures.daily_load(_days(), "coupled"),
            figures.fitness_fatigue(_days()), figures.monotony_strain(_weeks()))):
        assert figure.layout.title.text
        assert figure.layout.yaxis.title.text
        assert all(trace.hovertemplate or trace.hoverinfo == "skip" for trace in figure.data)


def test_daily_load_shows_the_chosen_ratio_over_the_zones():
    figure = go.Figure(figures.daily_load(_days(), "coupled"))
    assert [trace.name for trace in figure.data] == [
        "daily load", "acute (7 d)", "chronic (28 d)", "ACWR (coupled)"]
    assert {shape.y0 for shape in figure.layout.shapes} == {0.0, 0.8, 1.3, 1.5}
