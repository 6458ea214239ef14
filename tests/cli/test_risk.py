"""``loadwatch risk`` on the sample story: the flags, why, what to do, and never a diagnosis."""

from __future__ import annotations

import json
from datetime import date

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
                             "reasons", "not_a_diagnosis", "acknowledged"}
        assert item["acknowledged"] is None
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


def test_a_red_flag_is_acknowledged_and_stays_on_the_list(story):
    out = said(run(story, "risk", "ack", "2026-08-31", "bone_stress_during_ramp",
                   "--note", "GP on Tuesday"))
    assert out.startswith("URGENT · Bone-stress symptoms during a ramp (2026-08-31): "
                          "Acknowledged by me on ")
    assert out.endswith(': seen, not dismissed. Note: "GP on Tuesday". It stays on the list. '
                        "What to do: Stop running and seek medical care today.")
    table = run(story, "risk")
    lines = table.splitlines()
    assert lines[2].split()[:2] == ["2026-08-31", "URGENT"]  # still first, still urgent
    assert "seen: Acknowledged by me on" in said(table)
    assert "seen it? loadwatch risk ack 2026-09-01 running_after_stop --entry" in said(table)
    flags = json.loads(run(story, "risk", "--json"))
    seen = flags[0]["acknowledged"]
    assert (seen["by"], seen["note"]) == ("me", "GP on Tuesday")
    assert seen["at"].endswith("Z")
    assert all(f["acknowledged"] is None for f in flags[1:])
    again = said(run(story, "risk", "ack", "2026-08-31", "bone_stress_during_ramp",
                     "--by", "someone else"))
    assert "already acknowledged. Acknowledged by me on" in again
    assert said(run(story, "risk", "ack", "2026-08-31", "bone_stress_during_ramp",
                    "--undo")).endswith("no longer acknowledged.")
    assert json.loads(run(story, "risk", "--json"))[0]["acknowledged"] is None


def test_an_unknown_flag_is_one_error_line(story):
    out = run(story, "risk", "ack", "2026-08-30", "bone_stress_during_ramp", code=2)
    assert out.startswith("Error: no red flag bone_stress_during_ramp on 2026-08-30; red "
                          "flags: 2026-08-31 bone_stress_during_ramp --entry ")
    assert len(out.splitlines()) == 1
    out = run(story, "risk", "ack", "2026-08-30", "spike_large", code=1)
    assert out == ("Error: spike_large of 2026-08-30 is a high flag, not a red flag: only red "
                   "flags (urgent flags and the diary's warning signs) are acknowledged\n")
    assert run(story, "risk", "ack", "2026-08-31", "bone_stress_during_ramp", "--undo",
               code=2).startswith("Error: the red flag bone_stress_during_ramp of 2026-08-31 "
                                  "was not acknowledged")
    assert run(story, "risk", "ack", "31-08-2026", "x", code=2).startswith("Usage:")


def test_acknowledging_on_either_store(store_url, tmp_path):
    from tests.history import STEADY_WEEK, weeks_of, write_log

    log = write_log(tmp_path / "log.csv", weeks_of(date(2026, 3, 2), *[STEADY_WEEK] * 4))
    run(store_url, "import", str(log))
    for location in ("shin_inner", "heel"):
        run(store_url, "diary", "add", "--date", "2026-03-30", "--location", location,
            "--pain", "5", "--signs", "cannot_bear_weight")
    out = run(store_url, "risk", "ack", "2026-03-30", "red_flag_cannot_bear_weight", code=1)
    assert out.startswith("Error: 2 red flags red_flag_cannot_bear_weight on 2026-03-30: name "
                          "one with --entry (")
    entries = [e["id"] for e in json.loads(run(store_url, "diary", "list", "--json"))]
    run(store_url, "--athlete", "me", "risk", "ack", "2026-03-30",
        "red_flag_cannot_bear_weight", "--entry", str(entries[-1]), "--by", "ann")
    flags = [f for f in json.loads(run(store_url, "risk", "--json"))
             if f["rule"] == "red_flag_cannot_bear_weight"]
    assert [(f["entry"], f["severity"], (f["acknowledged"] or {}).get("by")) for f in flags] \
        == [(entries[0], "urgent", None), (entries[-1], "urgent", "ann")]
