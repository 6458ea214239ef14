"""Reading activities back, and the athlete's edits."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest

from loadwatch.errors import StoreError, UsageError
from loadwatch.models import Activity, ImportedActivity, ParsedFile
from loadwatch.store.activities import ACTIVITY_FIELDS
from loadwatch.store.bundle import ACTIVITY_COLUMNS
from tests.store.conftest import parsed_run

# An activity with every value the model carries set to something not its default.
EVERYTHING = Activity(
    start_time=datetime(2026, 8, 24, 6, 30, tzinfo=UTC), sport="running", sub_sport="trail",
    name="Hill reps", utc_offset_s=7200, distance_m=10_020.5, timer_s=3_300.0,
    elapsed_s=3_420.0, elevation_gain_m=312.0, avg_hr=151.0, max_hr=179.0, avg_cadence=86.0,
    device="Forerunner", source_format="csv", source_name="log.csv", content_hash="e" * 64,
    session_index=3, warnings=("a note",), rpe=7.0, surface_override="grass",
    zone_assumed=True)


def test_activities_are_newest_first(store):
    store.save_file("me", parsed_run(digest="1" * 64), source_name="old.fit", size_bytes=1)
    store.save_file("me", parsed_run(digest="2" * 64, start=1_150_000_000),
                    source_name="new.fit", size_bytes=1)
    years = [a.start_time.year for a in store.activities("me")]
    assert years == [2026, 2024]


def test_every_value_of_an_activity_is_kept(store):
    parsed = ParsedFile("csv", "f" * 64, [ImportedActivity(EVERYTHING, {})])
    (activity_id,) = store.save_file("me", parsed, source_name="log.csv", size_bytes=1).new
    assert store.activity("me", activity_id) == dataclasses.replace(
        EVERYTHING, id=activity_id, athlete="me")
    columns = store.activity_columns("me")
    assert columns["id"] == [activity_id]
    for name in ACTIVITY_FIELDS:
        expected = getattr(EVERYTHING, name)
        if name == "start_time":
            expected = expected.replace(tzinfo=None)  # the metrics read naive UTC
        assert columns[name] == [expected], name


def test_every_value_of_the_model_has_a_column_and_an_export_column():
    model = {f.name for f in dataclasses.fields(Activity)} - {"id", "athlete", "warnings"}
    assert set(ACTIVITY_FIELDS) == model
    assert set(ACTIVITY_COLUMNS) >= {"id", "warnings", *ACTIVITY_FIELDS}


def test_the_athletes_edits_are_kept_and_raise_the_data_version(store):
    (activity_id,) = store.save_file("me", parsed_run(), source_name="a.fit",
                                     size_bytes=1).new
    before = store.data_version("me")
    edited = store.update_activity("me", activity_id, {"surface": "grass", "rpe": 6.0,
                                                       "name": "Parkrun"})
    assert (edited.surface_override, edited.rpe, edited.name) == ("grass", 6.0, "Parkrun")
    assert store.activities("me") == [edited]
    assert store.data_version("me") > before


def test_another_athletes_activity_is_not_yours(store):
    (activity_id,) = store.save_file("ann", parsed_run(), source_name="a.fit",
                                     size_bytes=1).new
    store.set_settings("ben", {"units": "km"})
    with pytest.raises(UsageError, match=f"ben has no activity {activity_id}"):
        store.activity("ben", activity_id)
    with pytest.raises(UsageError):
        store.update_activity("ben", activity_id, {"rpe": 2.0})
    assert store.activity("ann", activity_id).rpe is None


def test_an_unknown_athletes_columns_are_all_there_and_empty(store):
    columns = store.activity_columns("nobody")
    assert set(columns) == {"id", *ACTIVITY_FIELDS}
    assert all(values == [] for values in columns.values())


def test_samples_of_an_activity_that_is_not_there_are_a_store_error(store):
    with pytest.raises(StoreError, match="no activity 99"):
        store.samples(99)


def test_profiles_are_kept_per_version(store):
    (activity_id,) = store.save_file("me", parsed_run(), source_name="a.fit",
                                     size_bytes=1).new
    store.save_profiles("me", {activity_id: {"version": 99, "ngp_speed": 3.1}})
    assert store.profiles("me", 99) == {activity_id: {"version": 99, "ngp_speed": 3.1}}
    assert store.profiles("me", 98) == {}


def test_samples_read_back_as_float_columns(store):
    (activity_id,) = store.save_file("me", parsed_run(60), source_name="a.fit",
                                     size_bytes=1).new
    samples = store.samples(activity_id)
    assert samples["time"].dtype == np.float64
    assert len(samples["time"]) == 60
