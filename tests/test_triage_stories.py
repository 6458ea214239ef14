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


# Told by a first user checking the triage as a clinician would (their own words).
FIRST_USER = [
    ("a fever as a reading with a degree sign",
     dict(location="groin", notes="38.5°C last night"), None, "urgent",
     "possible_joint_infection"),
    ("a thermometer's reading", dict(location="knee_front", notes="thermometer said 100.4"),
     None, "urgent", "possible_joint_infection"),
    ("a phone's curly apostrophe",
     dict(location="groin", notes="can\u2019t put weight on it"), None, "urgent",
     "cannot_bear_weight"),
    ("shouted, without an apostrophe", dict(location="groin", notes="CANT PUT WEIGHT ON IT"),
     None, "urgent", "cannot_bear_weight"),
    ("no space after a full stop",
     dict(location="thigh_front", notes="really sore.cant put weight on it"), None, "urgent",
     "cannot_bear_weight"),
    ("on crutches", dict(location="shin_inner", notes="had to use crutches to get around today"),
     None, "urgent", "cannot_bear_weight"),
    ("a hot red knee without swelling or fever",
     dict(location="knee_front", notes="no swelling but its hot and red"), None, "urgent",
     "possible_joint_infection"),
    ("pain on the sofa after a ramp",
     dict(location="shin_front", notes="aches even just sitting on the sofa"), RAMP, "urgent",
     "bone_stress_during_ramp"),
    ("a sore spot over a metatarsal, swollen, every step",
     dict(location="top_of_foot", pain=4, notes="sore spot on top of my foot over the 2nd "
          "metatarsal, bit swollen, hurts every step walking to work"), RAMP, "urgent",
     "bone_stress_during_ramp"),
    ("a pop, swelling and a fall at the knee, ticked",
     dict(location="knee_front", pain=5, onset="sudden", signs=("popping", "swelling"),
          trigger="fall_or_impact"), None, "see_clinician", "acute_injury"),
    ("a twisted knee that swelled and gives way, told",
     dict(location="knee_front", notes="twisted it on the trail, felt a pop inside the knee, "
          "swelled up within an hour, gives way"), None, "see_clinician", "acute_injury"),
    ("swelling on top of the foot", dict(location="top_of_foot", signs=("swelling",)), None,
     "see_clinician", "bone_stress_pattern"),
    ("saddle numbness and trouble peeing",
     dict(location="lower_back", notes="numb around my bum and privates, trouble peeing since "
          "yesterday"), None, "urgent", "possible_cauda_equina"),
    ("a swollen warm calf after a flight",
     dict(location="calf", notes="calf swollen warm and tight since flying home from the "
          "marathon, one leg only"), None, "urgent", "possible_blood_clot"),
    ("a sore calf and breathless", dict(location="calf", notes="calf sore and now short of "
                                        "breath"), None, "urgent", "breathless_or_chest_pain"),
    ("a cold pale foot", dict(location="top_of_foot", notes="foot went cold and pale and numb "
                              "after the run"), None, "urgent", "cold_pale_limb"),
]

