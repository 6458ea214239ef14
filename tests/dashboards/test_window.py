"""The chart pages' time window: which weeks it holds, from a preset, a range or the address."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboards import window
from dashboards.window import History, Window


def _frames(first: str, last_run: str, today: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weeks (Mondays) and days from ``first`` to ``today``, a 5 km run a day until ``last_run``."""
    days = pd.date_range(first, today, freq="D", name="date")
    ran = days <= pd.Timestamp(last_run)
    daily = pd.DataFrame({"distance_km": np.where(ran, 5.0, 0.0),
                          "load": np.where(ran, 30.0, 0.0)}, index=days)
    weeks = pd.date_range(days[0] - pd.Timedelta(days=days[0].weekday()), today, freq="7D",
                          name="week_start")
    return pd.DataFrame({"distance_km": 35.0}, index=weeks), daily


def _history(first: str, last_run: str, today: str) -> History:
    weeks, days = _frames(first, last_run, today)
    return window.history(weeks, days, date.fromisoformat(today))


# Monday 2 March 2026 to Tuesday 1 December 2026: 40 weeks, running up to today.
RECENT = ("2026-03-02", "2026-12-01", "2026-12-01")


def test_the_default_is_the_last_16_weeks_ending_with_this_week():
    history = _history(*RECENT)
    chosen = window.choose(history)
    assert chosen == Window(date(2026, 8, 17), date(2026, 12, 6), "16w")
    assert chosen.weeks == 16
    assert chosen.start.weekday() == 0
    assert chosen.end.weekday() == 6
    assert chosen.query == {"window": "16w"}
    assert window.caption(history, chosen) == "16 weeks: 17 Aug – 6 Dec 2026."


def test_a_window_across_new_year_names_both_years():
    history = _history(*RECENT)
    assert window.caption(history, window.choose(history, "1y")) == (
        "All 40 weeks: 2 Mar – 6 Dec 2026 (shorter than 1 year).")
    old = _history("2024-03-04", "2026-12-01", "2026-12-01")
    assert window.caption(old, window.choose(old, "1y")).startswith(
        "52 weeks: 8 Dec 2025 – 6 Dec 2026")


@pytest.mark.parametrize(("preset", "weeks"), [("4w", 4), ("3m", 13), ("6m", 26), ("all", 40)])
def test_each_preset_ends_with_this_week(preset, weeks):
    chosen = window.choose(_history(*RECENT), preset)
    assert (chosen.weeks, chosen.end, chosen.preset) == (weeks, date(2026, 12, 6), preset)


def test_a_history_shorter_than_the_window_shows_all_of_it():
    history = _history("2026-11-10", "2026-12-01", "2026-12-01")  # a Tuesday, three weeks back
    for preset in ("16w", "1y", "all"):
        chosen = window.choose(history, preset)
        assert (chosen.start, chosen.end) == (date(2026, 11, 9), date(2026, 12, 6))
    assert window.caption(history, window.choose(history)) == (
        "All 4 weeks: 9 Nov – 6 Dec 2026 (shorter than 16 weeks).")


def test_an_old_history_shows_its_last_weeks_of_data_and_says_when_the_last_run_was():
    # The last run on Saturday 7 September 2024, two years before today.
    history = _history("2022-04-25", "2024-09-07", "2026-12-01")
    assert history.stale
    chosen = window.choose(history)
    assert (chosen.start, chosen.end) == (date(2024, 5, 20), date(2024, 9, 8))
    _weeks, days = _frames("2022-04-25", "2024-09-07", "2026-12-01")
    assert (chosen.rows(days)["distance_km"] > 0).sum() == 16 * 7 - 1  # no empty weeks
    assert window.caption(history, chosen) == (
        "16 weeks: 20 May – 8 Sep 2024. Last run: 7 Sep 2024 (116 weeks ago).")
    assert window.choose(history, "all").end == date(2024, 9, 8)


