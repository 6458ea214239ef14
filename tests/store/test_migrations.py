"""Migrations: ordered, recorded, run once; an old store is upgraded in place."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text

from loadwatch.store import Store, schema
from loadwatch.store.migrations import MIGRATIONS, applied_versions, migrate
from tests.store.conftest import parsed_run


def test_migrations_are_recorded_and_run_once(store_url):
    first = Store(store_url)
    assert applied_versions(first.engine) == {m[0] for m in MIGRATIONS}
    assert migrate(first.engine) == []  # a second run applies nothing
    with first.engine.connect() as conn:
        rows = conn.execute(select(schema.schema_migrations)).all()
    assert [r.version for r in rows] == list(range(1, 17))
    first.close()
    Store(store_url).close()  # reopening an existing store is fine


def test_a_version_1_store_is_upgraded_in_place(store_url):
    with Store(store_url) as store:
        store.save_file("me", parsed_run(), source_name="run.fit", size_bytes=1)
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


def test_a_version_11_store_gets_the_acknowledgements_table(store_url):
    with Store(store_url) as store:
        store.save_file("me", parsed_run(), source_name="run.fit", size_bytes=1)
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE flag_acknowledgements"))
            conn.execute(text("DELETE FROM schema_migrations WHERE version = 12"))
    with Store(store_url) as store:
        assert len(store.activities("me")) == 1
        row = store.acknowledge_flag("me", rule="red_flag_fever", day=date(2026, 3, 1),
                                     entry=None, author="me")
        assert row["new"]
        assert [r["rule"] for r in store.acknowledgements("me")] == ["red_flag_fever"]
