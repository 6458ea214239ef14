"""Figure builders: DataFrame in, a titled, labelled plotly figure out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboards import figures
from dashboards.figures import durations
from loadwatch.metrics.training import WEEK_ZONE_COLUMNS


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
    # The first week's sky-blue bar has its legend entry, as every band has.
    legend = {trace.name: trace.marker.color for trace in figure.data[1:-1]}
    assert legend["first week"] == figures.OKABE_ITO["sky"]
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


def _long_days(start: str, count: int) -> pd.DataFrame:
    index = pd.date_range(start, periods=count, freq="D")
    wave = 40 + 20 * np.sin(np.arange(count) / 5)
    return pd.DataFrame({"load": wave, "acute_load": wave, "chronic_load": wave,
                         "acwr_ewma": wave / 40, "ctl": wave, "atl": wave * 1.2,
                         "tsb": -wave * 0.2}, index=index)


def test_weekly_bars_sit_on_week_ticks_not_a_month_axis():
    weeks = pd.DataFrame({"distance_km": 30.0, "band": None, "change_pct": np.nan},
                         index=pd.date_range("2026-07-06", periods=16, freq="7D"))
    axis = figures.weekly_distance(weeks)["layout"]["xaxis"]
    assert axis["tickmode"] == "array"
    ticks = pd.to_datetime(axis["tickvals"])
    assert set(ticks) <= set(weeks.index)  # every label on a week's first day
    assert len(ticks) <= figures.WEEK_LABELS
    assert ticks[-1] == weeks.index[-1]
    assert axis["ticktext"][:2] == ["6 Jul<br>2026", "27 Jul"]  # the year once
    assert axis["minor"]["tickvals"] == [f"{d:%Y-%m-%d}" for d in weeks.index]
    # The bars fill the axis: half a week either side of the first and last.
    assert axis["range"] == ["2026-07-02 12:00", "2026-10-22 12:00"]


def test_daily_charts_are_labelled_on_the_athletes_week_start():
    days = _long_days("2026-07-01", 70)
    for week_start, weekday in (("monday", 0), ("sunday", 6)):
        for figure in (figures.daily_load(days, "ewma", week_start),
                       figures.fitness_fatigue(days, week_start)):
            axis = figure["layout"]["xaxis2"]
            assert {d.weekday() for d in pd.to_datetime(axis["tickvals"])} == {weekday}
            assert axis["hoverformat"] == "%a %-d %b %Y"


def test_years_of_weeks_are_labelled_with_the_year():
    weeks = pd.DataFrame({"distance_km": 30.0, "band": None, "change_pct": np.nan},
                         index=pd.date_range("2016-01-04", periods=520, freq="7D"))
    axis = figures.weekly_distance(weeks)["layout"]["xaxis"]
    assert all(len(label) == 4 for label in axis["ticktext"])
    assert len(axis["ticktext"]) <= figures.WEEK_LABELS
    assert all(d.month == 1 and d.day <= 7 for d in pd.to_datetime(axis["tickvals"]))


def _labels(figure: dict) -> dict[str, float]:
    return {note["text"]: note["y"] for note in figure["layout"]["annotations"]}


def test_the_ratio_zones_are_shaded_and_named():
    figure = figures.daily_load(_days(), "ewma")
    labels = _labels(figure)
    assert list(labels) == ["low", "sweet spot", "caution", "danger"]
    assert labels["sweet spot"] == pytest.approx((0.8 + 1.3) / 2)
    assert all(shape["yref"] == "y2" for shape in figure["layout"]["shapes"])
    assert figure["layout"]["yaxis2"]["dtick"] == 0.5


def test_the_form_zones_are_shaded_and_named_as_conventions():
    figure = figures.fitness_fatigue(_days())
    labels = _labels(figure)
    assert list(labels) == ["high risk", "optimal training", "neutral", "fresh"]
    assert labels["optimal training"] == pytest.approx(-20)
    low, high = figure["layout"]["yaxis2"]["range"]
    assert low <= -40
    assert high >= 20
    from loadwatch.vocabulary import FORM_ZONES_SOURCE
    assert "intervals.icu" in FORM_ZONES_SOURCE
    assert "not research findings" in FORM_ZONES_SOURCE


@pytest.mark.parametrize(("highest", "step"), [(1.85, 0.5), (2.2, 0.5), (14.3, 5.0)])
def test_monotony_ticks_are_round_numbers(highest, step):
    weeks = _weeks().assign(monotony=[0.615, 1.231, highest])
    axis = figures.monotony_strain(weeks)["layout"]["yaxis2"]
    assert axis["dtick"] == step
    low, top = axis["range"]
    assert low == 0
    assert top >= highest
    assert (top / step) == int(top / step)


def test_a_long_window_draws_the_daily_load_as_an_area():
    long, short = _long_days("2016-01-04", 3650), _long_days("2026-01-05", 112)
    assert figures.daily_load(long)["data"][0]["type"] == "scatter"
    assert figures.daily_load(short)["data"][0]["type"] == "bar"


def test_an_empty_zone_chart_says_why():
    weeks = pd.DataFrame(0.0, index=pd.date_range("2026-07-06", periods=4, freq="7D"),
                         columns=[*WEEK_ZONE_COLUMNS, *figures.SHARE_COLUMNS.values()])
    for figure in (durations.time_in_zones(weeks), figures.intensity_split(weeks)):
        assert figure["layout"]["annotations"][0]["text"].startswith("Nothing to show")


def test_time_in_zones_reads_as_a_watch_does():
    weeks = pd.DataFrame(0.0, index=pd.date_range("2026-07-06", periods=2, freq="7D"),
                         columns=list(WEEK_ZONE_COLUMNS))
    weeks[WEEK_ZONE_COLUMNS[1]] = [4830.0, 1800.0]  # 1:20:30 and 0:30:00
    weeks[WEEK_ZONE_COLUMNS[2]] = [600.0, 0.0]
    figure = durations.time_in_zones(weeks)
    go.Figure(figure)  # a figure plotly draws
    zone2 = figure["data"][1]
    assert zone2["customdata"] == ["1:20:30", "0:30:00"]  # not 80.5 minutes or 1.34 h
    assert "%{customdata}" in zone2["hovertemplate"]
    axis = figure["layout"]["yaxis"]
    # Round times, h:mm, up to the tallest week (1:30:30).
    assert axis["ticktext"] == ["0:00", "0:20", "0:40", "1:00", "1:20", "1:40"]
    assert axis["tickvals"][3] == 1.0
    assert axis["title"]["text"] == "time (h:mm)"


@pytest.mark.parametrize(("seconds", "labels"), [
    (900.0, ["0:00", "0:05", "0:10", "0:15"]), (9 * 3600.0, ["0:00", "2:00", "4:00", "6:00",
                                                              "8:00", "10:00"])])
def test_duration_ticks_are_round_times(seconds, labels):
    axis: dict = {}
    durations.hours_axis(axis, seconds)
    assert axis["ticktext"] == labels
