"""ACWR three ways, zones, monotony and strain, fitness and fatigue.

Reference numbers, not the code typed again: Williams et al. 2017 (BJSM
51:209-210) give the EWMA decay lambda = 2 / (N + 1), 0.25 for the 7-day acute
and 0.069 for the 28-day chronic average; Coggan's performance-management
chart (TrainingPeaks; GoldenCheetah's PMC) uses time constants of 42 days for
fitness (CTL) and 7 for fatigue (ATL), so a steady daily load reaches 1 - 1/e
(63.2%) of itself after one time constant, and form (TSB) is yesterday's
fitness minus yesterday's fatigue. Gabbett 2016 (BJSM 50:273-280) defines the
coupled ratio as the week's load over the four-week average; Lolli et al.
2019 (BJSM 53:921-922) take the acute week out of the chronic one.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from loadwatch.metrics.ratios import (
    acwr_coupled,
    acwr_ewma,
    acwr_uncoupled,
    acwr_zone,
    ewma,
    monotony_and_strain,
    performance,
)


def _daily(values: list[float], start: str = "2026-01-05") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"),
                     dtype=float)


LOADS = _daily([10.0] * 21 + [20.0] * 7)  # three weeks at 10 a day, then a week at 20


def test_ratios_are_null_until_the_series_holds_28_days():
    for ratio in (acwr_coupled, acwr_uncoupled, acwr_ewma):
        values = ratio(LOADS)
        assert values.iloc[:27].isna().all()
        assert not math.isnan(values.iloc[27])


def test_coupled_and_uncoupled_rolling_ratios():
    # A = 7 x 20 = 140; C28 = 21 x 10 + 140 = 350
    assert acwr_coupled(LOADS).iloc[27] == pytest.approx(140 / (350 / 4))  # = 1.6
    assert acwr_uncoupled(LOADS).iloc[27] == pytest.approx(140 / ((350 - 140) / 3))  # = 2.0


def test_ewma_decay_constants_of_williams_et_al():
    # A first load of 100 after a zero day: each average moves by its lambda.
    step = _daily([0.0, 100.0])
    assert ewma(step, 7).iloc[1] == pytest.approx(25.0)  # lambda_a = 0.25
    assert ewma(step, 28).iloc[1] == pytest.approx(6.9, abs=0.01)  # lambda_c = 0.069


def test_ewma_ratio_of_a_steady_load_is_one():
    # Both averages are seeded with the first day (Williams et al.): a load that
    # never changes has an acute:chronic ratio of exactly 1.
    assert acwr_ewma(_daily([40.0] * 30)).iloc[27:].tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_uncoupled_follows_from_coupled():
    # With A the acute week and C28 the four weeks, coupled r = 4A / C28 and
    # uncoupled u = 3A / (C28 - A), so u = 3r / (4 - r): 1.6 coupled is 2.0.
    coupled, uncoupled = acwr_coupled(LOADS).iloc[27], acwr_uncoupled(LOADS).iloc[27]
    assert uncoupled == pytest.approx(3 * coupled / (4 - coupled))


def test_a_zero_denominator_gives_no_ratio():
    zeros = _daily([0.0] * 30)
    assert acwr_coupled(zeros).isna().all()
    assert acwr_ewma(zeros).isna().all()
    # Uncoupled: 28 days whose only load is in the last 7 leaves C28 - A = 0.
    assert math.isnan(acwr_uncoupled(_daily([0.0] * 21 + [5.0] * 7)).iloc[27])


@pytest.mark.parametrize(("ratio", "zone"), [
    (0.79, "low"), (0.8, "sweet spot"), (1.3, "sweet spot"), (13 / 10, "sweet spot"),
    (1.3000001, "caution"), (1.5, "caution"), (1.5000001, "danger"), (None, None),
    (float("nan"), None),
])
def test_acwr_zones(ratio, zone):
    assert acwr_zone(ratio) == zone


def test_monotony_and_strain_of_a_week():
    week = _daily([0, 60, 0, 60, 0, 60, 30])  # 2026-01-05 is a Monday
    result = monotony_and_strain(week, today=pd.Timestamp("2026-02-01"))
    # mean = 210 / 7 = 30; deviations -30, 30, -30, 30, -30, 30, 0: variance 5400 / 7
    monotony = 30 / math.sqrt(5400 / 7)  # about 1.080
    assert result["load"].iloc[0] == 210
    assert result["monotony"].iloc[0] == pytest.approx(monotony)
    assert result["strain"].iloc[0] == pytest.approx(210 * monotony)


def test_monotony_of_equal_days_and_of_an_unfinished_week_is_null():
    equal = monotony_and_strain(_daily([10] * 7), today=pd.Timestamp("2026-02-01"))
    assert math.isnan(equal["monotony"].iloc[0])  # SD 0
    unfinished = monotony_and_strain(_daily([10, 20, 30]), today=pd.Timestamp("2026-01-07"))
    assert math.isnan(unfinished["monotony"].iloc[0])
    assert unfinished["load"].iloc[0] == 60


def test_first_week_counts_the_days_before_the_first_activity_as_rest():
    # The series starts on a Wednesday: Monday and Tuesday are rest (0).
    week = monotony_and_strain(_daily([70, 0, 0, 0, 0], start="2026-01-07"),
                               today=pd.Timestamp("2026-02-01"))
    # loads 0, 0, 70, 0, 0, 0, 0: mean 10, variance (6 x 100 + 3600) / 7 = 600
    assert week["monotony"].iloc[0] == pytest.approx(10 / math.sqrt(600))


def test_fitness_and_fatigue_time_constants_of_coggan():
    # One time constant of a steady 100 points a day from nothing: 63.2 each.
    steady = performance(_daily([100.0] * 42))
    assert steady["ctl"].iloc[41] == pytest.approx(100 * (1 - math.exp(-1)))  # 63.2
    assert steady["atl"].iloc[6] == pytest.approx(63.2, abs=0.05)
    # ... and one time constant of rest takes each back to 36.8% of its level.
    resting = performance(_daily([100.0] * 42 + [0.0] * 42))
    assert resting["ctl"].iloc[83] == pytest.approx(resting["ctl"].iloc[41] * math.exp(-1))
    assert resting["atl"].iloc[48] == pytest.approx(resting["atl"].iloc[41] * math.exp(-1))


def test_form_is_yesterdays_fitness_minus_fatigue_and_ramp_a_weeks_change():
    pmc = performance(_daily([100.0] + [0.0] * 7))
    assert pmc["tsb"].iloc[0] == 0  # the day before the first activity: nothing yet
    for day in range(1, 8):
        assert pmc["tsb"].iloc[day] == pytest.approx(pmc["ctl"].iloc[day - 1]
                                                     - pmc["atl"].iloc[day - 1])
    assert pmc["ramp"].iloc[0] == pytest.approx(pmc["ctl"].iloc[0])  # CTL a week before: 0
    assert pmc["ramp"].iloc[7] == pytest.approx(pmc["ctl"].iloc[7] - pmc["ctl"].iloc[0])
