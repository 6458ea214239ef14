"""Importing files and folders into a store: statuses, duplicates, bad files."""

from __future__ import annotations

import gzip
import shutil
from collections import Counter

from loadwatch.service.imports import import_paths
from tests.fitbuild import run_file


def _statuses(results):
    return Counter(r.status for r in results)


def test_sample_data_imports_once(store, sample_runs):
    first = import_paths(store, athlete="me", paths=[sample_runs])
    assert _statuses(first) == {"imported": 77}
    again = import_paths(store, athlete="me", paths=[sample_runs])
    assert _statuses(again) == {"duplicate": 77}
    assert all(r.message == "already imported" for r in again)
    assert store.counts("me") == {"files": 77, "activities": 77, "samples": 77}


def test_one_bad_file_is_reported_and_the_rest_import(store, sample_runs, tmp_path):
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    for source in sorted(sample_runs.glob("*.fit"))[:9]:
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "broken.fit").write_bytes(b"\x0e\x10" + b"\x00" * 40)
    (tmp_path / "empty.fit").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a run")
    results = {r.path.rsplit("/", 1)[-1]: r for r in import_paths(store, athlete="me",
                                                                  paths=[tmp_path])}
    assert _statuses(results.values()) == {"imported": 9, "failed": 2, "skipped": 1}
    assert "not a FIT file" in results["broken.fit"].message
    assert "byte 0" in results["broken.fit"].message
    assert results["empty.fit"].message == "empty.fit: the file is empty"
    assert results["notes.txt"].status == "skipped"


def test_gzipped_fit_imports_and_matches_the_plain_file(store, tmp_path):
    data = run_file(300)
    (tmp_path / "run.fit.gz").write_bytes(gzip.compress(data, mtime=0))
    (gz,) = import_paths(store, athlete="me", paths=[tmp_path / "run.fit.gz"])
    assert gz.status == "imported"
    (tmp_path / "run.fit").write_bytes(data)
    (plain,) = import_paths(store, athlete="me", paths=[tmp_path / "run.fit"])
    assert plain.status == "duplicate"  # same content, whatever the wrapping


def test_cut_off_gzip_fails_with_the_reason(store, tmp_path):
    packed = gzip.compress(run_file(300))
    (tmp_path / "cut.fit.gz").write_bytes(packed[: len(packed) // 2])
    (result,) = import_paths(store, athlete="me", paths=[tmp_path / "cut.fit.gz"])
    assert result.status == "failed"
    assert "cut off" in result.message


def test_missing_path_fails_without_stopping_others(store, tmp_path):
    (tmp_path / "run.fit").write_bytes(run_file(60))
    results = import_paths(store, athlete="me", paths=[tmp_path / "nope.fit", tmp_path / "run.fit"])
    assert [r.status for r in results] == ["failed", "imported"]
    assert "No such file" in results[0].message


def test_pool_and_single_process_give_the_same_results(store_url, sample_runs):
    from loadwatch.store import Store

    with Store(store_url) as store:
        pooled = import_paths(store, athlete="a", paths=[sample_runs], workers=2)
        single = import_paths(store, athlete="b", paths=[sample_runs], workers=1)
    assert [(r.path, r.status) for r in pooled] == [(r.path, r.status) for r in single]
    assert len(pooled) == 77


def test_import_result_lists_activity_ids_and_warnings(store, tmp_path):
    data = run_file(300)
    (tmp_path / "cut.fit").write_bytes(data[: len(data) - 200])
    (result,) = import_paths(store, athlete="me", paths=[tmp_path / "cut.fit"])
    assert result.status == "imported"
    assert result.activities == [a.id for a in store.activities("me")]
    assert "truncated" in result.message
