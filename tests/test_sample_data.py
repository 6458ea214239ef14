"""The sample data: written by make_samples.py, byte for byte, with its story."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from collections import defaultdict
from datetime import timedelta

import pytest

from loadwatch.service.imports import import_paths
from tests.conftest import ROOT, SAMPLE_RUNS


@pytest.fixture(scope="module")
def make_samples():
    spec = importlib.util.spec_from_file_location("make_samples",
                                                  ROOT / "sample_data" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_committed_files_are_what_the_script_writes(make_samples):
    runs = make_samples.plan()
    assert sorted(r.file_name for r in runs) == sorted(p.name for p in SAMPLE_RUNS.glob("*.fit"))
    for run in (runs[0], runs[len(runs) // 2], runs[-1]):
        assert make_samples.write_run(run) == (SAMPLE_RUNS / run.file_name).read_bytes()
    diary = json.loads((SAMPLE_RUNS.parent / "diary.json").read_text())
    assert diary == make_samples.DIARY


def _weekly_km(activities) -> list[float]:
    weeks = defaultdict(float)
    for a in activities:
        local = a.local_start.date()
        weeks[local - timedelta(days=local.weekday())] += a.distance_m / 1000
    return [weeks[w] for w in sorted(weeks)]


def test_the_story_holds(tmp_path):
    from loadwatch.store import Store

    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        import_paths(store, athlete="me", paths=[SAMPLE_RUNS], workers=1)
        activities = sorted(store.activities("me"), key=lambda a: a.start_time)
    weeks = _weekly_km(activities)
    assert len(weeks) == 16
    changes = [(b - a) / a * 100 for a, b in itertools.pairwise(weeks)]
    assert all(abs(c) <= 10 for c in changes[:3])  # base weeks
    assert all(c > 10 for c in changes[3:6])  # the too-fast ramp...
    assert changes[3] > 30  # ...which starts in the >30% band (Nielsen et al. 2014)
    assert min(changes) < -40  # a cut-back week
    longest = max(activities, key=lambda a: a.distance_m)
    before = [a.distance_m for a in activities
              if timedelta(0) < longest.start_time - a.start_time <= timedelta(days=30)]
    assert longest.distance_m / max(before) > 2.0  # the long-run spike
    assert {a.sub_sport for a in activities} == {"street", "trail", "track", "treadmill"}
    assert all(a.avg_hr and a.max_hr for a in activities)
    treadmill = [a for a in activities if a.sub_sport == "treadmill"]
    assert treadmill
    assert all(a.elevation_gain_m is None for a in treadmill)