def test_a_gap_of_four_weeks_still_ends_the_window_today():
    history = _history("2026-03-02", "2026-11-03", "2026-12-01")  # 28 days without a run
    assert not history.stale
    assert window.choose(history).end == date(2026, 12, 6)
    assert "Last run" not in window.caption(history, window.choose(history))


def test_a_range_is_widened_to_whole_weeks_and_kept_inside_the_history():
    history = _history(*RECENT)
    chosen = window.choose(history, start=date(2026, 6, 10), end=date(2026, 7, 1))
    assert chosen == Window(date(2026, 6, 8), date(2026, 7, 5), None)
    assert chosen.query == {"from": "2026-06-08", "to": "2026-07-05"}
    wide = window.choose(history, start=date(2019, 1, 1), end=date(2031, 1, 1))
    assert (wide.start, wide.end) == (date(2026, 3, 2), date(2026, 12, 6))
    backwards = window.choose(history, start=date(2026, 7, 1), end=date(2026, 6, 10))
    assert (backwards.start, backwards.end) == (chosen.start, chosen.end)


def test_a_bookmark_opens_on_its_window():
    history = _history(*RECENT)
    assert window.requested(history, {"window": "1y"}).preset == "1y"
    named = window.requested(history, {"from": "2026-05-04", "to": "2026-06-28"})
    assert (named.start, named.end, named.preset) == (date(2026, 5, 4), date(2026, 6, 28), None)
    assert window.choose(history, *window.parse(named.query)) == named


@pytest.mark.parametrize("values", [{}, {"window": "5y"}, {"from": "yesterday"},
                                    {"window": ["x", "y"]}, {"from": "2026-13-01"}])
def test_an_address_that_names_no_window_opens_the_default(values):
    assert window.requested(_history(*RECENT), values).preset == "16w"


def test_the_slider_selects_the_preset_it_matches():
    history = _history(*RECENT)
    year = window.choose(history, "1y")
    assert window.from_slider(history, window.slider_value(year)) == year
    moved = window.slider_value(year)
    moved[0] += 7
    assert window.from_slider(history, moved).preset is None
    assert window.from_slider(history, moved).weeks == 39  # the history's 40 weeks, less one


def test_the_slider_counts_days_from_1970_on_week_starts():
    history = _history(*RECENT)
    first, last = window.slider_value(window.choose(history))
    assert date(1970, 1, 1) + timedelta(days=first) == date(2026, 8, 17)
    assert date(1970, 1, 1) + timedelta(days=last) == date(2026, 11, 30)  # the last week's Monday
    marks = window.marks(history)
    assert list(marks.values()) == ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    long = window.marks(_history("2016-01-04", "2026-12-01", "2026-12-01"))
    assert len(long) <= window.MARKS
    assert set(long.values()) <= {str(y) for y in range(2016, 2027)}


def test_slicing_takes_the_frames_rows_as_they_are():
    weeks, days = _frames(*RECENT)
    chosen = window.choose(window.history(weeks, days, date(2026, 12, 1)), "4w")
    assert list(chosen.rows(weeks).index) == list(pd.date_range("2026-11-09", periods=4,
                                                               freq="7D"))
    assert chosen.rows(days).index[0] == pd.Timestamp("2026-11-09")
    assert chosen.rows(days).index[-1] == pd.Timestamp("2026-12-01")  # today, the last day
    assert np.shares_memory(chosen.rows(days)["load"].to_numpy(), days["load"].to_numpy())


def test_a_history_of_one_week_shows_it_with_the_slider_at_rest():
    history = _history("2026-11-30", "2026-12-01", "2026-12-01")
    chosen = window.choose(history, "1y")
    assert (chosen.start, chosen.end, chosen.weeks) == (date(2026, 11, 30), date(2026, 12, 6), 1)
    slider = window.controls("load", history, chosen).children[1]
    assert slider.disabled
    assert slider.min < slider.max
    assert window.caption(history, chosen) == (
        "All 1 week: 30 Nov – 6 Dec 2026 (shorter than 1 year).")
