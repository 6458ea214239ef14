"""``loadwatch import``: what happened to each file, as a table, JSON or CSV; exit codes."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.conftest import invoke, run
from tests.conftest import SAMPLE_RUNS, corpus_dir
from tests.fitbuild import run_file


def test_import_json_reports_every_file(store_url, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "run.fit").write_bytes(run_file(300))
    (folder / "bad.fit").write_bytes(b"garbage" * 10)
    result = invoke(store_url, "import", "--json", str(folder))
    assert result.exit_code == 1  # a file failed
    report = json.loads(result.stdout)
    assert [(r["path"].rsplit("/", 1)[-1], r["status"]) for r in report] == [
        ("bad.fit", "failed"), ("run.fit", "imported")]
    assert set(report[0]) == {"path", "status", "activities", "message", "needs_units"}
    assert len(report[1]["activities"]) == 1
    again = invoke(store_url, "import", "--json", str(folder / "run.fit"))
    assert again.exit_code == 0
    assert json.loads(again.stdout)[0]["status"] == "duplicate"


def test_the_table_names_what_was_not_simply_imported_then_the_totals(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "run.fit").write_bytes(run_file(300))
    first = run(url, "import", str(tmp_path / "runs"))
    assert first == "1 activity from 1 file: 1 imported, 0 duplicate, 0 skipped, 0 failed\n"
    assert " 0.90 " in run(url, "activities")  # 897 m
    (tmp_path / "runs" / "bad.fit").write_bytes(b"garbage" * 10)
    lines = run(url, "import", str(tmp_path / "runs"), code=1).splitlines()
    assert lines[0].split() == ["status", "file", "what", "happened"]
    bad, again = lines[2:4]
    assert bad.startswith("failed ")
    assert "bad.fit" in bad
    assert again.startswith("duplicate ")
    assert again.endswith("already imported")
    assert lines[-1] == "0 activities from 2 files: 0 imported, 1 duplicate, 0 skipped, 1 failed"


def test_csv_lists_every_file(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    (tmp_path / "run.fit").write_bytes(run_file(300))
    (row,) = csv.DictReader(io.StringIO(run(url, "import", "--format", "csv",
                                            str(tmp_path / "run.fit"))))
    assert row["status"] == "imported"
    assert len(json.loads(row["activities"])) == 1


def test_import_needs_a_path():
    result = invoke(None, "import")
    assert result.exit_code == 2
    assert "Missing argument" in result.output


def test_units_option_reaches_garmin_activity_lists(store_url, tmp_path):
    # No cadence or stride length: nothing tells km from mi, so --units is asked for.
    garmin = tmp_path / "Activities.csv"
    garmin.write_text("Activity Type,Date,Title,Distance,Time,Avg HR\n"
                      "Running,2024-05-04 07:30:00,Easy,6.20,00:50:00,140\n")
    (asked,) = json.loads(invoke(store_url, "import", "--json", str(garmin)).stdout)
    assert asked["status"] == "failed"
    assert "--units km or --units mi" in asked["message"]
    (done,) = json.loads(invoke(store_url, "import", "--json", "--units", "mi",
                                str(garmin)).stdout)
    assert done["status"] == "imported"
    assert len(done["activities"]) == 1
    (activity,) = json.loads(run(store_url, "activities", "--json"))
    assert abs(activity["distance_m"] - 6.2 * 1609.344) < 0.01


def test_garmin_activity_list_imports_without_units(store_url):
    garmin = corpus_dir("csv") / "running_stats__Activities.csv"
    (done,) = json.loads(invoke(store_url, "import", "--json", str(garmin)).stdout)
    assert done["status"] == "imported"
    assert len(done["activities"]) == 760


def test_import_of_the_sample_folder_takes_the_diary_too(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    report = json.loads(run(url, "import", "--json", str(SAMPLE_RUNS.parent)))
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in report}
    assert by_name["diary.json"]["status"] == "imported"
    assert by_name["diary.json"]["message"] == "3 diary entries added, 0 already there"
    assert by_name["make_samples.py"]["status"] == "skipped"
    assert sum(r["status"] == "imported" for r in report) == 78
    again = json.loads(run(url, "import", "--json", str(SAMPLE_RUNS.parent / "diary.json")))
    assert again[0]["status"] == "duplicate"
    assert len(json.loads(run(url, "diary", "list", "--json"))) == 3
