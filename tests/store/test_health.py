"""A store damaged by an earlier version still reads, and `loadwatch check --repair` heals it.

Also the field cases of hostile files (../shared/regressions/hostile/) and the
real Garmin list that once poisoned a store.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from loadwatch.cli import main
from loadwatch.service.activities import check
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import risk_report, training
from loadwatch.service.summaries import weekly_summary
from loadwatch.store import Store, schema
from tests.conftest import CORPUS, SAMPLE_RUNS

HOSTILE = CORPUS.parent / "regressions" / "hostile"
READS = (["activities"], ["weeks"], ["days"], ["risk"], ["summary"], ["summary", "--format",
                                                                      "json"])


def _damage(store: Store) -> dict[str, int]:
    """What versions before the checks could write: NaN in JSON, inf, year 9999."""
    ids = [a.id for a in store.activities("me")]
    acts, profiles = schema.activities, schema.activity_profiles
    with store.engine.begin() as conn:
        conn.execute(update(profiles).where(profiles.c.activity_id == ids[0]).values(
            data='{"version": 2, "ngp_speed": NaN, "hr_seconds": {}, "speed_seconds": {}}'))
        conn.execute(update(acts).where(acts.c.id == ids[1]).values(distance_m=float("inf")))
        conn.execute(update(acts).where(acts.c.id == ids[2]).values(
            start_time=datetime(9999, 12, 31)))
        conn.execute(update(acts).where(acts.c.id == ids[3]).values(warnings="[not json"))
        conn.execute(schema.diary_entries.insert(), {
            "athlete_id": store.athlete_id("me"), "date": datetime(2026, 8, 1),
            "created_at": datetime(2026, 8, 1),
            "data": '{"date": "2026-08-01", "location": "groin", "pain": 4, "weeks": Infinity}'})
    return {"nan_profile": ids[0], "inf": ids[1], "year_9999": ids[2], "bad_notes": ids[3]}


def _cli(url: str, *args: str):
    return CliRunner().invoke(main, ["--db", url, *args], catch_exceptions=False)


@pytest.fixture
def damaged(store_url):
    with Store(store_url) as store:
        import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:6],
                     workers=1)
        ids = _damage(store)
    return store_url, ids


def test_a_damaged_store_still_reads_leaving_out_only_the_bad_rows(damaged, caplog):
    url, ids = damaged
    with Store(url) as store:
        listed = {a.id for a in store.activities("me")}
        assert ids["inf"] not in listed
        assert ids["year_9999"] not in listed
        assert ids["nan_profile"] in listed
        assert ids["bad_notes"] in listed
        view = training(store, athlete="me")
        assert len(view.activities) == 4
        assert "left out" in caplog.text
        assert str(ids["inf"]) in caplog.text
        risk_report(store, athlete="me")
        weekly_summary(store, athlete="me", week="2026-07-06")
    for args in READS:
        result = _cli(url, *args)
        assert result.exit_code == 0, (args, result.output)
        assert "unexpected" not in result.output


def test_check_names_every_bad_row_and_repair_heals_the_store(damaged):
    url, ids = damaged
    with Store(url) as store:
        found = {f.what.split(" (")[0]: f for f in check(store)}
        assert found[f"activity {ids['inf']}"].action == "set to no value: distance_m"
        assert found[f"activity {ids['year_9999']}"].action == "removed"
        assert "9999" in found[f"activity {ids['year_9999']}"].problem
        assert f"profile of activity {ids['nan_profile']}" in found
        assert f"import notes of activity {ids['bad_notes']}" in found
        assert any(what.startswith("diary entry") for what in found)
    report = _cli(url, "check")
    assert report.exit_code == 1
    assert "--repair" in report.output
    repaired = _cli(url, "check", "--repair")
    assert repaired.exit_code == 0
    assert "problems repaired" in repaired.output
    assert _cli(url, "check").output.strip() == "the store is sound: every row reads"
    with Store(url) as store:
        activity = store.activity("me", ids["inf"])
        assert activity.distance_m is None  # kept, its impossible distance dropped
        assert len(training(store, athlete="me").activities) == 5
        (entry,) = store.entries("me")
        assert entry["weeks"] is None
        assert entry["pain"] == 4
        with store.engine.connect() as conn:
            stored = conn.execute(select(schema.diary_entries.c.data)).scalar()
        json.loads(stored, parse_constant=lambda c: pytest.fail(f"{c} still stored"))


def _hostile_dir():
    if not HOSTILE.is_dir():
        pytest.skip(f"{HOSTILE} is absent (../shared ships beside the project only in CI "
                    "and on developer machines)")
    return HOSTILE


def test_hostile_field_files_are_refused_by_name_and_the_rest_imports(store_url):
    folder = _hostile_dir()
    good = SAMPLE_RUNS / "2026-07-07-easy-road.fit"
    with Store(store_url) as store:
        results = {r.path.rsplit("/", 1)[-1]: r for r in
                   import_paths(store, athlete="me", paths=[*sorted(folder.iterdir()), good],
                                workers=1)}
        assert results[good.name].status == "imported"
        assert "9999" in results["crash-date-9999.csv"].message
        assert "row 2" in results["crash-date-9999.csv"].message
        assert results["crash-date-9999.csv"].status in ("failed", "skipped")
        assert "row 2" in results["slow-date-1000.csv"].message
        assert "heart rate" in results["crash-hr-4e9.gpx"].message
        assert "row 2" in results["poison-json-inf-distance.csv"].message
        assert "inf" in results["poison-json-inf-distance.csv"].message
        assert not any("unexpected" in r.message for r in results.values())
        days = training(store, athlete="me").days
        assert days.index.min().year >= 2020  # no calendar from the year 1000
    for args in READS:
        result = _cli(store_url, *args)
        assert result.exit_code == 0, (args, result.output)


def test_hostile_values_of_every_kind_in_a_training_log(tmp_path):
    """The same kind without ../shared: each bad cell is named, the good rows stay."""
    log = tmp_path / "log.csv"
    log.write_text("date,distance_km,duration,avg_hr\n"
                   "2026-05-01,inf,0:45:00,140\n"
                   "2026-05-02,1e308,0:45:00,140\n"
                   "2026-05-03,8,-0:45:00,140\n"
                   "2026-05-04,8,0:45:00,4294967295\n"
                   "2020-02-30,8,0:45:00,140\n"
                   "0001-01-01,8,0:45:00,140\n"
                   "2026-05-05,NaN,NaN,NaN\n"
                   "2026-05-06,10,0:50:00,150\n")
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Store(url) as store:
        (result,) = import_paths(store, athlete="me", paths=[log], workers=1)
        assert result.status == "imported", result.message
        assert "unexpected" not in result.message
        for row in (2, 3, 4, 5, 6, 7):
            assert f"row {row}" in result.message, (row, result.message)
        distances = sorted(a.distance_m or 0 for a in store.activities("me"))
        assert max(distances) == 10_000
        assert all(a.start_time.year == 2026 for a in store.activities("me"))
    for args in READS:
        assert _cli(url, *args).exit_code == 0


def test_the_real_garmin_list_imports_and_every_read_works(tmp_path):
    garmin = CORPUS / "csv" / "running_stats__Activities.csv"
    if not garmin.is_file():
        pytest.skip(f"{garmin} is absent (../shared ships beside the project only in CI)")
    url = f"sqlite:///{tmp_path / 's.db'}"
    imported = _cli(url, "import", "--units", "km", str(garmin))
    assert imported.exit_code == 0, imported.output
    for args in READS:
        result = _cli(url, *args)
        assert result.exit_code == 0, (args, result.output)
        assert "Error" not in result.output
    listed = json.loads(_cli(url, "activities", "--json").output)
    assert len(listed) == 760
    assert all(a["timer_s"] is None or a["timer_s"] == a["timer_s"] for a in listed)


@pytest.mark.postgres
def test_a_connection_lost_mid_import_is_retried_not_failed(tmp_path):
    """A PostgreSQL restart drops the importer's connection mid-transaction: the file's
    transaction rolled back whole and is run again, and no file fails."""
    from sqlalchemy import create_engine, event, text

    from tests.conftest import _empty_postgres, _postgres_url

    url = _postgres_url()
    _empty_postgres(url)
    killer = create_engine(url)
    killed = []

    def drop_connection_once(conn, _cursor, statement, *_):
        if "INSERT INTO activity_samples" in statement and len(killed) < 2:
            pid = conn.connection.dbapi_connection.info.backend_pid
            killed.append(pid)
            with killer.begin() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    runs = sorted(SAMPLE_RUNS.glob("*.fit"))[:5]
    with Store(url) as store:
        event.listen(store.engine, "before_cursor_execute", drop_connection_once)
        results = import_paths(store, athlete="me", paths=runs, workers=1)
        event.remove(store.engine, "before_cursor_execute", drop_connection_once)
        assert len(killed) == 2
        assert [r.status for r in results] == ["imported"] * 5, [r.message for r in results]
        assert store.counts("me") == {"files": 5, "activities": 5, "samples": 5}
    killer.dispose()


def test_a_damaged_store_exports_strict_json_and_restores_what_reads(damaged, tmp_path):
    url, _ids = damaged
    import zipfile

    from loadwatch.service.exchange import export_athlete, restore_export

    with Store(url) as store:
        export_athlete(store, athlete="me", path=tmp_path / "me.zip")
        constants = []
        with zipfile.ZipFile(tmp_path / "me.zip") as archive:
            for name in archive.namelist():
                if name.endswith(".json"):
                    json.loads(archive.read(name), parse_constant=constants.append)
        assert constants == []  # no NaN or Infinity: every reader accepts the export
        done = restore_export(store, path=tmp_path / "me.zip", athlete="copy")
        assert done["activities"] == 5  # the year-9999 run is left out, the others come
        assert any("9999" in why for why in done["left_out"])
        assert len(training(store, athlete="copy").activities) == 5


def test_a_damaged_profile_beside_a_left_out_activity_still_reads(store_url):
    with Store(store_url) as store:
        import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:4],
                     workers=1)
        first, second, *_ = sorted(a.id for a in store.activities("me"))
        profiles, acts = schema.activity_profiles, schema.activities
        with store.engine.begin() as conn:
            conn.execute(update(profiles).where(profiles.c.activity_id == first).values(
                data='{"x": NaN'))
            conn.execute(update(acts).where(acts.c.id == second).values(rpe=11))
        assert len(training(store, athlete="me").activities) == 3
    for args in READS:
        assert _cli(store_url, *args).exit_code == 0, args


def test_a_start_time_no_calendar_holds_is_left_out_and_removed(tmp_path):
    """SQLite keeps whatever text it is given: '2020-02-30' by hand is possible there."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Store(url) as store:
        import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:3],
                     workers=1)
        bad = min(a.id for a in store.activities("me"))
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE activities SET start_time = '2020-02-30 10:00:00' "
                                 f"WHERE id = {bad}")
        assert len(store.activities("me")) == 2
    for args in READS:
        assert _cli(url, *args).exit_code == 0, args
    assert "no readable start time" in _cli(url, "check").output
    assert _cli(url, "check", "--repair").exit_code == 0
    assert _cli(url, "check").exit_code == 0


