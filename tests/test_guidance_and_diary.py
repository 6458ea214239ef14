"""Guidance data, diary vocabulary and triage: a symptom story in, conditions and urgency out."""

from __future__ import annotations

from datetime import date

import pytest

from loadwatch.diary import make_entry, triage
from loadwatch.errors import UsageError
from loadwatch.guidance import CONDITION_IDS, GuidanceError, load_guidance, validate

SEEDS = ("seed article 000", "seed article 002")


def test_every_condition_is_complete_and_names_its_sources():
    conditions = load_guidance()
    assert set(conditions) == set(CONDITION_IDS)
    for condition in conditions.values():
        for text in (condition.what, condition.shows, condition.helps, condition.see_clinician):
            assert len(text) > 40
        assert condition.prevent
        assert all(condition.prevent)
        assert condition.sources
        assert all(s["publisher"] and s["title"]
                                         for s in condition.sources)
        assert "not a diagnosis" in condition.as_dict()["not_a_diagnosis"]


def test_incomplete_guidance_is_refused():
    raw = {"sources": {"a": {"publisher": "P", "title": "T"}},
           "conditions": [{"id": "stress_fracture", "name": "x", "what": "", "shows": "s",
                           "helps": "h", "prevent": ["p"], "see_clinician": "c",
                           "sources": ["a"], "match": {"location": {"groin": 1}}}]}
    with pytest.raises(GuidanceError, match="missing what"):
        validate(raw)
    raw["conditions"][0]["what"] = "w"
    raw["conditions"][0]["sources"] = ["nowhere"]
    with pytest.raises(GuidanceError, match="unknown sources"):
        validate(raw)


def _entry(**values):
    return make_entry(**{"date": date(2026, 9, 1), "pain": 4, **values})


# One symptom story per condition: the condition it describes ranks first.
STORIES = {
    "hip_flexor_strain": dict(location="front_hip", character=("sharp",),
                              when=("hip_flexion",), signs=("stiffness", "weakness"),
                              trigger="speedwork", onset="gradual"),
    "hip_impingement": dict(location="groin", character=("pinching",),
                            when=("hip_flexion", "after_sitting"), signs=("reduced_range",)),
    "hip_osteoarthritis": dict(location="deep_hip", character=("aching", "dull"),
                               when=("after_sitting", "end_of_day"),
                               signs=("stiffness", "reduced_range"), weeks=16, onset="gradual"),
    "labral_tear": dict(location="groin", character=("dull",),
                        signs=("clicking", "catching", "locking")),
    "trochanteric_bursitis": dict(location="outer_hip", character=("aching",),
                                  when=("hills_or_sprints",), signs=("tenderness", "redness"),
                                  trigger="hills"),
    "iliopsoas_bursitis": dict(location="thigh_front", character=("aching",),
                               when=("hills_or_sprints",), signs=("tenderness",)),
    "ischial_bursitis": dict(location="buttock", character=("aching",),
                             when=("after_sitting",), signs=("tenderness",)),
    "stress_fracture": dict(location="groin", character=("sharp",),
                            when=("walking", "earlier_in_each_run"),
                            trigger="mileage_increase", onset="gradual"),
    "it_band_syndrome": dict(location="knee_outer", character=("aching",),
                             when=("during_run",), signs=("popping", "tenderness")),
    "hip_pointer": dict(location="outer_hip", character=("throbbing",),
                        signs=("bruising", "swelling"), trigger="fall_or_impact",
                        onset="sudden"),
    "strength_imbalance": dict(location="lower_back", character=("aching", "dull"),
                               when=("after_run",), signs=("weakness",), onset="gradual"),
}


@pytest.mark.parametrize("condition", CONDITION_IDS)
def test_each_condition_has_a_story_that_ranks_it_first(condition):
    result = triage(_entry(**STORIES[condition]))
    first = result.conditions[0]
    assert first.id == condition
    assert first.why
    assert 0 < first.match <= 1
    assert "not a diagnosis" in result.as_dict()["not_a_diagnosis"]


@pytest.mark.parametrize(("story", "urgency", "sign"), [
    (dict(location="groin", signs=("cannot_bear_weight",)), "urgent", "cannot_bear_weight"),
    (dict(location="deep_hip", signs=("fever",)), "urgent", "possible_joint_infection"),
    (dict(location="groin", pain=8), "urgent", "severe_or_worsening_pain"),
    (dict(location="groin", worsening=True), "urgent", "severe_or_worsening_pain"),
    (dict(location="groin", when=("at_night",)), "see_clinician", "bone_stress_pattern"),
    (dict(location="groin", when=("at_rest",)), "see_clinician", "bone_stress_pattern"),
    (dict(location="groin", when=("earlier_in_each_run",)), "see_clinician",
     "bone_stress_pattern"),
    (dict(location="outer_hip", signs=("bruising",), trigger="trip"), "see_clinician",
     "bruising"),
    (dict(location="deep_hip", weeks=12), "see_clinician", "lasting_months"),
    (dict(location="outer_hip", pain=7, weeks=11.9), "self_care", None),
])
def test_urgency_paths(story, urgency, sign):
    result = triage(_entry(**story))
    assert result.urgency == urgency
    if sign is None:
        assert result.red_flags == ()
    else:
        assert sign in [f.sign for f in result.red_flags]
        assert all(f.reason for f in result.red_flags)


def test_red_flags_win_whatever_the_conditions():
    # a bursitis story, but the runner cannot bear weight: urgent
    result = triage(_entry(**{**STORIES["trochanteric_bursitis"],
                              "signs": ("tenderness", "cannot_bear_weight")}))
    assert result.urgency == "urgent"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("location", "knee", "choose from groin, front_hip"),
    ("character", ("stabbing",), "unknown character 'stabbing'"),
    ("when", ("mornings",), "unknown when 'mornings'"),
    ("signs", ("itching",), "unknown sign 'itching'"),
    ("trigger", "shoes", "unknown trigger 'shoes'"),
    ("side", "middle", "unknown side 'middle'"),
    ("pain", 11, "pain must be a whole number from 0 to 10"),
])
def test_unknown_words_are_refused_with_the_valid_list(field, value, message):
    values = {"location": "groin", field: value}
    with pytest.raises(UsageError, match=message):
        _entry(**values)


def test_triage_as_json_keeps_its_shape():
    result = triage(_entry(**STORIES["stress_fracture"]))
    shown = result.as_dict()
    assert list(shown) == ["conditions", "red_flags", "urgency", "stop_running", "ramp_before",
                           "not_a_diagnosis"]
    assert list(shown["conditions"][0]) == ["id", "name", "match", "why", "fits", "of",
                                            "missing"]
    assert isinstance(shown["conditions"][0]["why"], list)
    # Walking and earlier in each run after a reported mileage rise: urgent.
    assert shown["red_flags"] == [{"sign": "bone_stress_during_ramp", "urgency": "urgent",
                                   "reason": result.red_flags[0].reason,
                                   "source": result.red_flags[0].source, "from_notes": [],
                                   "stop_running": True}]
