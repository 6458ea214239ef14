"""Athlete settings: validation, defaults and the derived threshold speed."""

from __future__ import annotations

import pytest

from loadwatch.edits import parse_edits
from loadwatch.errors import UsageError
from loadwatch.settings import (
    check_consistent,
    effective,
    parse_assignments,
    threshold_speed,
)


def test_values_are_normalised():
    assert parse_assignments(["sex=Female", "max_hr= 190", "threshold_pace=4:30 /km",
                              "week_start=Sunday", "timezone=Europe/Amsterdam"]) == {
        "sex": "female", "max_hr": "190", "threshold_pace": "4:30/km",
        "week_start": "sunday", "timezone": "Europe/Amsterdam"}


def test_a_time_zone_typed_in_lower_case_is_stored_in_its_own_spelling():
    assert parse_assignments(["timezone= europe/amsterdam"]) == {"timezone": "Europe/Amsterdam"}
    assert parse_assignments(["timezone=AMERICA/NEW_YORK"]) == {"timezone": "America/New_York"}


@pytest.mark.parametrize(("pair", "message"), [
    ("colour=red", "valid settings: sex, max_hr"),
    ("sex=other", "choose one of male, female"),
    ("max_hr=300", "a whole number from 100 to 240"),
    ("threshold_pace=4.30", "a pace such as 4:30/km or 7:15/mi"),
    ("timezone=Mars/Olympus", "an IANA time zone name"),
    ("units=furlongs", "choose one of km, mi"),
    ("week_start", "expected KEY=VALUE"),
])
def test_unknown_keys_and_bad_values_are_refused_with_the_valid_ones(pair, message):
    with pytest.raises(UsageError, match=message):
        parse_assignments([pair])


def test_heart_rates_must_rise():
    check_consistent({"resting_hr": "50", "threshold_hr": "165", "max_hr": "190"})
    with pytest.raises(UsageError, match=r"resting_hr \(50\) must be below max_hr \(45\)"):
        check_consistent({"resting_hr": "50", "max_hr": "45"})


def test_threshold_pace_becomes_a_speed():
    assert threshold_speed("4:30/km") == pytest.approx(1000 / 270)
    assert threshold_speed("7:15/mi") == pytest.approx(1609.344 / 435)


def test_defaults_fill_what_is_not_set(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    values = effective({"max_hr": "190"})
    assert values.max_hr == 190
    assert values.resting_hr is None
    assert values.week_start == "monday"
    assert values.units == "km"
    assert values.timezone == "Asia/Tokyo"  # the machine's zone
    assert values.count_cross_training_load is False
    assert values.smtp_starttls is None
    assert values.uses_starttls
    assert values.smtp_port_or_default == 587


def test_settings_are_typed_and_print_as_stored():
    values = effective({"timezone": "UTC", "threshold_pace": "7:15/mi", "smtp_port": "25",
                        "smtp_starttls": "false", "count_cross_training_load": "true"})
    assert values.threshold_speed == pytest.approx(1609.344 / 435)
    assert values.smtp_port == 25
    assert values.uses_starttls is False
    assert values.count_cross_training_load is True
    shown = values.as_dict()
    assert list(shown)[:3] == ["sex", "max_hr", "resting_hr"]
    assert (shown["smtp_port"], shown["smtp_starttls"]) == ("25", "false")
    assert shown["threshold_speed_ms"] == pytest.approx(1609.344 / 435)


def test_bad_stored_settings_are_ignored(caplog):
    values = effective({"timezone": "UTC", "max_hr": "lots", "colour": "red"})
    assert values.max_hr is None
    assert "setting ignored" in caplog.text


def test_activity_edits_are_checked():
    assert parse_edits(["surface=grass", "rpe=7", "sport=running", "name=Park run"]) == {
        "surface": "grass", "rpe": 7.0, "sport": "running", "name": "Park run"}
    with pytest.raises(UsageError, match="choose one of road, trail"):
        parse_edits(["surface=lava"])
    with pytest.raises(UsageError, match="a number from 1 to 10"):
        parse_edits(["rpe=11"])
    with pytest.raises(UsageError, match="bad sport"):
        parse_edits(["sport=jogging"])
    with pytest.raises(UsageError, match="you can set: surface, rpe, sport, name"):
        parse_edits(["colour=red"])


def test_the_bone_stress_profile_is_four_plain_answers():
    from loadwatch.settings import SETTINGS
    from loadwatch.settings.bone import BONE_KEYS

    assert parse_assignments(["prior_stress_fracture=TRUE", "irregular_periods= false"]) == {
        "prior_stress_fracture": "true", "irregular_periods": "false"}
    with pytest.raises(UsageError, match="bad value 'yes' for low_bone_density: choose one of "
                                         "true, false"):
        parse_assignments(["low_bone_density=yes"])
    for key in BONE_KEYS:
        assert "tightens the distance flags" in SETTINGS[key].help
    settings = effective({"prior_stress_fracture": "true", "irregular_periods": "false",
                          "low_bone_density": "true"})
    assert settings.bone_profile == ("prior_stress_fracture", "low_bone_density")
    values = settings.as_dict()
    assert values["prior_stress_fracture"] == "true"
    assert values["irregular_periods"] == "false"
    assert values["low_energy_availability"] is None
    assert effective({}).bone_profile == ()


def test_the_dashboard_link_must_be_http_or_https():
    from loadwatch.settings import setting_problem, web_address

    for bad in ("javascript:alert(document.cookie)", "JAVASCRIPT:alert(1)",
                "data:text/html,<script>alert(1)</script>", "//evil.example",
                'https://ok.example/"onmouseover="x', "ftp://files.example"):
        assert "http:// or https://" in setting_problem("dashboard_url", bad)
        with pytest.raises(ValueError, match="http"):
            web_address(bad)
    assert setting_problem("dashboard_url", "https://club.example/loadwatch") is None
