"""``loadwatch risk`` on the sample story: the flags, why, what to do, and never a diagnosis."""

from __future__ import annotations

import json

from tests.cli.conftest import run, said


def test_the_sample_story_raises_its_flags(story):
    flags = json.loads(run(story, "risk", "--json"))
    first = flags[0]
    assert (first["rule"], first["severity"], first["date"]) == (
        "bone_stress_during_ramp", "urgent", "2026-08-31")
    rules = {(f["rule"], f["date"]) for f in flags}
    assert ("weekly_change_over_30", "2026-08-09") in rules  # the +34% week
    assert any(rule == "spike_large" for rule, _ in rules)  # the 33 km run
    assert any(rule == "monotony" for rule, _ in rules)
    for item in flags:
        assert set(item) == {"date", "week_start", "kind", "severity", "rule", "title", "why",
                             "evidence", "activities", "conditions", "action", "entry",
                             "not_a_diagnosis"}
        assert item["kind"] in ("stress_fracture", "overuse", "symptom")
    recent = json.loads(run(story, "risk", "--json", "--from", "2026-09-01"))
    assert recent
    assert all(f["date"] >= "2026-09-01" for f in recent)


def test_the_table_puts_the_urgent_flag_first_with_why_and_what_to_do(story):
    table = run(story, "risk")
    lines = table.splitlines()
    assert lines[0].split() == ["date", "severity", "kind", "flag"]
    assert lines[2].split()[:4] == ["2026-08-31", "URGENT", "stress", "fracture"]
    assert "Bone-stress symptoms during a ramp" in lines[2]
    words = said(table)
    assert ("why: Diary, 31 Aug (groin, 4/10): Bone-stress signs (pain earlier in each run, "
            "walking) within 14 days of") in words
    assert "do: Stop running and seek medical care today" in words
    assert lines[-1].startswith("loadwatch is not a diagnosis")


def test_no_flags_is_said_and_still_not_a_diagnosis(sample_store):
    out = run(sample_store, "risk", "--from", "2027-01-01")
    assert out.splitlines()[0] == "No risk flags."
    assert "not a diagnosis" in out
    assert run(sample_store, "risk", "--from", "2027-01-01", "--format", "csv") == ""
