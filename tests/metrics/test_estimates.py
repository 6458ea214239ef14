"""Settings estimated from runs, checked against numbers worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from loadwatch.metrics.estimates import (
    Effort,
    best_effort,
    estimate,
    per_second,
    sustained_peak,
)


def test_samples_hold_their_value_until_the_next_one():
    seconds, series = per_second(np.array([6.0, 0.0, 3.0]), np.array([160.0, 140.0, 150.0]))
    assert seconds.tolist() == [0, 1, 2, 3, 4, 5, 6]
    assert series.tolist() == [140, 140, 140, 150, 150, 150, 160]


def test_a_long_step_leaves_its_seconds_unknown():
    seconds, series = per_second(np.array([0.0, 3.0, 20.0, 21.0]),
                                 np.array([140.0, 150.0, 160.0, np.nan]))
    # The NaN sample is dropped: 20 s is the last known second; 3 -> 20 is a 17 s step.
    assert seconds.tolist() == list(range(21))
    assert series[:3].tolist() == [140, 140, 140]
    assert np.isnan(series[3:20]).all()
    assert series[20] == 160


def test_nothing_known_is_an_empty_series():
    seconds, series = per_second(np.array([0.0, 1.0]), np.array([np.nan, np.nan]))
    assert seconds.size == series.size == 0


def one_hertz(values: list[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    """A sample a second: ``(count, bpm)`` runs one after the other."""
    heart = np.concatenate([np.full(count, bpm) for count, bpm in values])
    return np.arange(heart.size, dtype=float), heart


def test_the_peak_is_the_highest_rate_held_for_ten_seconds():
    # 150 bpm, a one-second spike to 220, nine seconds at 200, twelve at 180.
    time, heart = one_hertz([(20, 150), (1, 220), (9, 150), (9, 200), (5, 150), (12, 180),
                             (20, 150)])
    assert sustained_peak(time, heart) == 180
    assert sustained_peak(time, heart, hold_s=9) == 200
    assert sustained_peak(time, heart, hold_s=1) == 220


def test_ten_seconds_exactly_is_held():
    time, heart = one_hertz([(5, 150), (10, 190), (5, 150)])
    assert sustained_peak(time, heart) == 190


def test_the_peak_of_sparse_samples():
    # A sample every 3 s holds for 3 s: three samples at 180 (seconds 30-38) are
    # 9 s, four (30-41) are 12 s.
    time = np.arange(0.0, 60.0, 3.0)
    three = np.where((time >= 30) & (time <= 36), 180.0, 150.0)
    four = np.where((time >= 30) & (time <= 39), 180.0, 150.0)
    assert sustained_peak(time, three) == 150
    assert sustained_peak(time, four) == 180


def test_no_peak_without_ten_recorded_seconds():
    assert sustained_peak(np.arange(9.0), np.full(9, 170.0)) is None
    # Samples a minute apart: every second unknown.
    assert sustained_peak(np.arange(0.0, 600.0, 60.0), np.full(10, 170.0)) is None
    assert sustained_peak(np.zeros(0), np.zeros(0)) is None


def test_the_fastest_hard_half_hour_and_its_last_twenty_minutes():
    # 10 min at 3 m/s and 130 bpm, then 30 min at 4 m/s: 20 min at 160, 10 at 170.
    t = np.arange(2401.0)
    distance = np.where(t <= 600, 3 * t, 1800 + 4 * (t - 600))
    heart = np.select([t < 600, t < 1800], [130.0, 160.0], 170.0)
    effort = best_effort(t, distance, heart, hard_hr=150)
    # The stretch from second i covers (6600 + i) m: fastest at i = 600, 7200 m.
    # Its heart rate (1200 s at 160 + 600 at 170) / 1800 = 163.33; the last 20
    # minutes (600 s at 160, 600 at 170): 165.
    assert effort == Effort(start_s=600, speed=4.0, heart_rate=pytest.approx(490 / 3),
                            tail_heart_rate=165)
    # The first stretch averages (600 x 130 + 1200 x 160) / 1800 = 150: hard at 150.
    assert best_effort(t[:1801], distance[:1801], heart[:1801], hard_hr=150).start_s == 0
    assert best_effort(t[:1801], distance[:1801], heart[:1801], hard_hr=150.01) is None
    assert best_effort(t, distance, heart, hard_hr=164) is None


def test_a_fast_easy_stretch_is_not_an_effort():
    # 30 min at 5 m/s and 120 bpm, then 30 min at 4 m/s and 165 bpm.
    t = np.arange(3601.0)
    distance = np.where(t <= 1800, 5 * t, 9000 + 4 * (t - 1800))
    heart = np.where(t < 1800, 120.0, 165.0)
    effort = best_effort(t, distance, heart, hard_hr=150)
    # From second i: (9000 - i) m and (120 (1800 - i) + 165 i) / 1800 bpm, hard
    # from i = 1200 on: 7800 m in 30 min, 150 bpm; the last 20 minutes all at 165.
    assert effort == Effort(start_s=1200, speed=pytest.approx(7800 / 1800), heart_rate=150,
                            tail_heart_rate=165)


def test_a_stretch_needs_heart_rate_for_nine_tenths_of_it():
    t = np.arange(1801.0)
    heart = np.full(t.size, 170.0)
    # Samples 100-279 missing: the step 99 -> 280 is unknown, seconds 99-279, 181 s:
    # 1619 of 1800 known, below 90%.
    heart[100:280] = np.nan
    assert best_effort(t, 4 * t, heart, hard_hr=150) is None
    heart[279] = 170.0  # seconds 99-278 unknown, 180 s: 90% known, averaged over those
    assert best_effort(t, 4 * t, heart, hard_hr=150) == Effort(0, 4.0, 170.0, 170.0)


def test_no_effort_in_a_short_run():
    t = np.arange(1800.0)
    assert best_effort(t, 4 * t, np.full(t.size, 170.0), hard_hr=150) is None


def run(values: list[tuple[int, float]], speed: float = 3.0) -> dict[str, np.ndarray]:
    time, heart = one_hertz(values)
    return {"time": time, "distance": speed * time, "heart_rate": heart}


def test_estimates_of_several_runs():
    runs = {
        1: run([(600, 150), (12, 190), (600, 150)]),  # the peak, no hard half hour
        2: run([(2000, 165)], speed=3.5),  # hard at 85% of 190 = 161.5
        3: run([(2000, 163)], speed=4.0),  # faster, but below 85% of a set maximum of 200
        4: {"time": np.arange(2000.0), "distance": np.arange(2000.0) * 5,
            "heart_rate": np.full(2000, np.nan)},  # no heart rate: not judged
    }
    found = estimate(runs)
    assert (found.peak_hr, found.peak_run) == (190, 1)
    assert found.hard_hr == pytest.approx(161.5)
    assert (found.effort_run, found.effort.speed, found.effort.tail_heart_rate) == (3, 4.0, 163)
    with_max = estimate(runs, max_hr=194)  # 85%: 164.9
    assert (with_max.effort_run, with_max.effort.speed) == (2, 3.5)
    assert estimate(runs, max_hr=200).effort is None


def test_no_estimates_without_heart_rate():
    found = estimate({1: {"time": np.arange(2000.0), "distance": np.arange(2000.0) * 3,
                          "heart_rate": np.full(2000, np.nan)}})
    assert found.peak_hr is found.hard_hr is found.effort is None
    assert estimate({}).peak_run is None
