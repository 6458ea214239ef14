"""Every risk rule at its boundaries: spikes, weekly change, breaks, the ratios, the rest.

Synthetic weekly and daily frames test the weekly and daily lines; runs go
through the real load engine (``tests.riskbuild``) where the spike, the break
and the history's first month need real run times. The diary joined with load
closes the file.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from loadwatch.diary import TriagedEntry, load_context, make_entry, training_context, triage
from loadwatch.flags import EVIDENCE
from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS
from loadwatch.risk import risk_flags
from loadwatch.settings import Settings
from tests.riskbuild import flags as run_flags
from tests.riskbuild import history, reasons, weekly

SETTINGS = Settings(timezone="UTC")
MONDAY = pd.Timestamp("2026-03-02")
D0 = date(2026, 3, 2)
BASE = [40.0] * 5  # four first weeks (not judged) and a fifth: a stable base after them


def _weeks(distances=(), intensity=None, surface_km=None, changes=None, **columns):
    """Weeks as ``weekly_metrics`` makes them, from each week's km (40 unless given).

    ``intensity`` and ``surface_km`` are a mapping per week, spread over their columns.
    """
    lists = [v for v in (distances, intensity, surface_km, changes, *columns.values()) if v]
    count = max(*(len(v) for v in lists), 1) if lists else 1
    km = list(distances) or [40.0] * count
    index = pd.DatetimeIndex([MONDAY + pd.Timedelta(weeks=i) for i in range(count)],
                             name="week_start")
    computed = [np.nan] + [(b - a) / a * 100 if a > 0 else np.nan
                           for a, b in itertools.pairwise(km)]
    frame = pd.DataFrame({"change_pct": changes or computed, "distance_km": km,
                          "monotony": 1.0, "strain": 100.0, "load": 100.0, "hill_share": 0.0},
                         index=index)
    for surface, column in SURFACE_COLUMNS.items():
        frame[column] = [mix.get(surface, 0.0) for mix in surface_km or [{"road": 40.0}] * count]
    for name, column in SHARE_COLUMNS.items():
        frame[column] = [mix[name] if mix else np.nan for mix in intensity or [None] * count]
    for name, values in columns.items():
        frame[name] = list(values)
    return frame


def _days(count=42, **columns):
    """Days from MONDAY; each column a list, or a mapping of day number to value."""
    index = pd.date_range(MONDAY, periods=count, freq="D")
    frame = pd.DataFrame({"load": 0.0, "acwr_ewma": np.nan, "distance_acwr_ewma": np.nan},
                         index=index)
    for name, values in columns.items():
        if isinstance(values, dict):
            frame[name] = [values.get(i, np.nan) for i in range(count)]
        else:
            frame[name] = list(values) + [np.nan] * (count - len(values))
    return frame


NO_RUNS = pd.DataFrame({"id": [], "sport": [], "start_time": pd.to_datetime([], utc=True),
                        "distance_m": [], "spike_ratio": [], "spike_band": []})


def _flags(weeks=None, days=None, runs=NO_RUNS, diary=(), settings=SETTINGS):
    return risk_flags(runs, days if days is not None else _days(load=[0.0]),
                      weeks if weeks is not None else _weeks(), list(diary), settings)


def _rules(flags) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in flags]


def _with_change(change, base=BASE):
    """The base weeks, then a week ``change`` percent on the last of them."""
    return _weeks([*base, base[-1] * (1 + change / 100)],
                  changes=[np.nan] * len(base) + [change])


# --- weekly change ------------------------------------------------------------------

@pytest.mark.parametrize(("change", "expected"), [
    (10.0, []), (10.01, [("weekly_change_over_10", "info")]),
    (30.0, [("weekly_change_over_10", "info")]), (30.01, [("weekly_change_over_30", "high")]),
    (-50.0, []),
])
def test_weekly_change_lines_on_a_stable_base(change, expected):
    flags = _flags(_with_change(change))
    assert _rules(flags) == expected
    for item in flags:
        assert list(item.as_dict()) == ["date", "week_start", "kind", "severity", "rule",
                                        "title", "why", "evidence", "activities",
                                        "conditions", "action", "entry", "reasons",
                                        "not_a_diagnosis"]
        assert item.as_dict()["date"] == "2026-04-12"
        assert item.kind == "overuse"  # what Nielsen's and Buist's outcomes cover
        assert "stress_fracture" not in item.conditions
        assert item.action
        assert f"{change:+.0f}%" in item.why
        (reason,) = item.as_dict()["reasons"]
        assert set(reason) == {"rule", "severity", "why", "evidence"}


def test_the_30_percent_evidence_says_it_was_not_significant_and_what_it_covered():
    (item,) = _flags(_with_change(40))
    assert "p = .07" in item.evidence
    assert "not significant" in item.evidence
    assert "not stress fractures" in item.evidence
    assert "stable base" in item.why
    (ten,) = _flags(_with_change(20))
    assert "no protective effect" in ten.evidence
    assert EVIDENCE["frandsen"].count("overuse running-related injury") == 1


@pytest.mark.parametrize(("step", "severity"), [(30.0, "high"), (30.01, "caution")])
def test_a_stable_base_is_four_weeks_each_within_30_percent_of_the_one_before(step, severity):
    base = [40.0, 40.0, 40.0, 40.0, 40.0, 40.0 * (1 + step / 100)]
    changes = [np.nan] * 5 + [step]
    weeks = _weeks([*base, base[-1] * 1.4], changes=[*changes, 40.0])
    (item,) = [f for f in _flags(weeks) if f.week_start == date(2026, 4, 13)]
    assert (item.rule, item.severity) == ("weekly_change_over_30", severity)
    if severity == "caution":
        assert "not a stable base" in item.why


def test_a_week_without_running_in_the_base_is_no_stable_base():
    weeks = _weeks([40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 0.0, 40.0, 40.0, 40.0, 56.0])
    (item,) = _flags(weeks)
    assert (item.rule, item.severity) == ("weekly_change_over_30", "caution")


@pytest.mark.parametrize(("cut", "expected"), [
    (40 / 1.1, [("weekly_change_over_30", "high")]),  # exactly 10% under: no cut-back
    (36.0, [("weekly_change_over_10", "info")]),  # a cut-back: 48 is +20% on the 40 before
])
def test_after_a_cut_back_week_the_highest_of_the_four_before_is_the_reference(cut, expected):
    weeks = _weeks([40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0, cut, 48.0])
    assert _rules(_flags(weeks)) == expected


@pytest.mark.parametrize(("low", "rule"), [(10.0, "weekly_change_over_30"),
                                           (9.99, "weekly_after_low_week")])
def test_after_a_near_zero_week_the_change_is_no_percentage(low, rule):
    """Under a quarter of the four weeks before it, a week is near zero."""
    weeks = _weeks([40.0] * 8 + [low, 60.0])
    (item,) = _flags(weeks)
    assert item.rule == rule
    if rule == "weekly_after_low_week":
        assert item.severity == "caution"
        assert "%" not in item.why
        assert "20.0 km more" in item.why


@pytest.mark.parametrize(("after", "expected"), [(44.0, []), (44.01, "info"), (52.0, "info"),
                                                 (52.01, "caution")])
def test_after_a_zero_week_lines_are_on_the_highest_of_the_four_before(after, expected):
    flags = _flags(_weeks([40.0] * 8 + [0.0, after]))
    assert [f.severity for f in flags] == ([] if expected == [] else [expected])


def _diary(day: str, pain: int, **values) -> TriagedEntry:
    entry = make_entry(date=date.fromisoformat(day), pain=pain, **{"location": "outer_hip",
                                                                   **values})
    return TriagedEntry(entry, triage(entry))


def test_pain_tightens_the_lines_and_the_rule_and_sentence_quote_them():
    weeks = _with_change(26.0)  # the last week ends 2026-04-12
    (plain,) = _flags(weeks)
    assert plain.rule == "weekly_change_over_10"
    (tight,) = _flags(weeks, diary=[_diary("2026-04-05", 3)])
    assert (tight.rule, tight.severity) == ("weekly_change_over_20", "high")
    assert "over the 20% line" in tight.why
    assert "30%" not in tight.why
    assert "because you reported pain 3/10 at the outer hip on 05 Apr" in tight.why
    assert _rules(_flags(weeks, diary=[_diary("2026-04-05", 2)])) == _rules([plain])
    assert _rules(_flags(weeks, diary=[_diary("2026-03-28", 5)])) == _rules([plain])
    (five,) = _flags(_with_change(6.0), diary=[_diary("2026-04-05", 3)])
    assert (five.rule, five.severity) == ("weekly_change_over_5", "caution")


def test_with_pain_a_week_back_at_an_earlier_level_is_judged_on_the_week_before():
    weeks = _weeks([40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 30.0, 40.0])
    assert _flags(weeks) == []  # back to the level before a cut-back
    (item,) = _flags(weeks, diary=[_diary("2026-04-20", 4)])
    assert (item.rule, item.severity) == ("weekly_change_over_20", "high")
    assert "+33% on the 30.0 km of the week before" in item.why


@pytest.mark.parametrize("answer", ["prior_stress_fracture", "irregular_periods",
                                    "low_energy_availability", "low_bone_density"])
def test_each_answer_of_the_bone_stress_profile_tightens_the_lines_and_says_why(answer):
    profile = Settings(timezone="UTC", **{answer: True})
    weeks = _with_change(26.0)
    (item,) = _flags(weeks, settings=profile)
    assert (item.rule, item.severity) == ("weekly_change_over_20", "high")
    assert "your bone-stress profile says" in item.why
    assert "Bone-stress profile" in item.evidence
    assert "De Souza et al. 2014" in item.evidence
    assert "tibial_bone_stress" in item.conditions
    assert _flags(weeks, settings=Settings(timezone="UTC", **{answer: False}))[0].rule == (
        "weekly_change_over_10")


def test_the_first_four_weeks_are_not_judged_on_weekly_change():
    assert _rules(_flags(_weeks([10.0, 20.0, 40.0, 60.0]))) == [("rising_weeks", "info")]
    (item,) = [f for f in _flags(_weeks([10.0, 20.0, 40.0, 60.0, 90.0]))
               if f.week_start == date(2026, 3, 30)]
    assert (item.rule, item.severity) == ("weekly_change_over_30", "caution")  # no stable base


# --- single-run spikes ------------------------------------------------------------------

def _spike_runs(km: float, at: int = 42) -> list[tuple[date, float]]:
    """Runs of 10 km every other day, then a ``km`` run on day ``at``."""
    runs = [(D0 + timedelta(days=d), 10.0) for d in range(0, at, 2)]
    return [*runs, (D0 + timedelta(days=at), km)]


def _spike_reasons(runs) -> list[tuple[str, str]]:
    return [r for r in reasons(run_flags(history(runs))) if r[0].startswith("spike_")]


@pytest.mark.parametrize(("km", "expected"), [
    (11.0, []), (11.001, [("spike_small", "caution")]), (13.0, [("spike_small", "caution")]),
    (13.001, [("spike_moderate", "caution")]), (20.0, [("spike_moderate", "caution")]),
    (20.001, [("spike_large", "high")]),
])
def test_spike_bands_against_the_longest_of_the_30_days_before(km, expected):
    assert _spike_reasons(_spike_runs(km)) == expected


def test_a_spike_says_its_hazard_ratio_and_its_outcome():
    (item,) = [f for f in run_flags(history(_spike_runs(25.0))) if f.rule == "spike_large"]
    assert "2.50 times your longest of the 30 days before it (10.0 km)" in item.why
    assert "HRR 2.28" in item.why
    assert "overuse running-related injury" in item.evidence
    assert item.kind == "overuse"
    assert item.activities == (22,)


@pytest.mark.parametrize(("day", "expected"), [
    (29, [("spike_building_reference", "info")]), (30, [("spike_large", "high")])])
def test_in_the_first_30_days_a_spike_is_building_your_reference(day, expected):
    runs = [(D0, 5.0), (D0 + timedelta(days=10), 5.0), (D0 + timedelta(days=20), 5.0),
            (D0 + timedelta(days=day), 12.0)]
    found = _spike_reasons(runs)
    assert found == expected
    if day == 29:
        (item,) = run_flags(history(runs))
        assert "building your reference" in item.why
        assert "band" in item.why
        assert "large" not in item.why


@pytest.mark.parametrize(("last", "severity"), [(51, "high"), (52, "caution")])
def test_a_spike_on_a_thin_reference_is_one_level_lower(last, severity):
    """Three runs in the 30 days before make a reference; two are a thin one."""
    runs = [(D0 + timedelta(days=d), 5.0) for d in (0, 10, 21, 30, 40)]
    found = _spike_reasons([*runs, (D0 + timedelta(days=last), 12.0)])
    assert found == [("spike_large", severity)]


# --- breaks and the first weeks back ------------------------------------------------------

def _break_runs(days_off: int, back_weeks=(12.0, 15.0, 18.0, 20.0)) -> list:
    """Eight weeks of 30 km (the last run Sunday 26 Apr), ``days_off``, a 5 km run back."""
    before = weekly(D0, [30.0] * 8)
    back = date(2026, 4, 26) + timedelta(days=days_off + 1)
    monday = back - timedelta(days=back.weekday())
    return [*before, (back, 5.0), *(r for r in weekly(monday, back_weeks) if r[0] > back)]


@pytest.mark.parametrize(("days_off", "is_break"), [(20, False), (21, True)])
def test_three_weeks_without_a_run_is_a_break(days_off, is_break):
    found = reasons(run_flags(history(_break_runs(days_off))))
    assert (("first_weeks_back", "info") in found) is is_break


def test_the_first_week_back_compares_with_before_the_break_and_suggests_a_progression():
    flags = run_flags(history(_break_runs(35)))
    (back,) = [f for f in flags if "first_weeks_back" in f.rules]
    assert "after 35 days without running" in back.why
    assert "your biggest week was 30.0 km and your longest run 10.5 km" in back.why
    assert "Suggested: about 15.0 km a week for 3 weeks, then about 22.5 km for 2 weeks" in (
        back.why)
    assert "runningcoachcarl.com" in back.evidence
    assert not any("acwr" in rule for f in flags for rule in f.rules)  # no ratio while back


def test_a_week_back_above_the_weeks_before_the_break_is_a_caution():
    flags = run_flags(history(_break_runs(28, back_weeks=(12.0, 33.0, 20.0, 20.0))))
    (above,) = [f for f in flags if "return_above_before" in f.rules]
    assert above.severity == "caution"
    assert "Week 2 back: you ran 33.0 km" in above.why
    assert "at most 30.0 km" in above.why


def test_a_run_back_is_a_spike_against_the_longest_before_the_break():
    runs = _break_runs(28, back_weeks=(12.0,))
    runs.append((runs[-1][0] + timedelta(days=2), 22.0))  # 2.10 times the 10.5 km before
    found = [f for f in run_flags(history(runs)) if "spike_large" in f.rules]
    (item,) = found
    assert "2.10 times your longest of the 30 days before the break (10.5 km)" in item.why


# --- the acute:chronic ratios ---------------------------------------------------------------

@pytest.mark.parametrize(("peaks", "expected"), [
    ({30: 1.3}, []), ({30: 1.31}, [("distance_acwr_over_1.3", "info")]),
    ({30: 1.51, 31: 1.51}, [("distance_acwr_over_1.5", "info")]),
    ({30: 1.51, 31: 1.51, 32: 1.51}, [("distance_acwr_over_1.5", "caution")]),
])
def test_the_ratio_on_its_own_is_at_most_a_caution(peaks, expected):
    values = {day: 1.0 for day in range(28, 42)} | peaks
    assert _rules(_flags(days=_days(distance_acwr_ewma=values))) == expected


@pytest.mark.parametrize(("peaks", "words"), [
    ({30: 1.51}, "over the 1.5 line on that one day."),  # not "on 1 day in a row"
    ({30: 1.51, 31: 1.51, 32: 1.51}, "over the 1.5 line on 3 days in a row."),
])
def test_the_days_over_the_line_read_as_a_runner_says_them(peaks, words):
    values = {day: 1.0 for day in range(28, 42)} | peaks
    (flag,) = _flags(days=_days(distance_acwr_ewma=values))
    assert flag.why.endswith(words)


def test_the_ratio_is_not_judged_in_the_first_four_weeks():
    values = {day: 3.62 for day in range(20, 28)}
    assert _flags(days=_days(distance_acwr_ewma=values)) == []


def test_days_over_the_line_are_one_reason_at_their_peak_with_the_levels_beside_it():
    frames = history(_spike_runs(25.0))
    (item,) = [f for f in run_flags(frames) if "spike_large" in f.rules]
    (acwr,) = [r for r in item.reasons if r.rule.startswith("distance_acwr")]
    assert "peaked at" in acwr.why
    assert "against a base of" in acwr.why
    assert "statistical artefact" in acwr.evidence
    assert item.rule == "spike_large"  # one card for the run's week, the spike on top


def test_a_tightened_ratio_quotes_its_own_line():
    values = {day: 1.0 for day in range(28, 42)} | {30: 1.25}
    entry = _diary("2026-03-25", 4)
    (item,) = [f for f in _flags(days=_days(distance_acwr_ewma=values), diary=[entry])
               if f.rule.startswith("distance_acwr")]
    assert item.rule == "distance_acwr_over_1.2"
    assert "over the 1.2 line" in item.why
    assert "1.3" not in item.why


@pytest.mark.parametrize(("back_km", "judged"), [(8.0, False), (20.0, True)])
def test_a_chronic_level_under_half_its_recent_high_is_too_small_to_divide_by(back_km, judged):
    """Two weeks off (no break) leave the chronic level at about 0.37 of before."""
    distance = [5.0] * 42 + [0.0] * 14 + [back_km] + [0.0] * 3
    ratio = {day: 1.0 for day in range(28, 60)} | {56: 3.0, 57: 3.0, 58: 3.0}
    days = _days(60, distance_km=distance, distance_acwr_ewma=ratio)
    found = _rules(_flags(days=days))
    assert found == ([("distance_acwr_over_1.5", "caution")] if judged else [])


# --- monotony, strain, rising weeks, rest, terrain -------------------------------------------

def test_monotony_above_two_and_strain_against_history_are_info():
    assert _flags(_weeks(monotony=[2.0])) == []
    assert _rules(_flags(_weeks(monotony=[2.01]))) == [("monotony", "info")]
    history_ = [100, 110, 90, 105, 95, 100, 102, 98]
    (item,) = _flags(_weeks(strain=[*history_, 200]))
    assert (item.rule, item.severity, item.kind) == ("strain_high", "info", "overtraining")
    assert "mostly illness" in item.evidence
    assert _flags(_weeks(strain=[*history_[:7], 200])) == []  # not enough history


def test_strain_from_a_small_but_monotonous_week_is_not_high_for_you():
    # Seven alike 10-minute jogs: load 35 (usual 100), monotony 14, strain 490: the strain
    # comes from sameness alone, not from load; it once read "Strain 490, high for you".
    history_ = [100, 110, 90, 105, 95, 100, 102, 98]
    weeks = _weeks(strain=[*history_, 490], load=[100] * 8 + [35], monotony=[1.0] * 8 + [14.0])
    assert _rules(_flags(weeks)) == [("monotony", "info")]


def test_three_rising_weeks_without_a_cut_back():
    assert _rules(_flags(_weeks(changes=[np.nan, 5, 5, 5]))) == [("rising_weeks", "info")]
    assert _flags(_weeks(changes=[np.nan, 5, 5, -20, 5])) == []


def test_ten_days_without_rest():
    assert _rules(_flags(days=_days(load=[50.0] * 10))) == [("no_rest_10_days", "info")]
    assert _flags(days=_days(load=[50.0] * 9 + [0.0] + [50.0] * 9)) == []


def test_jumps_in_hills_and_hard_running():
    flags = _flags(_weeks(hill_share=[0.05, 0.05, 0.16]))
    assert _rules(flags) == [("hill_share_jump", "info")]
    assert "gluteal_tendinopathy" in flags[0].conditions
    assert _flags(_weeks(hill_share=[0.05, 0.05, 0.15])) == []  # exactly 10 points more
    easy, hard = {"easy": 0.9, "moderate": 0.05, "hard": 0.05}, {"easy": 0.6, "moderate": 0.1,
                                                                "hard": 0.3}
    assert _rules(_flags(_weeks(intensity=[easy, easy, hard]))) == [("hard_share_jump", "info")]
    hard = {"easy": 0.7, "moderate": 0.1, "hard": 0.2}
    assert _flags(_weeks(intensity=[easy, easy, hard])) == []  # exactly 15 points more


def test_abrupt_surface_change_is_a_lower_evidence_hint():
    (item,) = _flags(_weeks(surface_km=[{"road": 40}, {"road": 40},
                                        {"road": 15, "trail": 25}]))
    assert (item.rule, item.severity) == ("surface_change", "info")
    assert "lower-evidence" in item.why.lower()
    assert "Lower-evidence" in item.evidence


def test_a_switch_to_a_surface_never_run_on_before_is_a_change():
    runs = [(day, km, "road") for day, km in weekly(D0, [30.0] * 6)]
    runs += [(day, km, "trail") for day, km in weekly(D0 + timedelta(weeks=6), [30.0])]
    (item,) = [f for f in run_flags(history(runs)) if "surface_change" in f.rules]
    assert "100% of the week of 13 Apr was on trail" in item.why
    assert "a surface you had not run on in the weeks before" in item.why


# --- one card per event, and units -------------------------------------------------------------

def test_rules_of_one_week_are_one_card_with_every_reason():
    frames = history([*weekly(D0, [30.0] * 6), (D0 + timedelta(weeks=6, days=6), 25.0),
                      *weekly(D0 + timedelta(weeks=6), [32.0])])
    cards = [f for f in run_flags(frames) if f.week_start == date(2026, 4, 13)]
    (card,) = cards
    assert card.severity == "high"
    assert card.rule == "spike_large"
    rules = [r.rule for r in card.reasons]
    assert rules[0] == "spike_large"
    assert "weekly_change_over_30" in rules
    assert card.why.startswith(card.reasons[0].why)
    assert all(r.why in card.why for r in card.reasons)
    assert [r["rule"] for r in card.as_dict()["reasons"]] == rules
    assert card.evidence.count(EVIDENCE["frandsen"]) == 1


def test_every_sentence_of_every_card_is_in_the_athletes_units():
    miles = Settings(timezone="UTC", units="mi")
    runs = _break_runs(28, back_weeks=(12.0, 33.0, 20.0, 20.0))
    runs.append((runs[-1][0] + timedelta(days=2), 40.0))
    found = run_flags(history(runs, settings=miles))
    assert found
    for item in found:
        assert " km" not in item.why, item.why
        assert " km" not in item.title
        assert all(" km" not in r.why for r in item.reasons)
    assert any(" mi" in f.why for f in found)


def _in_context(day: str, pain: int, weeks=None, runs=NO_RUNS, timezone="UTC",
                **values) -> TriagedEntry:
    """An entry triaged with the training before it, as the service triages it."""
    entry = make_entry(date=date.fromisoformat(day), pain=pain, **values)
    context = training_context(entry.date, weeks if weeks is not None else _weeks(), runs,
                               timezone)
    return TriagedEntry(entry, triage(entry, context))


def test_bone_stress_symptoms_during_a_ramp_are_urgent():
    weeks = _weeks([40.0, 46.0])  # the week of 2026-03-09 went up 15%
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
    flags = _flags(_with_change(40.0), diary=[entry])
    assert flags[0].severity == "urgent"
    assert flags[0].rule == "red_flag_cannot_bear_weight"
    assert flags[1].severity == "high"


def test_load_context_before_an_entry():
    days = _days(distance_acwr_ewma=[1.0, 1.55, 1.6, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    text = load_context(date(2026, 3, 12), days)
    assert text == "began 9 days after distance ACWR passed 1.5 (on 03 Mar, peak 1.60)"
    assert load_context(date(2026, 3, 12), _days(distance_acwr_ewma=[1.0] * 11)) is None


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
    assert len(every) >= 8
    for since in pd.date_range("2026-07-01", "2026-10-31", freq="5D").date:
        expected = [f for f in every if not f.date or f.date >= since]
        assert risk_flags(view.activities, view.days, view.weeks, diary, view.settings,
                          since) == expected, since
