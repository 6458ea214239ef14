"""One card per event: the rules' findings of one week (its runs included) become one flag.

A run that is a large spike in a +40% week is one card that says both: the
most severe finding gives the card its severity, rule, kind, date, title and
action; every finding is one of its ``reasons`` and adds its numbers to the
``why``; each evidence is quoted once. A note that the lines were tightened
(pain, the bone-stress profile) is said once per card.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from loadwatch.flags import EVIDENCE, Flag, Reason
from loadwatch.vocabulary import SEVERITY_ORDER

# Conditions the profile adds to a card it tightened (guidance ids).
BONE_CONDITIONS = ("tibial_bone_stress", "metatarsal_stress_fracture", "stress_fracture")


@dataclass(frozen=True)
class Finding:
    """What one rule found on one day of one week.

    Attributes
    ----------
    day : date
        The run's day, the week's last day or an episode's peak.
    week : date
        The first day of the week (the card it joins).
    kind, severity, rule, title, why : str
        As :class:`loadwatch.flags.Flag`; ``why`` without the tightening note.
    evidence : str
        A key of ``flags.EVIDENCE``.
    activities : tuple of int
    conditions : tuple of str
    action : str
    note : str
        Why the lines were tightened, or empty.
    profile : bool
        Whether the bone-stress profile tightened them.
    """

    day: date
    week: date
    kind: str
    severity: str
    rule: str
    title: str
    why: str
    evidence: str
    activities: tuple[int, ...] = ()
    conditions: tuple[str, ...] = ()
    action: str = ""
    note: str = ""
    profile: bool = False

    def reason(self) -> Reason:
        """The finding as a card's reason (its note and evidence included)."""
        return Reason(self.rule, self.severity, self.why + self.note, _evidence(self))


def cards(findings: Iterable[Finding]) -> list[Flag]:
    """One flag per week that has findings.

    Parameters
    ----------
    findings : iterable of Finding
        In any order.

    Returns
    -------
    list of Flag
        By week; each with its reasons, most severe first (ties: in the order
        the rules produced them).
    """
    ordered = sorted(findings, key=lambda f: f.week)
    return [_card(list(group)) for _, group in groupby(ordered, key=lambda f: f.week)]


def _card(findings: list[Finding]) -> Flag:
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    top = findings[0]
    titles = list(dict.fromkeys(f.title for f in findings))
    title = titles[0] if len(titles) == 1 else (
        f"{titles[0]}; {titles[1][0].lower()}{titles[1][1:]}"
        + (f" (and {len(titles) - 2} more)" if len(titles) > 2 else ""))
    notes = "".join(dict.fromkeys(f.note for f in findings))
    profile = any(f.profile for f in findings)
    evidence = " ".join(dict.fromkeys(
        [EVIDENCE[f.evidence] for f in findings] + [EVIDENCE["bone_profile"]] * profile))
    conditions = [c for f in findings for c in f.conditions] + list(BONE_CONDITIONS) * profile
    return Flag(top.day, top.week, top.kind, top.severity, top.rule, title,
                " ".join(f.why for f in findings) + notes, evidence,
                tuple(dict.fromkeys(a for f in findings for a in f.activities)),
                tuple(dict.fromkeys(conditions)), top.action,
                reasons=tuple(f.reason() for f in findings))


def _evidence(finding: Finding) -> str:
    text = EVIDENCE[finding.evidence]
    return f"{text} {EVIDENCE['bone_profile']}" if finding.profile else text