def test_repair_never_rewrites_a_diary_entry_into_one_that_is_left_out(store_url):
    """A pain of NaN is not guessed at: the entry is reported and kept for the runner."""
    with Store(store_url) as store:
        store.add_entry("me", {"date": "2026-08-01", "location": "groin", "pain": 4,
                               "signs": ["pain_walking"]})
        table = schema.diary_entries
        with store.engine.begin() as conn:
            conn.execute(update(table).values(
                data='{"date": "2026-08-01", "location": "groin", "pain": NaN}'))
    repaired = _cli(store_url, "check", "--repair")
    assert repaired.exit_code == 1
    assert "left for you to correct" in repaired.output
    assert "diary edit" in repaired.output
    again = _cli(store_url, "check")
    assert again.exit_code == 1
    assert "pain" in again.output


def test_an_export_of_any_damage_restores_everything_that_can_be_read(store_url, tmp_path):
    from loadwatch.service.exchange import export_athlete, restore_export

    runs = sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:4]
    with Store(store_url) as store:
        import_paths(store, athlete="me", paths=runs, workers=1)
        ids = sorted(a.id for a in store.activities("me"))
        acts, samples = schema.activities, schema.activity_samples
        with store.engine.begin() as conn:
            conn.execute(update(acts).where(acts.c.id == ids[0]).values(rpe=11))
            conn.execute(update(acts).where(acts.c.id == ids[1]).values(
                start_time=datetime(9999, 12, 31)))
            conn.execute(update(samples).where(samples.c.activity_id == ids[2]).values(
                data=b"not samples"))
            conn.execute(schema.diary_entries.insert(), {
                "athlete_id": store.athlete_id("me"), "date": datetime(2026, 8, 1),
                "created_at": datetime(2026, 8, 1), "data": "{not json"})
        export_athlete(store, athlete="me", path=tmp_path / "me.zip")  # no damage stops an export
        done = restore_export(store, path=tmp_path / "me.zip", athlete="copy")
        assert done["activities"] == 3
        assert len(done["left_out"]) == 1
        restored = sorted(store.activities("copy"), key=lambda a: a.start_time)
        assert restored[0].rpe is None  # the impossible RPE mended, the run kept
        again = import_paths(store, athlete="copy", paths=runs,
                             workers=1)  # the left-out run returns
        assert sorted(r.status for r in again) == ["duplicate"] * 3 + ["imported"]


