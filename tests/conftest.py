"""Shared fixtures: stores on both backends, the corpus and the sample data.

``../shared/corpus`` exists beside the project in CI and on the developers'
machines, not in a user's clone: tests that need it skip with a reason.
PostgreSQL tests run when ``LOADWATCH_TEST_PG_URL`` names a server (``.ci/run``
starts one and sets ``LOADWATCH_REQUIRE_PG=1``, which turns a missing server
into a failure instead of a skip).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from loadwatch.store import Store, schema

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_RUNS = ROOT / "sample_data" / "runs"
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_dir(kind: str) -> Path:
    """A corpus folder, or skip the test when ../shared is absent."""
    folder = CORPUS / kind
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (../shared ships beside the project only in CI "
                    "and on developer machines)")
    return folder


def corpus_rows(keep) -> list:
    """Parameters for each MANIFEST.tsv row that ``keep(row)`` accepts.

    Without ../shared, one parameter that is skipped with the reason, so the
    test reports a skip rather than failing on a missing file.
    """
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return [pytest.param(None, id="corpus-absent", marks=pytest.mark.skip(
            reason=f"{manifest} is absent (../shared ships beside the project only in CI "
                   "and on developer machines)"))]
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if keep(r)]
    return [pytest.param(r, id=r["file"]) for r in rows]


def _postgres_url() -> str:
    url = os.environ.get("LOADWATCH_TEST_PG_URL")
    if not url:
        if os.environ.get("LOADWATCH_REQUIRE_PG"):
            pytest.fail("LOADWATCH_REQUIRE_PG is set but LOADWATCH_TEST_PG_URL is not")
        pytest.skip("no PostgreSQL server: set LOADWATCH_TEST_PG_URL (.ci/run does)")
    return url


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    try:
        schema.metadata.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    """A URL to an empty store, on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = _postgres_url()
    _empty_postgres(url)
    return url


@pytest.fixture
def store(store_url):
    with Store(store_url) as opened:
        yield opened


@pytest.fixture
def sample_runs() -> Path:
    return SAMPLE_RUNS
