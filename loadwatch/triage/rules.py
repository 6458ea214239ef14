"""The warning signs of a diary entry: one rule each, with its urgency and its source (pure).

Each rule reads what the entry reports, from its fields and its notes together
(:class:`Reported`), so a sign is caught however the runner tells it; when the
notes report a sign the fields do not, the sign counts (the more urgent
reading wins). A rule gives a :class:`RedFlag` that says what it means, what
to do, where that comes from and, when the notes raised it, the runner's
words.
"""

from __future__ import annotations

from collections.abc import Callable

from loadwatch.triage.reported import RedFlag, Reported, listed
from loadwatch.triage.sources import HIP_SIGN_SOURCES, LEG_SIGN_SOURCES, SOURCES
from loadwatch.vocabulary import REGIONS

URGENT, SEE_CLINICIAN = "urgent", "see_clinician"
MONTHS_WEEKS = 12  # three months
BONE_STRESS_WHEN = ("walking", "at_rest", "at_night", "earlier_in_each_run", "hopping")
BONE_STRESS_SIGNS = ("bone_tenderness", "limp")
MECHANICAL_SIGNS = ("clicking", "catching", "locking", "giving_way")
JOINTS = ("groin", "front_hip", "deep_hip", "outer_hip", "knee_front", "knee_outer")
CLOT_LOCATIONS = ("calf", "shin_inner", "shin_front", "thigh_front", "thigh_outer")
ACHILLES_LOCATIONS = ("achilles", "calf", "heel")


def _cannot_bear_weight(r: Reported) -> RedFlag | None:
    if "cannot_bear_weight" not in r.signs:
        return None
    return RedFlag("cannot_bear_weight", URGENT,
                   "You cannot bear weight on the leg: a fracture must be ruled out today. "
                   "Do not run; seek medical care now.", SOURCES["spire"],
                   r.words_for("signs:cannot_bear_weight"), stop_running=True)


def _joint_infection(r: Reported) -> RedFlag | None:
    hot_swollen = "warmth" in r.signs and ("swelling" in r.signs or "redness" in r.signs)
    if "fever" not in r.signs and not (hot_swollen and r.location in JOINTS):
        return None
    told = "a fever" if "fever" in r.signs else "a hot, swollen joint"
    return RedFlag("possible_joint_infection", URGENT,
                   f"Pain with {told} can mean an infected joint (septic arthritis), which "
                   "damages a joint within days: seek urgent medical care today.",
                   f"{SOURCES['spire']}; {SOURCES['nhs_septic']}",
                   r.words_for("signs:fever", "signs:warmth", "signs:swelling", "signs:redness"),
                   stop_running=True)


def _achilles_rupture(r: Reported) -> RedFlag | None:
    if r.location not in ACHILLES_LOCATIONS or "popping" not in r.signs:
        return None
    return RedFlag("possible_achilles_rupture", URGENT,
                   "A pop or snap at the back of the ankle or calf can be a torn Achilles "
                   "tendon, which heals best when treated within days: seek medical care "
                   "today and do not run.", SOURCES["bupa_achilles"],
                   r.words_for("signs:popping"), stop_running=True)


def _severe_or_worsening(r: Reported) -> RedFlag | None:
    if not (r.severe or r.worsening):
        return None
    told = " and ".join(part for part, on in (("severe", r.severe),
                                              ("getting worse", r.worsening)) if on)
    return RedFlag("severe_or_worsening_pain", URGENT,
                   f"Pain {r.pain}/10, {told}: severe or worsening pain needs medical "
                   "attention as soon as possible.",
                   SOURCES["spire"] if r.location in REGIONS["hip"] else SOURCES["nhs_shin"],
                   r.words_for("severe", "worsening"), stop_running=True)


def bone_stress_signs(r: Reported) -> tuple[str, tuple[str, ...], str] | None:
    """The bone-stress signs an entry reports in words, the notes' words, and the sources."""
    when = r.when & set(BONE_STRESS_WHEN)
    signs = r.signs & set(BONE_STRESS_SIGNS)
    if r.location == "top_of_foot" and "swelling" in r.signs:
        signs |= {"swelling"}  # swelling on top of the foot: a metatarsal stress fracture
    if not when and not signs:
        return None
    told = "; ".join(part for part in (f"pain {listed(when)}" if when else "",
                                       listed(signs)) if part)
    hip = r.location in REGIONS["hip"]
    keys = dict.fromkeys((HIP_SIGN_SOURCES if hip else LEG_SIGN_SOURCES)[w]
                         for w in sorted(when | signs))
    if hip:
        keys["robertson"] = None  # a femoral neck fracture can displace if missed
    return (told, r.words_for(*(f"when:{w}" for w in when), *(f"signs:{s}" for s in signs)),
            "; ".join(SOURCES[k] for k in keys))


