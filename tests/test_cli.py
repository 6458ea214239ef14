"""The loadwatch command: its JSON contract, exit codes and error lines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from click.testing import CliRunner

from loadwatch.cli import main
from tests.fitbuild import run_file

ACTIVITY_KEYS = {"id", "name", "start_time", "sport", "sub_sport", "distance_m", "timer_s",
                 "elapsed_s", "avg_hr", "max_hr", "source_format", "source_name"}


def _run(url: str, *args: str):
    return CliRunner().invoke(main, ["--db", url, *args])


def test_import_json_reports_every_file(store_url, tmp_path):
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    (tmp_path / "run.fit").write_bytes(run_file(300))
    (tmp_path / "bad.fit").write_bytes(b"garbage" * 10)
    result = _run(store_url, "import", "--json", str(tmp_path))
    assert result.exit_code == 1  # a file failed
    report = json.loads(result.stdout)
    assert [(r["path"].rsplit("/", 1)[-1], r["status"]) for r in report] == [
        ("bad.fit", "failed"), ("run.fit", "imported")]
    assert set(report[0]) == {"path", "status", "activities", "message"}
    assert len(report[1]["activities"]) == 1
    again = _run(store_url, "import", "--json", str(tmp_path / "run.fit"))
    assert again.exit_code == 0
    assert json.loads(again.stdout)[0]["status"] == "duplicate"


def test_activities_json_carries_the_contract(store_url, tmp_path):
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    (tmp_path / "run.fit").write_bytes(run_file(300, local_offset=7200))
    assert _run(store_url, "import", str(tmp_path)).exit_code == 0
    result = _run(store_url, "activities", "--json")
    (activity,) = json.loads(result.stdout)
    assert set(activity) >= ACTIVITY_KEYS
    assert activity["start_time"] == "2024-11-08T13:33:20+02:00"
    assert activity["sport"] == "running"
    assert activity["sub_sport"] == "street"
    assert activity["distance_m"] == 897.0
    assert activity["source_format"] == "fit"


def test_athletes_are_separate_on_the_command_line(store_url, tmp_path):
    tmp_path = tmp_path / "files"
    tmp_path.mkdir()
    (tmp_path / "run.fit").write_bytes(run_file(300))
    assert _run(store_url, "--athlete", "ana", "import", str(tmp_path)).exit_code == 0
    assert json.loads(_run(store_url, "--athlete", "ben", "activities", "--json").stdout) == []
    assert len(json.loads(_run(store_url, "--athlete", "ana", "activities", "--json").stdout)) == 1


def test_text_output_summarises_the_import(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "run.fit").write_bytes(run_file(300))
    result = _run(url, "import", str(tmp_path / "runs"))
    assert result.stdout.strip().endswith(
        "1 activity from 1 file: 1 imported, 0 duplicate, 0 skipped, 0 failed")
    listing = _run(url, "activities").stdout
    assert "running/street" in listing
    assert "0.90" in listing


def test_bad_store_url_is_one_error_line_and_no_traceback():
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


def test_import_needs_a_path():
    result = CliRunner().invoke(main, ["import"])
    assert result.exit_code == 2
    assert "Missing argument" in result.output


def test_units_option_reaches_garmin_activity_lists(store_url, tmp_path):
    # No cadence or stride length: nothing tells km from mi, so --units is asked for.
    garmin = tmp_path / "Activities.csv"
    garmin.write_text("Activity Type,Date,Title,Distance,Time,Avg HR\n"
                      "Running,2024-05-04 07:30:00,Easy,6.20,00:50:00,140\n")
    result = _run(store_url, "import", "--json", str(garmin))
    (asked,) = json.loads(result.stdout)
    assert asked["status"] == "failed"
    assert "--units km or --units mi" in asked["message"]
    result = _run(store_url, "import", "--json", "--units", "mi", str(garmin))
    (done,) = json.loads(result.stdout)
    assert done["status"] == "imported"
    assert len(done["activities"]) == 1
    (activity,) = json.loads(_run(store_url, "activities", "--json").stdout)
    assert abs(activity["distance_m"] - 6.2 * 1609.344) < 0.01


def test_garmin_activity_list_imports_without_units(store_url):
    from tests.conftest import corpus_dir

    garmin = corpus_dir("csv") / "running_stats__Activities.csv"
    result = _run(store_url, "import", "--json", str(garmin))
    (done,) = json.loads(result.stdout)
    assert done["status"] == "imported"
    assert len(done["activities"]) == 760
