"""Heart-rate and pace zones and the easy / moderate / hard split."""

from __future__ import annotations

import pytest

from loadwatch.metrics.intensity import (
    hr_zone_bounds,
    intensity_split,
    pace_zone_bounds,
    time_in_zones,
)


def test_edwards_zones_from_maximum_heart_rate():
    bounds = hr_zone_bounds(max_hr=200, threshold_hr=None)
    assert bounds == pytest.approx((120, 140, 160, 180))  # 60, 70, 80, 90% of 200
    seconds = {110: 60, 120: 60, 139: 60, 150: 60, 175: 60, 195: 60}
    # below 60% counts as zone 1; 120 is exactly 60%: the first beat of zone 2
    assert time_in_zones(seconds, bounds) == [60, 120, 60, 60, 60]


def test_friel_zones_from_threshold_heart_rate_take_precedence():
    bounds = hr_zone_bounds(max_hr=200, threshold_hr=160)
    assert bounds == pytest.approx((136, 144, 152, 160))  # 85, 90, 95, 100% of 160


def test_pace_zones_from_threshold_speed():
    assert pace_zone_bounds(4.0) == pytest.approx((3.12, 3.52, 3.8, 4.08))
    assert pace_zone_bounds(None) is None


def test_easy_moderate_hard_split():
    split = intensity_split([600, 1200, 600, 300, 300])  # 3000 s in all
    assert split == pytest.approx({"easy": 1800 / 3000, "moderate": 600 / 3000,
                                   "hard": 600 / 3000})
    assert intensity_split([0, 0, 0, 0, 0]) is None
