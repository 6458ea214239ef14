"""The store, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest
from sqlalchemy import select, text

from loadwatch.errors import StoreError
from loadwatch.importers.fit import read_fit
from loadwatch.samples_codec import decode_samples, encode_samples
from loadwatch.store import Store, default_url, schema
from loadwatch.store.migrations import MIGRATIONS, applied_versions, migrate
from tests.fitbuild import run_file


def _parsed(seconds: int = 600, digest: str = "a" * 64, **kwargs):
    return read_fit(run_file(seconds, **kwargs), source_name="run.fit", content_hash=digest)


def test_migrations_are_recorded_and_run_once(store_url):
    first = Store(store_url)
    assert applied_versions(first.engine) == {m[0] for m in MIGRATIONS}
    assert migrate(first.engine) == []  # a second run applies nothing
    with first.engine.connect() as conn:
        rows = conn.execute(select(schema.schema_migrations)).all()
    assert [r.version for r in rows] == list(range(1, 12))
    first.close()
    Store(store_url).close()  # reopening an existing store is fine


def test_a_version_1_store_is_upgraded_in_place(store_url):
    with Store(store_url) as store:
        store.save_file("me", _parsed(), source_name="run.fit", size_bytes=1)
        # Turn it back into what version 1 made: no settings, profiles or entries.
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE athlete_settings"))
            conn.execute(text("DROP TABLE activity_profiles"))
            conn.execute(text("ALTER TABLE activities DROP COLUMN rpe"))
            conn.execute(text("ALTER TABLE activities DROP COLUMN surface_override"))
            conn.execute(text("DELETE FROM schema_migrations WHERE version = 2"))
    with Store(store_url) as store:
        (activity,) = store.activities("me")
        assert activity.rpe is None  # the column is back, the activity kept
        store.update_activity("me", activity.id, {"rpe": 6.0})
        assert store.activity("me", activity.id).rpe == 6.0
        store.set_settings("me", {"max_hr": "190"})
        assert store.settings("me") == {"max_hr": "190"}


def test_saved_activity_reads_back_with_its_samples(store):
    parsed = _parsed(600)
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
    assert store.save_file("me", _parsed(), source_name="a.fit", size_bytes=1)
    assert store.save_file("me", _parsed(), source_name="b.fit", size_bytes=1) is None
    assert len(store.activities("me")) == 1


def test_athletes_are_kept_apart(store):
    store.save_file("ana", _parsed(), source_name="a.fit", size_bytes=1)
    # The same file for another athlete is not a duplicate of Ana's.
    assert store.save_file("ben", _parsed(), source_name="a.fit", size_bytes=1)
    assert len(store.activities("ana")) == 1
    assert len(store.activities("ben")) == 1
    assert store.activities("nobody") == []
    assert store.athletes() == ["ana", "ben"]


def test_activities_are_newest_first(store):
    store.save_file("me", _parsed(digest="1" * 64), source_name="old.fit", size_bytes=1)
    store.save_file("me", _parsed(digest="2" * 64, start=1_150_000_000), source_name="new.fit",
                    size_bytes=1)
    years = [a.start_time.year for a in store.activities("me")]
    assert years == [2026, 2024]


def test_a_failing_file_leaves_nothing_behind(store):
    parsed = _parsed()
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


def test_unreachable_database_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open the store"):
        Store("postgresql+psycopg://someone:secret@127.0.0.1:1/nothing")


def test_store_error_hides_the_password():
    with pytest.raises(StoreError) as caught:
        Store("postgresql+psycopg://someone:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(caught.value)


def test_default_store_is_sqlite_in_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("LOADWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / 'loadwatch' / 'loadwatch.db'}"
    monkeypatch.setenv("LOADWATCH_DB", "sqlite:///elsewhere.db")
    assert default_url() == "sqlite:///elsewhere.db"


def test_samples_codec_keeps_precision_and_missing_columns():
    count = 3600
    samples = {
        "time": np.arange(count, dtype=np.float64),
        "distance": np.linspace(0, 42_195.37, count),
        "lat": np.linspace(52.0, 52.1, count),
        "lon": np.linspace(5.0, 5.1, count),
        "heart_rate": np.full(count, 151.0),
        "speed": np.full(count, 3.215),
    }
    samples["heart_rate"][100:110] = np.nan  # a strap drop-out
    decoded = decode_samples(encode_samples(samples))
    # Resolutions: distance 1 cm, position one FIT semicircle (< 1 cm), speed 1 mm/s.
    np.testing.assert_allclose(decoded["distance"], samples["distance"], atol=0.005)
    np.testing.assert_allclose(decoded["lat"], samples["lat"], atol=180 / 2**31)
    np.testing.assert_allclose(decoded["speed"], samples["speed"], atol=0.0005)
    assert np.isnan(decoded["heart_rate"][100:110]).all()
    assert not np.isnan(decoded["heart_rate"][110:]).any()
    assert np.isnan(decoded["power"]).all()
    assert len(decoded["power"]) == count


def test_samples_from_a_fit_file_round_trip_exactly():
    (item,) = _parsed(600).activities
    decoded = decode_samples(encode_samples(item.samples))
    for name, values in item.samples.items():
        np.testing.assert_allclose(decoded[name], values, rtol=0, atol=1e-9, err_msg=name)


def test_start_times_are_stored_as_utc(store):
    parsed = _parsed()
    store.save_file("me", parsed, source_name="run.fit", size_bytes=1)
    with store.engine.connect() as conn:
        stored = conn.execute(select(schema.activities.c.start_time)).scalar_one()
    expected = parsed.activities[0].activity.start_time
    assert stored.replace(tzinfo=UTC) == expected
    assert expected == datetime(2024, 11, 8, 11, 33, 20, tzinfo=UTC)
