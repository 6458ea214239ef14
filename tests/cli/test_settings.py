"""``loadwatch settings``: what is set, what is a default, and refusing bad values."""

from __future__ import annotations

import json

from tests.cli.conftest import run


def test_settings_show_what_is_set_and_what_is_a_default(sample_store):
    lines = run(sample_store, "settings").splitlines()
    assert lines[0].split() == ["setting", "value", "set", "by", "what", "it", "is"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert rows["threshold_pace"].split()[1:3] == ["4:30/km", "you"]
    assert rows["units"].split()[1:3] == ["km", "default"]
    assert rows["sex"].split()[1:3] == ["not", "set"]
    assert lines[-1] == "TRIMP uses the men's constants until sex is set."
    run(sample_store, "settings", "set", "sex=female")
    assert "TRIMP uses" not in run(sample_store, "settings")


def test_settings_json_is_one_object_with_the_threshold_speed(sample_store):
    values = json.loads(run(sample_store, "settings", "--json"))
    assert values["threshold_pace"] == "4:30/km"
    assert values["max_hr"] == 190
    assert values["count_cross_training_load"] is False
    assert values["threshold_speed_ms"] == 1000 / 270


def test_bad_values_are_refused_with_the_valid_ones(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    out = run(url, "settings", "set", "units=furlongs", code=1)
    assert out.startswith("Error: bad value 'furlongs' for units: choose one of km, mi")
    assert "expected KEY=VALUE" in run(url, "settings", "set", "units", code=1)
    assert "valid settings: sex" in run(url, "settings", "set", "colour=red", code=1)


def test_a_bone_stress_profile_answer_tightens_the_risk_flags_and_they_say_why(story):
    before = {(f["rule"], f["date"]) for f in json.loads(run(story, "risk", "--json"))}
    run(story, "settings", "set", "prior_stress_fracture=true")
    rows = {line.split()[0]: line for line in run(story, "settings").splitlines()[2:]}
    assert rows["prior_stress_fracture"].split()[1:3] == ["true", "you"]
    after = json.loads(run(story, "risk", "--json"))
    tightened = [f for f in after if "your bone-stress profile says a previous stress "
                                      "fracture" in f["why"]]
    assert tightened
    assert {(f["rule"], f["date"]) for f in after} != before
    assert any(f["rule"] == "weekly_change_over_20" for f in after)


def test_unset_removes_a_setting_and_its_default_applies(sample_store):
    rows = {line.split()[0]: line for line in run(
        sample_store, "settings", "unset", "threshold_pace", "units").splitlines()[2:]}
    assert rows["threshold_pace"].split()[1:3] == ["not", "set"]
    assert rows["units"].split()[1:3] == ["km", "default"]
    assert "valid settings: sex" in run(sample_store, "settings", "unset", "colour", code=1)