def _bone_stress(r: Reported) -> RedFlag | None:
    found = bone_stress_signs(r)
    if found is None:
        return None
    told, words, sources = found
    return RedFlag("bone_stress_pattern", SEE_CLINICIAN,
                   f"{told[0].upper()}{told[1:]}: signs of a bone stress injury. Stop running "
                   "and have it examined soon (an X-ray, often an MRI); caught early it heals "
                   "faster.", sources, words, stop_running=True)


def _bruising(r: Reported) -> RedFlag | None:
    if "bruising" not in r.signs:
        return None
    fall = r.triggers & {"fall_or_impact", "trip"}
    return RedFlag("bruising", SEE_CLINICIAN,
                   ("Bruising after a fall or trip" if fall else "Bruising")
                   + " can mean a torn muscle or tendon, or a fracture: have it checked.",
                   SOURCES["rw"], r.words_for("signs:bruising", "trigger:fall_or_impact",
                                              "trigger:trip"))


def _mechanical(r: Reported) -> RedFlag | None:
    signs = r.signs & set(MECHANICAL_SIGNS)
    if not signs:
        return None
    knee = r.location in REGIONS["knee"]
    torn = ("a torn meniscus or ligament" if knee else
            "a torn labrum (the hip's rim of cartilage)" if r.location in REGIONS["hip"]
            else "a torn cartilage or tendon")
    return RedFlag("clicking_catching_locking", SEE_CLINICIAN,
                   f"{listed(signs).capitalize()}: {torn} is possible; a clinician examines it "
                   "and may order an MRI.",
                   SOURCES["elht_knee"] if knee else f"{SOURCES['spire']}; {SOURCES['rw']}",
                   r.words_for(*(f"signs:{s}" for s in signs)))


def _acute_injury(r: Reported) -> RedFlag | None:
    sudden = r.onset == "sudden" or bool(r.triggers & {"fall_or_impact", "trip"})
    signs = r.signs & {"popping", "swelling", "giving_way"}
    if not sudden or not signs or (r.location in ACHILLES_LOCATIONS and "popping" in signs):
        return None  # a pop at the Achilles is its own, urgent, rule
    return RedFlag("acute_injury", SEE_CLINICIAN,
                   f"A sudden injury with {listed(signs)}: a torn ligament, meniscus or muscle "
                   "is possible. Stop running and have it examined soon (the same day if it "
                   "swelled within hours, gives way or will not straighten).",
                   SOURCES["elht_knee"] if r.location in REGIONS["knee"] else SOURCES["rw"],
                   r.words_for(*(f"signs:{s}" for s in signs), "trigger:fall_or_impact",
                               "trigger:trip"), stop_running=True)


def _cauda_equina(r: Reported) -> RedFlag | None:
    signs = r.signs & {"saddle_numbness", "bladder_or_bowel_change"}
    if not signs:
        return None
    return RedFlag("possible_cauda_equina", URGENT,
                   "Numbness between the legs or around the bottom, or a change in bladder or "
                   "bowel control, can mean pressure on the nerves at the base of the spine "
                   "(cauda equina syndrome): go to an emergency department now.",
                   SOURCES["cauda_equina"], r.words_for(*(f"signs:{s}" for s in signs)),
                   stop_running=True)


def _breathless(r: Reported) -> RedFlag | None:
    if "breathless" not in r.signs:
        return None
    return RedFlag("breathless_or_chest_pain", URGENT,
                   "Breathlessness, chest pain or coughing blood with a sore or swollen leg can "
                   "mean a blood clot in the lung: call the emergency services now.",
                   SOURCES["nhs_dvt"], r.words_for("signs:breathless"), stop_running=True)


