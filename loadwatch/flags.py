"""A risk flag, the typed result of the risk rules, and the evidence behind each rule.

The rules that raise flags are in ``loadwatch.risk``; the weekly summary, the
command line and the dashboard read flags as :class:`Flag`, and the JSON
outputs print ``Flag.as_dict()``. One flag is one card: the rules that fire on
the same week (its runs included) are its :class:`Reason` list, the most
severe deciding the card's severity.

Each evidence text says what the study measured, in whom, what it found (with
its uncertainty, significant or not) and what the outcome was, so a flag never
claims more than its source; the flag's ``kind`` names what that evidence
covers (see ``vocabulary.FLAG_KINDS``).

References
----------
.. [1] Buist I. et al. (2008). No effect of a graded training program on the
   number of running-related injuries in novice runners. Am J Sports Med
   36:33-39.
.. [2] Nielsen R.O. et al. (2014). Excessive progression in weekly running
   distance and risk of running-related injuries. J Orthop Sports Phys Ther
   44(10):739-747.
.. [3] Frandsen J.S.B. et al. (2025). How much running is too much? Identifying
   high-risk running sessions in a 5200-person cohort study. Br J Sports Med
   59(17):1203-1210.
.. [4] Williams S. et al. (2017). Better way to determine the acute:chronic
   workload ratio? Br J Sports Med 51:209-210.
.. [5] Impellizzeri F.M. et al. (2020). Acute:chronic workload ratio:
   conceptual issues and fundamental pitfalls. Int J Sports Physiol Perform
   15:907-913; (2021) What role do chronic workloads play in the acute to
   chronic workload ratio? Time to dismiss ACWR and its underlying theory.
   Sports Med 51:581-592.
.. [6] Foster C. (1998). Monitoring training in athletes with reference to
   overtraining syndrome. Med Sci Sports Exerc 30(7):1164-1168.
.. [7] The bone-stress profile's sources: ``loadwatch.settings.bone``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.settings.bone import BONE_EVIDENCE
from loadwatch.vocabulary import FLAG_KINDS, SEVERITIES

# The evidence each rule rests on, as every flag of the rule quotes it: what was
# measured, in whom, what was found (non-significant findings said so) and the outcome.
EVIDENCE = {
    "ten_percent": "The 10% rule is a rule of thumb (Runner's World, \"Hip pain after "
                   "running\", 2024). Buist et al. 2008 (AJSM 36:33-39) randomised 532 novice "
                   "runners: a 13-week programme built on it had as many running-related "
                   "injuries (any, restricting running for a week) as a standard 8-week one, "
                   "20.8% against 20.3% (p = .90): no protective effect.",
    "nielsen": "Nielsen et al. 2014 (JOSPT 44(10):739-747), 874 novice runners followed for a "
               "year: overall injury rates did not differ across weekly progression groups. "
               "For distance-related overuse injuries (patellofemoral pain, iliotibial band "
               "syndrome, medial tibial stress syndrome, gluteal and patellar tendon injuries, "
               "trochanteric bursitis; not stress fractures) progression above 30% went with "
               "a higher rate, HR 1.59 (95% CI 0.96-2.66, p = .07: not significant).",
    "frandsen": "Frandsen et al. 2025 (BJSM 59(17):1203-1210), 5,205 runners over 18 months, "
                "outcome any self-reported overuse running-related injury: a run longer than "
                "the longest of the 30 days before raised the injury rate, HRR 1.64 (95% CI "
                "1.31-2.05) for 10-30% longer, 1.52 (1.16-2.00) for 30-100%, 2.28 (1.50-3.48) "
                "for more than double. The week-to-week ratio showed no association.",
    "building": "Frandsen et al. 2025 (BJSM 59(17):1203-1210) compared each run with the "
                "longest of the 30 days before it; with less history than that the reference "
                "is still being built, so no band is given.",
    "acwr": "Williams et al. 2017 (BJSM 51:209-210) EWMA ratio, from team sports; called a "
            "statistical artefact (Impellizzeri et al. 2020, 2021; Lolli et al. 2019), and in "
            "5,205 runners higher ratios went with fewer overuse injuries (Frandsen et al. "
            "2025). A trend, not a verdict: on its own never more than a caution.",
    "foster": "Foster 1998 (MSSE 30(7):1164-1168), 25 experienced athletes: most illnesses "
              "(and minor injuries) came when strain (load x monotony) passed the athlete's "
              "own threshold; monotony above 2.0 is his warning line. Outcome: mostly "
              "illness, not running injury.",
    "cutback": "Coaching heuristic, not a tested rule: plans put a lighter week after two or "
               "three rising ones.",
    "return": "Coaching rule of thumb, not a tested rule: after two weeks to a month off, "
              "about 50-60% of the weeks before the break, rising to 75% and back to 100% "
              "over as many weeks as were missed (runningcoachcarl.com, 2015; Active.com). "
              "Spikes are measured against the longest run of the 30 days before the break "
              "(Frandsen et al. 2025's reference).",
    "hills": "Lower-evidence heuristic: no study tied a jump in hill or hard running to injury "
             "in runners; Rice et al. 2024: grades steeper than 5% change how the leg is "
             "loaded; Runner's World (\"Hip pain after running\", 2024) and Spire Healthcare "
             "(\"Hip pain when running\") link hills and sprints to bursitis and tendinopathy.",
    "surface": "Lower-evidence heuristic: evidence that surfaces cause bone stress injury is "
               "weak; Runner's World (\"Hip pain after running\", 2024) names trail trips as a "
               "cause of acute muscle tears.",
    "rest": "Lower-evidence heuristic: overuse injuries follow load without recovery "
            "(Runner's World and Spire Healthcare: avoid overtraining).",
    "bone_profile": BONE_EVIDENCE,
}


@dataclass(frozen=True)
class Reason:
    """One rule that fired on a card's week or run.

    Attributes
    ----------
    rule : str
        The rule, e.g. ``spike_large`` or ``weekly_change_over_20``.
    severity : str
        Its own severity (the card takes the highest).
    why : str
        What it found, with the numbers, in the athlete's units.
    evidence : str
        The evidence behind it (a value of :data:`EVIDENCE`).
    """

    rule: str
    severity: str
    why: str
    evidence: str


@dataclass(frozen=True)
class Flag:
    """One risk flag: what happened, why it matters, the evidence, what to do.

    Attributes
    ----------
    date : datetime.date or None
        The day the flag is dated (a week's last day, a run's or an entry's day).
    week_start : datetime.date or None
        The first day of the week it concerns, for weekly rules.
    kind : str
        What the evidence of its most severe reason covers, a word of
        ``vocabulary.FLAG_KINDS``.
    severity : str
        ``urgent``, ``high``, ``caution`` or ``info``: the highest of its reasons.
    rule : str
        The most severe reason's rule, e.g. ``spike_large``.
    title, why, action : str
        What happened, why it matters (every reason's numbers, the most severe
        first), what to do (the most severe reason's advice).
    evidence : str
        The evidence behind its reasons (values of :data:`EVIDENCE`, each once).
    activities : tuple of int
        Ids of the activities it concerns.
    conditions : tuple of str
        Ids of the conditions it concerns (``guidance.CONDITION_IDS``).
    action : str
        What to do.
    entry : int or None
        The diary entry it comes from (a red flag of the diary).
    reasons : tuple of Reason
        Every rule that fired on the card's week or run, most severe first;
        empty for a flag of one rule (``as_dict`` then lists the flag itself).
    """

    date: datetime.date | None
    week_start: datetime.date | None
    kind: str
    severity: str
    rule: str
    title: str
    why: str
    evidence: str
    activities: tuple[int, ...] = ()
    conditions: tuple[str, ...] = ()
    action: str = ""
    entry: int | None = None
    reasons: tuple[Reason, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in FLAG_KINDS or self.severity not in SEVERITIES:
            raise ValueError(f"a flag of kind {self.kind!r} and severity {self.severity!r}")

    @property
    def is_red(self) -> bool:
        """A red flag: urgent, a warning sign of the diary, or running on after one."""
        return (self.severity == "urgent" or self.rule.startswith("red_flag_")
                or self.rule == "running_after_stop")

    def as_dict(self) -> dict[str, object]:
        """The flag as ``loadwatch risk --json`` prints it.

        Returns
        -------
        dict
            Dates as ISO text (or None), lists for the tuples, ``reasons``
            (each ``rule``, ``severity``, ``why``, ``evidence``) and the
            not-a-diagnosis note.
        """
        reasons = self.reasons or (Reason(self.rule, self.severity, self.why, self.evidence),)
        return {"date": _iso(self.date), "week_start": _iso(self.week_start),
                "kind": self.kind, "severity": self.severity, "rule": self.rule,
                "title": self.title, "why": self.why, "evidence": self.evidence,
                "activities": list(self.activities), "conditions": list(self.conditions),
                "action": self.action, "entry": self.entry,
                "reasons": [asdict(r) for r in reasons], "not_a_diagnosis": NOT_A_DIAGNOSIS}

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule behind the card (its own when it has no reasons)."""
        return tuple(r.rule for r in self.reasons) or (self.rule,)


@dataclass(frozen=True)
class Acknowledgement:
    """A runner's word that they have seen a red flag, or booked the visit it asks for.

    It closes nothing and softens nothing: the flag keeps its severity, stays
    open as long as it would have, and is shown with this beside it. Of a
    caution or high flag it is a dismissal: the Overview lists it no more.

    Attributes
    ----------
    rule : str
        The flag's rule.
    date : datetime.date
        The flag's date.
    entry : int or None
        The diary entry of a flag of the diary.
    by : str
        Who acknowledged it.
    at : datetime.datetime
        When, naive UTC.
    note : str or None
        What they added ("visit booked for Tuesday").
    """

    rule: str
    date: datetime.date
    entry: int | None
    by: str
    at: datetime.datetime
    note: str | None = None

    def names(self, item: Flag) -> bool:
        """Whether this acknowledges ``item`` (same rule, date and entry)."""
        return (item.rule, item.date, item.entry) == (self.rule, self.date, self.entry)

    def as_dict(self) -> dict[str, object]:
        """``by``, ``at`` (ISO, UTC) and ``note``."""
        return {"by": self.by, "at": self.at.isoformat(timespec="seconds") + "Z",
                "note": self.note}

    def words(self, timezone: str, red: bool = True) -> str:
        """"Acknowledged by ann on 01 Dec 2026: seen, not dismissed." (the day in ``timezone``).

        ``red`` False: the flag is a caution or high flag, which the runner
        dismissed ("Dismissed by ann on 01 Dec 2026.").
        """
        local = self.at.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(timezone))
        note = f' Note: "{self.note}".' if self.note else ""
        if not red:
            return f"Dismissed by {self.by} on {local:%d %b %Y}.{note}"
        return f"Acknowledged by {self.by} on {local:%d %b %Y}: seen, not dismissed.{note}"


def acknowledgement_of(item: Flag, acknowledgements: Iterable[Acknowledgement]
                       ) -> Acknowledgement | None:
    """The acknowledgement of ``item``, if it has one."""
    return next((a for a in acknowledgements if a.names(item)), None)


def acknowledged_last(flags: Sequence[Flag], acknowledgements: Sequence[Acknowledgement]
                      ) -> list[Flag]:
    """``flags`` in their order, those not yet acknowledged first."""
    seen = [acknowledgement_of(f, acknowledgements) is not None for f in flags]
    return ([f for f, done in zip(flags, seen, strict=True) if not done]
            + [f for f, done in zip(flags, seen, strict=True) if done])


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()