def test_a_truncated_samples_blob_costs_only_that_activitys_recording(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Store(url) as store:
        import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:3],
                     workers=1)
        first = min(a.id for a in store.activities("me"))
        samples = schema.activity_samples
        with store.engine.begin() as conn:
            blob = conn.execute(select(samples.c.data).where(
                samples.c.activity_id == first)).scalar()
            conn.execute(update(samples).where(samples.c.activity_id == first).values(
                data=bytes(blob)[:-20]))
            conn.execute(schema.activity_profiles.delete())  # profiles computed again
        assert len(training(store, athlete="me").activities) == 3
    for args in (*READS, ["export", str(tmp_path / "me.zip")]):
        result = _cli(url, *args)
        assert result.exit_code == 0, (args, result.output)
        assert "unexpected" not in result.output, (args, result.output)
    assert "samples of activity" in _cli(url, "check").output


@pytest.fixture
def story(tmp_path):
    """The sample data with its diary: the 31 Aug entry raises an urgent bone-stress flag."""
    url = f"sqlite:///{tmp_path / 'story.db'}"
    with Store(url) as store:
        import_paths(store, athlete="me", paths=[SAMPLE_RUNS.parent], workers=1)
        store.set_settings("me", {"timezone": "Europe/Amsterdam"})
    return url