# Told by a second user in yet other words.
SECOND_USER = [
    ("an Achilles that felt kicked, no tiptoe",
     dict(location="achilles", pain=5, onset="sudden", notes="felt like someone kicked me in the "
          "back of the ankle, now I cant go up on tiptoe"), None, "urgent",
     "possible_achilles_rupture"),
    ("a bigger calf after surgery",
     dict(location="calf", notes="one calf bigger than the other, I'm on the pill and had knee "
          "surgery 2 weeks ago"), None, "urgent", "possible_blood_clot"),
    ("cannot put the foot down",
     dict(location="top_of_foot", pain=6, notes="can't put my foot down, had to get a taxi "
          "home"), None, "urgent", "cannot_bear_weight"),
    ("too sore to stand on", dict(location="arch", pain=5, notes="hurts too much to stand on"),
     None, "urgent", "cannot_bear_weight"),
    ("worse, misspelt", dict(location="top_of_foot", notes="its gettin worser each day"), None,
     "urgent", "severe_or_worsening_pain"),
    ("progressively more painful",
     dict(location="arch", notes="progressively more painful over the week"), None, "urgent",
     "severe_or_worsening_pain"),
    ("a misspelt fever and swollen knee",
     dict(location="knee_front", notes="i think i have a fevor and the knee is swolen"), None,
     "urgent", "possible_joint_infection"),
    ("foot drop", dict(location="shin_front", notes="foot drop, toes slap the ground, can't lift "
                       "my toes up"), None, "urgent", "foot_drop"),
    ("a red streak from a blister",
     dict(location="top_of_foot", notes="red streak spreading up from a blister on my foot"),
     None, "urgent", "spreading_infection"),
    ("rest pain on the sofa, constant",
     dict(location="shin_inner", notes="shin hurts even when im just sat on the sofa, pretty "
          "much constant now"), None, "see_clinician", "bone_stress_pattern"),
    ("a finger on one spot of the tibia",
     dict(location="shin_front", notes="sore spot on the front of my tibia, I can press one "
          "finger on it and it kills"), None, "see_clinician", "bone_stress_pattern"),
    ("night pain, misspelt", dict(location="shin_inner", notes="waking up at nite with it"),
     None, "see_clinician", "bone_stress_pattern"),
    ("aches whilst walking", dict(location="top_of_foot", notes="aches whilst walking"), None,
     "see_clinician", "bone_stress_pattern"),
    ("a knee that will not straighten",
     dict(location="knee_front", notes="knee keeps getting stuck and won't straighten till I "
          "wiggle it"), None, "see_clinician", "clicking_catching_locking"),
    ("a knee that gives way, ticked", dict(location="knee_front", signs=("giving_way",)), None,
     "see_clinician", "clicking_catching_locking"),
    ("a knee that blew up after a twist",
     dict(location="knee_front", pain=6, onset="sudden", notes="twisted it on a trail, knee "
          "blew up within the hour"), None, "see_clinician", "acute_injury"),
    ("a haematoma", dict(location="calf", onset="sudden", notes="big haematoma on my calf"),
     None, "see_clinician", "bruising"),
    ("a tingly heel", dict(location="heel", notes="heel's gone tingly and a bit dead feeling"),
     None, "see_clinician", "numbness"),
    ("twelve weeks in words", dict(location="deep_hip", notes="twelve weeks now"), None,
     "see_clinician", "lasting_months"),
    ("pain 7 with nothing else", dict(location="groin", pain=7), None, "urgent",
     "severe_or_worsening_pain"),
    ("upped my miles, then walking pain",
     dict(location="shin_inner", notes="since I upped my miles it hurts when walking"), None,
     "urgent", "bone_stress_during_ramp"),
]

ALL_STORIES = FIELD_REPORTS + HELD_OUT + FIRST_USER + SECOND_USER


@pytest.mark.parametrize(("story", "values", "context", "urgency", "sign"),
                         ALL_STORIES, ids=[s[0] for s in ALL_STORIES])
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
    "nothing popped, just a dull ache",
    "didn\u2019t have a fever",
    "got marathon fever lol",
    "did a good warm up and a cool down",
    "Fever: no. Swelling: no.",
    "I wouldn't say it's getting worse",
    "not numb, no tingling, no pins and needles",
    "Swelling? None. Bruising? none either.",
    "hopping is fine, no pain at night",
])
def test_a_denial_raises_nothing(notes):
    result = triage(_entry(location="groin", notes=notes))
    assert result.red_flags == ()
    assert result.urgency == "self_care"


def test_a_sign_after_a_denial_still_counts():
    result = triage(_entry(location="groin", notes="no fever, but I'm limping"))
    assert [f.sign for f in result.red_flags] == ["bone_stress_pattern"]
    assert result.red_flags[0].words == ("limping",)


def test_stairs_and_rolling_onto_the_sore_side_are_not_bone_stress():
    stairs = triage(_entry(location="knee_front", notes="hurts walking down stairs"))
    assert stairs.red_flags == ()
    rolling = triage(_entry(location="outer_hip",
                            notes="wakes me when i roll onto that side in bed"))
    assert rolling.red_flags == ()
    assert match_conditions(_entry(location="outer_hip", notes="wakes me when i roll onto "
                                   "that side in bed"))[0].id == "gluteal_tendinopathy"


def test_a_red_hot_calf_is_a_clot_or_skin_infection_not_a_joint():
    result = triage(_entry(location="calf", signs=("warmth", "redness"),
                           notes="calf is red and feels hot, no injury I can think of"))
    assert [f.sign for f in result.red_flags] == ["possible_blood_clot"]
    assert "joint" not in result.red_flags[0].reason


def test_a_joint_infection_fits_only_with_its_signs():
    assert "joint_infection" not in [m.id for m in match_conditions(
        _entry(location="knee_front", notes="no fever"))]
    assert "joint_infection" in [m.id for m in match_conditions(
        _entry(location="knee_front", signs=("warmth", "swelling")))]


def test_the_mechanical_flag_names_the_joint():
    knee = triage(_entry(location="knee_front", signs=("locking",))).red_flags[0]
    hip = triage(_entry(location="groin", signs=("locking",))).red_flags[0]
    assert "meniscus" in knee.reason
    assert "labrum" not in knee.reason
    assert "labrum" in hip.reason


def test_a_bone_stress_sign_below_the_hip_cites_no_hip_paper():
    flag = triage(_entry(location="top_of_foot", notes="hurts every step")).red_flags[0]
    assert "Hip pain" not in flag.source
    assert "Femoral neck" not in flag.source


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
