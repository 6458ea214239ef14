"""Today at a glance (``summary.today``): the Overview's status, week, gap and open flags.

The weeks are the training log of ``tests.history``: steady weeks of 40 km
(12, 12 and 16 km at 6:00 per km: 4:00:00 a week), so this week, last week
and the four-week average are worked by hand.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from loadwatch.errors import UsageError
from loadwatch.flags import Acknowledgement, Flag
from loadwatch.service import diary as diary_service
from loadwatch.service.flags import dismiss_flag, flag_statuses
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import athlete_report
from loadwatch.summary.today import (
    Totals,
    by_week,
    form_zone,
    gap_sentence,
    open_flags,
    status_word,
    today_view,
)
from loadwatch.vocabulary import BREAK_STATUS
from tests.history import STEADY_WEEK, weeks_of, write_log

MONDAY = date(2026, 2, 16)
# Seven steady weeks, then this week's Tuesday run of 12 km.
RUNS = weeks_of(MONDAY, *[STEADY_WEEK] * 7, ((1, 12.0),))
WEDNESDAY = MONDAY + timedelta(days=7 * 7 + 2)


@pytest.mark.parametrize(("form", "zone"), [
    (-45.0, "high risk"), (-30.01, "high risk"), (-30.0, "optimal training"),
    (-10.01, "optimal training"), (-10.0, "neutral"), (4.9, "neutral"), (5.0, "fresh"),
    (30.0, "fresh")])
def test_form_zones_are_the_load_pages_bands(form, zone):
    assert form_zone(form) == zone


@pytest.mark.parametrize(("form", "days_since", "word"), [
    (-35.0, 1, "Overreaching"), (-12.0, 0, "Building"), (0.0, 3, "Maintaining"),
    (12.0, 6, "Fresh"),
    (12.0, 20, "Fresh"),          # not yet a break
    (0.0, 21, BREAK_STATUS),      # three weeks off: form says nothing
    (-12.0, 800, BREAK_STATUS),
    (None, None, "No runs")])
def test_the_status_word(form, days_since, word):
    assert status_word(form, days_since) == word


@pytest.mark.parametrize(("days", "sentence"), [
    (0, "Last run today."),
    (1, "Last run yesterday."),
    (5, "Last run 5 days ago, on Thu 26 Nov."),
    (20, "Last run 20 days ago, on Wed 11 Nov."),
    (21, "No runs for 3 weeks: the last was on Tue 10 Nov 2026."),
    (40, "No runs for 5 weeks: the last was on Thu 22 Oct 2026."),
    (693, "No runs for 99 weeks (about 1.9 years): the last was on Tue 07 Jan 2025."),
    (800, "No runs for 114 weeks (about 2.2 years): the last was on Sun 22 Sep 2024.")])
def test_the_gap_sentence(days, sentence):
    today = date(2026, 12, 1)
    assert gap_sentence(today - timedelta(days=days), today) == sentence
    assert gap_sentence(None, today) == "No runs yet."


@pytest.fixture
def steady(store, tmp_path):
    import_paths(store, athlete="me", workers=1, paths=[write_log(tmp_path / "log.csv", RUNS)])
    store.set_settings("me", {"timezone": "UTC"})
    return store


def _today(store, day: date):
    view = athlete_report(store, athlete="me", today=day).training
    return today_view(day, view.activities, view.days, view.weeks, view.settings)


def test_this_week_against_last_week_and_the_four_week_average(steady):
    today = _today(steady, WEDNESDAY)
    assert today.week_start == WEDNESDAY - timedelta(days=2)
    assert today.this_week == Totals(pytest.approx(12.0), 1, 12 * 360)
    assert today.last_week == Totals(pytest.approx(40.0), 3, 4 * 3600)
    assert today.average == Totals(pytest.approx(40.0), 3, 4 * 3600)
    assert today.average_weeks == 4
    assert (today.last_run, today.days_since_run, today.gap) == (
        WEDNESDAY - timedelta(days=1), 1, "Last run yesterday.")
    assert today.acwr is not None  # steady running: the ratio means something
    assert today.status == status_word(today.form, 1) != BREAK_STATUS
    days = athlete_report(steady, athlete="me", today=WEDNESDAY).training.days
    assert (today.fitness, today.fatigue) == (days["ctl"].iloc[-1], days["atl"].iloc[-1])
    # Form is yesterday's fitness minus fatigue (TrainingPeaks' convention).
    assert today.form == pytest.approx(days["ctl"].iloc[-2] - days["atl"].iloc[-2])


def test_after_a_long_break_the_week_is_empty_and_the_ratio_not_shown(steady):
    day = WEDNESDAY + timedelta(days=60)
    today = _today(steady, day)
    assert today.gap == "No runs for 8 weeks: the last was on Tue 07 Apr 2026."
    assert today.on_break
    assert today.status == BREAK_STATUS
    assert today.this_week == today.last_week == Totals(0.0, 0.0, 0.0)
    assert today.average == Totals(0.0, 0.0, 0.0)  # no stale week stands in for it
    assert today.acwr is None


def test_a_week_of_the_first_weeks_back_has_no_ratio(store, tmp_path):
    back = weeks_of(MONDAY + timedelta(days=7 * 12), STEADY_WEEK, ((1, 12.0),))
    import_paths(store, athlete="me", workers=1,
                 paths=[write_log(tmp_path / "log.csv", RUNS + back)])
    store.set_settings("me", {"timezone": "UTC"})
    today = _today(store, MONDAY + timedelta(days=7 * 13 + 2))
    assert today.returning
    assert not today.on_break
    assert today.acwr is None


def _flag(day: date, severity: str, rule: str = "spike_small") -> Flag:
    return Flag(day, None, "overuse", severity, rule, rule, "why", "evidence")


def test_open_flags_age_out_after_six_weeks_and_leave_when_dismissed():
    today = date(2026, 12, 1)
    recent, older = _flag(date(2026, 11, 29), "high"), _flag(date(2026, 11, 17), "caution")
    flags = [older, recent, _flag(date(2026, 10, 19), "caution", "old"),  # 43 days: aged out
             _flag(date(2026, 11, 30), "info", "info"),
             _flag(date(2026, 11, 30), "urgent", "urgent"),  # red: open_red_flags keeps it
             _flag(date(2026, 11, 28), "caution", "dismissed")]
    seen = [Acknowledgement("dismissed", date(2026, 11, 28), None, "me", datetime(2026, 12, 1))]
    assert open_flags(flags, seen, today) == [recent, older]
    assert by_week([older, recent]) == [(date(2026, 11, 23), [recent]),
                                        (date(2026, 11, 16), [older])]


def test_dismissing_a_flag_is_recorded_and_a_red_flag_is_never_dismissed(store, tmp_path):
    # Seven steady weeks, then a week with a 33 km run: a high flag.
    runs = weeks_of(MONDAY, *[STEADY_WEEK] * 7, ((1, 12.0), (3, 12.0), (6, 33.0)))
    import_paths(store, athlete="me", workers=1, paths=[write_log(tmp_path / "log.csv", runs)])
    store.set_settings("me", {"timezone": "UTC"})
    flag = next(f for f in athlete_report(store, athlete="me").flags
                if f.severity in ("high", "caution") and not f.is_red)
    done = dismiss_flag(store, athlete="me", day=flag.date, rule=flag.rule)
    assert done.new
    assert done.flag == flag
    status = next(s for s in flag_statuses(store, athlete="me") if s.flag == flag)
    assert status.as_dict()["acknowledged"]["text"].startswith("Dismissed by me on ")
    assert open_flags([flag], athlete_report(store, athlete="me").acknowledgements,
                      flag.date) == []
    entry = diary_service.add_entry(store, athlete="me", values={
        "date": WEDNESDAY, "location": "shin_inner", "pain": 5, "signs": ("cannot_bear_weight",)})
    red = next(f for f in athlete_report(store, athlete="me").flags
               if f.is_red and f.entry == entry.id)
    with pytest.raises(UsageError, match="never dismissed"):
        dismiss_flag(store, athlete="me", day=red.date, rule=red.rule)
    assert not any(a["rule"] == red.rule for a in store.acknowledgements("me"))
