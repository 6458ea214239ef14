"""The diary, triage and guidance on the command line, on the sample story."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from loadwatch.cli import main
from tests.cli.conftest import run, said


def test_diary_entries_show_urgency_guidance_and_the_load_before(story):
    entries = json.loads(run(story, "diary", "list", "--json"))
    groin = next(e for e in entries if e["location"] == "groin")
    # Bone-stress signs the day after the 33 km spike: urgent, as `loadwatch risk` says.
    assert groin["urgency"] == "urgent"
    assert "large single-run spike on 30 Aug" in groin["ramp_before"]
    assert groin["conditions"][0]["id"] == "stress_fracture"
    assert groin["load_context"].startswith("began 1 day after distance ACWR passed 1.5")
    outer = next(e for e in entries if e["location"] == "outer_hip")
    assert outer["conditions"][0]["id"] == "gluteal_tendinopathy"
    assert "not a diagnosis" in groin["not_a_diagnosis"]


def test_the_diary_table_reads_entry_by_entry(story):
    table = run(story, "diary", "list")
    lines = table.splitlines()
    groin = next(line for line in lines if " groin " in line)
    assert groin.split()[:6] == ["2", "2026-08-31", "right", "groin", "4/10", "urgent"]
    assert "stress_fracture" in groin  # the best fit, named as `loadwatch guidance` takes it
    assert "began 1 day after distance ACWR passed 1.5" in said(table)
    assert lines[-1].startswith("loadwatch is not a diagnosis")
    rows = list(csv.DictReader(io.StringIO(run(story, "diary", "list", "--format", "csv"))))
    assert json.loads(rows[1]["conditions"])[0]["id"] == "stress_fracture"


def test_add_edit_delete_and_triage(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    out = run(url, "diary", "add", "--date", "2026-05-01", "--location", "groin", "--pain", "3",
              "--signs", "clicking,catching", "--json")
    added = json.loads(out)
    assert added["conditions"][0]["id"] == "labral_tear"
    assert added["urgency"] == "see_clinician"  # clicking and catching: a possible labral tear
    edited = run(url, "diary", "edit", str(added["id"]), "--signs", "fever")
    assert edited.startswith("URGENT")
    (entry,) = json.loads(run(url, "diary", "list", "--json"))
    assert entry["signs"] == ["fever"]
    assert entry["location"] == "groin"
    run(url, "diary", "delete", str(added["id"]), "--yes")
    assert json.loads(run(url, "diary", "list", "--json")) == []
    assert run(url, "diary", "list").startswith("No diary entries for me")
    assert "Error: me has no diary entry 99" in run(url, "diary", "delete", "99", code=2)
    triaged = json.loads(run(url, "triage", "--location", "outer_hip", "--pain", "2",
                             "--signs", "bruising", "--trigger", "fall_or_impact", "--json"))
    assert triaged["urgency"] == "see_clinician"
    assert json.loads(run(url, "diary", "list", "--json")) == []  # triage stores nothing
    bad = run(url, "triage", "--location", "groin", "--pain", "3", "--when", "mornings", code=1)
    assert "Error: unknown when 'mornings'; choose from during_run" in bad


def test_a_red_flag_comes_first_and_points_to_guidance(tmp_path):
    out = run(f"sqlite:///{tmp_path / 's.db'}", "triage", "--location", "groin", "--pain", "4",
              "--when", "earlier_in_each_run,walking")
    lines = out.splitlines()
    assert lines[0] == "See a clinician: book a visit."
    assert lines[1].startswith("  red flag: ")
    assert "-> loadwatch guidance stress_fracture" in out
    assert lines[-1].startswith("loadwatch is not a diagnosis")


def test_guidance_pages(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    listing = run(url, "guidance")
    assert "stress_fracture" in listing
    assert "not a diagnosis" in listing
    regions = [line.split("  ")[0] for line in listing.splitlines()[2:-1]]
    assert list(dict.fromkeys(regions)) == ["hip", "knee", "lower leg", "foot", "any joint"]
    page = run(url, "guidance", "stress_fracture")
    assert "See a clinician:" in page
    assert "Sources:\n  - Runner's World" in page
    assert "(2024)" in page
    assert "https://www.runnersworld.com/" in page
    shin = run(url, "guidance", "tibial_bone_stress")
    assert shin.startswith("Tibial bone stress injury")
    assert "(lower leg)" in shin.splitlines()[0]
    assert "hopping" in shin
    data = json.loads(run(url, "guidance", "labral_tear", "--json"))
    assert data["id"] == "labral_tear"
    assert data["region"] == "hip"
    assert data["sources"]
    assert all(s["url"].startswith(("https://", "http://")) and s["year"]
               for s in data["sources"])
    assert data["not_a_diagnosis"]
    assert "ids: hip_flexor_strain" in run(url, "guidance", "gout", code=2)
    rows = list(csv.DictReader(io.StringIO(run(url, "guidance", "--format", "csv"))))
    assert len(rows) == 18
    assert rows[-1]["region"] == "any joint"
    everything = json.loads(run(url, "guidance", "--json"))
    assert [c["region"] for c in everything][:1] == ["hip"]
    assert "gluteal_tendinopathy" in [c["id"] for c in everything]


def test_an_entry_imported_then_typed_in_again_is_refused_by_name(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    diary_file = tmp_path / "diary.json"
    diary_file.write_text(json.dumps([{"date": "2026-05-01", "location": "groin", "pain": 3,
                                       "side": "right", "signs": ["clicking"]}]))
    assert run(url, "diary", "import", str(diary_file)).startswith("1 diary entries added")
    refused = run(url, "diary", "add", "--date", "2026-05-01", "--location", "groin",
                  "--pain", "3", "--side", "right", "--signs", "clicking", code=1)
    assert said(refused).startswith("Error: this entry is already in the diary: entry 1 of "
                                    "2026-05-01")
    assert len(json.loads(run(url, "diary", "list", "--json"))) == 1


def test_deleting_an_entry_asks_first(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    added = json.loads(run(url, "diary", "add", "--date", "2026-05-01", "--location", "heel",
                           "--pain", "2", "--json"))
    refused = CliRunner().invoke(main, ["--db", url, "diary", "delete", str(added["id"])],
                                 input="n\n")
    assert f"Delete diary entry {added['id']} (2026-05-01, heel, pain 2/10)?" in refused.output
    assert refused.exit_code == 1
    assert len(json.loads(run(url, "diary", "list", "--json"))) == 1
    run(url, "diary", "delete", str(added["id"]), "--yes")
    assert json.loads(run(url, "diary", "list", "--json")) == []
