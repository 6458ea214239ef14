"""Whole kinds of real input, built here (no ../shared): FIT sessions without a
start time, tracks at any sampling interval from 1 s to a minute (and smart
recording), real pauses at each of them, and cadence filled from the samples."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from loadwatch.errors import CorruptFile
from loadwatch.fit.profile import FIT_EPOCH_S
from loadwatch.importers import read_file
from loadwatch.importers.fit import read_fit
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import training
from loadwatch.store import Store
from tests.fitbuild import START, run_file
from tests.trackbuild import gpx_text, resample, synthetic_run, tcx_text

RATES = [1, 5, 10, 30, 60, "smart"]
SETTINGS = {"none": {}, "hr": {"max_hr": "190", "resting_hr": "50", "threshold_hr": "170"},
            "pace": {"threshold_pace": "4:30/km"}}
RUN_S, STOP_AT = 2400, 1200


def _start(item) -> int:
    """The activity's start in FIT seconds."""
    return round(item.activity.start_time.timestamp()) - FIT_EPOCH_S


# --- FIT: a session without start_time is placed, never refused ---------------------

# The watch's timer starts 5 s before its first record (no fix yet): each way of
# placing the session gives a different answer, so the test sees which was used.
_LATE = START + 5 + np.arange(600, dtype=float)


@pytest.mark.parametrize(("fields", "laps", "expected", "source"), [
    ({"start_time": None, "timestamp": START + 604, "total_elapsed_time": 604}, None,
     START, "end time minus its elapsed time"),
    ({"start_time": None, "timestamp": None}, [{"start_time": START, "timestamp": START + 604}],
     START, "first lap"),
    ({"start_time": None, "timestamp": None}, None, START + 5, "first record"),
    # A counter for a start beside records dated on the real clock: the dates win.
    ({"start_time": 5000, "timestamp": START + 604, "total_elapsed_time": 604}, None,
     START, "end time minus its elapsed time"),
], ids=["end-minus-elapsed", "first-lap", "first-record", "counter-start"])
def test_fit_session_without_start_time_is_placed(fields, laps, expected, source):
    data = run_file(600, stamps=_LATE, session_fields=fields, laps=laps, local_offset=None)
    (item,) = read_fit(data, source_name="x.fit", content_hash="h").activities
    assert _start(item) == expected
    assert any(source in w for w in item.activity.warnings)
    # The totals still come from the session, and every record belongs to it.
    assert item.activity.timer_s == 599
    assert item.activity.distance_m == pytest.approx(599 * 3.0)
    assert item.samples["time"].size == 600
    assert item.samples["time"][0] == START + 5 - expected


def test_fit_session_with_start_time_is_unchanged():
    (item,) = read_fit(run_file(600, stamps=_LATE), source_name="x.fit",
                       content_hash="h").activities
    assert _start(item) == START
    assert not any("no start time" in w for w in item.activity.warnings)


def test_fit_session_that_nothing_places_is_a_clear_error():
    data = run_file(60, stamps=np.full(60, np.nan),
                    session_fields={"start_time": None, "timestamp": None})
    with pytest.raises(CorruptFile, match="no usable start time"):
        read_fit(data, source_name="x.fit", content_hash="h")


def test_fit_without_start_time_imports_through_the_pipeline(tmp_path):
    path = tmp_path / "run.fit"
    path.write_bytes(run_file(600, session_fields={"start_time": None}))
    with Store(f"sqlite:///{tmp_path}/s.db") as store:
        (result,) = import_paths(store, athlete="me", paths=[path])
        assert result.status == "imported", result.message
        (activity,) = store.activities("me")
    assert activity.start_time == datetime.fromtimestamp(START + FIT_EPOCH_S, tz=UTC)


# --- Tracks at any sampling interval ----------------------------------------------

def _activities(tmp_path, files: dict[str, str], settings: dict) -> dict:
    """Each GPX text imported for its own athlete: name -> activity row with load."""
    rows = {}
    with Store(f"sqlite:///{tmp_path}/s.db") as store:
        for name, text in files.items():
            path = tmp_path / f"{name}.gpx"
            path.write_text(text)
            store.set_settings(name, {"timezone": "UTC", **settings})
            (result,) = import_paths(store, athlete=name, paths=[path])
            assert result.status == "imported", result.message
            (rows[name],) = training(store, athlete=name).activities.to_dict("records")
    return rows


@pytest.fixture(scope="module")
def resampled(tmp_path_factory):
    """The same run at each rate, read with each kind of settings."""
    run = synthetic_run(RUN_S)
    files = {f"r{rate}": gpx_text(resample(run, rate)) for rate in RATES}
    return {label: _activities(tmp_path_factory.mktemp(label), files, settings)
            for label, settings in SETTINGS.items()}


