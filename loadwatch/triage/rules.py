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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loadwatch.triage.notes import read_notes
from loadwatch.vocabulary import REGIONS, word_label

if TYPE_CHECKING:
    from loadwatch.diary import Entry

URGENT, SEE_CLINICIAN = "urgent", "see_clinician"
SEVERE_PAIN = 8  # of 10
MONTHS_WEEKS = 12  # three months
BONE_STRESS_WHEN = ("walking", "at_rest", "at_night", "earlier_in_each_run", "hopping")
BONE_STRESS_SIGNS = ("bone_tenderness", "limp")
MECHANICAL_SIGNS = ("clicking", "catching", "locking")
ACHILLES_LOCATIONS = ("achilles", "calf", "heel")

# Where each rule comes from, as a reader can find it.
SOURCES = {
    "spire": "Spire Healthcare, \"Hip pain when running: causes and symptoms\" "
             "(spirehealthcare.com)",
    "rw": "Runner's World, \"Hip pain after running\", medically reviewed by John Vasudevan, "
          "M.D. (updated 27 August 2024)",
    "nhs_septic": "NHS, \"Septic arthritis\" (nhs.uk/conditions/septic-arthritis, reviewed "
                  "23 March 2023)",
    "warden": "Warden S.J., Edwards W.B., Willy R.W. (2021). Preventing bone stress injuries "
              "in runners with optimal workload. Curr Osteoporos Rep 19(3):298-307",
    "nhs_shin": "NHS, \"Shin splints\" (nhs.uk/conditions/shin-splints): pain in one small "
                "area may be a stress fracture",
    "hop": "Physiotutors, \"Hop test: tibial stress fracture screening\" (physiotutors.com/"
           "wiki/hop-test), after Milgrom et al. 2021 (sensitivity 100%, specificity 45%)",
    "medscape_fnsf": "Flinn S.D., \"Femoral neck stress fracture: clinical presentation\", "
                     "Medscape (emedicine.medscape.com/article/86808-clinical, 2017): a limp, "
                     "then pain on walking",
    "robertson": "Robertson G.A., Wood A.M. (2017). Femoral neck stress fractures in sport: a "
                 "current concepts review. Sports Med Int Open 1(2):E58-E68",
    "bupa_achilles": "Bupa UK, \"Achilles tendon rupture\" (bupa.co.uk, reviewed July 2023)",
}


@dataclass(frozen=True)
class RedFlag:
    """A warning sign in a diary entry that needs a clinician.

    Attributes
    ----------
    sign : str
        Which sign (a key of :data:`RULES`, or ``bone_stress_during_ramp``).
    urgency : str
        ``urgent`` or ``see_clinician`` (words of ``vocabulary.URGENCIES``).
    reason : str
        What it means and what to do, in words.
    source : str
        Where the rule comes from, as a citation a reader can find.
    words : tuple of str
        The runner's words in the notes that raised it (empty when the
        entry's fields did).
    stop_running : bool
        Whether the advice is to stop running until a clinician has seen it.
    """

    sign: str
    urgency: str
    reason: str
    source: str = ""
    words: tuple[str, ...] = ()
    stop_running: bool = False

    def as_dict(self) -> dict[str, object]:
        """The red flag as the JSON outputs carry it."""
        return {"sign": self.sign, "urgency": self.urgency, "reason": self.reason,
                "source": self.source, "from_notes": list(self.words),
                "stop_running": self.stop_running}


@dataclass(frozen=True)
class Reported:
    """What an entry reports, its fields and its notes together.

    Attributes
    ----------
    location : str
        Where it hurts.
    pain : int
        0-10.
    onset : str or None
        ``sudden`` or ``gradual``.
    when, signs, triggers, character : frozenset of str
        Diary words, from the fields and the notes.
    worsening, severe : bool
        Getting worse; severe (8/10 or more, or the notes say so).
    weeks : float or None
        How long it has lasted (the longer of the field and the notes).
    quoted : dict of str to str
        ``"signs:fever"``, ``"worsening"``... -> the note's words, for what
        only the notes reported.
    """

    location: str
    pain: int
    onset: str | None
    when: frozenset[str]
    signs: frozenset[str]
    triggers: frozenset[str]
    character: frozenset[str]
    worsening: bool
    severe: bool
    weeks: float | None
    quoted: dict[str, str]

    def words_for(self, *keys: str) -> tuple[str, ...]:
        """The note's words behind these findings (``"signs:fever"``), those quoted."""
        return tuple(dict.fromkeys(self.quoted[k] for k in keys if k in self.quoted))


