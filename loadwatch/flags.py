"""A risk flag, the typed result of a risk rule, and the evidence behind each rule.

The rules that raise flags are in ``loadwatch.risk``; the weekly summary, the
command line and the dashboard read flags as :class:`Flag`, and the JSON
outputs print ``Flag.as_dict()``.

References
----------
.. [1] Buist I. et al. (2008). No effect of a graded training program on the
   number of running-related injuries in novice runners. Am J Sports Med
   36:33-39.
.. [2] Nielsen R.O. et al. (2014). J Orthop Sports Phys Ther 44(10):739-747.
.. [3] Frandsen J. et al. (2025). Br J Sports Med 59(17):1203-1210.
.. [4] Williams S. et al. (2017). Better way to determine the acute:chronic
   workload ratio? Br J Sports Med 51:209-210.
.. [5] Foster C. (1998). Monitoring training in athletes with reference to
   overtraining syndrome. Med Sci Sports Exerc 30(7):1164-1168.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd

from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.vocabulary import FLAG_KINDS, SEVERITIES

# The evidence each rule rests on, as every flag of the rule quotes it.
EVIDENCE = {
    "ten_percent": "Runner's World, \"Hip pain after running\" (2024): no more than 10% a week, "
                   "a rule of thumb; Buist et al. 2008 (AJSM 36:33-39) found a 10%-rule "
                   "programme did not lower injuries.",
    "nielsen": "Nielsen et al. 2014 (JOSPT 44(10):739-747): distance-related injuries more "
               "likely above 30% a week (HR 1.59).",
    "frandsen": "Frandsen et al. 2025 (BJSM 59(17):1203-1210): single-run spikes raised injury "
                "hazard (HR 1.64 small, 1.52 moderate, 2.28 large).",
    "acwr": "Williams et al. 2017 (BJSM 51:209-210), EWMA ratio; contested (Impellizzeri et al. "
            "2020, 2021; Lolli 2019): a trend, not a verdict.",
    "foster": "Foster 1998 (MSSE 30(7):1164-1168): monotony above 2.0 and high strain went "
              "with illness and injury.",
    "hills": "Rice et al. 2024: grades steeper than 5% change how the leg is loaded; Runner's "
             "World (\"Hip pain after running\", 2024) and Spire Healthcare (\"Hip pain when "
             "running\") link hills and sprints to bursitis and tendinopathy.",
    "surface": "Lower-evidence heuristic: evidence that surfaces cause bone stress injury is "
               "weak; Runner's World (\"Hip pain after running\", 2024) names trail trips as a "
               "cause of acute muscle tears.",
    "rest": "Lower-evidence heuristic: overuse injuries follow load without recovery "
            "(Runner's World and Spire Healthcare: avoid overtraining).",
}


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
        ``stress_fracture`` (distance rules) or ``overuse`` (load rules).
    severity : str
        ``urgent``, ``high``, ``caution`` or ``info``.
    rule : str
        The rule that fired, e.g. ``weekly_change_over_30``.
    title, why, action : str
        What happened, why it matters (with the numbers), what to do.
    evidence : str
        The evidence behind the rule (a value of :data:`EVIDENCE`).
    activities : tuple of int
        Ids of the activities it concerns.
    conditions : tuple of str
        Ids of the conditions it concerns (``guidance.CONDITION_IDS``).
    action : str
        What to do.
    entry : int or None
        The diary entry it comes from (a red flag of the diary).
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
            Dates as ISO text (or None), lists for the tuples, and the
            not-a-diagnosis note.
        """
        return {"date": _iso(self.date), "week_start": _iso(self.week_start),
                "kind": self.kind, "severity": self.severity, "rule": self.rule,
                "title": self.title, "why": self.why, "evidence": self.evidence,
                "activities": list(self.activities), "conditions": list(self.conditions),
                "action": self.action, "entry": self.entry, "not_a_diagnosis": NOT_A_DIAGNOSIS}


def flag(day, week_start, kind: str, severity: str, rule: str, title: str, why: str,  # noqa: PLR0913
         evidence: str, activities: Iterable = (), conditions: Iterable[str] = (),
         action: str = "") -> Flag:
    """A flag citing the evidence of its rule.

    Parameters
    ----------
    day, week_start : date-like or None
        The flag's date and the week it concerns (anything ``pandas.Timestamp``
        reads; only the calendar date is kept).
    kind, severity, rule, title, why : str
        As :class:`Flag`.
    evidence : str
        A key of :data:`EVIDENCE`.
    activities : iterable of int, optional
        Activity ids.
    conditions : iterable of str, optional
        Condition ids.
    action : str, optional
        What to do.

    Returns
    -------
    Flag
        The flag.
    """
    return Flag(_day(day), _day(week_start), kind, severity, rule, title, why,
                EVIDENCE[evidence], tuple(int(a) for a in activities), tuple(conditions),
                action)


@dataclass(frozen=True)
class Acknowledgement:
    """A runner's word that they have seen a red flag, or booked the visit it asks for.

    It closes nothing and softens nothing: the flag keeps its severity, stays
    open as long as it would have, and is shown with this beside it.

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

    def words(self, timezone: str) -> str:
        """"Acknowledged by ann on 01 Dec 2026: seen, not dismissed." (the day in ``timezone``)."""
        local = self.at.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(timezone))
        note = f' Note: "{self.note}".' if self.note else ""
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


def _day(day) -> datetime.date | None:
    return None if day is None else pd.Timestamp(day).date()


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()