def _urgent(url: str) -> list[str]:
    with Store(url) as store:
        return [f.title for f in risk_report(store, athlete="me") if f.severity == "urgent"]


@pytest.mark.parametrize("pain", ["NaN", "4.0", '"four"', "null"])
def test_a_damaged_pain_never_hides_the_entrys_red_flag(story, pain):
    before = _urgent(story)
    assert "Bone-stress symptoms during a ramp" in before
    with Store(story) as store:
        table = schema.diary_entries
        with store.engine.begin() as conn:
            for entry_id, text in conn.execute(select(table.c.id, table.c.data)).all():
                if '"2026-08-31"' in text:
                    damaged = json.loads(text)
                    damaged["pain"] = "PAIN"
                    conn.execute(update(table).where(table.c.id == entry_id).values(
                        data=json.dumps(damaged).replace('"PAIN"', pain)))
    assert "Bone-stress symptoms during a ramp" in _urgent(story)
    assert _cli(story, "risk").exit_code == 0


def test_hand_edits_of_every_column_kind_leave_every_read_working(story):
    with Store(story) as store:
        ids = sorted(a.id for a in store.activities("me"))
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE activities SET start_time = "
                                 f"'2026-08-01T07:00:00+02:00' WHERE id = {ids[0]}")
            conn.exec_driver_sql("UPDATE activities SET created_at = 'garbage' "
                                 f"WHERE id = {ids[1]}")
            conn.exec_driver_sql("UPDATE activity_profiles SET data = 'null' "
                                 f"WHERE activity_id = {ids[2]}")
            conn.exec_driver_sql("UPDATE activity_profiles SET data = "
                                 "'{\"version\": 3, \"hr_seconds\": {\"abc\": \"x\"}}' "
                                 f"WHERE activity_id = {ids[3]}")
            conn.exec_driver_sql(f"UPDATE activities SET name = 'a\x01b', start_time = "
                                 f"'2026-02-30 07:00:00' WHERE id = {ids[4]}")
            conn.exec_driver_sql("UPDATE diary_entries SET created_at = 'someday'")
        store.set_settings("me", {"max_hr": "190", "resting_hr": "50",
                                  "threshold_pace": "4:30/km"})
    for args in (*READS, ["diary", "list"], ["export", str(Path(story[10:]).parent / "e.zip")]):
        result = _cli(story, *args)
        assert result.exit_code == 0, (args, result.output)
        assert "unexpected" not in result.output, (args, result.output)
    found = _cli(story, "check").output
    assert f"activity {ids[4]}" in found  # the damaged profiles were healed by the reads
    deleted = _cli(story, "activity", str(ids[4]), "delete", "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert _cli(story, "check", "--repair").exit_code == 0
    assert _cli(story, "check").output.strip() == "the store is sound: every row reads"
