"""Minetti's cost of running, grade-adjusted and normalised speed, hills, surface."""

from __future__ import annotations

import numpy as np
import pytest

from loadwatch.metrics.terrain import (
    grade_adjusted_speed,
    hill_share,
    infer_surface,
    minetti_cost,
    ngp_speed,
)


def test_minetti_cost_polynomial():
    assert minetti_cost(0.0) == pytest.approx(3.6)
    # i = 0.1: 155.4e-5 - 30.4e-4 - 43.3e-3 + 46.3e-2 + 19.5e-1 + 3.6
    assert minetti_cost(0.1) == pytest.approx(0.001554 - 0.00304 - 0.0433 + 0.463 + 1.95 + 3.6)
    # grades beyond +-45% are clamped
    assert minetti_cost(0.6) == pytest.approx(minetti_cost(0.45))
    assert minetti_cost(-0.9) == pytest.approx(minetti_cost(-0.45))


def test_grade_adjusted_speed():
    assert grade_adjusted_speed(3.0, 0.0) == pytest.approx(3.0)
    assert grade_adjusted_speed(3.0, 0.1) == pytest.approx(3.0 * 5.968214 / 3.6)  # = 4.9735


def test_ngp_of_steady_running_is_its_speed_flat_and_graded():
    t = np.arange(0, 601, dtype=float)
    flat = ngp_speed(t, 3.0 * t, np.zeros_like(t))
    assert flat == pytest.approx(3.0, rel=1e-6)
    uphill = ngp_speed(t, 3.0 * t, 0.1 * 3.0 * t)  # a steady 10% climb
    assert uphill == pytest.approx(3.0 * minetti_cost(0.1) / 3.6, rel=1e-3)


def test_ngp_without_samples_is_the_average_speed():
    assert ngp_speed(np.zeros(0), np.zeros(0), np.zeros(0), average_speed=2.5) == 2.5


def test_ngp_weights_hard_efforts_more_than_the_mean():
    t = np.arange(0, 1201, dtype=float)
    speed = np.where((t // 300) % 2 == 0, 2.0, 4.0)  # 5 min at 2 m/s, 5 min at 4 m/s
    distance = np.concatenate([[0.0], np.cumsum(speed[1:])])
    assert ngp_speed(t, distance, np.zeros_like(t)) > 3.0 + 0.3


def test_hill_share_counts_grades_steeper_than_5_percent():
    distance = np.arange(0, 2001, 1.0)
    altitude = np.where(distance < 1000, 0.0, (distance - 1000) * 0.06)
    assert hill_share(distance, altitude) == pytest.approx(0.5, abs=0.01)
    # exactly 5% is not steeper than 5%
    assert hill_share(distance, distance * 0.05) == pytest.approx(0.0)
    assert hill_share(distance, np.full_like(distance, np.nan)) is None


@pytest.mark.parametrize(("sub_sport", "name", "has_position", "expected"), [
    ("trail", None, True, ("trail", "sub_sport")),
    ("treadmill", None, False, ("treadmill", "sub_sport")),
    ("track", None, True, ("track", "sub_sport")),
    ("generic", "Laufband intervals", False, ("treadmill", "name")),
    ("generic", "Beach run", True, ("sand", "name")),
    ("generic", "Morning run", False, ("treadmill", "no_position")),
    ("street", "Morning run", True, ("road", "sub_sport")),
    ("generic", "Morning run", True, ("unknown", "none")),
])
def test_surface_evidence(sub_sport, name, has_position, expected):
    assert infer_surface(sub_sport, name, has_position, 5000.0) == expected


def test_a_400_m_oval_is_a_track():
    import importlib.util
    import sys

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("make_samples_oval",
                                                  ROOT / "sample_data" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    laps = np.arange(0, 4000, 2.0)
    lat, lon, _ = module.route("track", laps)
    assert infer_surface("generic", "Intervals", True, 4000.0, lat, lon) == ("track", "geometry")
    road_lat, road_lon, _ = module.route("road", laps)
    assert infer_surface("generic", "Intervals", True, 4000.0, road_lat, road_lon)[0] == "unknown"
    del sys.modules[spec.name]
