"""Folders, zips (nested, macOS, hostile), Strava exports, and the same run twice."""

from __future__ import annotations

import gzip
import io
import shutil
import zipfile
from collections import Counter
from datetime import datetime, timedelta

import pytest

from loadwatch.dedupe import Candidate, same_run
from loadwatch.importers import archives
from loadwatch.service.imports import import_paths
from tests.conftest import CORPUS, SAMPLE_RUNS, corpus_dir
from tests.fitbuild import START, run_file

EXPORT = CORPUS / "strava_export" / "StravaData__export_2018"


def _zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_strava_export_folder_joins_files_to_rows(store):
    corpus_dir("strava_export")
    results = import_paths(store, athlete="me", paths=[EXPORT])
    counts = Counter(r.status for r in results)
    # 10 GPX files, and the 118 rows whose files the partial export lacks
    assert counts == {"imported": 128}
    by_name = {a.source_name: a for a in store.activities("me")}
    gpx = by_name["1360312589.gpx"]
    assert gpx.name
    assert gpx.sport == "running"
    summaries = [a for a in store.activities("me") if a.source_format == "csv"]
    assert len(summaries) == 118
    assert {r.status for r in import_paths(store, athlete="me", paths=[EXPORT])} == {"duplicate"}


def test_strava_export_zipped_gives_the_same_activities(store, tmp_path):
    corpus_dir("strava_export")
    packed = tmp_path / "export_123.zip"
    members = {f"export_123/{p.relative_to(EXPORT).as_posix()}": p.read_bytes()
               for p in EXPORT.rglob("*") if p.is_file()}
    members["__MACOSX/export_123/._activities.csv"] = b"\x00\x05\x16\x07"
    _zip(packed, members)
    results = import_paths(store, athlete="me", paths=[packed])
    assert Counter(r.status for r in results) == {"imported": 128}
    assert not any("__MACOSX" in r.path for r in results)
    assert results[0].path.startswith(f"{packed}!export_123/activities/")


def test_garmin_export_zip_of_zips_and_gz(store, tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("12345_ACTIVITY.fit", run_file(600))
    outer = tmp_path / "garmin.zip"
    _zip(outer, {"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip":
                 inner.getvalue(),
                 "DI_CONNECT/run2.fit.gz": gzip.compress(run_file(600, start=START + 86400))})
    results = import_paths(store, athlete="me", paths=[outer])
    assert [r.status for r in results] == ["imported", "imported"]
    assert results[0].path.endswith("UploadedFiles_0-_Part1.zip!12345_ACTIVITY.fit")


def test_zip_bomb_and_traversal_names_are_harmless(store, tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_RATIO", 50)
    bomb = tmp_path / "bomb.zip"
    _zip(bomb, {"../../etc/zeros.fit": b"\0" * 5_000_000, "ok.fit": run_file(300)})
    results = {r.path.rsplit("!", 1)[-1]: r for r in import_paths(store, athlete="me",
                                                                  paths=[bomb])}
    assert results["../../etc/zeros.fit"].status == "failed"
    assert "over the 50:1 limit" in results["../../etc/zeros.fit"].message
    assert results["ok.fit"].status == "imported"
    assert not (tmp_path.parent.parent / "etc" / "zeros.fit").exists()


def test_damaged_zip_is_a_failure_not_a_crash(store, tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x01" * 100)
    (result,) = import_paths(store, athlete="me", paths=[broken])
    assert result.status == "failed"
    assert "damaged zip" in result.message


def test_same_run_rules():
    start = datetime(2024, 1, 1, 7)
    run = Candidate(start, 3600, 10_000, 3600, True)
    assert same_run(run, Candidate(start + timedelta(seconds=119), 3500, 10_400, 0, False))
    # 2 minutes apart but distances 6% apart, and too little overlap: not the same
    assert not same_run(run, Candidate(start + timedelta(minutes=30), 600, 10_600, 0, False))
    # a different distance but the same hour: the same run read by two devices
    assert same_run(run, Candidate(start + timedelta(minutes=3), 3500, 7_000, 10, False))
    assert not same_run(run, Candidate(start + timedelta(hours=2), 3600, 10_000, 10, False))


def test_the_same_ride_as_fit_gpx_and_tcx_is_one_activity_with_three_sources(store_url,
                                                                             tmp_path):
    corpus_dir("fit")
    folder = tmp_path / "triple"
    folder.mkdir()
    for source in (CORPUS / "gpx" / "sweatpy__activity_5039744860.gpx",
                   CORPUS / "tcx" / "sweatpy__activity_5039744860.tcx",
                   CORPUS / "fit" / "sweatpy__2020-06-01-16-52-40.fit"):
        shutil.copy(source, folder / source.name)
    from click.testing import CliRunner

    from loadwatch.cli import main

    CliRunner().invoke(main, ["--db", store_url, "import", str(folder)])
    import json

    listing = json.loads(CliRunner().invoke(main, ["--db", store_url, "activities",
                                                   "--json"]).stdout)
    (ride,) = listing
    assert sorted(ride["sources"]) == sorted(p.name for p in folder.iterdir())
    assert ride["source_format"] == "fit"  # the richest record: the FIT file's samples


def test_sample_data_zipped_imports_like_the_folder(store, tmp_path):
    packed = tmp_path / "runs.zip"
    _zip(packed, {p.name: p.read_bytes() for p in sorted(SAMPLE_RUNS.glob("*.fit"))})
    assert Counter(r.status for r in import_paths(store, athlete="me",
                                                  paths=[packed])) == {"imported": 77}
    assert Counter(r.status for r in import_paths(store, athlete="me", paths=[SAMPLE_RUNS])) == {
        "duplicate": 77}


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx", "zip", "csv"])
def test_every_corpus_file_is_accounted_for(store, kind):
    folder = corpus_dir(kind)
    results = import_paths(store, athlete="me", paths=[folder], units="km")
    assert results
    assert all(r.status in ("imported", "duplicate", "skipped", "failed") for r in results)
    assert all(r.message for r in results if r.status != "imported")
    failed = [r.path for r in results if r.status == "failed"]
    expected = {"tcx": ["runpandas__malformed.tcx"]}.get(kind, [])
    assert [f.rsplit("/", 1)[-1] for f in failed] == expected
