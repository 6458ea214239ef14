"""Triage of a symptom diary entry: the conditions it fits, its red flags, its urgency (pure).

Triage ranks the hip conditions an entry fits (``match`` 0-1 with the
symptoms that matched), lists red flags with their reason, and sets an
urgency: ``urgent`` (seek care now), ``see_clinician`` (book a visit) or
``self_care`` (the guidance applies). Red flags always win over load advice.
It informs; it does not diagnose, and every output says so.

References
----------
.. [1] Spire Healthcare, "Hip pain when running: causes and symptoms": cannot
   bear weight, fever (a possibly infected joint) and severe or worsening
   pain need care now.
.. [2] Runner's World, "Hip pain after running" (medically reviewed by John
   Vasudevan, M.D.): pain walking, at rest, at night or earlier in each run
   are bone-stress signs; bruising after a fall needs a doctor; pain lasting
   months (osteoarthritis's three months) needs assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from loadwatch.guidance import NOT_A_DIAGNOSIS, load_guidance
from loadwatch.vocabulary import URGENCIES

if TYPE_CHECKING:
    from loadwatch.diary import Entry

BONE_STRESS_WHEN = ("walking", "at_rest", "at_night", "earlier_in_each_run")
SEVERE_PAIN = 8  # of 10
MONTHS_WEEKS = 12


@dataclass(frozen=True)
class RedFlag:
    """A sign in a diary entry that needs a clinician.

    Attributes
    ----------
    sign : str
        Which sign: ``cannot_bear_weight``, ``fever``,
        ``severe_or_worsening_pain``, ``bone_stress_pattern``,
        ``bruising_after_fall`` or ``lasting_months``.
    urgency : str
        ``urgent`` or ``see_clinician`` (words of ``vocabulary.URGENCIES``).
    reason : str
        What it means and what to do, in words.
    """

    sign: str
    urgency: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        """The red flag as the JSON outputs carry it (``sign``, ``urgency``, ``reason``)."""
        return {"sign": self.sign, "urgency": self.urgency, "reason": self.reason}


@dataclass(frozen=True)
class ConditionMatch:
    """How well a diary entry fits one hip condition.

    Attributes
    ----------
    id, name : str
        The condition (``guidance.CONDITION_IDS``) and its name.
    match : float
        The fit, 0-1, rounded to three decimals.
    why : tuple of str
        The reported words that fit, e.g. ``"location: outer hip"``.
    """

    id: str
    name: str
    match: float
    why: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The match as the JSON outputs carry it (``id``, ``name``, ``match``, ``why``)."""
        return {"id": self.id, "name": self.name, "match": self.match, "why": list(self.why)}


@dataclass(frozen=True)
class Triage:
    """What a diary entry calls for: the conditions it fits, its red flags, its urgency.

    Attributes
    ----------
    conditions : tuple of ConditionMatch
        Best fit first.
    red_flags : tuple of RedFlag
        Every red flag the entry raises.
    urgency : str
        ``urgent`` (seek care now), ``see_clinician`` (book a visit) or
        ``self_care`` (the guidance applies).
    """

    conditions: tuple[ConditionMatch, ...]
    red_flags: tuple[RedFlag, ...]
    urgency: str

    def as_dict(self) -> dict[str, object]:
        """The triage as ``loadwatch triage --json`` prints it, with the not-a-diagnosis note."""
        return {"conditions": [c.as_dict() for c in self.conditions],
                "red_flags": [f.as_dict() for f in self.red_flags],
                "urgency": self.urgency, "not_a_diagnosis": NOT_A_DIAGNOSIS}


