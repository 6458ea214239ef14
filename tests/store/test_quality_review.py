"""The runner's answer to a data-quality mark, as stored: migration, re-reads, merges, exports.

On SQLite and PostgreSQL (``store_url``).
"""

from __future__ import annotations

import json
import zipfile

from sqlalchemy import text

from loadwatch.service.activities import correct_distance
from loadwatch.service.exchange import export_athlete, restore_export
from loadwatch.service.imports import import_paths
from loadwatch.service.quality import confirm_activity, quality_marks_of
from loadwatch.store import Store, schema
from tests.store.conftest import parsed_run
from tests.suspectbuild import bike_ride_as_run, fit_file

# The bike ride of suspectbuild as a row of a training log: same start, same distance.
LOG_ROW = "start_time,distance_km,duration,sport\n2024-11-08T12:33:20+01:00,31.8,1:10:00,running\n"


def _ride(store: Store, tmp_path) -> int:
    path = tmp_path / "ride.fit"
    path.write_bytes(fit_file(bike_ride_as_run()))
    import_paths(store, athlete="me", paths=[path], workers=1)
    (activity,) = store.activities("me")
    return activity.id


def test_a_confirmation_survives_reopening_the_store(store_url, tmp_path):
    with Store(store_url) as store:
        ride = _ride(store, tmp_path)
        confirm_activity(store, athlete="me", activity_id=ride)
    with Store(store_url) as store:
        assert store.activity("me", ride).quality_review == "confirmed"
        assert store.activity_columns("me")["quality_review"] == ["confirmed"]
        (mark,) = quality_marks_of(store, athlete="me")
        assert (mark.review, mark.held_out) == ("confirmed", False)


def test_the_answer_and_the_sample_checks_go_out_and_come_back(store_url, tmp_path):
    with Store(store_url) as store:
        ride = _ride(store, tmp_path)
        confirm_activity(store, athlete="me", activity_id=ride)
        export_athlete(store, athlete="me", path=tmp_path / "me.zip")
        with zipfile.ZipFile(tmp_path / "me.zip") as archive:
            (row,) = json.loads(archive.read("activities.json"))
            profiles = json.loads(archive.read("profiles.json"))
            assert "quality_review" in archive.read("activities.csv").decode().splitlines()[0]
        assert row["quality_review"] == "confirmed"
        assert profiles[str(ride)]["profile"]["sample_checks"][0]["check"] == "vehicle_speed"
        store.delete_athlete("me")
        restore_export(store, path=tmp_path / "me.zip")
        (restored,) = store.activities("me")
        assert restored.quality_review == "confirmed"
        (mark,) = quality_marks_of(store, athlete="me")
        assert ([r["check"] for r in mark.reasons], mark.held_out) == (
            ["vehicle_speed", "average_speed"], False)


def test_a_store_without_answers_is_upgraded_in_place(store_url):
    with Store(store_url) as store:
        store.save_file("me", parsed_run(), source_name="run.fit", size_bytes=1)
        with store.engine.begin() as conn:
            conn.execute(text("ALTER TABLE activities DROP COLUMN quality_review"))
            conn.execute(schema.schema_migrations.delete().where(
                schema.schema_migrations.c.version == 13))
    with Store(store_url) as store:
        (activity,) = store.activities("me")
        assert activity.quality_review is None
        store.update_activity("me", activity.id, {"quality_review": "confirmed"})
        assert store.activity("me", activity.id).quality_review == "confirmed"


def test_a_richer_record_keeps_a_confirmation_not_a_corrected_distance(store_url, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(LOG_ROW)
    ride = tmp_path / "ride.fit"
    ride.write_bytes(fit_file(bike_ride_as_run()))
    with Store(store_url) as store:
        import_paths(store, athlete="me", paths=[log], workers=1)
        (row,) = store.activities("me")
        confirm_activity(store, athlete="me", activity_id=row.id)
        import_paths(store, athlete="me", paths=[ride], workers=1)
        (merged,) = store.activities("me")
        assert (merged.id, merged.source_format, merged.quality_review) == (
            row.id, "fit", "confirmed")
        store.delete_athlete("me")
        import_paths(store, athlete="me", paths=[log], workers=1)
        (row,) = store.activities("me")
        correct_distance(store, athlete="me", activity_id=row.id, distance="31.9")
        import_paths(store, athlete="me", paths=[ride], workers=1)
        (merged,) = store.activities("me")
        assert (merged.distance_m, merged.quality_review) == (31_800.0, None)
        (mark,) = quality_marks_of(store, athlete="me")
        assert mark.held_out
