"""ACWR three ways, zones, monotony and strain, fitness and fatigue, by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from loadwatch.metrics.ratios import (
    acwr_coupled,
    acwr_ewma,
    acwr_uncoupled,
    acwr_zone,
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


def test_ewma_ratio_seeded_with_the_first_day():
    # Both averages start at 10 and stay there for 21 days. After k days at 20,
    # E = 20 - 10 (1 - lambda)^k: lambda = 2/8 acute, 2/29 chronic, k = 7.
    acute = 20 - 10 * (1 - 2 / 8) ** 7
    chronic = 20 - 10 * (1 - 2 / 29) ** 7
    assert acwr_ewma(LOADS).iloc[27] == pytest.approx(acute / chronic)  # about 1.339


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


def test_fitness_fatigue_form_and_ramp():
    days = _daily([100.0] + [0.0] * 7)
    pmc = performance(days)
    ctl0 = 100 * (1 - math.exp(-1 / 42))  # zero day before: CTL_-1 = 0
    atl0 = 100 * (1 - math.exp(-1 / 7))
    assert pmc["ctl"].iloc[0] == pytest.approx(ctl0)
    assert pmc["atl"].iloc[0] == pytest.approx(atl0)
    assert pmc["ctl"].iloc[1] == pytest.approx(ctl0 * math.exp(-1 / 42))
    assert pmc["tsb"].iloc[0] == 0  # CTL_-1 - ATL_-1
    assert pmc["tsb"].iloc[1] == pytest.approx(ctl0 - atl0)  # yesterday's, about -10.96
    assert pmc["ramp"].iloc[0] == pytest.approx(ctl0)  # CTL_0 - CTL_-7 (= 0)
    assert pmc["ramp"].iloc[7] == pytest.approx(ctl0 * math.exp(-7 / 42) - ctl0)
