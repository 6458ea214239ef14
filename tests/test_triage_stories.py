"""Runner stories as a careful sports physician would triage them.

Each story is told the way runners tell it (fields, notes, or both) and
carries the urgency a clinician would give. No story that needs a clinician
may get less; the first block are the field reports of the issue, the second
held-out stories of the same kinds, told differently.
"""

from __future__ import annotations

from datetime import date

import pytest

from loadwatch.diary import make_entry
from loadwatch.triage import TrainingContext, match_conditions, triage
from loadwatch.vocabulary import URGENCIES

RAMP = TrainingContext("a week +40% (week of 02 Nov)")


def _entry(**values):
    return make_entry(**{"date": date(2026, 11, 20), "pain": 3, **values})


# (story, entry fields, training context, the least urgency a clinician gives, the sign)
FIELD_REPORTS = [
    ("can't put weight on it and a temperature, told in the notes",
     dict(location="groin", pain=3, notes="since this morning I can't put any weight on my "
          "right leg, and I had a temperature of 38.5 last night"), None, "urgent",
     "cannot_bear_weight"),
    ("a limp after a mileage increase",
     dict(location="groin", signs=("limp",), trigger="mileage_increase"), None, "urgent",
     "bone_stress_during_ramp"),
    ("bruising and swelling after a sudden onset, no fall named",
     dict(location="front_hip", onset="sudden", signs=("bruising", "swelling")), None,
     "see_clinician", "bruising"),
    ("clicking, catching or locking",
     dict(location="groin", signs=("catching",)), None, "see_clinician",
     "clicking_catching_locking"),
    ("a woman after a +40% ramp: groin pain earlier in each run and when walking",
     dict(location="groin", when=("earlier_in_each_run", "walking")), RAMP, "urgent",
     "bone_stress_during_ramp"),
    ("a fever at the hip",
     dict(location="deep_hip", signs=("fever",)), None, "urgent", "possible_joint_infection"),
]

HELD_OUT = [
    ("cannot walk, in other words",
     dict(location="thigh_front", pain=5, notes="Unable to walk on it after the long run."),
     None, "urgent", "cannot_bear_weight"),
    ("feverish with a hot swollen knee",
     dict(location="knee_front", notes="knee is hot to the touch and swollen, feeling "
          "feverish"), None, "urgent", "possible_joint_infection"),
    ("a temperature in Fahrenheit",
     dict(location="groin", notes="temp was 101.3F this morning"), None, "urgent",
     "possible_joint_infection"),
    ("getting worse, in the notes only",
     dict(location="buttock", notes="it keeps getting worse every run"), None, "urgent",
     "severe_or_worsening_pain"),
    ("excruciating pain, slider at 6",
     dict(location="groin", pain=6, notes="excruciating when I stand up"), None, "urgent",
     "severe_or_worsening_pain"),
    ("night pain that wakes the runner, shin",
     dict(location="shin_inner", notes="a deep ache that wakes me up at 3am"), None,
     "see_clinician", "bone_stress_pattern"),
    ("pain hopping and tender at one spot on the shin",
     dict(location="shin_front", when=("hopping",), signs=("bone_tenderness",)), None,
     "see_clinician", "bone_stress_pattern"),
    ("top of the foot, hurts to walk, after a spike",
     dict(location="top_of_foot", notes="hurts to walk since Sunday"),
     TrainingContext("a large single-run spike on 15 Nov (2.10 times your longest run of "
                     "the 30 days before)"), "urgent", "bone_stress_during_ramp"),
    ("limping, told in the notes",
     dict(location="groin", notes="I was limping on the way home"), None, "see_clinician",
     "bone_stress_pattern"),
    ("a pop at the Achilles",
     dict(location="achilles", onset="sudden", notes="felt a pop, like being kicked in the "
          "back of my leg"), None, "urgent", "possible_achilles_rupture"),
    ("a bruise after tripping, in the notes",
     dict(location="outer_hip", notes="tripped on a root, big bruise on the side"), None,
     "see_clinician", "bruising"),
    ("the hip locks, in the notes",
     dict(location="groin", notes="sometimes the hip locks up when I get out of the car"),
     None, "see_clinician", "clicking_catching_locking"),
    ("tingling down the leg",
     dict(location="buttock", notes="pins and needles down the back of my thigh"), None,
     "see_clinician", "numbness"),
    ("three months of it, in the notes",
     dict(location="deep_hip", notes="this ache has been there for 3 months"), None,
     "see_clinician", "lasting_months"),
]


