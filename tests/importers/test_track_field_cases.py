"""Field cases B1 and B4 of ../shared/regressions/imports, read through the library.

B1: a FIT session without ``start_time`` (placed by its end minus its elapsed
time). B4: a GPX with one point a minute (power-saving mode), which must read
like its 1 Hz twin: distance, moving time, NGP and load. The expected values
come from EXPECTED.tsv (worked out without loadwatch); the self-contained
tests of the same kinds are in test_track_kinds.py. The corpus GPX files'
moving time is held against gpxpy's.
"""

from __future__ import annotations

import csv
import warnings
from datetime import datetime
from pathlib import Path

import gpxpy
import pytest

from loadwatch.errors import NoActivity
from loadwatch.importers import read_file
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import training
from loadwatch.store import Store
from tests.conftest import CORPUS, corpus_dir

CASES = CORPUS.parent / "regressions" / "imports"
SPARSE, DENSE = "sparse_60s_points.gpx", "sparse_reference_1hz.gpx"
MINE = {"B1": "session_without_start_time.fit", "B4": SPARSE}
HR_SETTINGS = {"max_hr": "190", "resting_hr": "50", "threshold_hr": "170"}
PACE_SETTINGS = {"threshold_pace": "4:30/km"}


def _cases() -> Path:
    if not (CASES / "EXPECTED.tsv").is_file():
        pytest.skip(f"{CASES} is absent (../shared ships beside the project only in CI "
                    "and on developer machines)")
    return CASES


def _table(name: str) -> list[dict]:
    with (_cases() / name).open(newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _expected(case: str) -> list[dict]:
    if not (CASES / "EXPECTED.tsv").is_file():
        return [pytest.param(None, id=f"{case}-absent")]
    rows = [r for r in _table("EXPECTED.tsv") if r["file"] == MINE[case]]
    return [pytest.param(r, id=f"{case}-{r['field']}") for r in rows]


def _settings(case_input: str) -> dict[str, str]:
    (row,) = [r for r in _table("OPTIONS.tsv") if r["input"] == case_input]
    return dict(pair.split("=", 1) for pair in row["settings"].split())


def _import(tmp_path: Path, name: str, settings: dict[str, str]):
    """(import results, activities by start time with loads) of one case file."""
    with Store(f"sqlite:///{tmp_path}/s.db") as store:
        store.set_settings("me", settings)
        results = import_paths(store, athlete="me", paths=[_cases() / name])
        frame = training(store, athlete="me").activities
    return results, frame.sort_values("start_time").reset_index(drop=True)


def _check(row: dict, results, activities) -> None:
    field, want, tolerance = row["field"], row["expected"], float(row["tolerance"] or 0)
    if field == "status":
        assert {r.status for r in results} == {want}, [r.message for r in results]
        return
    if field == "n_activities":
        assert len(activities) == int(want)
        return
    index, name = field.split(".", 1)
    got = activities.iloc[int(index[1:]) - 1][name]
    if name == "start_time":
        expected = datetime.fromisoformat(want.replace("Z", "+00:00"))
        assert abs((got.to_pydatetime() - expected).total_seconds()) <= tolerance
    elif name == "sport":
        assert got == want
    else:
        assert got == pytest.approx(float(want), abs=tolerance + 1e-9)


@pytest.mark.parametrize("row", _expected("B1"))
def test_b1_session_without_start_time(row, tmp_path):
    results, activities = _import(tmp_path, MINE["B1"], _settings(MINE["B1"]))
    _check(row, results, activities)


def test_b1_says_where_the_start_came_from(tmp_path):
    with Store(f"sqlite:///{tmp_path}/s.db") as store:
        import_paths(store, athlete="me", paths=[_cases() / MINE["B1"]])
        (activity,) = store.activities("me")
    assert any("end time minus its elapsed time" in w for w in activity.warnings)


@pytest.mark.parametrize("row", _expected("B4"))
def test_b4_one_point_a_minute(row, tmp_path):
    results, activities = _import(tmp_path, SPARSE, _settings(SPARSE))
    _check(row, results, activities)


@pytest.mark.parametrize("extra", [{}, HR_SETTINGS, PACE_SETTINGS],
                         ids=["no-settings", "heart-rate", "threshold-pace"])
def test_b4_sparse_and_1hz_twin_agree_on_moving_time_and_load(extra, tmp_path):
    settings = {**_settings(SPARSE), **extra}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, sparse = _import(tmp_path / "a", SPARSE, settings)
    _, dense = _import(tmp_path / "b", DENSE, settings)
    method = {"max_hr": "hrtss", "threshold_pace": "rtss"}
    assert set(sparse["load_method"]) == set(dense["load_method"]) == {
        next((m for k, m in method.items() if k in extra), "duration")}
    assert sparse["timer_s"][0] == pytest.approx(dense["timer_s"][0], rel=0.03)
    assert sparse["load"][0] == pytest.approx(dense["load"][0], rel=0.03)
    assert sparse["ngp_speed"][0] == pytest.approx(dense["ngp_speed"][0], rel=0.03)


# gpxpy times these as moving; loadwatch does not, on purpose.
_NOT_MOVING = {"gpxpy__first_and_last_elevation.gpx": "195 km jumps 800 s apart are no run"}


def _corpus_gpx() -> list:
    folder = CORPUS / "gpx"
    names = sorted(p.name for p in folder.glob("*.gpx")) if folder.is_dir() else ["(absent)"]
    return [pytest.param(name, id=name) for name in names]


@pytest.mark.parametrize("name", _corpus_gpx())
def test_corpus_gpx_moving_time_agrees_with_gpxpy(name):
    """Recorded tracks (1 s, smart recording, hand-made) against gpxpy's moving time,
    an independent reading with its own stop rule: within 10%."""
    path = corpus_dir("gpx") / name
    if name in _NOT_MOVING:
        pytest.skip(_NOT_MOVING[name])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # gpxpy warns about odd files
        moving = gpxpy.parse(path.read_text(encoding="utf-8-sig")).get_moving_data()
    try:
        (item,) = read_file(path.read_bytes(), name).activities
    except NoActivity:
        return  # no track or no times: nothing to time (test_corpus_formats says why)
    if moving is None or moving.moving_time < 60 or item.activity.timer_s is None:
        return
    assert item.activity.timer_s == pytest.approx(moving.moving_time, rel=0.10)
