"""TRIMP, hrTSS, rTSS, session RPE, the duration default and the fallback chain."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from loadwatch.metrics.load import hrtss, rtss, session_loads, srpe, trimp

REST, TOP = 50, 190  # resting and maximum heart rate


def test_trimp_men_and_women():
    # 60 min at 155 bpm: HRr = (155 - 50) / (190 - 50) = 0.75
    assert trimp({155: 3600}, REST, TOP, "male") == pytest.approx(
        60 * 0.75 * 0.64 * math.exp(1.92 * 0.75))  # = 121.56
    assert trimp({155: 3600}, REST, TOP, "female") == pytest.approx(
        60 * 0.75 * 0.86 * math.exp(1.67 * 0.75))  # = 135.41
    # sex not set: the men's constants
    assert trimp({155: 3600}, REST, TOP, None) == trimp({155: 3600}, REST, TOP, "male")


def test_trimp_sums_over_the_time_at_each_heart_rate():
    # 30 min at 120 (HRr 0.5) and 30 min at 190 (HRr 1.0)
    expected = 30 * 0.5 * 0.64 * math.exp(1.92 * 0.5) + 30 * 1.0 * 0.64 * math.exp(1.92)
    assert trimp({120: 1800, 190: 1800}, REST, TOP, "male") == pytest.approx(expected)


def test_hrtss_is_100_for_an_hour_at_threshold():
    threshold = 162  # HRr = 112 / 140 = 0.8
    one_hour = trimp({threshold: 3600}, REST, TOP, "male")
    assert hrtss(one_hour, threshold, REST, TOP, "male") == pytest.approx(100)
    easy = trimp({155: 3600}, REST, TOP, "male")
    assert hrtss(easy, threshold, REST, TOP, "male") == pytest.approx(
        100 * (60 * 0.75 * 0.64 * math.exp(1.44)) / (60 * 0.8 * 0.64 * math.exp(1.92 * 0.8)))


def test_rtss_and_session_rpe():
    # one hour at 3.0 m/s with threshold 4:00/km = 1000/240 m/s: IF = 0.72
    assert rtss(1.0, 3.0, 1000 / 240) == pytest.approx(1.0 * 0.72**2 * 100)  # = 51.84
    assert srpe(7, 60) == 420  # RPE 7 x 60 minutes


def _activity(**values) -> pd.DataFrame:
    row = {"timer_s": 3600.0, "avg_hr": np.nan, "rpe": np.nan, "ngp_speed": np.nan,
           "hr_seconds": {}}
    row.update(values)
    return pd.DataFrame([row])


FULL = {"sex": "male", "resting_hr": REST, "max_hr": TOP, "threshold_hr": 162,
        "threshold_speed": 1000 / 240}


@pytest.mark.parametrize(("activity", "settings", "method", "points"), [
    # heart rate and all HR settings: hrTSS
    (dict(hr_seconds={162: 3600.0}, ngp_speed=3.0, rpe=7.0), FULL, "hrtss", 100.0),
    # only an average heart rate: used for the whole duration
    (dict(avg_hr=162.0), FULL, "hrtss", 100.0),
    # no threshold HR: rTSS from pace
    (dict(hr_seconds={162: 3600.0}, ngp_speed=3.0), {**FULL, "threshold_hr": None},
     "rtss", 51.84),
    # no pace either: session RPE, 1 h at RPE 7 = 100 points
    (dict(rpe=7.0), {"resting_hr": REST, "max_hr": TOP}, "srpe", 100.0),
    # nothing: an hour of easy running at IF 0.75 = 56.25 points
    (dict(), {}, "duration", 56.25),
])
def test_fallback_chain(activity, settings, method, points):
    (row,) = session_loads(_activity(**activity), settings).itertuples()
    assert row.load_method == method
    assert row.load == pytest.approx(points)


def test_every_computable_load_is_kept_beside_the_chosen_one():
    (row,) = session_loads(_activity(hr_seconds={162: 3600.0}, ngp_speed=3.0, rpe=7.0),
                           FULL).itertuples()
    assert row.trimp == pytest.approx(60 * 0.8 * 0.64 * math.exp(1.92 * 0.8))
    assert row.rtss == pytest.approx(51.84)
    assert row.srpe == 420