@pytest.mark.parametrize(("story", "values", "context", "urgency", "sign"),
                         FIELD_REPORTS + HELD_OUT, ids=[s[0] for s in FIELD_REPORTS + HELD_OUT])
def test_no_story_that_needs_a_clinician_gets_less(story, values, context, urgency, sign):
    result = triage(_entry(**values), context)
    assert URGENCIES.index(result.urgency) <= URGENCIES.index(urgency), story
    assert sign in [f.sign for f in result.red_flags]
    flag = next(f for f in result.red_flags if f.sign == sign)
    assert flag.source
    assert flag.reason
    if values.get("notes") and not values.get("signs") and not values.get("when"):
        assert flag.words, "a sign read in the notes quotes the words that raised it"


def test_notes_quote_the_words_that_raised_each_flag():
    result = triage(_entry(**FIELD_REPORTS[0][1]))
    words = {f.sign: f.words for f in result.red_flags}
    assert words["cannot_bear_weight"] == ("can't put any weight",)
    assert words["possible_joint_infection"] == ("temperature of 38.5",)
    assert result.urgency == "urgent"


@pytest.mark.parametrize("notes", [
    "no fever, not getting worse, no limp",
    "Denies fever. No swelling or bruising.",
    "temperature 36.9, felt fine",
    "fever-free, no night pain",
    "I can bear weight fine, no clicking",
    "not limping any more",
    "ran 10k easy, legs fine",
])
def test_a_denial_raises_nothing(notes):
    result = triage(_entry(location="groin", notes=notes))
    assert result.red_flags == ()
    assert result.urgency == "self_care"


def test_a_sign_after_a_denial_still_counts():
    result = triage(_entry(location="groin", notes="no fever, but I'm limping"))
    assert [f.sign for f in result.red_flags] == ["bone_stress_pattern"]
    assert result.red_flags[0].words == ("limping",)


def test_night_pain_only_from_lying_on_the_sore_side_is_not_bone_stress():
    lying = triage(_entry(location="outer_hip", when=("lying_on_side",)))
    assert lying.red_flags == ()
    told = triage(_entry(location="outer_hip",
                         notes="outer hip hurts at night when I lie on that side"))
    assert told.red_flags == ()
    constant = triage(_entry(location="outer_hip", when=("at_night",)))
    assert [f.sign for f in constant.red_flags] == ["bone_stress_pattern"]


def test_a_structured_field_and_the_notes_together_take_the_more_urgent():
    # The slider says 3/10 and nothing is ticked; the notes say it is getting worse.
    result = triage(_entry(location="groin", worsening=False, notes="getting worse daily"))
    assert result.urgency == "urgent"


def test_one_location_alone_never_makes_a_full_match():
    matches = match_conditions(_entry(location="groin"))
    assert matches
    assert all(m.match < 0.5 for m in matches)
    assert all(m.fits == 1 and m.of > 1 and m.missing for m in matches)
    assert len({m.match for m in matches}) > 1 or len(matches) == 1


def test_the_match_grows_with_the_evidence():
    alone = {m.id: m for m in match_conditions(_entry(location="groin"))}
    fuller = {m.id: m for m in match_conditions(_entry(
        location="groin", when=("walking",), trigger="mileage_increase", onset="gradual"))}
    assert fuller["stress_fracture"].match > alone["stress_fracture"].match
    assert fuller["stress_fracture"].fits > alone["stress_fracture"].fits
    assert "walking" not in fuller["stress_fracture"].missing


def test_conditions_that_share_only_the_place_are_left_out_beside_better_fits():
    matches = match_conditions(_entry(location="knee_front", when=("stairs_or_squatting",)))
    assert matches[0].id == "patellofemoral_pain"
    assert "joint_infection" not in [m.id for m in matches]  # no fever, warmth or swelling
    assert all(m.fits > 1 for m in matches)
