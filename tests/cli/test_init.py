"""The shell around every command: one error line, exit codes, help that shows an example,
and a mistyped athlete refused rather than answered with nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from loadwatch.cli import main
from loadwatch.store import Store
from tests.cli.conftest import invoke, run
from tests.fitbuild import run_file

# Every command that reads an athlete's data, with what it needs besides.
READS = (["activities"], ["days"], ["weeks"], ["risk"], ["diary", "list"], ["summary"],
         ["settings"], ["export", "{tmp}/typo.zip"], ["check"], ["activity", "1", "set", "rpe=5"],
         ["activities", "delete", "--source", "run.fit", "--yes"],
         ["diary", "delete", "1", "--yes"], ["diary", "edit", "1", "--pain", "2"])


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command under ``group`` (groups included), with its words after ``loadwatch``."""
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_every_commands_help_ends_with_an_example():
    helps = {(): run(None, "--help")}
    helps.update({words: run(None, *words, "--help") for words, _ in _commands(main)})
    assert len(helps) > 25  # every command and subcommand
    for words, text in helps.items():
        last = text.strip().splitlines()[-1].strip()
        assert last.startswith("Example: loadwatch "), (words, last)
        if words:  # a subcommand's example runs that subcommand
            assert f" {words[-1]}" in last, (words, last)


@pytest.mark.parametrize("args", READS, ids=lambda args: " ".join(args[:2]))
def test_a_mistyped_athlete_is_refused_and_not_created(args, tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    (tmp_path / "run.fit").write_bytes(run_file(300))
    run(url, "import", str(tmp_path / "run.fit"))
    result = invoke(url, "--athlete", "mee", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert result.output == ("Error: no athlete named 'mee' in this store; athletes: me\n")
    with Store(url) as store:
        assert store.athletes() == ["me"]


def test_the_refusal_names_the_nearest_athletes_first(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    for name in ("anna", "ben", "cora", "me"):
        run(url, "--athlete", name, "settings", "set", "units=km")
    out = run(url, "--athlete", "ana", "risk", code=2)
    assert out.startswith("Error: no athlete named 'ana' in this store; athletes: anna, ")
    assert all(name in out for name in ("ben", "cora", "me"))


def test_writes_create_the_athlete_and_an_empty_store_says_how_to_begin(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert "No activities for me yet" in run(url, "activities")
    assert "No risk flags." in run(url, "risk")
    run(url, "--athlete", "ann", "settings", "set", "units=mi")
    run(url, "--athlete", "ben", "diary", "add", "--location", "groin", "--pain", "2")
    (tmp_path / "run.fit").write_bytes(run_file(300))
    run(url, "--athlete", "cy", "import", str(tmp_path / "run.fit"))
    with Store(url) as store:
        assert store.athletes() == ["ann", "ben", "cy"]
    assert "running/street" in run(url, "--athlete", "cy", "activities")


def test_json_and_another_format_together_are_refused(empty_url):
    out = run(empty_url, "weeks", "--json", "--format", "csv", code=1)
    assert out.startswith("Error: --json is short for --format json")
    assert run(empty_url, "weeks", "--json", "--format", "json") == "[]\n"


def test_a_bad_store_url_is_one_error_line_and_no_traceback():
    command = shutil.which("loadwatch") or f"{sys.executable} -m loadwatch"
    completed = subprocess.run(
        [*command.split(), "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x", "activities"],
        capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: cannot open the store")
    assert "Traceback" not in completed.stderr
    assert "pw" not in completed.stderr


def test_python_dash_m_is_the_same_command(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "loadwatch", "--db", f"sqlite:///{tmp_path / 's.db'}", "weeks",
         "--format", "csv"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""  # no weeks yet: no rows, no header


def test_a_missing_argument_is_clicks_usage_error():
    result = invoke(None, "import")
    assert result.exit_code == 2
    assert "Missing argument" in result.output


@pytest.mark.parametrize("command", [["activities"], ["risk"], ["check"], ["athlete", "list"],
                                     ["user", "list"], ["summary", "--send-due"]])
def test_reads_create_no_store_and_name_a_missing_one(tmp_path, command):
    """A mistyped --db reads as empty, says so, and no file or folder appears."""
    missing = tmp_path / "no" / "such" / "store.db"
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{missing}", *command])
    assert result.exit_code == 0, result.output
    assert "no loadwatch store at" in result.output
    assert not (tmp_path / "no").exists()


def test_a_typed_athlete_in_an_empty_store_is_refused_not_read_as_no_flags(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    CliRunner().invoke(main, ["--db", url, "settings", "set", "units=km"])  # creates "me"
    result = CliRunner().invoke(main, ["--db", url, "--athlete", "mee", "risk"])
    assert result.exit_code == 2
    assert "no athlete named 'mee'" in result.output
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    Store(fresh).close()  # a store with no athlete yet
    empty = CliRunner().invoke(main, ["--db", fresh, "--athlete", "ann", "risk"])
    assert empty.exit_code == 2
    assert "No risk flags" not in empty.output
    assert "No risk flags" in CliRunner().invoke(main, ["--db", fresh, "risk"]).output


def test_db_takes_a_plain_file_path_as_a_runner_types_it(tmp_path, monkeypatch):
    # "--db runs.db" once failed with "Could not parse SQLAlchemy URL": a path is a SQLite file.
    fit = tmp_path / "run.fit"
    fit.write_bytes(run_file())
    monkeypatch.chdir(tmp_path)
    said_import = run(None, "--db", "runs.db", "import", str(fit))
    assert "1 imported" in said_import
    assert (tmp_path / "runs.db").is_file()
    assert "1.80" in run(None, "--db", str(tmp_path / "runs.db"), "activities")  # 600 s at 3 m/s
    assert len(Store(f"sqlite:///{tmp_path / 'runs.db'}").activities("me")) == 1


def test_db_path_that_is_not_there_is_read_as_empty_and_not_made(tmp_path):
    out = invoke(None, "--db", str(tmp_path / "none" / "x.db"), "weeks")
    assert out.exit_code == 0
    assert not (tmp_path / "none").exists()
