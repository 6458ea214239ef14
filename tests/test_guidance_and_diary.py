"""Guidance data, diary vocabulary and triage: a symptom story in, conditions and urgency out."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest

from loadwatch import vocabulary
from loadwatch.diary import make_entry, triage
from loadwatch.errors import UsageError
from loadwatch.guidance import (
    CONDITION_IDS,
    MATCH_WORDS,
    GuidanceError,
    by_region,
    load_guidance,
    validate,
)
from loadwatch.triage import match_conditions

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
        assert "not a diagnosis" in condition.as_dict()["not_a_diagnosis"]


def test_every_condition_has_a_region_and_findable_sources():
    for condition in load_guidance().values():
        assert condition.region in vocabulary.GUIDANCE_REGIONS
        shown = condition.as_dict()
        assert shown["region"] == condition.region
        assert shown["sources"]
        for source in shown["sources"]:
            assert list(source) == ["publisher", "title", "year", "url"]
            assert source["publisher"]
            assert source["title"]
            assert source["year"] == "n.d." or 1990 <= source["year"] <= 2026
            url = urlsplit(source["url"])
            assert url.scheme in ("http", "https"), source["url"]
            assert url.netloc, source["url"]


def test_every_region_has_conditions_listed_from_the_hip_down():
    groups = by_region()
    assert list(groups) == list(vocabulary.GUIDANCE_REGIONS)
    # A joint infection strikes the knee as often as the hip: not filed under "hip".
    assert [c.id for c in groups["any joint"]] == ["joint_infection"]
    assert sorted(c.id for group in groups.values() for c in group) == sorted(CONDITION_IDS)
    assert [c.id for c in groups["lower leg"]] == ["tibial_bone_stress",
                                                   "medial_tibial_stress_syndrome",
                                                   "achilles_tendinopathy"]


def test_every_match_word_is_a_diary_word():
    groups = {"location": vocabulary.LOCATIONS, "character": vocabulary.CHARACTERS,
              "when": vocabulary.WHEN, "signs": vocabulary.SIGNS,
              "trigger": vocabulary.TRIGGERS, "onset": vocabulary.ONSETS}
    assert groups == MATCH_WORDS
    for condition in load_guidance().values():
        for group, weights in condition.match.items():
            if group in ("weeks_at_least", "needs"):
                continue
            assert set(weights) <= set(groups[group]), (condition.id, group)
            assert all(0 < w <= 1 for w in weights.values()), (condition.id, group)


def _raw(**changes):
    condition = {"id": "stress_fracture", "name": "x", "region": "hip", "what": "w",
                 "shows": "s", "helps": "h", "prevent": ["p"], "see_clinician": "c",
                 "sources": ["a"], "match": {"location": {"groin": 1}}}
    source = {"publisher": "P", "title": "T", "year": 2020, "url": "https://example.org/t"}
    source.update(changes.pop("source", {}))
    condition.update(changes)
    return {"sources": {"a": source}, "conditions": [condition]}


@pytest.mark.parametrize(("raw", "message"), [
    (_raw(what=""), "missing what"),
    (_raw(region=""), "missing region"),
    (_raw(sources=[]), "missing sources"),
    (_raw(sources=["nowhere"]), "unknown sources"),
    (_raw(region="elbow"), "unknown region 'elbow'"),
    (_raw(source={"url": ""}), "source a: missing url"),
    (_raw(source={"year": None}), "source a: missing year"),
    (_raw(source={"publisher": ""}), "source a: missing publisher"),
    (_raw(source={"year": "recent"}), "year must be a year"),
    (_raw(source={"url": "javascript:alert(1)"}), "url must be an http"),
    (_raw(source={"url": "ftp://example.org/t"}), "url must be an http"),
    (_raw(match={"location": {"knee": 1}}),
     r"location words not in the diary's vocabulary: \['knee'\]"),
    (_raw(match={"location": {"groin": 1}, "when": {"mornings": 0.5}}), "when words not in"),
    (_raw(match={"location": {"groin": 1}, "mood": {"grumpy": 1}}), "unknown match group"),
    (_raw(match={"location": {"groin": 1.5}}), "weights outside 0-1"),
    (_raw(match={"signs": {"fever": 1}}), "match names no location"),
])
def test_incomplete_guidance_is_refused(raw, message):
    with pytest.raises(GuidanceError, match=message):
        validate(raw)


def test_a_complete_file_still_needs_every_fixed_condition():
    with pytest.raises(GuidanceError, match="conditions differ from the fixed ids"):
        validate(_raw(source={"year": "n.d."}))


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
    "gluteal_tendinopathy": dict(location="outer_hip", character=("aching",),
                                 when=("lying_on_side", "stairs_or_squatting"),
                                 signs=("tenderness",), trigger="hills", onset="gradual"),
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
    "joint_infection": dict(location="knee_front", character=("throbbing",), when=("at_rest",),
                            signs=("fever", "warmth", "swelling", "redness"), onset="sudden"),
    "patellofemoral_pain": dict(location="knee_front", character=("aching",),
                                when=("stairs_or_squatting", "after_sitting"), onset="gradual"),
    "tibial_bone_stress": dict(location="shin_inner", character=("sharp",),
                               when=("hopping", "at_night"), signs=("bone_tenderness",),
                               trigger="mileage_increase", onset="gradual"),
    "medial_tibial_stress_syndrome": dict(location="shin_inner", character=("aching", "dull"),
                                          when=("during_run",), signs=("tenderness",),
                                          trigger="new_surface", onset="gradual"),
    "achilles_tendinopathy": dict(location="achilles", character=("aching",),
                                  when=("first_steps", "during_run"), signs=("stiffness",),
                                  trigger="hills", onset="gradual"),
    "plantar_heel_pain": dict(location="heel", character=("sharp",),
                              when=("first_steps", "after_sitting"), signs=("tenderness",)),
    "metatarsal_stress_fracture": dict(location="top_of_foot", character=("aching",),
                                       when=("walking", "hopping"),
                                       signs=("bone_tenderness", "swelling"),
                                       trigger="mileage_increase", onset="gradual"),
}


@pytest.mark.parametrize("condition", CONDITION_IDS)
def test_each_condition_has_a_story_that_ranks_it_first(condition):
    result = triage(_entry(**STORIES[condition]))
    first = result.conditions[0]
    assert first.id == condition
    assert first.why
    assert 0 < first.match <= 1
    assert "not a diagnosis" in result.as_dict()["not_a_diagnosis"]


# Typical entries and the condition that should rank first (only the first, not scores:
# the scoring itself is triage's to tune).
@pytest.mark.parametrize(("entry", "first"), [
    (dict(location="shin_inner", signs=("bone_tenderness",), when=("hopping",)),
     "tibial_bone_stress"),
    (dict(location="shin_inner", character=("aching",), signs=("tenderness",),
          when=("during_run",)), "medial_tibial_stress_syndrome"),
    (dict(location="heel", when=("first_steps",)), "plantar_heel_pain"),
    (dict(location="achilles", when=("first_steps",), signs=("stiffness",)),
     "achilles_tendinopathy"),
    (dict(location="knee_front", when=("stairs_or_squatting",)), "patellofemoral_pain"),
    (dict(location="knee_outer", when=("during_run",)), "it_band_syndrome"),
    (dict(location="outer_hip", when=("lying_on_side",)), "gluteal_tendinopathy"),
    (dict(location="top_of_foot", signs=("bone_tenderness",), when=("hopping",)),
     "metatarsal_stress_fracture"),
    (dict(location="knee_front", signs=("fever", "warmth", "swelling")), "joint_infection"),
    (dict(location="deep_hip", signs=("fever", "redness")), "joint_infection"),
])
def test_typical_entries_rank_their_condition_first(entry, first):
    assert match_conditions(_entry(**entry))[0].id == first


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
    (dict(location="outer_hip", pain=6, weeks=11.9), "self_care", None),
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
    # an outer-hip tendon story, but the runner cannot bear weight: urgent
    result = triage(_entry(**{**STORIES["gluteal_tendinopathy"],
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
