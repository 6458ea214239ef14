"""Triage of a symptom diary entry: the conditions it fits, its red flags, its urgency (pure).

Triage reads what an entry reports, its fields and its notes together
(``triage.notes``), applies every warning-sign rule (``triage.rules``, each
with its urgency and its source), ranks the conditions of the guidance the
entry fits (``match`` 0-1 grows with the signs that fit; a location alone is
never a full match), and sets one urgency: ``urgent`` (seek care now),
``see_clinician`` (book a visit) or ``self_care`` (the guidance applies).
The training before the entry is part of the triage (:class:`TrainingContext`):
bone-stress signs within 14 days of a ramp are urgent, so the diary, the risk
flags, the summary and the dashboard give the same urgency for the same entry.
It informs; it does not diagnose, and every output says so.

References
----------
.. [1] Spire Healthcare, "Hip pain when running: causes and symptoms": cannot
   bear weight, fever (a possibly infected joint) and severe or worsening
   pain need care now.
.. [2] Runner's World, "Hip pain after running" (medically reviewed by John
   Vasudevan, M.D.): pain walking or earlier in each run is a bone-stress
   sign; bruising needs a doctor; pain lasting three months needs assessment.
.. [3] The source of every rule: ``triage.sources.SOURCES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from loadwatch.guidance import NOT_A_DIAGNOSIS, load_guidance
from loadwatch.triage.reported import RedFlag, Reported, reported
from loadwatch.triage.rules import RULES, during_ramp
from loadwatch.triage.sources import SOURCES
from loadwatch.vocabulary import URGENCIES, word_label

if TYPE_CHECKING:
    from loadwatch.diary import Entry

__all__ = ["SOURCES", "ConditionMatch", "RedFlag", "TrainingContext", "Triage",
           "match_conditions", "red_flags", "triage", "urgency"]


@dataclass(frozen=True)
class TrainingContext:
    """The training before an entry, as far as triage needs it.

    Attributes
    ----------
    ramp : str or None
        What made the 14 local days before the entry a ramp, in words (``"a
        week +42% (week of 03 Mar)"``); None when nothing did.
    """

    ramp: str | None = None


@dataclass(frozen=True)
class ConditionMatch:
    """How well a diary entry fits one condition of the guidance.

    Attributes
    ----------
    id, name : str
        The condition (``guidance.CONDITION_IDS``) and its name.
    match : float
        The fit, 0-1, rounded to three decimals: the signs that fit over all
        the condition's signs.
    why : tuple of str
        The reported words that fit, e.g. ``"location: outer hip"``.
    fits, of : int
        How many of the condition's groups of signs fit, of how many.
    missing : tuple of str
        The condition's typical signs that were not reported.
    """

    id: str
    name: str
    match: float
    why: tuple[str, ...] = ()
    fits: int = 0
    of: int = 0
    missing: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The match as the JSON outputs carry it."""
        return {"id": self.id, "name": self.name, "match": self.match, "why": list(self.why),
                "fits": self.fits, "of": self.of, "missing": list(self.missing)}

    def describe(self) -> str:
        """``"3 of 6 signs (location: groin, ...); not reported: walking"``."""
        text = f"{self.fits} of {self.of} signs ({', '.join(self.why)})"
        return text + (f"; not reported: {', '.join(self.missing)}" if self.missing else "")


@dataclass(frozen=True)
class Triage:
    """What a diary entry calls for: the conditions it fits, its red flags, its urgency.

    Attributes
    ----------
    conditions : tuple of ConditionMatch
        Best fit first.
    red_flags : tuple of RedFlag
        Every red flag the entry raises, most pressing first.
    urgency : str
        ``urgent``, ``see_clinician`` or ``self_care``.
    context : TrainingContext
        The training before the entry that the triage took into account.
    """

    conditions: tuple[ConditionMatch, ...]
    red_flags: tuple[RedFlag, ...]
    urgency: str
    context: TrainingContext = TrainingContext()

    @property
    def stop_running(self) -> bool:
        """Whether a red flag says to stop running until a clinician has seen it."""
        return any(f.stop_running for f in self.red_flags)

    def as_dict(self) -> dict[str, object]:
        """The triage as ``loadwatch triage --json`` prints it, with the not-a-diagnosis note."""
        return {"conditions": [c.as_dict() for c in self.conditions],
                "red_flags": [f.as_dict() for f in self.red_flags],
                "urgency": self.urgency, "stop_running": self.stop_running,
                "ramp_before": self.context.ramp, "not_a_diagnosis": NOT_A_DIAGNOSIS}


def red_flags(entry: Entry, context: TrainingContext | None = None) -> list[RedFlag]:
    """Every warning sign in an entry, fields and notes, each with its reason and source.

    Parameters
    ----------
    entry : Entry
        A checked diary entry.
    context : TrainingContext, optional
        The training before it; a ramp makes bone-stress signs urgent.

    Returns
    -------
    list of RedFlag
        Urgent ones first. Urgent: possible cauda equina, breathlessness or
        chest pain, a cold or pale limb, foot drop, a possible blood clot,
        spreading redness, cannot bear weight, fever or a hot swollen joint
        (possible joint infection), a pop at the Achilles, severe (7/10 or
        more) or worsening pain, bone-stress signs within 14 days of a ramp.
        See a clinician: bone-stress signs (pain walking, at rest, at night,
        earlier in each run or hopping; a limp; tenderness at one spot on a
        bone; swelling on top of the foot), a sudden injury with a pop,
        swelling or giving way, bruising, clicking, catching, locking or
        giving way, numbness, symptoms for three months. The rules and their
        sources: ``triage.rules.RULES``, ``triage.sources.SOURCES``.
    """
    found = reported(entry)
    flags = [f for rule in RULES.values() if (f := rule(found)) is not None]
    ramp = _ramp(found, context)
    if ramp and (urgent := during_ramp(found, ramp)) is not None:
        flags = [urgent if f.sign == "bone_stress_pattern" else f for f in flags]
    return sorted(flags, key=lambda f: URGENCIES.index(f.urgency))


def _ramp(found: Reported, context: TrainingContext | None) -> str | None:
    if context is not None and context.ramp:
        return context.ramp
    return "the rise in mileage you reported" if "mileage_increase" in found.triggers else None


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


GROUPS = ("location", "character", "when", "signs", "trigger", "onset")


def match_conditions(entry: Entry) -> list[ConditionMatch]:
    """The conditions an entry fits, best first.

    Each condition's pattern weighs the words it knows, per group (location,
    character, when, signs, trigger, onset, how long). A group scores the
    weight of its best reported word; the fit is the score over the weight of
    every group of the pattern, reported or not, so the fit grows with the
    evidence given and a location alone is never a full match. A pain where
    the condition never hurts does not fit, and when any condition fits more
    than the place, those that fit only the place are left out. The notes
    count as reported.

    Parameters
    ----------
    entry : Entry
        A checked diary entry.

    Returns
    -------
    list of ConditionMatch
        The conditions that fit at all, by fit (then id).
    """
    found = reported(entry)
    ranked = [m for condition in load_guidance().values()
              if (m := _match(found, condition.id, condition.name, condition.match))]
    if any(m.fits > 1 for m in ranked):
        # Conditions that share only the place are noise beside those that fit more.
        ranked = [m for m in ranked if m.fits > 1]
    ranked.sort(key=lambda c: (-c.match, c.id))
    return ranked


def words_of(found: Reported, group: str) -> frozenset[str]:
    """The words an entry reports in one group of a condition's pattern."""
    return {"location": frozenset([found.location]), "character": found.character,
            "when": found.when, "signs": found.signs, "trigger": found.triggers,
            "onset": frozenset([found.onset] if found.onset else [])}[group]


def _match(found: Reported, condition_id: str, name: str, rules: dict) -> ConditionMatch | None:
    if rules["location"].get(found.location, 0) <= 0:
        return None  # a pain elsewhere is not this condition
    if any(not rules[g].keys() & words_of(found, g) for g in rules.get("needs", ())):
        return None  # the condition's own signs are missing (no fever, no warmth: no infection)
    words = {group: words_of(found, group) for group in GROUPS}
    score = possible = 0.0
    fits = of = 0
    why: list[str] = []
    missing: list[str] = []
    for group in (g for g in GROUPS if rules.get(g)):
        weights = rules[group]
        best = max((weights.get(w, 0.0) for w in words[group]), default=0.0)
        score, possible, of = score + best, possible + max(weights.values()), of + 1
        fits += best > 0
        why.extend(f"{group.rstrip('s')}: {word_label(w)}" for w in sorted(words[group])
                   if weights.get(w, 0.0) > 0)
        if best == 0:
            missing.append(word_label(max(weights, key=lambda w: (weights[w], w))))
    if rules.get("weeks_at_least"):
        lasting = (found.weeks or 0) >= rules["weeks_at_least"]
        score, possible, of, fits = score + lasting, possible + 1, of + 1, fits + lasting
        why.extend([f"lasting {found.weeks:g} weeks"] if lasting else [])
        missing.extend([] if lasting else [f"lasting {rules['weeks_at_least']} weeks"])
    return ConditionMatch(condition_id, name, round(score / possible, 3), tuple(why), fits, of,
                          tuple(missing))


def triage(entry: Entry, context: TrainingContext | None = None) -> Triage:
    """The conditions an entry fits, its red flags and its urgency.

    Parameters
    ----------
    entry : Entry
        A checked diary entry.
    context : TrainingContext, optional
        The training before the entry (``diary.training_context``); without
        it only what the runner reported counts as a ramp.

    Returns
    -------
    Triage
        :func:`match_conditions`, :func:`red_flags` and :func:`urgency`
        together; ``as_dict()`` adds the not-a-diagnosis note.
    """
    flags = red_flags(entry, context)
    return Triage(tuple(match_conditions(entry)), tuple(flags), urgency(flags),
                  context or TrainingContext())
