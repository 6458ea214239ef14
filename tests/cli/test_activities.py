"""Activities on the command line: the listing a runner reads, its JSON contract, corrections."""

from __future__ import annotations

import json

import pytest

from loadwatch.store import Store
from tests.cli.conftest import invoke, run
from tests.conftest import SAMPLE_RUNS
from tests.fitbuild import run_file
from tests.trackbuild import gpx_text, synthetic_run

ACTIVITY_KEYS = {"id", "name", "start_time", "sport", "sub_sport", "distance_m", "timer_s",
                 "elapsed_s", "avg_hr", "max_hr", "source_format", "source_name"}
RUNS = sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:4]


def test_activities_json_carries_the_contract(store_url, tmp_path):
    (tmp_path / "run.fit").write_bytes(run_file(300, local_offset=7200))
    run(store_url, "import", str(tmp_path / "run.fit"))
    (activity,) = json.loads(run(store_url, "activities", "--json"))
    assert set(activity) >= ACTIVITY_KEYS
    assert activity["start_time"] == "2024-11-08T13:33:20+02:00"
    assert activity["sport"] == "running"
    assert activity["sub_sport"] == "street"
    assert activity["distance_m"] == 897.0
    assert activity["source_format"] == "fit"


def test_the_table_reads_like_a_training_log(sample_store):
    lines = run(sample_store, "activities").splitlines()
    assert lines[0].split()[:4] == ["id", "start", "(local)", "sport"]
    assert "pace" in lines[0]
    newest = lines[2].split()
    # 14 km in 1:20:32 on Sunday 25 October, 09:00 on the runner's clock.
    assert newest[:7] == ["77", "2026-10-25", "09:00", "running/street", "14.00", "1:20:32",
                          "5:45/km"]
    assert newest[-1] == "Running"
    longest = next(line for line in lines if " 33.00 " in line)
    assert " large " in longest  # the spike
    assert " 3:09:44 " in longest  # over three hours, as h:mm:ss


def test_miles_show_as_miles_with_pace_per_mile(sample_store):
    run(sample_store, "settings", "set", "units=mi")
    lines = run(sample_store, "activities").splitlines()
    assert lines[0].split()[4] == "mi"
    assert lines[2].split()[4:7] == ["8.70", "1:20:32", "9:16/mi"]  # 14 km at 5:45/km


def test_a_time_without_an_offset_shows_on_the_runners_clock(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    (tmp_path / "run.gpx").write_text(gpx_text(synthetic_run(600)))  # times in UTC ("Z")
    run(url, "import", str(tmp_path / "run.gpx"))
    run(url, "settings", "set", "timezone=America/New_York")
    (activity,) = json.loads(run(url, "activities", "--json"))
    assert activity["start_time"] == "2024-06-01T06:00:00+00:00"  # JSON: as recorded
    assert activity["utc_offset_s"] is None
    assert " 2024-06-01 02:00 " in run(url, "activities")  # 06:00 UTC is 02:00 in New York


def test_athletes_are_separate_on_the_command_line(store_url, tmp_path):
    (tmp_path / "run.fit").write_bytes(run_file(300))
    run(store_url, "--athlete", "ana", "import", str(tmp_path / "run.fit"))
    run(store_url, "--athlete", "ben", "settings", "set", "units=km")
    assert json.loads(run(store_url, "--athlete", "ben", "activities", "--json")) == []
    assert len(json.loads(run(store_url, "--athlete", "ana", "activities", "--json"))) == 1


def test_the_long_run_spike_shows_in_activities(sample_store):
    activities = json.loads(run(sample_store, "activities", "--json"))
    longest = max(activities, key=lambda a: a["distance_m"])
    assert longest["spike_band"] == "large"  # 33 km after a longest of 16 km: 2.06
    assert longest["spike_ratio"] == pytest.approx(33 / 16, rel=0.01)
    assert longest["load_method"] == "hrtss"
    assert longest["load_note"] == "TRIMP with the men's constants: set sex to use your own"
    assert longest["gap_speed"] == pytest.approx(longest["distance_m"] / longest["timer_s"],
                                                 rel=0.02)  # a flat road run
    assert len(longest["time_in_hr_zones_s"]) == 5
    treadmill = [a for a in activities if a["sub_sport"] == "treadmill"]
    assert {a["surface"] for a in treadmill} == {"treadmill"}


def test_a_setting_change_recomputes_without_reimporting(sample_store):
    before = json.loads(run(sample_store, "activities", "--json"))[0]
    run(sample_store, "settings", "set", "threshold_hr=160")
    after = json.loads(run(sample_store, "activities", "--json"))[0]
    assert after["hrtss"] > before["hrtss"]  # a lower threshold: the same run costs more
    assert after["trimp"] == pytest.approx(before["trimp"])


def test_editing_an_activity_changes_its_surface_and_load(sample_store):
    run(sample_store, "settings", "set", "threshold_hr=180")
    first = json.loads(run(sample_store, "activities", "--json"))[-1]
    said = run(sample_store, "activity", str(first["id"]), "set", "surface=grass", "rpe=7")
    assert said == f"{first['id']}: Running (running/street), surface grass, rpe 7\n"
    edited = next(a for a in json.loads(run(sample_store, "activities", "--json"))
                  if a["id"] == first["id"])
    assert (edited["surface"], edited["surface_source"], edited["rpe"]) == ("grass", "user", 7.0)
    assert edited["srpe"] == pytest.approx(7 * first["timer_s"] / 60)


def test_deletes_are_confirmed_and_another_athletes_activities_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    run(url, "import", *map(str, RUNS))
    with Store(url) as store:
        ids = sorted(a.id for a in store.activities("me"))
    refused = invoke(url, "activity", str(ids[0]), "delete", stdin="n\n")
    assert refused.exit_code == 1
    assert "Delete activity" in refused.output
    deleted = run(url, "activity", str(ids[0]), "delete", stdin="y\n")
    assert "brings it back" in deleted
    unknown = run(url, "--athlete", "ben", "activity", str(ids[1]), "delete", "--yes", code=2)
    assert unknown == "Error: no athlete named 'ben' in this store; athletes: me\n"
    (tmp_path / "ben.fit").write_bytes(run_file(300))
    run(url, "--athlete", "ben", "import", str(tmp_path / "ben.fit"))
    other = run(url, "--athlete", "ben", "activity", str(ids[1]), "delete", "--yes", code=2)
    assert other.startswith("Error: ")
    assert "ben" in other
    by_file = run(url, "activities", "delete", "--source", RUNS[1].name, "--yes")
    assert "deleted 1 activities" in by_file
    with Store(url) as store:
        assert sorted(a.id for a in store.activities("me")) == ids[2:]
    missing = run(url, "activities", "delete", "--source", "nothing.fit", "--yes", code=2)
    assert "no activity from a file named" in missing


def test_check_finds_nothing_in_a_sound_store(sample_store):
    assert run(sample_store, "check") == "the store is sound: every row reads\n"
    assert run(sample_store, "check", "--json") == "[]\n"