def reported(entry: Entry) -> Reported:
    """What an entry reports, from its fields and its notes (denials in the notes ignored).

    Parameters
    ----------
    entry : Entry
        A checked diary entry.

    Returns
    -------
    Reported
        The union of the fields and the notes' findings; ``quoted`` keeps the
        notes' words for what the fields did not say.
    """
    found = read_notes(entry.notes)
    given = {**{f"when:{w}": "" for w in entry.when}, **{f"signs:{s}": "" for s in entry.signs},
             **({f"trigger:{entry.trigger}": ""} if entry.trigger else {}),
             **({"worsening": ""} if entry.worsening else {}),
             **({"severe": ""} if entry.pain >= SEVERE_PAIN else {}),
             **({"duration": ""} if (entry.weeks or 0) >= (found.weeks or 0) else {})}
    quoted = {k: v for k, v in found.words.items() if k not in given}
    weeks = max((w for w in (entry.weeks, found.weeks) if w is not None), default=None)
    return Reported(
        location=entry.location, pain=entry.pain, onset=entry.onset,
        when=frozenset(entry.when) | found.of("when").keys(),
        signs=frozenset(entry.signs) | found.of("signs").keys(),
        triggers=frozenset([entry.trigger] if entry.trigger else []) | found.of("trigger").keys(),
        character=frozenset(entry.character), worsening=entry.worsening or "worsening" in quoted,
        severe=entry.pain >= SEVERE_PAIN or "severe" in quoted, weeks=weeks, quoted=quoted)


def _listed(words) -> str:
    return ", ".join(word_label(w) for w in sorted(words))


def _cannot_bear_weight(r: Reported) -> RedFlag | None:
    if "cannot_bear_weight" not in r.signs:
        return None
    return RedFlag("cannot_bear_weight", URGENT,
                   "You cannot bear weight on the leg: a fracture must be ruled out today. "
                   "Do not run; seek medical care now.", SOURCES["spire"],
                   r.words_for("signs:cannot_bear_weight"), stop_running=True)


def _joint_infection(r: Reported) -> RedFlag | None:
    hot_swollen = "warmth" in r.signs and ("swelling" in r.signs or "redness" in r.signs)
    if "fever" not in r.signs and not hot_swollen:
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
                   "attention as soon as possible.", SOURCES["spire"],
                   r.words_for("severe", "worsening"), stop_running=True)


def bone_stress_signs(r: Reported) -> tuple[str, tuple[str, ...], str] | None:
    """The bone-stress signs an entry reports in words, the notes' words, and the sources."""
    when = r.when & set(BONE_STRESS_WHEN)
    signs = r.signs & set(BONE_STRESS_SIGNS)
    if not when and not signs:
        return None
    told = "; ".join(part for part in (f"pain {_listed(when)}" if when else "",
                                       _listed(signs)) if part)
    keys = dict.fromkeys(BONE_SIGN_SOURCES[w] for w in sorted(when | signs))
    if r.location in REGIONS["hip"]:
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
    return RedFlag("clicking_catching_locking", SEE_CLINICIAN,
                   f"{_listed(signs).capitalize()} in the joint: a torn cartilage (at the hip, "
                   "the labrum) is possible; a clinician examines it and may order an MRI.",
                   f"{SOURCES['spire']}; {SOURCES['rw']}",
                   r.words_for(*(f"signs:{s}" for s in signs)))


def _numbness(r: Reported) -> RedFlag | None:
    if "numbness" not in r.signs:
        return None
    return RedFlag("numbness", SEE_CLINICIAN,
                   "Numbness or tingling points to a nerve (for example sciatica) rather than "
                   "a running overload: have it assessed.", SOURCES["spire"],
                   r.words_for("signs:numbness"))


def _lasting_months(r: Reported) -> RedFlag | None:
    if r.weeks is None or r.weeks < MONTHS_WEEKS:
        return None
    return RedFlag("lasting_months", SEE_CLINICIAN,
                   f"Symptoms for {r.weeks:g} weeks: pain lasting three months or more needs a "
                   "clinician's assessment.", SOURCES["rw"],
                   r.words_for("duration"))


# The source of each bone-stress sign.
BONE_SIGN_SOURCES = {"walking": "rw", "earlier_in_each_run": "rw", "at_rest": "rw",
                     "at_night": "rw", "hopping": "hop", "bone_tenderness": "nhs_shin",
                     "limp": "medscape_fnsf"}

# What each red flag is called where it is listed (a risk flag's title).
TITLES = {"cannot_bear_weight": "Cannot bear weight",
                   "possible_joint_infection": "Possible joint infection",
                   "possible_achilles_rupture": "Possible Achilles tendon rupture",
                   "severe_or_worsening_pain": "Severe or worsening pain",
                   "bone_stress_pattern": "Bone-stress symptoms",
                   "bone_stress_during_ramp": "Bone-stress symptoms during a ramp",
                   "bruising": "Bruising", "clicking_catching_locking":
                   "Clicking, catching or locking", "numbness": "Numbness or tingling",
                   "lasting_months": "Symptoms lasting three months"}

# Every warning sign, most pressing first.
RULES: dict[str, Callable[[Reported], RedFlag | None]] = {
    "cannot_bear_weight": _cannot_bear_weight,
    "possible_joint_infection": _joint_infection,
    "possible_achilles_rupture": _achilles_rupture,
    "severe_or_worsening_pain": _severe_or_worsening,
    "bone_stress_pattern": _bone_stress,
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
