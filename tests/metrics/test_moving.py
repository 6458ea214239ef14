"""Moving or paused, from the speed between samples and the file's own sampling."""

from __future__ import annotations

import numpy as np
import pytest

from loadwatch.metrics.moving import (
    MIN_PAUSE_S,
    longest_step,
    moving_durations,
    moving_seconds,
    moving_steps,
    sampling_interval,
)
from loadwatch.metrics.profile import activity_profile


def test_sampling_interval_is_the_median_step():
    assert sampling_interval(np.array([0.0, 60, 121, 181, 1200])) == 60.5
    assert sampling_interval(np.array([5.0, np.nan, 0, 1, 2])) == 1.0
    assert sampling_interval(np.array([3.0])) is None


def test_longest_step_follows_the_sampling_but_never_below_a_minute():
    assert longest_step(np.arange(0.0, 600)) == MIN_PAUSE_S
    assert longest_step(np.arange(0.0, 6000, 60)) == 180.0


def test_a_point_a_minute_at_running_pace_is_all_moving():
    time = np.arange(0.0, 3601, 60)
    assert moving_seconds(time, 3.0 * time) == 3600.0


def test_standing_still_between_points_is_a_pause():
    time = np.arange(0.0, 1201)
    distance = np.where(time < 600, 3.0 * time, np.where(time < 900, 1800.0, 3.0 * (time - 300)))
    # The speed window reaches 5 s into the stop at each edge.
    assert moving_seconds(time, distance) == pytest.approx(900, abs=10)


def test_a_distance_updated_every_few_seconds_is_no_pause():
    time = np.arange(0.0, 601)
    distance = 3.0 * (time // 5 * 5)  # a footpod writing every 5 s
    assert moving_seconds(time, distance) == 600.0


@pytest.mark.parametrize("distance", [None, "zeros", "nan"])
def test_without_a_moving_distance_only_long_gaps_pause(distance):
    # Indoor rides and pool swims: heart rate every second, distance 0 or missing.
    time = np.concatenate([np.arange(0.0, 600), np.arange(1200.0, 1800)])
    values = {None: None, "zeros": np.zeros(time.size), "nan": np.full(time.size, np.nan)}
    assert moving_seconds(time, values[distance]) == 1198.0


def test_steps_backwards_or_without_time_do_not_count():
    time = np.array([0.0, 10, 5, np.nan, 20])
    assert moving_steps(time).tolist() == [True, False, False, False]
    assert moving_durations(time).tolist() == [10.0, 0.0, 0.0, 0.0, 0.0]
    assert moving_seconds(np.array([1.0])) is None


def test_profile_counts_each_sparse_point_for_its_minute():
    time = np.arange(0.0, 3601, 60)
    samples = {"time": time, "distance": 3.0 * time, "heart_rate": np.full(time.size, 150.0),
               "altitude": np.full(time.size, 30.0), "speed": np.full(time.size, 3.0)}
    profile = activity_profile(samples, sub_sport=None, name="Run", distance_m=10800.0,
                               timer_s=3600.0)
    assert profile["hr_seconds"] == {150.0: 3600.0}
    assert profile["ngp_speed"] == pytest.approx(3.0)
    assert profile["gap_speed"] == pytest.approx(3.0)
