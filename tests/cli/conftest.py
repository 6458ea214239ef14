"""The command line as a runner types it: a ``run`` helper and stores of the sample story.

The sample stores are imported once per session and copied for each test, so
that every test may change its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from loadwatch.cli import main
from loadwatch.store import Store
from tests.conftest import SAMPLE_RUNS

DIARY = SAMPLE_RUNS.parent / "diary.json"
SETTINGS = ("timezone=Europe/Amsterdam", "max_hr=190", "resting_hr=50", "threshold_hr=170")


def invoke(url: str | None, *args: str, stdin: str | None = None) -> Result:
    """``loadwatch --db URL ARGS`` in-process (no --db when ``url`` is None)."""
    return CliRunner().invoke(main, [*(["--db", url] if url else []), *args], input=stdin)


def run(url: str | None, *args: str, code: int = 0, stdin: str | None = None) -> str:
    """What the command printed (stdout and stderr), after checking its exit code."""
    result = invoke(url, *args, stdin=stdin)
    assert result.exit_code == code, result.output
    return result.output


def said(output: str) -> str:
    """The words as a runner reads them, whatever the table's line breaks and padding."""
    return " ".join(output.split())


def _copy(template: Path, folder: Path) -> str:
    target = folder / "s.db"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def _runs_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("runs") / "s.db"
    url = f"sqlite:///{path}"
    run(url, "import", str(SAMPLE_RUNS))
    run(url, "settings", "set", *SETTINGS, "threshold_pace=4:30/km")
    return path


@pytest.fixture(scope="session")
def _story_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("story") / "s.db"
    url = f"sqlite:///{path}"
    run(url, "import", str(SAMPLE_RUNS))
    run(url, "settings", "set", *SETTINGS)
    assert "3 diary entries added" in run(url, "diary", "import", str(DIARY))
    assert "0 diary entries added, 3 already there" in run(url, "diary", "import", str(DIARY))
    return path


@pytest.fixture
def sample_store(_runs_template, tmp_path) -> str:
    """The sample runs, with heart-rate settings and a threshold pace (no diary)."""
    return _copy(_runs_template, tmp_path)


@pytest.fixture
def story(_story_template, tmp_path) -> str:
    """The sample runs and diary: the ramp, the spike and the groin pain after it."""
    return _copy(_story_template, tmp_path)


@pytest.fixture
def empty_url(tmp_path) -> str:
    """A store with nothing in it yet (made, as the first write would)."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    Store(url).close()
    return url
