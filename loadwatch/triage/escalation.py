"""Risk flags from the diary: each red flag, and running on after a "stop running" entry (pure).

Every red flag of an entry's triage is a risk flag of the same urgency
(``urgent``, or ``high`` for a clinician's visit), so the Overview, ``risk``
and the summary say what the diary says. An entry that says to stop running
escalates when runs follow it: a flag with the dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from loadwatch.flags import Flag
from loadwatch.metrics.calendar import local_days
from loadwatch.triage.context import OPEN_DAYS, settles, still_open
from loadwatch.triage.sources import TITLES
from loadwatch.vocabulary import SEVERITY_ORDER, word_label

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry
    from loadwatch.settings import Settings
    from loadwatch.triage.reported import RedFlag

# Runs this long after a stop-running diary entry are flagged (unless a later
# entry at the same place clears it).
STOP_WATCH = timedelta(days=28)
BONE_SIGNS = ("cannot_bear_weight", "bone_stress_pattern", "bone_stress_during_ramp")


def diary_flags(diary: list[TriagedEntry], runs: pd.DataFrame,
                settings: Settings | None) -> Iterator[Flag]:
    """Each red flag of the diary as a risk flag, and running on after a "stop running".

    Parameters
    ----------
    diary : list of TriagedEntry
        The diary with its triage (the training before each entry included).
    runs : pandas.DataFrame
        The runs (``start_time`` UTC, ``id``); may be empty.
    settings : Settings or None
        The time zone of the runner's days (None only without runs).

    Yields
    ------
    Flag
        Per red flag: ``urgent`` or ``high``, citing the rule's source; per
        stop-running entry followed by runs in the 28 local days after it
        (until a later entry at the same place has no red flag):
        ``running_after_stop`` with the dates.
    """
    for item in diary:
        top = tuple(c.id for c in item.triage.conditions[:3])
        for red_flag in item.triage.red_flags:
            yield _red_flag(item, red_flag, top)
        if item.triage.stop_running:
            ran = _runs_after(item, diary, runs, settings)
            if len(ran):
                yield _running_after_stop(item, ran)


def _red_flag(item: TriagedEntry, red_flag: RedFlag, conditions: tuple[str, ...]) -> Flag:
    urgent = red_flag.urgency == "urgent"
    quoted = ", ".join(f'"{w}"' for w in red_flag.words)
    rule = red_flag.sign if red_flag.sign == "bone_stress_during_ramp" else (
        f"red_flag_{red_flag.sign}")
    return Flag(item.entry.date, None,
                "stress_fracture" if red_flag.sign in BONE_SIGNS else "symptom",
                "urgent" if urgent else "high", rule, TITLES[red_flag.sign],
                f"Diary, {item.entry.date:%d %b} ({word_label(item.entry.location)}, "
                f"{item.entry.pain}/10): {red_flag.reason}"
                + (f" Your notes: {quoted}." if quoted else ""),
                red_flag.source, (), conditions,
                "Stop running and seek medical care today." if urgent else
                "Book a visit to a clinician" + (" and stop running until then."
                                                 if red_flag.stop_running else "."),
                item.id)


def _runs_after(item: TriagedEntry, diary: list[TriagedEntry], runs: pd.DataFrame,
                settings: Settings | None) -> pd.DataFrame:
    """Runs in the 28 local days after a stop-running entry, until a later entry there clears it."""
    if runs.empty or settings is None:
        return runs.iloc[0:0]
    end = item.entry.date + STOP_WATCH
    cleared = [e.entry.date for e in diary if settles(item, e, end)]
    end = min([end, *cleared])
    days = local_days(runs["start_time"], settings.timezone).dt.date
    after = (days > item.entry.date) & (days <= end)
    return runs[after].assign(day=days[after].tolist())


def _running_after_stop(item: TriagedEntry, ran: pd.DataFrame) -> Flag:
    urgent = item.triage.urgency == "urgent"
    dates = sorted(set(ran["day"]))
    shown = ", ".join(f"{d:%d %b}" for d in dates[:5]) + (
        f" and {len(dates) - 5} more days" if len(dates) > 5 else "")
    signs = "; ".join(TITLES[f.sign].lower() for f in item.triage.red_flags if f.stop_running)
    return Flag(dates[0], None, "stress_fracture" if _bone(item) else "symptom",
                "urgent" if urgent else "high", "running_after_stop",
                "Running again after a stop-running entry",
                f"Your diary entry of {item.entry.date:%d %b} ({signs}) said to stop running "
                f"until a clinician has seen it; you ran on {shown}.",
                item.triage.red_flags[0].source,
                tuple(int(i) for i in ran["id"].dropna()) if "id" in ran else (),
                ("stress_fracture",) if _bone(item) else (),
                "Stop running until a clinician has examined you; running on through bone "
                "stress can turn a stress reaction into a fracture." if _bone(item) else
                "Stop running until a clinician has examined you; running on can make the "
                "injury worse.", item.id)


def _bone(item: TriagedEntry) -> bool:
    return any(f.sign in BONE_SIGNS for f in item.triage.red_flags)


def open_red_flags(flags: list[Flag], diary: list[TriagedEntry], today: date) -> list[Flag]:
    """The red flags still open today, newest first.

    Parameters
    ----------
    flags : list of Flag
        All risk flags.
    diary : list of TriagedEntry
        The diary with its triage.
    today : datetime.date
        The athlete's local today.

    Returns
    -------
    list of Flag
        A diary red flag while its entry is open (at most six weeks, until a
        later entry at the same place has no red flag); any other red flag
        (urgent load flags, running on after a stop) for six weeks. Urgent
        first, then newest first.
    """
    open_ids = {e.id for e in still_open(diary, today + timedelta(days=1), today)}
    recent = today - timedelta(days=OPEN_DAYS)
    kept = [f for f in flags if f.is_red and (
        f.entry in open_ids if f.rule != "running_after_stop" and f.entry is not None
        else f.date is not None and f.date >= recent)]
    newest_first = sorted(kept, key=lambda f: f.date or date.min, reverse=True)
    return sorted(newest_first, key=lambda f: SEVERITY_ORDER[f.severity])  # stable: urgent first
