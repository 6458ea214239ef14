"""Red flags the runner acknowledges, flags they dismiss, and every flag with its record.

Acknowledging says "I have seen this" or "I have booked the visit it asks
for". It never closes, hides or softens a flag: the flag keeps its severity
and stays open as long as it would have; the shells show the acknowledgement
beside it and list it below the flags nobody has acknowledged yet.

A caution or high flag may be dismissed instead (:func:`dismiss_flag`): the
Overview stops listing it as open; the history keeps it, marked dismissed.

A flag is named the way a runner reads it in ``loadwatch risk``: its date and
rule, and for a flag of the diary its entry when the date and rule alone do
not tell it apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from loadwatch.errors import NotFound, UsageError
from loadwatch.flags import Acknowledgement, Flag, acknowledgement_of
from loadwatch.service.reports import acknowledgement, athlete_report
from loadwatch.store import Store
from loadwatch.summary.today import DISMISSIBLE


@dataclass(frozen=True)
class FlagStatus:
    """A flag and, when the runner has seen it, their acknowledgement."""

    flag: Flag
    acknowledgement: Acknowledgement | None = None
    timezone: str = "UTC"  # the athlete's, for the day it is said to have happened

    def as_dict(self) -> dict[str, object]:
        """The flag's ``as_dict()`` with ``acknowledged`` (None, or who, when, note, words).

        ``acknowledged`` holds ``by``, ``at``, ``note`` and ``text``, the
        sentence the shells show.
        """
        seen = self.acknowledgement
        return {**self.flag.as_dict(), "acknowledged": None if seen is None else {
            **seen.as_dict(), "text": seen.words(self.timezone, self.flag.is_red)}}


@dataclass(frozen=True)
class Acknowledged:
    """What acknowledging did: the flag, its acknowledgement, and whether it was new."""

    flag: Flag
    acknowledgement: Acknowledgement
    new: bool


def flag_statuses(store: Store, *, athlete: str, start: date | None = None) -> list[FlagStatus]:
    """Every risk flag (most severe first, dated ``start`` or later) with its acknowledgement."""
    report = athlete_report(store, athlete=athlete)
    flags = [f for f in report.flags if start is None or (f.date and f.date >= start)]
    return [FlagStatus(f, acknowledgement_of(f, report.acknowledgements),
                       report.training.settings.timezone) for f in flags]


def acknowledge_flag(store: Store, *, athlete: str, day: date, rule: str,  # noqa: PLR0913
                     entry: int | None = None, by: str | None = None, note: str | None = None,
                     flags: list[Flag] | None = None) -> Acknowledged:
    """Record that the runner has seen a red flag (or booked the visit it asks for).

    Parameters
    ----------
    store : Store
    athlete : str
    day, rule : date, str
        The flag's date and rule, as ``loadwatch risk --json`` lists them.
    entry : int, optional
        Its diary entry, needed only when two flags share the date and rule.
    by : str, optional
        Who acknowledges it; default the athlete.
    note : str, optional
        What they add ("visit booked for Tuesday").
    flags : list of Flag, optional
        The athlete's flags when the caller has them (the dashboard).

    Returns
    -------
    Acknowledged
        A flag acknowledged before keeps its first acknowledgement (``new`` False).

    Raises
    ------
    NotFound
        No red flag has that date and rule (and entry): the message lists those that do.
    UsageError
        Several do (name the entry), or the flag is not a red flag.
    """
    found = find_red_flag(flags if flags is not None else athlete_report(
        store, athlete=athlete).flags, day, rule, entry)
    row = store.acknowledge_flag(athlete, rule=found.rule, day=day, entry=found.entry,
                                 author=(by or athlete).strip() or athlete,
                                 note=(note or "").strip() or None)
    return Acknowledged(found, acknowledgement(row), bool(row["new"]))


def dismiss_flag(store: Store, *, athlete: str, day: date, rule: str,
                 by: str | None = None, flags: list[Flag] | None = None) -> Acknowledged:
    """Dismiss a caution or high flag: the Overview no longer lists it as open.

    The flag stays in the flag history, marked dismissed by whom and when.
    Red flags are never dismissed: they are acknowledged (:func:`acknowledge_flag`)
    and stay open as long as they would have.

    Parameters
    ----------
    store : Store
    athlete : str
    day, rule : date, str
        The flag's date and rule, as ``loadwatch risk --json`` lists them.
    by : str, optional
        Who dismisses it; default the athlete.
    flags : list of Flag, optional
        The athlete's flags when the caller has them (the dashboard).

    Returns
    -------
    Acknowledged
        A flag dismissed before keeps its first record (``new`` False).

    Raises
    ------
    NotFound
        No caution or high flag has that date and rule.
    UsageError
        The flag named is a red flag, or of another severity.
    """
    known = flags if flags is not None else athlete_report(store, athlete=athlete).flags
    fits = [f for f in known if f.date == day and f.rule == rule]
    if not fits:
        raise NotFound(f"no flag {rule} on {day}")
    found = fits[0]
    if found.is_red or found.severity not in DISMISSIBLE:
        raise UsageError(f"{rule} of {day} is a {found.severity} flag"
                         + (", a red flag: acknowledge it, it is never dismissed"
                            if found.is_red else ": only caution and high flags are dismissed"))
    row = store.acknowledge_flag(athlete, rule=found.rule, day=day, entry=found.entry,
                                 author=(by or athlete).strip() or athlete, note=None)
    return Acknowledged(found, acknowledgement(row), bool(row["new"]))


def withdraw_acknowledgement(store: Store, *, athlete: str, day: date, rule: str,
                             entry: int | None = None) -> Flag:
    """Take back an acknowledgement given by mistake; the flag is as it always was.

    Raises
    ------
    NotFound
        No such red flag, or it was not acknowledged.
    """
    found = find_red_flag(athlete_report(store, athlete=athlete).flags, day, rule, entry)
    if not store.withdraw_acknowledgement(athlete, rule=found.rule, day=day,
                                          entry=found.entry):
        raise NotFound(f"the red flag {rule} of {day} was not acknowledged")
    return found


def find_red_flag(flags: list[Flag], day: date, rule: str, entry: int | None = None) -> Flag:
    """The one red flag of that date and rule (and entry).

    Raises
    ------
    NotFound
        None has them; the message names the red flags there are.
    UsageError
        The flag named is not a red flag, or several fit and no entry tells them apart.
    """
    fits = [f for f in flags if f.date == day and f.rule == rule
            and (entry is None or f.entry == entry)]
    red = [f for f in fits if f.is_red]
    if not red:
        if fits:
            raise UsageError(f"{rule} of {day} is a {fits[0].severity} flag, not a red flag: "
                             "only red flags (urgent flags and the diary's warning signs) "
                             "are acknowledged")
        known = sorted({reference(f) for f in flags if f.is_red})
        raise NotFound(f"no red flag {rule} on {day}" + (f" (entry {entry})" if entry else "")
                       + "; red flags: " + ("; ".join(known) if known else "none"))
    if len(red) > 1:
        entries = ", ".join(str(f.entry) for f in red)
        raise UsageError(f"{len(red)} red flags {rule} on {day}: name one with --entry "
                         f"({entries})")
    return red[0]


def reference(item: Flag) -> str:
    """How a red flag is named on the command line: ``DATE RULE [--entry ID]``."""
    entry = f" --entry {item.entry}" if item.entry is not None else ""
    return f"{item.date} {item.rule}{entry}"
