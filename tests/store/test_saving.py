"""Saving imported files: one transaction a file, duplicates known by content."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from sqlalchemy import select

from loadwatch.errors import StoreError
from loadwatch.store import schema
from tests.store.conftest import parsed_run


def test_saved_activity_reads_back_with_its_samples(store):
    parsed = parsed_run(600)
    (activity_id,) = store.save_file("me", parsed, source_name="run.fit", size_bytes=10).new
    (activity,) = store.activities("me")
    original = parsed.activities[0].activity
    assert activity.id == activity_id
    assert activity.start_time == original.start_time
    assert activity.start_time.tzinfo == UTC
    assert activity.utc_offset_s == 3600
    assert activity.distance_m == pytest.approx(original.distance_m)
    assert activity.source_name == "run.fit"
    samples = store.samples(activity_id)
    np.testing.assert_allclose(samples["distance"], parsed.activities[0].samples["distance"])
    np.testing.assert_allclose(samples["heart_rate"], 150.0)
    assert np.isnan(samples["power"]).all()


def test_same_content_twice_is_a_duplicate(store):
    assert store.save_file("me", parsed_run(), source_name="a.fit", size_bytes=1)
    assert store.save_file("me", parsed_run(), source_name="b.fit", size_bytes=1) is None
    assert len(store.activities("me")) == 1


def test_a_file_is_known_by_its_content_once_saved(store):
    assert store.known_hashes("me") == set()
    store.save_file("me", parsed_run(digest="c" * 64), source_name="a.fit", size_bytes=1)
    assert store.known_hashes("me") == {"c" * 64}


def test_the_same_run_from_a_second_file_is_merged_into_one_activity(store):
    store.save_file("me", parsed_run(digest="1" * 64), source_name="watch.fit", size_bytes=1)
    result = store.save_file("me", parsed_run(digest="2" * 64), source_name="copy.fit",
                             size_bytes=1)
    (activity,) = store.activities("me")
    assert result.new == []
    assert [merged for merged, _ in result.merged] == [activity.id]
    assert store.sources("me") == {activity.id: ["watch.fit", "copy.fit"]}


def test_a_failing_file_leaves_nothing_behind(store):
    parsed = parsed_run()
    good = parsed.activities[0]
    # A second activity the database refuses (content_hash is NOT NULL) after
    # the first was written: the whole file must roll back.
    bad = replace(good.activity, content_hash=None)
    parsed.activities.append(type(good)(bad, good.samples))
    with pytest.raises(StoreError, match=r"could not save run\.fit"):
        store.save_file("me", parsed, source_name="run.fit", size_bytes=1)
    assert store.counts("me") == {"files": 0, "activities": 0, "samples": 0}
    # ... and the same file imports cleanly afterwards.
    parsed.activities.pop()
    assert store.save_file("me", parsed, source_name="run.fit", size_bytes=1)


def test_start_times_are_stored_as_utc(store):
    parsed = parsed_run()
    store.save_file("me", parsed, source_name="run.fit", size_bytes=1)
    with store.engine.connect() as conn:
        stored = conn.execute(select(schema.activities.c.start_time)).scalar_one()
    expected = parsed.activities[0].activity.start_time
    assert stored.replace(tzinfo=UTC) == expected
    assert expected == datetime(2024, 11, 8, 11, 33, 20, tzinfo=UTC)
