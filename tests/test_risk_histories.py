"""The risk engine on whole histories: a break and a return, a first month, a marathon
build, a steady runner, the sample story, and the real histories of ../shared/corpus.

Each pattern is built from runs through the real load engine (``tests.riskbuild``);
the real histories are imported through the library into a fresh SQLite store and
counted as ``benchmarks/bench_risk_histories.py`` counts them.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from benchmarks.bench_risk_histories import HISTORIES, TARGETS, history_figures
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import athlete_report
from loadwatch.store import Store
from tests.conftest import SAMPLE_RUNS
from tests.riskbuild import flags, history, reasons, weekly

D0 = date(2026, 1, 5)  # a Monday
CORPUS = SAMPLE_RUNS.parents[2] / "shared" / "corpus" / "csv"


def test_a_break_and_a_return_say_first_weeks_back_not_a_ratio():
    before = weekly(D0, [30.0, 32.0, 34.0, 34.0, 36.0, 36.0, 38.0, 38.0])
    back = D0 + timedelta(weeks=13)  # five weeks without a run
    after = weekly(back, [15.0, 20.0, 26.0, 30.0, 33.0, 36.0])
    found = flags(history(before + after))
    (first,) = [f for f in found if "first_weeks_back" in f.rules]
    assert first.week_start == back
    assert "after 36 days without running" in first.why
    assert "Suggested:" in first.why
    assert "keeping runs under 13.3 km" in first.why
    window = [f for f in found if back <= f.week_start < back + timedelta(weeks=4)]
    assert not any("acwr" in r or r.startswith("weekly_change") for f in window
                   for r in f.rules)
    assert not any("3.62" in f.why for f in found)  # the ratio's constant after a break
    assert all(f.severity in ("info", "caution") for f in found)


def test_a_first_month_is_building_the_reference():
    runs = [(D0 + timedelta(days=d), km) for d, km in
            ((0, 3.0), (2, 3.0), (4, 4.0), (7, 4.0), (9, 5.0), (11, 6.0), (14, 5.0), (16, 6.0),
             (18, 8.0), (21, 6.0), (23, 7.0), (25, 10.0))]
    found = flags(history(runs))
    assert found, "spikes in the first month say they are building the reference"
    assert {f.severity for f in found} == {"info"}
    assert {r for r, _ in reasons(found)} <= {"spike_building_reference", "rising_weeks"}
    assert all("building your reference" in r.why for f in found for r in f.reasons
               if r.rule == "spike_building_reference")


def test_a_marathon_build_raises_no_high_card():
    """Steady 8-10% a week, a cut-back every fourth week, the long run a third of the week."""
    plan = [40.0, 43.5, 47.5, 36.0, 49.0, 53.0, 57.5, 43.0, 58.5, 63.5, 68.5, 51.5, 70.0,
            75.5, 56.0, 42.0]
    found = flags(history(weekly(D0, plan, runs_a_week=5, long_share=0.33)))
    assert not [f for f in found if f.severity in ("high", "urgent")], [
        (f.date, f.rules) for f in found]
    assert not any(r.startswith("weekly_change_over_30") for r, _ in reasons(found))


def test_a_steady_runner_who_never_crosses_a_line_gets_no_card():
    runs = weekly(D0, [32.0] * 20)  # 6.9 km on Tuesday, Thursday and Saturday, 11.2 on Sunday
    assert flags(history([(D0 - timedelta(days=1), 11.2), *runs])) == []
    # Begun on a Tuesday instead, the first Sunday's run is longer than any run so far:
    # the history's first 30 days only say so, as they build the reference.
    (first,) = flags(history(runs))
    assert (first.rule, first.severity) == ("spike_building_reference", "info")


# --- the sample story --------------------------------------------------------------------

@pytest.fixture(scope="module")
def story_flags(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('story') / 's.db'}"
    with Store(url) as store:
        import_paths(store, athlete="me", paths=[SAMPLE_RUNS.parent,
                                                 SAMPLE_RUNS.parent.parent / "diary.json"],
                     workers=1)
        store.set_settings("me", {"timezone": "Europe/Amsterdam"})
        return athlete_report(store, athlete="me", today=date(2026, 11, 1)).flags


def test_the_sample_story_keeps_its_high_and_urgent_events(story_flags):
    by = {(f.rule, f.date.isoformat()): f for f in story_flags}
    assert by[("weekly_change_over_30", "2026-08-09")].severity == "high"  # the +34% week
    assert "+34%" in by[("weekly_change_over_30", "2026-08-09")].why
    assert by[("spike_large", "2026-08-30")].severity == "high"  # the 33 km run
    assert by[("bone_stress_during_ramp", "2026-08-31")].severity == "urgent"
    assert story_flags[0].rule == "bone_stress_during_ramp"


def test_the_sample_story_has_one_card_a_week(story_flags):
    weeks = [f.week_start for f in story_flags if f.week_start is not None]
    assert len(weeks) == len(set(weeks))
    (spike_week,) = [f for f in story_flags if f.week_start == date(2026, 8, 24)]
    assert {"spike_large", "distance_acwr_over_1.5"} <= set(spike_week.rules)


# --- real histories (../shared/corpus) -------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_figures():
    if not all((CORPUS / name).is_file() for name, _ in HISTORIES):
        pytest.skip(f"the real histories are not at {CORPUS} (../shared ships beside the "
                    "project only in CI and on developer machines)")
    return history_figures(CORPUS)


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name, _ in HISTORIES])
@pytest.mark.parametrize("figure", list(TARGETS))
def test_real_histories_meet_the_targets(corpus_figures, name, figure):
    value = corpus_figures[name][figure]
    assert value <= TARGETS[figure], (name, figure, corpus_figures[name])
