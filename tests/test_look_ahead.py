"""The look ahead: next week's range, the longest next run and the fitness ramp.

The ranges are checked against shares worked by hand; the weekly summary
against a training log of seven steady 40 km weeks (12, 12 and 16 km) and an
eighth of 57 km (a 33 km run), in km and in miles, in every format.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from loadwatch.flags import Flag
from loadwatch.service.imports import import_paths
from loadwatch.service.summaries import weekly_summary
from loadwatch.store import Store
from loadwatch.summary import RENDERERS, suggestion
from loadwatch.summary.ahead import AcwrReading, first_weeks_back, limit_text, range_base
from tests.history import STEADY_WEEK, ctl_ramp, weeks_of, write_log

MONDAY = date(2026, 2, 16)
RUNS = weeks_of(MONDAY, *[STEADY_WEEK] * 7, ((1, 12.0), (3, 12.0), (6, 33.0)))
STEADY, BIG = "2026-03-30", "2026-04-06"  # the seventh 40 km week; the 57 km week


def _flag(severity: str) -> Flag:
    return Flag(date(2026, 3, 1), None, "overuse", severity, "monotony", "t", "w", "e")


@pytest.mark.parametrize(("week_km", "average_km", "base", "basis"), [
    (40.0, 40.0, 40.0, "week"),
    (40.0, None, 40.0, "week"),          # fewer than four weeks before
    (30.0, 45.0, 30.0, "week"),          # a short week is its own base
    (44.0, 40.0, 44.0, "week"),          # exactly 10% above the average: still the week
    (50.0, 40.0, 44.0, "four_week_average"),  # 1.1 x 40
])
def test_the_base_is_the_week_unless_it_stood_over_ten_percent_above_the_average(
        week_km, average_km, base, basis):
    got, named = range_base(week_km, average_km)
    assert got == pytest.approx(base)
    assert named == basis


def test_the_ranges_by_hand():
    build = suggestion(40.0, (), None, False, 40.0)
    assert (build.kind, build.low_km, build.high_km) == ("build", 40.0, pytest.approx(44.0))
    hold = suggestion(40.0, (_flag("caution"),), None, False, 40.0)
    assert (hold.kind, hold.low_km, hold.high_km) == ("hold", 36.0, 40.0)
    # A high flag after a 57 km week on a 40 km average: 70-75% of 44 km.
    cut = suggestion(57.0, (_flag("high"),), None, False, 40.0)
    assert cut.kind == "cut_back"
    assert (cut.low_km, cut.high_km) == (pytest.approx(30.8), pytest.approx(33.0))
    assert (cut.base_km, cut.basis) == (pytest.approx(44.0), "four_week_average")
    # An acute:chronic ratio in its danger zone cuts back too: 70-75% of 40 km.
    danger = suggestion(40.0, (), AcwrReading(1.6, "danger"), False, 40.0)
    assert (danger.kind, danger.low_km, danger.high_km) == ("cut_back", 28.0, 30.0)
    assert suggestion(0.0, (), None, False, 40.0).low_km is None  # restart: no range
    clinician = suggestion(40.0, (_flag("high"),), None, True, 40.0)
    assert clinician.kind == "see_clinician"
    assert clinician.as_dict() == {"kind": "see_clinician", "text": clinician.text}


def test_a_limit_is_written_rounded_down():
    assert limit_text(17.6, "km") == "17.6 km"
    assert limit_text(19.798, "km") == "19.7 km"  # 19.8 km would be 2 m over
    assert limit_text(17.6, "mi") == "10.9 mi"  # 10.936 mi


@pytest.fixture
def log_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'log.db'}"
    with Store(url) as store:
        results = import_paths(store, athlete="me",
                               paths=[write_log(tmp_path / "log.csv", RUNS)], workers=1)
        assert [r.status for r in results] == ["imported"]
        store.set_settings("me", {"timezone": "Europe/Amsterdam"})
    return url


def _text(url: str, week: str, units: str = "km") -> dict[str, str]:
    with Store(url) as store:
        store.set_settings("me", {"units": units})
        summary = weekly_summary(store, athlete="me", week=week)
    lines = RENDERERS["text"](summary).splitlines()
    return {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in lines if ": " in line}


def test_a_steady_week_looks_ahead_in_km(log_store):
    said = _text(log_store, STEADY)
    assert said["Longest next run"] == (
        "Up to 17.6 km: within 10% of your longest run of the last 30 days (16.0 km on "
        "05 Apr). Longer single runs went with more injuries (Frandsen et al. 2025).")
    ramp = ctl_ramp(RUNS, date(2026, 4, 5))
    assert said["Fitness ramp"] == (
        f"{ramp:+.1f} points a week (CTL, 42-day fitness): within 8 points a week, a coaching "
        "rule of thumb (Friel).")
    assert said["Next week"] == (
        "You can build gently: at most 10% more, a rule of thumb. Aim for 40.0 km to "
        "44.0 km: 100-110% of this week's 40.0 km.")


def test_a_steady_week_looks_ahead_in_miles(log_store):
    said = _text(log_store, STEADY, "mi")
    # 17.6 km = 10.936 mi (rounded down); 16 km = 9.94 mi; 40 km = 24.85 mi; 44 km = 27.34 mi.
    assert said["Longest next run"].startswith(
        "Up to 10.9 mi: within 10% of your longest run of the last 30 days (9.9 mi on 05 Apr).")
    assert said["Next week"].endswith("Aim for 24.9 mi to 27.3 mi: 100-110% of this week's "
                                      "24.9 mi.")
    assert " km" not in said["Longest next run"] + said["Next week"]


def test_a_big_week_cuts_back_from_the_average_not_from_itself(log_store):
    said = _text(log_store, BIG)
    assert said["Next week"] == (
        "Take a cut-back week: a high flag was raised. Aim for 30.8 km to 33.0 km: "
        "70-75% of 44.0 km, your four-week average plus 10% (this week's distance stood "
        "higher, and one big week is not the base for the next).")
    # The 33 km run was a spike (2.06 times 16 km): 1.1 x 33 = 36.3 km, as this once said,
    # would be a second spike on top of it.
    assert said["Longest next run"] == (
        "Up to 17.6 km: your 33.0 km run was a spike, so the next long run stays within 10% "
        "of your longest before it (16.0 km on 05 Apr) until the spike is 30 days old. Longer "
        "single runs went with more injuries (Frandsen et al. 2025). This is a cut-back week: "
        "keep the long run shorter than your last one.")


@pytest.mark.parametrize("units", ["km", "mi"])
def test_every_format_carries_the_three_lines(log_store, units):
    with Store(log_store) as store:
        store.set_settings("me", {"units": units})
        summary = weekly_summary(store, athlete="me", week=STEADY)
    limit, high = {"km": ("17.6 km", "44.0 km"), "mi": ("10.9 mi", "27.3 mi")}[units]
    for form in ("text", "markdown", "html"):
        text = RENDERERS[form](summary)
        for words in ("Longest next run", f"Up to {limit}", "Fitness ramp", "points a week",
                      f"to {high}"):
            assert words in text, (form, words)
    html = RENDERERS["html"](summary)
    assert "100-110% of this week&#x27;s" in html
    data = json.loads(RENDERERS["json"](summary))
    assert data["long_run"] == {"reference_km": 16.0, "reference_date": "2026-04-05",
                                "limit_km": 17.6, "spike_km": None}
    assert data["ramp"]["per_week"] == pytest.approx(ctl_ramp(RUNS, date(2026, 4, 5)))
    assert (data["ramp"]["steep"], data["ramp"]["settling"]) == (False, False)
    assert data["suggestion"] == {"kind": "build", "low_km": 40.0,
                                  "high_km": pytest.approx(44.0), "base_km": 40.0,
                                  "basis": "week", "text": summary.suggestion.text}


def test_the_first_weeks_back_follow_the_return_plan_not_a_ratio():
    index = pd.date_range("2026-01-05", periods=10, freq="7D")
    weeks = pd.DataFrame({"runs": [4, 4, 4, 0, 0, 0, 3, 3, 3, 3]}, index=index)
    back = [first_weeks_back(weeks, start) for start in index]
    # Weeks 7-10 follow three empty weeks; week 10 is the fourth back.
    assert back == [False] * 6 + [True] * 4
    assert not first_weeks_back(weeks.assign(runs=[4] * 10), index[-1])
    zone = AcwrReading(2.3, "danger")
    advice = suggestion(20.0, (), zone, False, 30.0, returning=True)
    assert advice.kind == "return"
    assert (round(advice.low_km, 1), round(advice.high_km, 1)) == (20.0, 22.0)
    assert "ratio" in advice.text
    assert suggestion(20.0, (), zone, False, 30.0).text.startswith(
        "Take a cut-back week: your last week ran well ahead")  # not "high flags were raised"
