"""A kill in the middle of an import leaves the store as it was before that file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from loadwatch.store import Store, schema
from tests.fitbuild import START, run_file

FILES = 400


def _count(engine) -> int:
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.activities)).scalar_one()
    except Exception:
        return 0  # the importer has not created the tables yet


def _descendants(root: int) -> list[int]:
    """Every process below ``root`` (Linux /proc)."""
    parents = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found.extend(frontier)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_killed_import_leaves_whole_files_only(store_url, tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"run{i:03}.fit").write_bytes(run_file(1800, start=START + i * 86_400))
    Store(store_url).close()  # create the schema, so the poll below can count
    engine = create_engine(store_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "loadwatch", "--db", store_url, "import", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _count(engine) < 10 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)
    helpers = _descendants(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored_at_kill = _count(engine)
    assert 10 <= stored_at_kill < FILES, "the import finished before it could be killed"
    assert helpers, "the import ran no worker processes"
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in helpers if _alive(pid)], "workers outlived the killed import"

    with engine.connect() as conn:
        if store_url.startswith("sqlite"):
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        files = conn.execute(select(func.count()).select_from(schema.source_files)).scalar_one()
        samples = conn.execute(
            select(func.count()).select_from(schema.activity_samples)).scalar_one()
    engine.dispose()
    # Every file that is there is whole: one activity and its samples each.
    assert files == stored_at_kill == samples

    with Store(store_url) as store:
        from loadwatch.service.imports import import_paths

        results = import_paths(store, athlete="me", paths=[folder])
        assert {r.status for r in results} <= {"imported", "duplicate"}
        assert sum(r.status == "duplicate" for r in results) == stored_at_kill
        assert store.counts("me") == {"files": FILES, "activities": FILES, "samples": FILES}
