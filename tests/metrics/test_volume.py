"""Weekly distance, the 10% rule, Nielsen's bands and Frandsen's spikes, by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from loadwatch.metrics.volume import run_spikes, weekly_volume


def _weeks(*metres: float) -> pd.DataFrame:
    """One run a week, on Mondays from 2026-01-05, with the given distances (m)."""
    days = pd.date_range("2026-01-05", periods=7 * len(metres), freq="D")
    daily = pd.Series(0.0, index=days)
    for week, distance in enumerate(metres):
        daily.iloc[7 * week] = distance
    return weekly_volume(daily)


def test_weekly_change_bands_and_the_10_percent_rule():
    weeks = _weeks(10_000, 11_000, 12_100, 0, 5_000, 16_500)
    # week 1: no week before it: change, band and verdict are null
    assert math.isnan(weeks["change_pct"].iloc[0])
    assert pd.isna(weeks["band"].iloc[0])
    assert pd.isna(weeks["exceeds_10pct"].iloc[0])
    # week 2: (11000 - 10000) / 10000 * 100 = 10 exactly: on the boundary, not above it
    assert weeks["change_pct"].iloc[1] == 10
    assert weeks["band"].iloc[1] == "<10%"
    assert weeks["exceeds_10pct"].tolist()[1] is False
    # week 3: (12100 - 11000) / 11000 * 100 = 10 exactly; in floating point
    # 1100 / 11000 * 100 is 10.000000000000002, which must not count as > 10
    assert weeks["band"].iloc[2] == "<10%"
    assert weeks["exceeds_10pct"].tolist()[2] is False
    # week 4: (0 - 12100) / 12100 * 100 = -100: regression
    assert weeks["change_pct"].iloc[3] == -100
    assert weeks["band"].iloc[3] == "regression"
    # week 5: the week before was 0: undefined, never infinite
    assert math.isnan(weeks["change_pct"].iloc[4])
    assert pd.isna(weeks["band"].iloc[4])
    # week 6: (16500 - 5000) / 5000 * 100 = 230: above 30%
    assert weeks["change_pct"].iloc[5] == 230
    assert weeks["band"].iloc[5] == ">30%"
    assert weeks["exceeds_10pct"].tolist()[5] is True


@pytest.mark.parametrize(("before", "after", "band"), [
    (10_000, 10_000, "<10%"),  # an unchanged week is no regression
    (10_000, 10_001, "<10%"),  # 0.01%
    (10_000, 11_001, "10-30%"),  # 10.01%
    (10_000, 13_000, "10-30%"),  # 30% exactly: not above 30
    (10_000, 13_001, ">30%"),  # 30.01%
])
def test_band_boundaries(before, after, band):
    assert _weeks(before, after)["band"].iloc[1] == band


def test_each_week_against_the_mean_of_the_four_before():
    weeks = _weeks(10_000, 11_000, 12_100, 0, 5_000, 16_500)
    assert weeks["vs_4wk_avg_pct"].iloc[:4].isna().all()  # fewer than four weeks before
    # week 5: mean(10000, 11000, 12100, 0) = 8275; (5000 - 8275) / 8275 * 100
    assert weeks["vs_4wk_avg_pct"].iloc[4] == pytest.approx((5000 - 8275) / 8275 * 100)
    # week 6: mean(11000, 12100, 0, 5000) = 7025; (16500 - 7025) / 7025 * 100
    assert weeks["vs_4wk_avg_pct"].iloc[5] == pytest.approx((16500 - 7025) / 7025 * 100)


def test_weeks_can_start_on_sunday():
    days = pd.date_range("2026-01-04", periods=14, freq="D")  # 2026-01-04 is a Sunday
    weeks = weekly_volume(pd.Series(1000.0, index=days), week_start="sunday")
    assert list(weeks.index) == [pd.Timestamp("2026-01-04"), pd.Timestamp("2026-01-11")]
    assert list(weeks["distance_m"]) == [7000.0, 7000.0]


def _runs(*rows: tuple[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"start_time": pd.to_datetime([r[0] for r in rows], utc=True),
                         "distance_m": [r[1] for r in rows]})


def test_single_run_spikes_against_the_longest_run_of_the_30_days_before():
    spikes = run_spikes(_runs(
        ("2026-01-01 09:00", 10_000),  # nothing before it: no ratio
        ("2026-01-11 09:00", 11_000),  # 11000 / 10000 = 1.10 exactly: reference
        ("2026-01-21 09:00", 14_300),  # 14300 / 11000 = 1.30 exactly: small
        ("2026-01-30 09:00", 28_600),  # 28600 / 14300 = 2.00 exactly: moderate
        ("2026-03-01 09:00", 5_000),  # window starts 2026-01-30 09:00, included: 5000/28600
        ("2026-03-31 10:00", 60_000),  # window from 2026-03-01 10:00: nothing in it
    ))
    assert math.isnan(spikes["spike_ratio"].iloc[0])
    assert pd.isna(spikes["spike_band"].iloc[0])
    assert spikes["spike_ratio"].iloc[1] == pytest.approx(1.1)
    assert list(spikes["spike_band"].iloc[1:5]) == ["reference", "small", "moderate", "reference"]
    assert spikes["spike_ratio"].iloc[4] == pytest.approx(5000 / 28600)
    assert math.isnan(spikes["spike_ratio"].iloc[5])


def test_spike_just_above_two_is_large_and_same_day_runs_do_not_count():
    spikes = run_spikes(_runs(("2026-01-01 09:00", 10_000), ("2026-01-02 09:00", 20_001),
                              ("2026-01-02 09:00", 500)))
    assert spikes["spike_band"].iloc[1] == "large"  # 20001 / 10000 = 2.0001
    # the 500 m run started at the same moment: only the 10 km is before it
    assert spikes["spike_ratio"].iloc[2] == pytest.approx(0.05)


def _spikes_by_definition(runs: pd.DataFrame) -> list[tuple[float | None, str | None]]:
    """Frandsen's spike, straight from its definition: run by run, in Fractions."""
    from fractions import Fraction

    from loadwatch.metrics.volume import spike_band

    result = []
    for _, run in runs.iterrows():
        window = runs[(runs["start_time"] >= run["start_time"] - pd.Timedelta(days=30))
                      & (runs["start_time"] < run["start_time"])]
        longest = round(window["distance_m"].max()) if len(window) else 0
        spike = Fraction(round(run["distance_m"]), longest) if longest else None
        result.append((None if spike is None else float(spike), spike_band(spike)))
    return result


def test_spikes_match_their_definition_on_random_histories():
    rng = np.random.default_rng(5)
    for _ in range(60):
        count = int(rng.integers(1, 60))
        seconds = np.sort(rng.integers(0, 120 * 86_400, count))
        starts = pd.Timestamp("2025-01-01", tz="UTC") + pd.to_timedelta(seconds, unit="s")
        # Boundary distances: 11 and 13 tenths of 10 km, double, and half-metres.
        distances = rng.choice([10_000.0, 11_000.0, 13_000.0, 20_000.0, 12_999.5, 5_000.5,
                                *rng.uniform(1_000, 30_000, 6)], count)
        runs = pd.DataFrame({"start_time": starts, "distance_m": distances})
        spikes = run_spikes(runs)
        got = [(None if pd.isna(r) else r, b if isinstance(b, str) else None) for r, b in
               zip(spikes["spike_ratio"], spikes["spike_band"], strict=True)]
        assert got == _spikes_by_definition(runs)
