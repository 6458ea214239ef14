"""Files saved in batches: one transaction a batch, one savepoint a file.

What a user relies on: a file the database refuses is reported and rolls back
alone while its neighbours in the batch are saved; an import stopped between
or in the middle of batches keeps every batch it committed, shows nothing of
the one under way, and importing again completes it; the same file twice in
one batch is imported once.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import replace

import pytest

from loadwatch.errors import StoreError
from loadwatch.metrics.profile import PROFILE_VERSION
from loadwatch.service import imports
from loadwatch.service.imports import import_paths
from loadwatch.store import FileToSave, SaveResult, Store, saving
from tests.fitbuild import START, run_file
from tests.store.conftest import parsed_run


def _folder(tmp_path, count: int):
    folder = tmp_path / "runs"
    folder.mkdir()
    for i in range(count):
        (folder / f"run{i:02}.fit").write_bytes(run_file(120, start=START + i * 86_400))
    return folder


def test_a_refused_file_in_the_middle_of_a_batch_rolls_back_alone(store):
    good = [parsed_run(digest=f"{i}" * 64, start=START + i * 86_400) for i in (1, 3)]
    refused = parsed_run(digest="2" * 64, start=START + 2 * 86_400)
    item = refused.activities[0]
    # The database refuses its second activity (content_hash is NOT NULL),
    # after the file's row and first activity were written.
    refused.activities.append(type(item)(replace(item.activity, content_hash=None,
                                                 session_index=1), item.samples))
    outcomes = store.save_files("me", [FileToSave(good[0], "one.fit", 1),
                                       FileToSave(refused, "two.fit", 1),
                                       FileToSave(good[1], "three.fit", 1)])
    assert isinstance(outcomes[0], SaveResult)
    assert isinstance(outcomes[2], SaveResult)
    assert isinstance(outcomes[1], StoreError)
    assert "could not save two.fit" in str(outcomes[1])
    assert store.counts("me") == {"files": 2, "activities": 2, "samples": 2}
    assert sorted(name for names in store.sources("me").values() for name in names) == [
        "one.fit", "three.fit"]
    # Nothing the refused file held is left to block it once it is mended.
    refused.activities.pop()
    (again,) = store.save_files("me", [FileToSave(refused, "two.fit", 1)])
    assert isinstance(again, SaveResult)
    assert len(again.new) == 1


def test_the_same_file_twice_in_one_batch_is_imported_once(store, tmp_path):
    folder = _folder(tmp_path, 3)
    shutil.copy(folder / "run01.fit", folder / "run01b.fit")
    results = {r.path.rsplit("/", 1)[-1]: r for r in
               import_paths(store, athlete="me", paths=[folder], workers=1)}
    assert Counter(r.status for r in results.values()) == {"imported": 3, "duplicate": 1}
    assert results["run01.fit"].status == "imported"
    assert (results["run01b.fit"].status, results["run01b.fit"].message) == (
        "duplicate", "already imported")
    assert store.counts("me") == {"files": 3, "activities": 3, "samples": 3}


def test_an_import_stopped_between_batches_keeps_them_and_a_rerun_completes(
        store, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_FILES", 4)
    folder = _folder(tmp_path, 10)
    reported = []

    def stop_after_the_first_batch(result):
        reported.append(result)
        if len(reported) == 4:
            raise KeyboardInterrupt  # as a user's Ctrl-C between two batches

    with pytest.raises(KeyboardInterrupt):
        import_paths(store, athlete="me", paths=[folder], workers=1,
                     progress=stop_after_the_first_batch)
    # A result is reported once its batch is committed: all four are there.
    assert store.counts("me") == {"files": 4, "activities": 4, "samples": 4}
    results = import_paths(store, athlete="me", paths=[folder], workers=1)
    assert Counter(r.status for r in results) == {"duplicate": 4, "imported": 6}
    assert store.counts("me") == {"files": 10, "activities": 10, "samples": 10}


def test_an_import_stopped_mid_batch_loses_that_batch_only_and_a_rerun_completes(
        store_url, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_FILES", 4)
    folder = _folder(tmp_path, 10)
    real_save, saved = saving._save_file, []

    def stop_at_the_sixth_file(*args):
        if len(saved) == 5:
            raise KeyboardInterrupt  # dies in batch two, after its first file was saved
        saved.append(args)
        return real_save(*args)

    monkeypatch.setattr(saving, "_save_file", stop_at_the_sixth_file)
    with Store(store_url) as store, pytest.raises(KeyboardInterrupt):
        import_paths(store, athlete="me", paths=[folder], workers=1)
    monkeypatch.setattr(saving, "_save_file", real_save)
    with Store(store_url) as store:
        # Batch one is committed whole; nothing of batch two is visible
        # (its fifth file was saved inside its savepoint, then rolled back).
        assert store.counts("me") == {"files": 4, "activities": 4, "samples": 4}
        results = import_paths(store, athlete="me", paths=[folder], workers=2)
        assert Counter(r.status for r in results) == {"duplicate": 4, "imported": 6}
        assert store.counts("me") == {"files": 10, "activities": 10, "samples": 10}
        activities = store.activities("me")
        assert all(store.samples(a.id)["time"].size == 120 for a in activities)
        assert len(store.profiles("me", version=PROFILE_VERSION)) == 10


def test_every_result_of_a_pooled_import_comes_in_order_once(store, tmp_path):
    folder = _folder(tmp_path, 40)
    (folder / "run20.fit").write_bytes(b"\x0e\x10" + b"\x00" * 40)  # broken, mid-batch
    seen = []
    results = import_paths(store, athlete="me", paths=[folder], workers=2,
                           progress=seen.append)
    assert seen == results
    assert [r.path.rsplit("/", 1)[-1] for r in results] == [f"run{i:02}.fit" for i in range(40)]
    assert Counter(r.status for r in results) == {"imported": 39, "failed": 1}
    assert store.counts("me") == {"files": 39, "activities": 39, "samples": 39}


@pytest.mark.parametrize("batch_files", [None, 1])
def test_each_reported_result_is_already_stored_for_every_reader(
        store_url, tmp_path, monkeypatch, batch_files):
    monkeypatch.setattr(imports, "BATCH_FILES", 4)
    folder = _folder(tmp_path, 9)
    seen_by_another_reader = []
    with Store(store_url) as store, Store(store_url) as reader:

        def look(_result):
            seen_by_another_reader.append(reader.counts("me").get("files", 0))

        import_paths(store, athlete="me", paths=[folder], workers=1, progress=look,
                     batch_files=batch_files)
    # Batches of four: results come when their batch is committed; one file a
    # transaction: each as its file is.
    expected = [4, 4, 4, 4, 8, 8, 8, 8, 9] if batch_files is None else list(range(1, 10))
    assert seen_by_another_reader == expected
