"""``loadwatch risk`` on the sample story: the flags, why, what to do, and never a diagnosis."""

from __future__ import annotations

import json

from tests.cli.conftest import run, said


def test_the_sample_story_raises_its_flags(story):
    flags = json.loads(run(story, "risk", "--json"))
    first = flags[0]
    assert (first["rule"], first["severity"], first["date"]) == (
        "bone_stress_during_ramp", "urgent", "2026-08-31")
    cards = {(f["rule"], f["date"]): f for f in flags}
    week = cards[("weekly_change_over_30", "2026-08-09")]  # the +34% week
    assert week["severity"] == "high"
    spike = cards[("spike_large", "2026-08-30")]  # the 33 km run
    assert spike["severity"] == "high"
    reasons = [r["rule"] for f in flags for r in f["reasons"]]
    assert "monotony" in reasons  # a reason of its week's card, not a card of its own
    assert len(reasons) > len(flags)
    for item in flags:
        assert set(item) == {"date", "week_start", "kind", "severity", "rule", "title", "why",
                             "evidence", "activities", "conditions", "action", "entry",
                             "reasons", "not_a_diagnosis"}
        assert item["kind"] in ("stress_fracture", "overuse", "overtraining", "symptom")
        assert item["reasons"][0]["severity"] == item["severity"]
        for reason in item["reasons"]:
            assert set(reason) == {"rule", "severity", "why", "evidence"}
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
