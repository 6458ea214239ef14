"""Background import jobs: file k of n, each result as it lands, units asked then answered."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from loadwatch.errors import NotFound
from loadwatch.service import import_jobs
from loadwatch.service.import_jobs import (
    import_again,
    import_progress,
    start_import,
    start_upload,
)
from tests.conftest import SAMPLE_RUNS
from tests.queue_workers import clean_queue, start_worker, stop_worker

# Garmin Connect's Activities.csv: "Distance" in the display unit, which 5.00 cannot tell.
GARMIN_UNTOLD = ("Activity Type,Date,Title,Distance,Calories,Time,Avg HR\n"
                 "Running,2026-05-02 08:00:00,Easy,5.00,400,00:45:00,140\n")


@pytest.fixture(autouse=True)
def jobs_dir(tmp_path, monkeypatch):
    folder = tmp_path / "jobs"
    monkeypatch.setenv("LOADWATCH_JOBS_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def worker(store, tmp_path):
    """On PostgreSQL, uploads go through the queue: a real ``loadwatch worker`` imports them."""
    if not store.shared:
        yield None
        return
    clean_queue(store.url)
    process = start_worker(store.url, tmp_path / "worker.log")
    yield process
    stop_worker(process)


def kept(store, jobs_dir, upload: str) -> list[str]:
    """The names of an upload's files still kept (a folder locally, the database on a server)."""
    if store.shared:
        return sorted(store.import_jobs.staged(upload).values())
    return sorted(p.name for p in (jobs_dir / "uploads" / upload).rglob("*.*"))


def finished(job: str, athlete: str = "me", store=None):
    """The job's progress once it is over (a job that never ends fails the test)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        progress = import_progress(job, athlete=athlete, store=store)
        if progress.finished:
            return progress
        time.sleep(0.05)
    pytest.fail(f"import job {job} did not finish")


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def test_an_upload_reports_each_file_by_its_own_name_and_one_bad_file_loses_nothing(
        store, jobs_dir):
    runs = sorted(SAMPLE_RUNS.glob("*.fit"))
    files = [(runs[0].name, runs[0].read_bytes()), ("broken.fit", b"not a fit file at all"),
             ("export.zip", _zip(activities__second=b"", **{
                 "activities__123.fit": runs[1].read_bytes()})),
             (r"C:\Users\me\Downloads\third.fit", runs[2].read_bytes())]
    done = finished(start_upload(store, athlete="me", files=files), store=store)
    assert done.total == done.done == 5
    by_path = {r.path: r for r in done.results}
    assert set(by_path) == {runs[0].name, "broken.fit", "export.zip!activities/123.fit",
                            "export.zip!activities/second", "third.fit"}
    assert by_path["broken.fit"].status == "failed"
    assert "not a FIT file" in by_path["broken.fit"].message
    assert "0001" not in by_path["broken.fit"].path + by_path["broken.fit"].message
    assert [by_path[p].status for p in (runs[0].name, "export.zip!activities/123.fit",
                                        "third.fit")] == ["imported"] * 3
    assert len(store.activities("me")) == 3
    for result in done.results:
        assert "loadwatch-jobs" not in result.path + result.message
        assert "/tmp" not in result.message
    assert dict(zip([r.path for r in done.results], done.files, strict=True))["third.fit"] == 3
    assert kept(store, jobs_dir, done.job) == []  # nothing kept
    assert not (import_jobs.jobs_folder() / "uploads" / done.job).exists()


def test_progress_is_written_after_every_file(store, monkeypatch):
    written: list[tuple[int, int | None, bool]] = []
    write = import_jobs._write

    def spy(store, job, record):
        written.append((len(record["results"]), record["total"], record["finished"]))
        write(store, job, record)

    monkeypatch.setattr(import_jobs, "_write", spy)
    runs = sorted(SAMPLE_RUNS.glob("*.fit"))[:3]
    done = finished(start_import(store, athlete="me", paths=runs), store=store)
    assert [r.status for r in done.results] == ["imported"] * 3
    # Started, counted (file 0 of 3), each file (1, 2, 3 of 3), then over.
    assert written == [(0, None, False), (0, 3, False), (1, 3, False), (2, 3, False),
                       (3, 3, False), (3, 3, True)]


def test_a_list_that_cannot_tell_its_unit_waits_for_it_then_imports(store, jobs_dir):
    run = sorted(SAMPLE_RUNS.glob("*.fit"))[0]
    upload = start_upload(store, athlete="me", files=[
        (run.name, run.read_bytes()), ("Activities.csv", GARMIN_UNTOLD.encode())])
    first = finished(upload, store=store)
    asked = {r.path: r for r in first.results}["Activities.csv"]
    assert asked.status == "failed"
    assert asked.needs_units
    assert asked.message.startswith("Activities.csv: the distance unit of this file cannot")
    assert not any(r.needs_units for r in first.results if r.path != "Activities.csv")
    assert kept(store, jobs_dir, upload) == ["Activities.csv"]  # the imported FIT is gone
    with pytest.raises(NotFound):
        import_again(store, athlete="ben", upload=upload, file=1, units="km")
    again = finished(import_again(store, athlete="me", upload=upload, file=1, units="mi"),
                     store=store)
    assert [(r.path, r.status, r.needs_units) for r in again.results] == [
        ("Activities.csv", "imported", False)]
    assert again.files == [1]
    easy = [a for a in store.activities("me") if a.name == "Easy"]
    assert easy[0].distance_m == pytest.approx(5 * 1609.344)
    assert kept(store, jobs_dir, upload) == []  # answered: the bytes are gone
    assert not (jobs_dir / "uploads" / upload).exists()
    with pytest.raises(NotFound):
        import_again(store, athlete="me", upload=upload, file=1, units="km")


def test_a_job_is_only_its_athletes(store):
    job = start_import(store, athlete="ann", paths=sorted(SAMPLE_RUNS.glob("*.fit"))[:1])
    assert finished(job, "ann", store).done == 1
    for who, asked in (("ben", job), ("ann", "../../etc/passwd"), ("ann", "0" * 32)):
        with pytest.raises(NotFound):
            import_progress(asked, athlete=who, store=store)
    assert store.activities("ben") == []
