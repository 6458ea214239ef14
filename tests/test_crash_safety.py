"""A kill in the middle of an import leaves the store as it was before that file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, func, select, text

from loadwatch.store import Store, schema
from tests.fitbuild import START, run_file

FILES = 240


def _count(engine) -> int:
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.activities)).scalar_one()
    except Exception:
        return 0  # the importer has not created the tables yet


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
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored_at_kill = _count(engine)
    assert 10 <= stored_at_kill < FILES, "the import finished before it could be killed"

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
        from loadwatch.pipeline import import_paths

        results = import_paths(store, "me", [folder])
        assert {r.status for r in results} <= {"imported", "duplicate"}
        assert sum(r.status == "duplicate" for r in results) == stored_at_kill
        assert store.counts("me") == {"files": FILES, "activities": FILES, "samples": FILES}
