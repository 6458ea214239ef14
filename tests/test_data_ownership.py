"""Accounts, exports that restore exactly, and deleting an athlete without a trace.

Each test runs on SQLite and on PostgreSQL (the ``store_url`` fixture).
"""

from __future__ import annotations

import json
import zipfile

from sqlalchemy import func, select, text

from loadwatch.service import accounts
from loadwatch.service.exchange import export_athlete, restore_export
from loadwatch.service.imports import import_paths
from loadwatch.store import Store, schema
from loadwatch.store.bundle import dump_bundle
from tests.conftest import SAMPLE_RUNS

ENTRY = {"date": "2026-08-30", "side": "right", "location": "groin", "pain": 4,
         "onset": "gradual", "character": ["aching"], "when": ["during_run"], "signs": [],
         "trigger": None, "weeks": None, "notes": "sore after the long run"}


def _filled(store: Store, athlete: str = "ann") -> None:
    """Files (one merged pair), an edit, settings, a diary entry with a comment, a send."""
    runs = sorted(SAMPLE_RUNS.glob("*.fit"))[:6]
    import_paths(store, athlete=athlete, paths=runs, workers=1)
    first = store.activities(athlete)[-1]
    store.update_activity(athlete, first.id, {"rpe": 7.0, "surface": "grass",
                                              "name": "Parkrun"})
    store.set_settings(athlete, {"units": "mi", "max_hr": "191"})
    entry = store.add_entry(athlete, ENTRY)
    store.add_comment(athlete, entry, "cora", "Two easy days, then tell me.")
    store.record_send(athlete, "2026-08-24", "ann@example.org", "sent")


def _comparable(store: Store, athlete: str) -> dict:
    """The athlete's data with store ids replaced by positions (ids differ after a restore)."""
    bundle = dump_bundle(store, athlete)
    activity_pos = {row["id"]: i for i, row in enumerate(bundle.activities)}
    source_pos = {row["id"]: i for i, row in enumerate(bundle.sources)}
    entry_pos = {row["id"]: i for i, row in enumerate(bundle.diary)}

    def strip(row, **renamed):
        return {k: renamed.get(k, v) for k, v in row.items() if k != "id"}

    return {
        "settings": bundle.settings,
        "sources": [strip(r) for r in bundle.sources],
        "originals": {source_pos[k]: v for k, v in bundle.originals.items()},
        "activities": [strip(r, source_file_id=source_pos.get(r["source_file_id"]))
                       for r in bundle.activities],
        "samples": {activity_pos[k]: v for k, v in bundle.samples.items()},
        "profiles": {activity_pos[k]: (v, json.loads(d)) for k, (v, d) in
                     bundle.profiles.items()},
        "links": sorted((activity_pos[a], source_pos[s]) for a, s in bundle.links),
        "diary": [strip(r) for r in bundle.diary],
        "comments": [{**c, "entry_id": entry_pos[c["entry_id"]]} for c in bundle.comments],
        "sends": bundle.sends,
    }


def test_export_then_import_restores_everything_exactly(store_url, tmp_path):
    with Store(store_url) as store:
        _filled(store)
        before = _comparable(store, "ann")
        export_athlete(store, athlete="ann", path=tmp_path / "ann.zip")
        store.delete_athlete("ann")
        assert "ann" not in store.athletes()
        done = restore_export(store, path=tmp_path / "ann.zip")
        assert done["athlete"] == "ann"
        assert _comparable(store, "ann") == before
        assert len(before["originals"]) == len(before["sources"]) == 6


def test_export_is_readable_without_loadwatch(store, tmp_path):
    _filled(store)
    export_athlete(store, athlete="ann", path=tmp_path / "ann.zip")
    with zipfile.ZipFile(tmp_path / "ann.zip") as archive:
        names = archive.namelist()
        header = archive.read("activities.csv").decode().splitlines()[0]
        (sample_file,) = [n for n in names if n.startswith("samples/")][:1]
        samples = archive.read(sample_file).decode().splitlines()
        diary = json.loads(archive.read("diary.json"))
        original = next(n for n in names if n.startswith("originals/"))
        original_bytes = archive.read(original)
    assert {"manifest.json", "README.txt", "settings.json", "activities.json",
            "sources.json", "summary_sends.json"} <= set(names)
    assert header.startswith("id,source_file_id")
    assert "files" in header
    assert samples[0].startswith("time (s),distance (m)")
    assert len(samples) > 500
    assert diary[0]["data"]["notes"] == ENTRY["notes"]
    assert diary[0]["comments"][0]["author"] == "cora"
    assert original_bytes == (SAMPLE_RUNS / original.split("-", 1)[1]).read_bytes()


def test_restore_is_refused_over_existing_data_and_leaves_it(store, tmp_path):
    _filled(store)
    export_athlete(store, athlete="ann", path=tmp_path / "ann.zip")
    before = _comparable(store, "ann")
    results = import_paths(store, athlete="ann", paths=[tmp_path / "ann.zip"])
    assert results[0].status == "failed"
    assert "already has data" in results[0].message
    assert _comparable(store, "ann") == before
    # Under another name it is a copy.
    (copied,) = import_paths(store, athlete="ann-copy", paths=[tmp_path / "ann.zip"])
    assert copied.status == "imported"
    assert "restored for ann-copy" in copied.message
    assert _comparable(store, "ann-copy") == before


