"""The team server's job queue under load (bench_team_server.py runs these).

- send-due through ``loadwatch worker`` processes: every due athlete's summary
  queued and sent by the workers, timed, and each address counted (exactly once).
- a large export uploaded on the Upload page while others browse: how long the
  upload request takes (the import itself is the worker's), and how long until
  the worker has imported it.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import requests
from sqlalchemy import text
from urllib3 import encode_multipart_formdata

from loadwatch.service.import_jobs import import_progress
from loadwatch.service.job_queue import prepare_queue
from loadwatch.service.summaries import queue_due
from loadwatch.store import Store
from loadwatch.testing.fit_writer import FitWriter

WAITING = "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"


def start_workers(url: str, count: int, log: Path) -> list[subprocess.Popen]:
    with log.open("ab") as handle:
        return [subprocess.Popen([sys.executable, "-m", "loadwatch", "--db", url, "worker",
                                  "--concurrency", "2"], stdout=handle,
                                 stderr=subprocess.STDOUT) for _ in range(count)]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=120)


def _queue_empty(store: Store) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(text(WAITING)).scalar() == 0


def send_due_with_workers(store: Store, inbox, due: int, workers: int, log: Path) -> None:
    """Queue the due summaries, let ``workers`` workers send them; time and count."""
    prepare_queue(store)
    with store.engine.begin() as conn:  # an earlier run's jobs and workers
        conn.execute(text("TRUNCATE procrastinate_jobs, procrastinate_events, "
                          "procrastinate_periodic_defers, procrastinate_workers CASCADE"))
    processes = start_workers(store.url, workers, log)
    try:
        time.sleep(3)  # let them connect: the clock starts with the queueing
        started = time.perf_counter()
        queue_due(store)
        while len(inbox.addresses) < due or not _queue_empty(store):
            if any(p.poll() is not None for p in processes):
                raise SystemExit(f"a worker exited; see {log}")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        stop_workers(processes)
    counts = Counter(inbox.addresses)
    twice = [a for a, n in counts.items() if n > 1]
    with store.engine.connect() as conn:
        ledger = conn.execute(text("SELECT count(*) FROM summary_sends WHERE status = 'sent'"))
        recorded = ledger.scalar()
    print(f"send-due with {workers} workers: {len(counts)} addresses received "
          f"{sum(counts.values())} summaries ({len(twice)} more than once; ledger: "
          f"{recorded} sent) in {seconds:.1f} s "
          f"({seconds / max(1, due) * 1000:.0f} ms per athlete)")


def export_zip(megabytes: float) -> bytes:
    """A Garmin-like export of one-hour 1 Hz runs, stored (not deflated), just under
    ``megabytes`` (the page takes up to 200 MB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        number = 0
        while True:
            run = _past_run(number)
            if buffer.tell() + len(run) > (megabytes - 1) * 2**20:  # room for the index
                break
            archive.writestr(f"activities/{number:05}.fit", run)
            number += 1
    return buffer.getvalue()


def _past_run(number: int) -> bytes:
    """A one-hour run ``number`` days before 2024-11-08 (a run in the future is refused)."""
    import numpy as np

    start = 1_100_000_000 - number * 86_400  # FIT seconds
    seconds = np.arange(3600, dtype=np.float64)
    writer = FitWriter()
    writer.message("file_id", type="activity", manufacturer="development", product=1,
                   time_created=start, serial_number=number + 1)
    writer.records("record", {"timestamp": start + seconds, "distance": seconds * 3.0,
                              "enhanced_speed": np.full(3600, 3.0),
                              "heart_rate": np.full(3600, 150.0)})
    writer.message("session", sport="running", sub_sport="street", start_time=start,
                   total_elapsed_time=3600.0, total_timer_time=3600.0,
                   total_distance=10_800.0, timestamp=start + 3600)
    return writer.to_bytes()


def upload_once(base: str, athlete: str, password: str, payload: bytes,
                store: Store) -> None:
    """Log in as ``athlete``, send ``payload`` as the Upload page does; time it and its import.

    The page's script posts the files as multipart/form-data to ``/upload/files``
    with the CSRF header (dashboards/uploads.py); the body is built before the clock starts.
    """
    session = requests.Session()
    page = session.get(base + "/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    session.post(base + "/login", allow_redirects=False, data={
        "name": athlete, "password": password, "csrf_token": token, "next": "/upload"})
    session.get(base + "/upload")  # the page: its answer sets the CSRF token the script sends
    body, content_type = encode_multipart_formdata(
        {"files": ("export.zip", payload, "application/zip")})
    started = time.perf_counter()
    answer = session.post(base + "/upload/files", data=body, headers={
        "X-CSRFToken": session.cookies["_csrf_token"], "Content-Type": content_type},
        timeout=600)
    seconds = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"the upload was refused: {answer.status_code} {answer.text[:300]}")
    job = answer.json()["job"]
    print(f"upload of {len(payload) / 2**20:.0f} MB ({len(body) / 2**20:.0f} MB as the "
          f"browser sends it): the request returned in {seconds:.2f} s (goal 2 s)", flush=True)
    started = time.perf_counter()
    while not (progress := import_progress(job, athlete=athlete, store=store)).finished:
        time.sleep(1)
    statuses = Counter(r.status for r in progress.results)
    print(f"  imported by a worker {time.perf_counter() - started:.0f} s later: "
          f"{dict(statuses)} of {progress.total} files", flush=True)
