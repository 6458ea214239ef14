"""Risk rules at their boundaries, and the diary joined with load."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from loadwatch.diary import TriagedEntry, load_context, make_entry, training_context, triage
from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS
from loadwatch.risk import risk_flags
from loadwatch.settings import Settings

SETTINGS = Settings(timezone="UTC")
MONDAY = pd.Timestamp("2026-03-02")


def _weeks(changes=(), intensity=None, surface_km=None, **columns) -> pd.DataFrame:
    """Weeks as ``weekly_metrics`` makes them; ``intensity`` and ``surface_km`` as a
    mapping per week, spread over their tidy columns.
    """
    lists = [v for v in (changes, intensity, surface_km, *columns.values()) if v]
    count = max(*(len(v) for v in lists), 1) if lists else 1
    index = pd.DatetimeIndex([MONDAY + pd.Timedelta(weeks=i) for i in range(count)],
                             name="week_start")
    frame = pd.DataFrame({"change_pct": list(changes) or [np.nan] * count,
                          "distance_km": 40.0, "monotony": 1.0, "strain": 100.0,
                          "hill_share": 0.0}, index=index)
    for surface, column in SURFACE_COLUMNS.items():
        frame[column] = [mix.get(surface, 0.0) for mix in surface_km or [{"road": 40.0}] * count]
    for name, column in SHARE_COLUMNS.items():
        frame[column] = [mix[name] if mix else np.nan for mix in intensity or [None] * count]
    for name, values in columns.items():
        frame[name] = list(values)
    return frame


def _days(**columns) -> pd.DataFrame:
    count = max(len(v) for v in columns.values())
    index = pd.date_range(MONDAY, periods=count, freq="D")
    frame = pd.DataFrame({"load": 0.0, "acwr_ewma": np.nan, "distance_acwr_ewma": np.nan},
                         index=index)
    for name, values in columns.items():
        frame[name] = list(values)
    return frame


NO_RUNS = pd.DataFrame({"id": [], "sport": [], "start_time": pd.to_datetime([], utc=True),
                        "distance_m": [], "spike_ratio": [], "spike_band": []})


def _flags(weeks=None, days=None, runs=NO_RUNS, diary=()):
    return risk_flags(runs, days if days is not None else _days(load=[0.0]),
                      weeks if weeks is not None else _weeks(), list(diary), SETTINGS)


def _rules(flags) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in flags]


@pytest.mark.parametrize(("change", "expected"), [
    (10.0, []), (10.01, [("weekly_change_over_10", "caution")]),
    (30.0, [("weekly_change_over_10", "caution")]), (30.01, [("weekly_change_over_30", "high")]),
    (-50.0, []),
])
def test_weekly_change_rules(change, expected):
    flags = _flags(_weeks([np.nan, change]))
    assert _rules(flags) == expected
    for item in flags:
        assert list(item.as_dict()) == ["date", "week_start", "kind", "severity", "rule",
                                        "title", "why", "evidence", "activities",
                                        "conditions", "action", "entry",
                                        "not_a_diagnosis"]
        assert item.as_dict()["date"] == "2026-03-15"
        assert item.kind == "stress_fracture"
        assert item.conditions == ("stress_fracture",)
        assert item.evidence
        assert item.action
        assert f"{change:+.0f}%" in item.why


def _diary(day: str, pain: int, **values) -> TriagedEntry:
    entry = make_entry(date=date.fromisoformat(day), pain=pain, **{"location": "outer_hip",
                                                                   **values})
    return TriagedEntry(entry, triage(entry))


def test_pain_tightens_the_thresholds_and_says_so():
    weeks = _weeks([np.nan, 6.0])  # the second week ends 2026-03-15
    assert _flags(weeks) == []
    flags = _flags(weeks, diary=[_diary("2026-03-10", 3)])
    assert _rules(flags) == [("weekly_change_over_10", "caution")]
    assert "tightened because you reported pain 3/10 at the outer hip" in flags[0].why
    assert _flags(weeks, diary=[_diary("2026-03-10", 2)]) == []  # below 3/10: no change
    assert _flags(weeks, diary=[_diary("2026-02-27", 5)]) == []  # over 14 days before


def test_spike_bands():
    runs = pd.DataFrame({"id": [1, 2, 3, 4], "sport": "running",
                         "start_time": pd.to_datetime(["2026-03-02"] * 4, utc=True),
                         "distance_m": 10_000.0, "spike_ratio": [1.1, 1.2, 1.5, 2.2],
                         "spike_band": ["reference", "small", "moderate", "large"]})
    assert sorted(_rules(_flags(runs=runs))) == [("spike_large", "high"),
                                                 ("spike_moderate", "caution"),
                                                 ("spike_small", "info")]


@pytest.mark.parametrize(("peak", "expected"), [
    (1.3, []), (1.31, [("distance_acwr_caution", "caution")]),
    (1.5, [("distance_acwr_caution", "caution")]), (1.51, [("distance_acwr_high", "high")]),
])
def test_distance_acwr_zones(peak, expected):
    assert _rules(_flags(days=_days(distance_acwr_ewma=[1.0, peak, 1.0]))) == expected


def test_days_in_a_row_above_the_line_are_one_flag_at_their_peak():
    (item,) = _flags(days=_days(distance_acwr_ewma=[1.0, 1.4, 1.6, 1.45, 1.0]))
    assert (item.rule, item.date) == ("distance_acwr_high", date(2026, 3, 4))
    assert "peaked at 1.60" in item.why


def test_load_acwr_is_an_overuse_flag():
    (item,) = _flags(days=_days(acwr_ewma=[1.0, 1.6, 1.0]))
    assert (item.kind, item.rule, item.severity) == ("overuse", "load_acwr_high", "high")
    assert "contested" in item.evidence


def test_monotony_above_two_and_strain_against_history():
    assert _flags(_weeks(monotony=[2.0])) == []
    assert _rules(_flags(_weeks(monotony=[2.01]))) == [("monotony", "caution")]
    history = [100, 110, 90, 105, 95, 100, 102, 98]
    assert _rules(_flags(_weeks(strain=[*history, 200]))) == [("strain_high", "caution")]
    assert _flags(_weeks(strain=[*history[:7], 200])) == []  # not enough history


def test_three_rising_weeks_without_a_cut_back():
    assert _rules(_flags(_weeks([np.nan, 5, 5, 5]))) == [("rising_weeks", "caution")]
    assert _flags(_weeks([np.nan, 5, 5, -20, 5])) == []


def test_ten_days_without_rest():
    assert _rules(_flags(days=_days(load=[50.0] * 10))) == [("no_rest_10_days", "caution")]
    assert _flags(days=_days(load=[50.0] * 9 + [0.0] + [50.0] * 9)) == []


def test_jumps_in_hills_and_hard_running():
    flags = _flags(_weeks(hill_share=[0.05, 0.05, 0.16]))
    assert _rules(flags) == [("hill_share_jump", "caution")]
    assert "gluteal_tendinopathy" in flags[0].conditions
    assert _flags(_weeks(hill_share=[0.05, 0.05, 0.15])) == []  # exactly 10 points more
    easy, hard = {"easy": 0.9, "moderate": 0.05, "hard": 0.05}, {"easy": 0.6, "moderate": 0.1,
                                                                "hard": 0.3}
    assert _rules(_flags(_weeks(intensity=[easy, easy, hard]))) == [("hard_share_jump",
                                                                     "caution")]


def test_abrupt_surface_change_is_a_lower_evidence_hint():
    (item,) = _flags(_weeks(surface_km=[{"road": 40}, {"road": 40},
                                        {"road": 15, "trail": 25}]))
    assert (item.rule, item.severity) == ("surface_change", "info")
    assert "lower-evidence" in item.why.lower()
    assert "Lower-evidence" in item.evidence


def _in_context(day: str, pain: int, weeks=None, runs=NO_RUNS, timezone="UTC",
                **values) -> TriagedEntry:
    """An entry triaged with the training before it, as the service triages it."""
    entry = make_entry(date=date.fromisoformat(day), pain=pain, **values)
    context = training_context(entry.date, weeks if weeks is not None else _weeks(), runs,
                               timezone)
    return TriagedEntry(entry, triage(entry, context))


def test_bone_stress_symptoms_during_a_ramp_are_urgent():
    weeks = _weeks([np.nan, 15.0])  # the week of 2026-03-09 went up 15%
    entry = _in_context("2026-03-20", 4, weeks, location="groin", when=("walking",))
    assert entry.triage.urgency == "urgent"  # the diary says what the risk flag says
    flags = _flags(weeks, diary=[entry])
    assert flags[0].rule == "bone_stress_during_ramp"
    assert flags[0].severity == "urgent"
    assert "+15% (week of 09 Mar)" in flags[0].why
    late = _in_context("2026-03-31", 4, weeks, location="groin", when=("walking",))
    assert late.triage.urgency == "see_clinician"  # 16 days after: a visit, not urgent
    late_flags = _flags(weeks, diary=[late])
    assert ("red_flag_bone_stress_pattern", "high") in _rules(late_flags)  # on the Overview


def test_a_large_spike_makes_bone_stress_symptoms_urgent_too():
    runs = pd.DataFrame({"id": [7], "sport": "running",
                         "start_time": pd.to_datetime(["2026-03-05 08:00"], utc=True),
                         "distance_m": 30_000.0, "spike_ratio": [2.1], "spike_band": ["large"]})
    entry = _in_context("2026-03-12", 3, runs=runs, location="groin", when=("at_night",))
    flags = _flags(runs=runs, diary=[entry])
    assert flags[0].rule == "bone_stress_during_ramp"
    assert "large single-run spike on 05 Mar (2.10 times" in flags[0].why


def test_the_14_days_are_local_days():
    """A run 14 local days before the entry counts, wherever the runner lives."""
    # 06:00 on 6 March in Auckland is 17:00 on 5 March UTC.
    runs = pd.DataFrame({"id": [7], "sport": "running",
                         "start_time": pd.to_datetime(["2026-03-05 17:00"], utc=True),
                         "distance_m": 30_000.0, "spike_ratio": [2.1], "spike_band": ["large"]})
    auckland = _in_context("2026-03-20", 3, runs=runs, timezone="Pacific/Auckland",
                           location="shin_inner", when=("hopping",))
    assert auckland.triage.urgency == "urgent"
    assert "spike on 06 Mar" in auckland.triage.context.ramp
    utc = _in_context("2026-03-20", 3, runs=runs, location="shin_inner", when=("hopping",))
    assert utc.triage.urgency == "see_clinician"  # 15 UTC days: outside


def test_running_on_after_a_stop_running_entry_escalates():
    runs = pd.DataFrame({"id": [1, 2, 3], "sport": "running",
                         "start_time": pd.to_datetime(["2026-03-09 07:00", "2026-03-12 07:00",
                                                       "2026-03-20 07:00"], utc=True),
                         "distance_m": 8_000.0, "spike_ratio": [1.0] * 3,
                         "spike_band": ["reference"] * 3})
    told = _in_context("2026-03-10", 3, location="shin_inner", signs=("bone_tenderness",))
    (stop,) = [f for f in _flags(runs=runs, diary=[told]) if f.rule == "running_after_stop"]
    assert (stop.severity, stop.date, stop.activities) == ("high", date(2026, 3, 12), (2, 3))
    assert "entry of 10 Mar" in stop.why
    assert "12 Mar, 20 Mar" in stop.why
    settled = _in_context("2026-03-15", 0, location="shin_inner")  # a later entry: no signs
    (stop,) = [f for f in _flags(runs=runs, diary=[told, settled])
               if f.rule == "running_after_stop"]
    assert stop.activities == (2,)  # the run after the all-clear is not flagged


def test_red_flags_come_first_as_urgent_flags():
    entry = _diary("2026-03-03", 5, location="groin", signs=("cannot_bear_weight",))
    flags = _flags(_weeks([np.nan, 40.0]), diary=[entry])
    assert flags[0].severity == "urgent"
    assert flags[0].rule == "red_flag_cannot_bear_weight"
    assert flags[1].severity == "high"


def test_load_context_before_an_entry():
    days = _days(distance_acwr_ewma=[1.0, 1.55, 1.6, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    text = load_context(date(2026, 3, 12), days)
    assert text == "began 9 days after distance ACWR passed 1.5 (on 03 Mar, peak 1.60)"
    assert load_context(date(2026, 3, 12), _days(distance_acwr_ewma=[1.0] * 11)) is None


def test_hard_share_jump_boundary_and_load_acwr_caution():
    easy, hard = {"easy": 0.9, "moderate": 0.05, "hard": 0.05}, {"easy": 0.7, "moderate": 0.1,
                                                                "hard": 0.2}
    assert _flags(_weeks(intensity=[easy, easy, hard])) == []  # exactly 15 points more
    (item,) = _flags(days=_days(acwr_ewma=[1.0, 1.4, 1.0]))
    assert (item.rule, item.severity) == ("load_acwr_caution", "caution")


def test_flags_since_a_day_are_the_full_list_from_that_day(tmp_path):
    from loadwatch.service.imports import import_paths
    from loadwatch.service.reports import diary_view, training
    from loadwatch.store import Store
    from tests.conftest import SAMPLE_RUNS

    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        import_paths(store, athlete="me", paths=[SAMPLE_RUNS.parent], workers=1)
        view = training(store, athlete="me", today=date(2026, 11, 1))
        diary = diary_view(store, athlete="me", view=view)
    every = risk_flags(view.activities, view.days, view.weeks, diary, view.settings)
    assert len(every) > 10
    for since in pd.date_range("2026-07-01", "2026-10-31", freq="5D").date:
        expected = [f for f in every if not f.date or f.date >= since]
        assert risk_flags(view.activities, view.days, view.weeks, diary, view.settings,
                          since) == expected, since
