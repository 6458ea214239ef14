"""The diary, guidance and risk through the command line, on the sample story."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from loadwatch.cli import main
from tests.conftest import SAMPLE_RUNS

DIARY = SAMPLE_RUNS.parent / "diary.json"


def _run(url: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def story(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 's.db'}"
    _run(url, "import", str(SAMPLE_RUNS))
    _run(url, "settings", "set", "timezone=Europe/Amsterdam", "max_hr=190", "resting_hr=50",
         "threshold_hr=170")
    assert "3 diary entries added" in _run(url, "diary", "import", str(DIARY))
    assert "0 diary entries added, 3 already there" in _run(url, "diary", "import", str(DIARY))
    return url


def test_the_sample_story_raises_its_flags(story):
    flags = json.loads(_run(story, "risk", "--json"))
    first = flags[0]
    assert (first["rule"], first["severity"], first["date"]) == (
        "bone_stress_during_ramp", "urgent", "2026-08-31")
    rules = {(f["rule"], f["date"]) for f in flags}
    assert ("weekly_change_over_30", "2026-08-09") in rules  # the +34% week
    assert any(rule == "spike_large" for rule, _ in rules)  # the 33 km run
    assert any(rule == "monotony" for rule, _ in rules)
    for item in flags:
        assert set(item) == {"date", "week_start", "kind", "severity", "rule", "title", "why",
                             "evidence", "activities", "conditions", "action",
                             "not_a_diagnosis"}
        assert item["kind"] in ("stress_fracture", "overuse")
    recent = json.loads(_run(story, "risk", "--json", "--from", "2026-09-01"))
    assert recent
    assert all(f["date"] >= "2026-09-01" for f in recent)
    assert "not a diagnosis" in _run(story, "risk")


def test_diary_entries_show_urgency_guidance_and_the_load_before(story):
    entries = json.loads(_run(story, "diary", "list", "--json"))
    groin = next(e for e in entries if e["location"] == "groin")
    assert groin["urgency"] == "see_clinician"
    assert groin["conditions"][0]["id"] == "stress_fracture"
    assert groin["load_context"].startswith("began 1 days after distance ACWR passed 1.5")
    outer = next(e for e in entries if e["location"] == "outer_hip")
    assert outer["conditions"][0]["id"] == "trochanteric_bursitis"
    assert "not a diagnosis" in groin["not_a_diagnosis"]


def test_add_edit_delete_and_triage(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    out = _run(url, "diary", "add", "--date", "2026-05-01", "--location", "groin", "--pain", "3",
               "--signs", "clicking,catching", "--json")
    added = json.loads(out)
    assert added["conditions"][0]["id"] == "labral_tear"
    assert added["urgency"] == "self_care"
    edited = _run(url, "diary", "edit", str(added["id"]), "--signs", "fever")
    assert edited.startswith("URGENT")
    (entry,) = json.loads(_run(url, "diary", "list", "--json"))
    assert entry["signs"] == ["fever"]
    assert entry["location"] == "groin"
    _run(url, "diary", "delete", str(added["id"]))
    assert json.loads(_run(url, "diary", "list", "--json")) == []
    assert "Error: me has no diary entry 99" in _run(url, "diary", "delete", "99", code=1)
    triaged = json.loads(_run(url, "triage", "--location", "outer_hip", "--pain", "2",
                              "--signs", "bruising", "--trigger", "fall_or_impact", "--json"))
    assert triaged["urgency"] == "see_clinician"
    assert json.loads(_run(url, "diary", "list", "--json")) == []  # triage stores nothing
    bad = _run(url, "triage", "--location", "groin", "--pain", "3", "--when", "mornings",
               code=1)
    assert "Error: unknown when 'mornings'; choose from during_run" in bad


def test_guidance_pages(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    listing = _run(url, "guidance")
    assert "stress_fracture" in listing
    assert "not a diagnosis" in listing
    page = _run(url, "guidance", "stress_fracture")
    assert "See a clinician:" in page
    assert "Sources: Runner's World" in page
    data = json.loads(_run(url, "guidance", "labral_tear", "--json"))
    assert data["id"] == "labral_tear"
    assert data["sources"]
    assert data["not_a_diagnosis"]
    assert "ids: hip_flexor_strain" in _run(url, "guidance", "gout", code=1)


def test_import_of_the_sample_folder_takes_the_diary_too(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    report = json.loads(_run(url, "import", "--json", str(SAMPLE_RUNS.parent)))
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in report}
    assert by_name["diary.json"]["status"] == "imported"
    assert by_name["diary.json"]["message"] == "3 diary entries added, 0 already there"
    assert by_name["make_samples.py"]["status"] == "skipped"
    assert sum(r["status"] == "imported" for r in report) == 78
    again = json.loads(_run(url, "import", "--json", str(SAMPLE_RUNS.parent / "diary.json")))
    assert again[0]["status"] == "duplicate"
    assert len(json.loads(_run(url, "diary", "list", "--json"))) == 3
