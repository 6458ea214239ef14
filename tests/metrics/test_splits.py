"""Splits and time in zones of one recording, against numbers worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from loadwatch.metrics.intensity import hr_zone_bounds, pace_zone_bounds
from loadwatch.metrics.splits import speed_zone_times, splits, zone_times
from loadwatch.units import METRES_PER_MILE


def steady(metres: float, speed: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
    """One sample a second at ``speed`` m/s until ``metres``."""
    time = np.arange(0, metres / speed + 1)
    return time, time * speed


def test_kilometre_splits_of_a_steady_run_with_a_partial_last_split():
    time, distance = steady(2500)  # 4 m/s: 250 s a kilometre
    hr = np.where(time < 100, 120.0, 150.0)
    altitude = 100 + 0.01 * distance  # 10 m a kilometre
    found = splits(time, distance, hr, altitude)
    assert found.index.tolist() == [1, 2, 3]
    assert found["distance_m"].tolist() == [1000, 1000, 500]
    assert found["time_s"].tolist() == pytest.approx([250, 250, 125])
    assert found["pace_s"].tolist() == pytest.approx([250, 250, 250])
    # 100 s at 120 and 150 s at 150: (100 x 120 + 150 x 150) / 250 = 138.
    assert found["avg_hr"].tolist() == pytest.approx([138, 150, 150])
    assert found["elevation_change_m"].tolist() == pytest.approx([10, 10, 5])


def test_mile_splits_read_the_edge_between_samples():
    time, distance = steady(2500)
    found = splits(time, distance, split_m=METRES_PER_MILE)
    assert found["distance_m"].tolist() == pytest.approx([1609.344, 890.656])
    # 1609.344 m at 4 m/s = 402.336 s, between the samples at 402 and 403 s.
    assert found["time_s"].tolist() == pytest.approx([402.336, 222.664])
    assert found["pace_s"].tolist() == pytest.approx([402.336, 402.336])
    assert found["avg_hr"].isna().all()
    assert found["elevation_change_m"].isna().all()


def test_a_pause_counts_in_no_split():
    # 500 m in 125 s, two minutes standing (the clock runs, the distance does
    # not), then 1500 m in 375 s.
    time = np.concatenate([np.arange(0, 126), np.arange(245, 621)])
    distance = np.concatenate([4 * np.arange(0, 126), 500 + 4 * np.arange(0, 376)])
    found = splits(time, distance)
    assert found["time_s"].tolist() == pytest.approx([250, 250])


def test_a_few_metres_past_the_last_whole_split_make_no_split_of_their_own():
    time, distance = steady(2004)
    assert splits(time, distance)["distance_m"].tolist() == [1000, 1000]
    time, distance = steady(2020)
    assert splits(time, distance)["distance_m"].tolist() == pytest.approx([1000, 1000, 20])


def test_no_distance_no_splits():
    assert splits(np.arange(10.0), np.zeros(10)).empty
    assert splits(np.arange(10.0), np.full(10, np.nan)).empty
    assert list(splits(np.zeros(0), np.zeros(0)).columns) == [
        "distance_m", "time_s", "pace_s", "avg_hr", "elevation_change_m"]


def test_time_in_heart_rate_zones():
    time, distance = steady(1000)  # 251 samples, the last standing for nothing
    hr = np.array([120.0] * 100 + [155.0] * 100 + [175.0] * 51)
    found = zone_times(hr, time, (140.0, 150.0, 160.0, 170.0), distance)
    assert found["seconds"].tolist() == [100, 0, 100, 0, 50]
    assert found["share"].tolist() == pytest.approx([0.4, 0, 0.4, 0, 0.2])
    assert found.loc[1, "high"] == 140
    assert np.isnan(found.loc[1, "low"])
    assert found.loc[5, "low"] == 170
    assert np.isnan(found.loc[5, "high"])


def test_a_value_on_a_bound_is_in_the_zone_above_it():
    bounds = hr_zone_bounds(None, 160.0)  # Friel: 136, 144, 152, 160
    time, distance = steady(40)
    found = zone_times(np.full(time.size, 160.0), time, bounds, distance)
    assert found["seconds"].tolist() == [0, 0, 0, 0, 10]


def test_time_in_pace_zones_from_speed():
    bounds = pace_zone_bounds(4.0)  # 3.12, 3.52, 3.8, 4.08 m/s
    time, distance = steady(300, speed=3.0)  # slower than 78% of threshold: zone 1
    found = speed_zone_times(np.full(time.size, 3.0), time, bounds, distance)
    assert found["seconds"].tolist() == [100, 0, 0, 0, 0]


def test_no_values_no_shares():
    time, distance = steady(40)
    found = zone_times(np.full(time.size, np.nan), time, (1.0, 2.0, 3.0, 4.0), distance)
    assert found["seconds"].tolist() == [0] * 5
    assert found["share"].isna().all()