@pytest.mark.parametrize("rate", RATES[1:])
@pytest.mark.parametrize("label", SETTINGS)
def test_any_sampling_interval_gives_the_moving_time_and_load_of_1_hz(resampled, label, rate):
    dense, sparse = resampled[label]["r1"], resampled[label][f"r{rate}"]
    assert dense["timer_s"] == pytest.approx(RUN_S, abs=1)
    assert sparse["timer_s"] == pytest.approx(dense["timer_s"], rel=0.03)
    assert sparse["load_method"] == dense["load_method"]
    assert sparse["load"] == pytest.approx(dense["load"], rel=0.03)
    assert sparse["ngp_speed"] == pytest.approx(dense["ngp_speed"], rel=0.03)
    assert sparse["distance_m"] == pytest.approx(dense["distance_m"], rel=0.01)


def test_the_three_settings_use_three_load_methods(resampled):
    methods = {label: rows["r60"]["load_method"] for label, rows in resampled.items()}
    assert methods == {"none": "duration", "hr": "hrtss", "pace": "rtss"}


# --- Real pauses stay pauses, at every rate ----------------------------------------

@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize(("stop_s", "recorded", "moved_m"), [
    (300, True, 0.0), (600, False, 0.0), (900, False, 0.0), (900, False, 900.0)],
    ids=["standing-5-min", "gap-10-min", "gap-15-min", "gap-15-min-walked-on"])
def test_a_real_pause_is_a_pause_at_every_rate(tmp_path, rate, stop_s, recorded, moved_m):
    # Walking on at 1 m/s with the watch stopped is no stop by speed: the gap is a
    # pause because it is much longer than the file's own sampling interval.
    paused = synthetic_run(RUN_S, stop_at=STOP_AT, stop_s=stop_s, record_stop=recorded,
                           moved_m=moved_m)
    files = {"paused": gpx_text(resample(paused, rate)),
             "steady": gpx_text(resample(synthetic_run(RUN_S), rate))}
    for settings in (SETTINGS["none"], SETTINGS["hr"]):
        rows = _activities(tmp_path / str(len(settings)), files, settings)
        paused_row, steady = rows["paused"], rows["steady"]
        assert paused_row["elapsed_s"] == pytest.approx(RUN_S + stop_s, abs=10)
        # Only the step into the stop can count (a minute at the sparsest rate).
        slack = 15 if rate == "smart" else max(15, rate)
        assert paused_row["timer_s"] == pytest.approx(steady["timer_s"], abs=slack)
        assert paused_row["load"] == pytest.approx(steady["load"], rel=0.03)


# --- Average cadence from the samples ------------------------------------------------

def _read(text: str, name: str):
    (item,) = read_file(text.encode(), name).activities
    return item.activity


@pytest.mark.parametrize("rate", RATES)
def test_gpx_average_cadence_comes_from_its_points(rate):
    # Half the time at 82, half at 88 strides a minute, whatever the sampling.
    activity = _read(gpx_text(resample(synthetic_run(RUN_S), rate)), "run.gpx")
    assert activity.avg_cadence == pytest.approx(85.0, abs=0.5)


def test_gpx_without_cadence_has_none():
    assert _read(gpx_text(resample(synthetic_run(600), 5), cadence=False),
                 "run.gpx").avg_cadence is None


def test_standing_still_leaves_the_average_cadence_alone():
    run = synthetic_run(RUN_S, stop_at=STOP_AT, stop_s=300)
    assert _read(gpx_text(run), "run.gpx").avg_cadence == pytest.approx(85.0, abs=0.5)


def test_tcx_average_cadence_from_trackpoints_else_the_laps():
    run = resample(synthetic_run(RUN_S), 5)
    assert _read(tcx_text(run), "run.tcx").avg_cadence == pytest.approx(85.0, abs=0.5)
    assert _read(tcx_text(run, lap_cadence=90), "run.tcx").avg_cadence == 90


def test_fit_average_cadence_from_records_when_the_session_has_none():
    (item,) = read_fit(run_file(600, cadence=86), source_name="x.fit",
                       content_hash="h").activities
    assert item.activity.avg_cadence == pytest.approx(86.0)
    (item,) = read_fit(run_file(600, cadence=86, session_fields={"avg_cadence": 84}),
                       source_name="x.fit", content_hash="h").activities
    assert item.activity.avg_cadence == 84  # the watch's own figure, same unit (rpm)