def red_flags(entry: Entry) -> list[RedFlag]:
    """Signs in an entry that need a clinician, each with the reason.

    Parameters
    ----------
    entry : Entry
        A checked diary entry.

    Returns
    -------
    list of RedFlag
        Urgent: cannot bear weight, fever (a possibly infected joint), pain of
        8/10 or more or getting worse (Spire Healthcare). See a clinician:
        pain walking, at rest, at night or earlier in each run (bone stress;
        Runner's World), bruising after a fall or trip, symptoms for 12 weeks
        or more.
    """
    urgent, see_clinician, _ = URGENCIES
    flags = []
    if "cannot_bear_weight" in entry.signs:
        flags.append(RedFlag("cannot_bear_weight", urgent,
                             "You cannot bear weight on the leg: a fracture must be ruled out "
                             "now. Do not run; seek medical care today."))
    if "fever" in entry.signs:
        flags.append(RedFlag("fever", urgent, "Hip pain with a fever can mean an infected "
                                              "joint: seek urgent medical care."))
    if entry.pain >= SEVERE_PAIN or entry.worsening:
        flags.append(RedFlag("severe_or_worsening_pain", urgent,
                             f"Pain {entry.pain}/10" + (" and getting worse" if
                                                       entry.worsening else "")
                             + ": severe or worsening pain needs medical attention soon."))
    bone = [w for w in entry.when if w in BONE_STRESS_WHEN]
    if bone:
        flags.append(RedFlag("bone_stress_pattern", see_clinician,
                             "Pain " + ", ".join(w.replace("_", " ") for w in bone)
                             + " is a bone-stress sign: stop running and have it examined "
                               "(an X-ray, often an MRI)."))
    if "bruising" in entry.signs and entry.trigger in ("fall_or_impact", "trip"):
        flags.append(RedFlag("bruising_after_fall", see_clinician,
                             "Bruising after a fall or trip can hide a tear or a fracture: "
                             "have it checked."))
    if entry.weeks is not None and entry.weeks >= MONTHS_WEEKS:
        flags.append(RedFlag("lasting_months", see_clinician,
                             f"Symptoms for {entry.weeks:g} weeks: pain lasting months "
                             "needs a clinician's assessment."))
    return flags


def urgency(flags: list[RedFlag] | tuple[RedFlag, ...]) -> str:
    """The urgency of an entry with these red flags.

    Parameters
    ----------
    flags : sequence of RedFlag
        The entry's red flags (:func:`red_flags`).

    Returns
    -------
    str
        ``urgent`` when any flag is, ``see_clinician`` when there are flags,
        else ``self_care``.
    """
    urgent, see_clinician, self_care = URGENCIES
    levels = [f.urgency for f in flags]
    if urgent in levels:
        return urgent
    return see_clinician if levels else self_care


def match_conditions(entry: Entry) -> list[ConditionMatch]:
    """The hip conditions an entry fits, best first.

    Each condition's pattern weighs the words it knows (location, character,
    when, signs, trigger, onset, how long); the fit is the points scored over
    the best possible. A pain where the condition never hurts does not fit.

    Parameters
    ----------
    entry : Entry
        A checked diary entry.

    Returns
    -------
    list of ConditionMatch
        The conditions that fit at all, by fit (then id).
    """
    ranked = []
    for condition in load_guidance().values():
        score, possible, why = _score(entry, condition.match)
        if score <= 0:
            continue
        ranked.append(ConditionMatch(condition.id, condition.name,
                                     round(score / possible, 3), tuple(why)))
    ranked.sort(key=lambda c: (-c.match, c.id))
    return ranked


def _score(entry: Entry, rules: dict) -> tuple[float, float, list[str]]:
    """Points for each reported word the condition's pattern knows, over the best possible."""
    reported = {"location": (entry.location,), "character": entry.character,
                "when": entry.when, "signs": entry.signs,
                "trigger": (entry.trigger,) if entry.trigger else (),
                "onset": (entry.onset,) if entry.onset else ()}
    score = possible = 0.0
    why: list[str] = []
    for group, words in reported.items():
        weights = rules.get(group, {})
        if not words and group != "location":
            continue
        possible += max(weights.values(), default=0.5)
        best = max((weights.get(w, 0.0) for w in words), default=0.0)
        score += best
        why.extend(f"{group.rstrip('s')}: {w.replace('_', ' ')}" for w in words
                   if weights.get(w, 0.0) > 0)
    if rules.get("weeks_at_least") and (entry.weeks or 0) >= rules["weeks_at_least"]:
        score += 1.0
        possible += 1.0
        why.append(f"lasting {entry.weeks:g} weeks")
    elif rules.get("weeks_at_least"):
        possible += 1.0
    if rules["location"].get(entry.location, 0) == 0:
        return 0.0, possible or 1.0, []  # a pain elsewhere is not this condition
    return score, possible or 1.0, why


def triage(entry: Entry) -> Triage:
    """The conditions an entry fits, its red flags and its urgency.

    Parameters
    ----------
    entry : Entry
        A checked diary entry.

    Returns
    -------
    Triage
        :func:`match_conditions`, :func:`red_flags` and :func:`urgency`
        together; ``as_dict()`` adds the not-a-diagnosis note.
    """
    flags = red_flags(entry)
    return Triage(tuple(match_conditions(entry)), tuple(flags), urgency(flags))