def _blood_clot(r: Reported) -> RedFlag | None:
    signs = r.signs & {"swelling", "warmth", "redness"}
    after_rest = "swelling" in signs and "immobile" in r.triggers
    if r.location not in CLOT_LOCATIONS or not (len(signs) >= 2 or after_rest):
        return None
    return RedFlag("possible_blood_clot", URGENT,
                   "A leg that is swollen, warm or red (two of these), or swells after a long "
                   "journey, surgery or time off your feet, can be a blood clot (DVT), or a skin "
                   "infection: get medical help today.",
                   SOURCES["nhs_dvt"], r.words_for("signs:swelling", "signs:warmth",
                                                   "signs:redness", "trigger:immobile"),
                   stop_running=True)


def _circulation(r: Reported) -> RedFlag | None:
    if "cold_pale" not in r.signs:
        return None
    return RedFlag("cold_pale_limb", URGENT,
                   "A foot or leg gone cold, pale or blue, or numb and very painful, can mean "
                   "its blood supply or muscle pressure is in danger (acute compartment "
                   "syndrome): seek emergency care now.", SOURCES["nhs_compartment"],
                   r.words_for("signs:cold_pale"), stop_running=True)


def _foot_drop(r: Reported) -> RedFlag | None:
    if "foot_drop" not in r.signs:
        return None
    return RedFlag("foot_drop", URGENT,
                   "A foot you cannot lift (foot drop) means a nerve or the muscles at the front "
                   "of the shin are in trouble, which can be pressure in a muscle compartment: "
                   "seek medical care today.", SOURCES["nhs_compartment"],
                   r.words_for("signs:foot_drop"), stop_running=True)


def _spreading_redness(r: Reported) -> RedFlag | None:
    if "spreading_redness" not in r.signs:
        return None
    return RedFlag("spreading_infection", URGENT,
                   "Redness spreading from a wound or blister can be a skin infection "
                   "(cellulitis) that needs antibiotics: get medical help today.",
                   SOURCES["nhs_cellulitis"], r.words_for("signs:spreading_redness"),
                   stop_running=True)


def _numbness(r: Reported) -> RedFlag | None:
    if "numbness" not in r.signs:
        return None
    return RedFlag("numbness", SEE_CLINICIAN,
                   "Numbness or tingling points to a nerve (for example sciatica) rather than "
                   "a running overload: have it assessed.",
                   SOURCES["spire"] if r.location in REGIONS["hip"] else SOURCES["elht_knee"],
                   r.words_for("signs:numbness"))


def _lasting_months(r: Reported) -> RedFlag | None:
    if r.weeks is None or r.weeks < MONTHS_WEEKS:
        return None
    return RedFlag("lasting_months", SEE_CLINICIAN,
                   f"Symptoms for {r.weeks:g} weeks: pain lasting three months or more needs a "
                   "clinician's assessment.", SOURCES["rw"],
                   r.words_for("duration"))


# Every warning sign, most pressing first.
RULES: dict[str, Callable[[Reported], RedFlag | None]] = {
    "possible_cauda_equina": _cauda_equina,
    "breathless_or_chest_pain": _breathless,
    "cold_pale_limb": _circulation,
    "foot_drop": _foot_drop,
    "spreading_infection": _spreading_redness,
    "possible_blood_clot": _blood_clot,
    "cannot_bear_weight": _cannot_bear_weight,
    "possible_joint_infection": _joint_infection,
    "possible_achilles_rupture": _achilles_rupture,
    "severe_or_worsening_pain": _severe_or_worsening,
    "bone_stress_pattern": _bone_stress,
    "acute_injury": _acute_injury,
    "bruising": _bruising,
    "clicking_catching_locking": _mechanical,
    "numbness": _numbness,
    "lasting_months": _lasting_months,
}


def during_ramp(r: Reported, ramp: str) -> RedFlag | None:
    """Bone-stress signs within 14 days of a ramp in training: urgent.

    Parameters
    ----------
    r : Reported
        What the entry reports.
    ramp : str
        What made it a ramp, in words (a week's rise, a single-run spike, the
        runner's "more mileage").

    Returns
    -------
    RedFlag or None
        ``bone_stress_during_ramp``, urgent (about two thirds of hip stress
        fractures follow a rise in mileage, Runner's World); None without
        bone-stress signs.
    """
    found = bone_stress_signs(r)
    if found is None:
        return None
    told, words, sources = found
    return RedFlag("bone_stress_during_ramp", URGENT,
                   f"Bone-stress signs ({told}) within 14 days of {ramp}. Stop running and see "
                   "a clinician now: a stress fracture must be ruled out.",
                   f"{sources}; {SOURCES['warden']}", words, stop_running=True)
