"""The team server under load: a club of 1,000 athletes with two years each, in PostgreSQL.

1. Fills the store if needed (benchmarks/team_data.py; about 5 minutes the first time).
2. Times ``summary --send-due`` for every athlete, to a local SMTP server (aiosmtpd):
   in one process (cron's way), then through two ``loadwatch worker`` processes
   (the team server's way), counting what each address received (each exactly once).
3. Starts ``loadwatch serve --server`` (gunicorn, 4 workers) and a job worker, and runs
   locust: 50 users browsing for 60 s; meanwhile one athlete drops a 200 MB export on
   the Upload page. Prints how long the upload request took (goal 2 s) and how long
   the worker took to import it, then requests/s, p50 and p95 latency and errors.

    python benchmarks/bench_team_server.py --db postgresql+psycopg://USER:PW@127.0.0.1/DB

Needs the bench group: pip install -e . --group bench. Locust runs on the same two
cores as gunicorn and PostgreSQL, so the figures are for all three together.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_jobs import (
    export_zip,
    send_due_with_workers,
    start_workers,
    stop_workers,
    upload_once,
)
from benchmarks.team_data import PASSWORD, athlete_name, bench_athletes, fill, prepare_sends
from loadwatch.service.summaries import send_due
from loadwatch.store import Store, schema

DEFAULT_DB = "postgresql+psycopg://loadwatch:loadwatch@127.0.0.1/loadwatch_bench"
HERE = Path(__file__).parent


class CountingInbox:
    def __init__(self):
        self.count = 0
        self.addresses: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name for it
        self.count += 1
        self.addresses.extend(envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def time_send_due(store: Store, workers: int) -> None:
    _send_due_here(store)
    inbox = CountingInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    try:
        prepare_sends(store, smtp.port)
        send_due_with_workers(store, inbox, bench_athletes(store), workers,
                              Path(tempfile.mkdtemp(prefix="loadwatch-bench-")) / "workers.log")
    finally:
        smtp.stop()


def _send_due_here(store: Store) -> None:
    inbox = CountingInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    try:
        prepare_sends(store, smtp.port)
        started = time.perf_counter()
        results = send_due(store)
        seconds = time.perf_counter() - started
    finally:
        smtp.stop()
    sent = sum(r["status"] == "sent" for r in results)
    failed = [r for r in results if r["status"] == "failed"]
    print(f"summary --send-due: {len(results)} athletes due, {sent} sent, {len(failed)} failed, "
          f"{inbox.count} received by SMTP in {seconds:.1f} s "
          f"({seconds / max(1, len(results)) * 1000:.0f} ms per athlete; goal 60 s)")
    for item in failed[:3]:
        print("   failed:", item["athlete"], item.get("error"))


def _wait_for(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited; see its log")
        try:
            requests.get(base + "/login", timeout=2)
            return
        except (requests.ConnectionError, requests.Timeout):  # starting, or slow to answer
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def load_test(url: str, athletes: int, users: int, seconds: int, workers: int,  # noqa: PLR0913
              spawn_rate: float, upload_mb: float, port: int = 0) -> None:
    port = port or _free_port()
    base = f"http://127.0.0.1:{port}"
    folder = Path(tempfile.mkdtemp(prefix="loadwatch-bench-"))
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "loadwatch", "--db", url, "serve",
                               "--server", "--workers", str(workers), "--port", str(port),
                               "--insecure-cookies"], stdout=log, stderr=subprocess.STDOUT)
    payload = export_zip(upload_mb) if upload_mb else b""
    job_workers = start_workers(url, 1, folder / "worker.log")
    try:
        _wait_for(base, server)
        env = {**os.environ, "LOADWATCH_BENCH_ATHLETES": str(athletes)}
        locust = subprocess.Popen([
            sys.executable, "-m", "locust", "-f", str(HERE / "locustfile_team.py"),
            "--headless", "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s",
            "--host", base, "--csv", str(folder / "run"), "--only-summary"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if payload:
            time.sleep(users / spawn_rate + 5)  # everyone browsing before the upload
            with Store(url) as store:
                upload_once(base, athlete_name(1), PASSWORD, payload, store)
        locust.wait()  # exits 1 when a request failed: the report counts them
    finally:
        stop_workers(job_workers)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    _report(folder / "run_stats.csv", users, seconds, workers, spawn_rate)
    print(f"(locust CSVs and the gunicorn log: {folder})")


def _report(path: Path, users: int, seconds: int, workers: int, spawn_rate: float) -> None:
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    print(f"load: {users} users ({spawn_rate:g} a second log in until all are on) for "
          f"{seconds} s against gunicorn with {workers} workers, from a cold view cache")
    print(f"  {'request':28} {'count':>6} {'fails':>5} {'req/s':>6} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'max ms':>7}")
    for row in rows:
        print(f"  {row['Name'][:28]:28} {row['Request Count']:>6} {row['Failure Count']:>5} "
              f"{float(row['Requests/s']):6.1f} {row['50%']:>7} {row['95%']:>7} "
              f"{float(row['Max Response Time']):7.0f}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"TOTAL: {float(total['Requests/s']):.1f} requests/s, p50 {total['50%']} ms, "
          f"p95 {total['95%']} ms, errors {total['Failure Count']} "
          f"(goal: no errors, p95 under 500 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("LOADWATCH_BENCH_DB", DEFAULT_DB))
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--spawn-rate", type=float, default=5,
                        help="Users logging in per second at the start.")
    parser.add_argument("--skip-send-due", action="store_true")
    parser.add_argument("--port", type=int, default=0,
                        help="The team server's port (default: any free one).")
    parser.add_argument("--send-due-workers", type=int, default=2,
                        help="loadwatch worker processes sending the summaries.")
    parser.add_argument("--upload-mb", type=float, default=200,
                        help="The export uploaded while the others browse (0: none).")
    args = parser.parse_args()
    with Store(args.db) as store:
        if bench_athletes(store) < args.athletes:
            print(f"filling the store with {args.athletes} athletes (once)...", flush=True)
            fill(store, args.athletes)
        if not args.skip_send_due:
            time_send_due(store, args.send_due_workers)
        with store.engine.begin() as conn:  # every worker starts cold, as after a restart
            conn.execute(schema.view_cache.delete())
    load_test(args.db, args.athletes, args.users, args.seconds, args.workers, args.spawn_rate,
              args.upload_mb, args.port)


if __name__ == "__main__":
    main()
