"""``loadwatch worker`` processes for tests of a team server's job queue (PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

WAIT = 300.0  # seconds a condition may take on a busy two-core machine before the test fails
QUEUE_TABLES = ("procrastinate_jobs", "procrastinate_events", "procrastinate_periodic_defers",
                "procrastinate_workers")


def clean_queue(url: str) -> None:
    """Forget every job, schedule and worker an earlier test left in the queue's tables."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar():
                conn.execute(text(f"TRUNCATE {', '.join(QUEUE_TABLES)} CASCADE"))
    finally:
        engine.dispose()


def queue_rows(url: str, sql: str) -> list:
    """Rows of a query on the queue's tables (jobs waiting, running, ...)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)))
    finally:
        engine.dispose()


def start_worker(url: str, log: Path, *extra: str) -> subprocess.Popen:
    """A real ``loadwatch worker`` process on the store ``url``."""
    with log.open("ab") as handle:  # the worker holds its own copy
        return subprocess.Popen([sys.executable, "-m", "loadwatch", "--db", url, "worker",
                                 "--concurrency", "2", *extra],
                                stdout=handle, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})


def stop_worker(worker: subprocess.Popen) -> None:
    """SIGTERM (running jobs finish), then SIGKILL if it will not go."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_for(condition: Callable[[], object], what: str, log: Path | None = None,
             timeout: float = WAIT) -> object:
    """``condition()`` once it is true; the test fails (with the workers' log) otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    shown = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    pytest.fail(f"gave up waiting for {what}\n{shown}")