def test_a_damaged_export_is_reported_and_changes_nothing(store, tmp_path):
    _filled(store)
    export_athlete(store, athlete="ann", path=tmp_path / "ann.zip")
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(tmp_path / "ann.zip") as source, \
            zipfile.ZipFile(damaged, "w") as target:
        victim = [n for n in source.namelist() if n.startswith("samples/")][-1]
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == victim:
                lines = data.split(b"\n")
                lines[5] = b"oops" + lines[5][lines[5].index(b","):]
                data = b"\n".join(lines)
            target.writestr(item, data)
    (result,) = import_paths(store, athlete="bob", paths=[damaged])
    assert result.status == "failed"
    assert f"{victim_name(damaged)}: not a number" in result.message
    assert "row 6" in result.message
    assert store.counts("bob") == {"files": 0, "activities": 0, "samples": 0}


def victim_name(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return [n for n in archive.namelist() if n.startswith("samples/")][-1]


def test_delete_athlete_leaves_no_trace(store):
    _filled(store, "ann")
    _filled(store, "ben")
    accounts.add_user(store, "ann", "ann-password-1", "athlete")
    accounts.add_user(store, "cora", "cora-password-1", "coach")
    accounts.assign(store, "cora", "ann")
    ben_before = _comparable(store, "ben")
    ann_id = store.athlete_id("ann")
    store.delete_athlete("ann")
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            if "athlete_id" in table.c:
                left = conn.execute(select(func.count()).select_from(table).where(
                    table.c.athlete_id == ann_id)).scalar_one()
                assert left == 0, table.name
    assert [u["name"] for u in accounts.list_users(store)] == ["cora"]
    assert accounts.user(store, "cora").athletes == ()
    assert _comparable(store, "ben") == ben_before


def test_roles_decide_who_may_do_what(store):
    for name in ("ann", "ben"):
        store.athlete_id(name)
    ann = accounts.add_user(store, "ann", "ann-password-1", "athlete")
    accounts.add_user(store, "cora", "cora-password-1", "coach")
    accounts.assign(store, "cora", "ann")
    cora = accounts.user(store, "cora")
    root = accounts.add_user(store, "root", "root-password-1", "admin")
    assert ann.may("write", "ann")
    assert not ann.may("read", "ben")
    assert cora.may("read", "ann")
    assert cora.may("comment", "ann")
    assert not cora.may("write", "ann")
    assert not cora.may("read", "ben")
    assert root.may("write", "ben")
    assert root.athletes == ("ann", "ben")
    assert accounts.authenticate(store, "ann", "ann-password-1") == ann
    assert accounts.authenticate(store, "ann", "wrong-password") is None
    assert accounts.authenticate(store, "nobody", "ann-password-1") is None
    with store.engine.connect() as conn:
        stored = conn.execute(select(schema.users.c.password_hash)).scalars().all()
    assert all(h.startswith("scrypt:") and "password" not in h for h in stored)


def test_data_version_moves_with_every_write(store):
    versions = []

    def changed() -> bool:
        versions.append(store.data_version("ann"))
        return len(versions) < 2 or versions[-1] != versions[-2]

    import_paths(store, athlete="ann", paths=sorted(SAMPLE_RUNS.glob("*.fit"))[:1], workers=1)
    assert changed()
    activity = store.activities("ann")[0]
    store.update_activity("ann", activity.id, {"rpe": 5.0})
    assert changed()
    store.set_settings("ann", {"units": "mi"})
    assert changed()
    entry = store.add_entry("ann", ENTRY)
    assert changed()
    store.add_comment("ann", entry, "cora", "ok")
    assert changed()
    store.delete_entry("ann", entry)
    assert changed()
    assert store.data_version("ben") is None


def test_a_version_7_store_gains_the_data_version(store_url):
    with Store(store_url) as store:
        store.athlete_id("ann")
        with store.engine.begin() as conn:
            conn.execute(text("ALTER TABLE athletes DROP COLUMN data_version"))
            conn.execute(text("DELETE FROM schema_migrations WHERE version = 8"))
    with Store(store_url) as store:
        assert store.data_version("ann") == 0
        store.set_settings("ann", {"units": "mi"})
        assert store.data_version("ann") == 1


def test_an_export_that_does_not_hold_together_leaves_nothing(store, tmp_path):
    _filled(store)
    export_athlete(store, athlete="ann", path=tmp_path / "ann.zip")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(tmp_path / "ann.zip") as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "activities.json":  # an activity naming a file that is not there
                rows = json.loads(data)
                rows[0]["sources"] = [999_999]
                data = json.dumps(rows).encode()
            target.writestr(item, data)
    (result,) = import_paths(store, athlete="bob", paths=[broken])
    assert result.status == "failed"
    assert "does not hold together" in result.message
    assert "bob" not in store.athletes()


def test_an_export_zipped_again_with_folder_entries_restores(store, tmp_path):
    """Unzipped and zipped again (``zip -r`` writes ``originals/`` as an entry of its own)."""
    _filled(store)
    export_athlete(store, athlete="ann", path=tmp_path / "ann.zip")
    before = _comparable(store, "ann")
    again = tmp_path / "again.zip"
    with zipfile.ZipFile(tmp_path / "ann.zip") as source, zipfile.ZipFile(again, "w") as target:
        for folder in ("originals/", "samples/"):
            target.writestr(folder, b"")
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
    (copied,) = import_paths(store, athlete="ann-copy", paths=[again])
    assert copied.status == "imported", copied.message
    assert _comparable(store, "ann-copy") == before
