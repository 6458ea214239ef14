"""The training before a diary entry, and which entries' red flags are still open (pure).

Triage takes the training before an entry into account (a ramp makes
bone-stress signs urgent), counted in the athlete's local calendar days; a red
flag stays open until a later entry at the same place has none.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from loadwatch.metrics.calendar import local_days
from loadwatch.metrics.exact import EPSILON
from loadwatch.triage import TrainingContext
from loadwatch.vocabulary import RAISED_SPIKE_BANDS

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry

# Bone-stress signs this many local days after a ramp are urgent (the day of
# the ramp's run 14 days before counts).
RAMP_WINDOW_DAYS = 14
WEEKLY_RAMP_PCT = 10.0

def training_context(entry_day: date, weeks: pd.DataFrame, runs: pd.DataFrame,
                     timezone: str) -> TrainingContext:
    """The training before a diary entry that its triage takes into account.

    Parameters
    ----------
    entry_day : datetime.date
        The entry's day (a local calendar day).
    weeks : pandas.DataFrame
        ``metrics.training.weekly_metrics``: indexed by local week start, with
        ``change_pct`` (% on the week before).
    runs : pandas.DataFrame
        The runs of ``activity_metrics`` (``start_time`` UTC, ``spike_band``,
        ``spike_ratio``).
    timezone : str
        The athlete's IANA zone: the 14 days are local calendar days.

    Returns
    -------
    TrainingContext
        ``ramp``: the latest week more than 10% up that overlaps the 14 local
        days up to the entry and the latest single-run spike (small or
        larger) in them, in words; None when neither.
    """
    day = pd.Timestamp(entry_day)
    low = day - pd.Timedelta(days=RAMP_WINDOW_DAYS)
    said = [_rising_week(weeks, low, day), _spike(runs, low, day, timezone)]
    ramp = " and ".join(part for part in said if part)
    return TrainingContext(ramp or None)


def _rising_week(weeks: pd.DataFrame, low: pd.Timestamp, day: pd.Timestamp) -> str | None:
    """The latest week up more than 10% that overlaps ``[low, day]``, in words."""
    if weeks.empty or "change_pct" not in weeks:
        return None
    starts = pd.DatetimeIndex(weeks.index)
    near = weeks[(starts + pd.Timedelta(days=6) >= low) & (starts <= day)]["change_pct"]
    rising = near[near > WEEKLY_RAMP_PCT + EPSILON]
    if rising.empty:
        return None
    return f"a week {rising.iloc[-1]:+.0f}% (week of {rising.index[-1]:%d %b})"


def _spike(runs: pd.DataFrame, low: pd.Timestamp, day: pd.Timestamp,
           timezone: str) -> str | None:
    """The latest single-run spike on a local day in ``[low, day]``, in words."""
    if runs.empty:
        return None
    local = local_days(runs["start_time"], timezone)
    near = runs[(local >= low) & (local <= day) & runs["spike_band"].isin(RAISED_SPIKE_BANDS)]
    if near.empty:
        return None
    run = near.iloc[-1]
    return (f"a {run['spike_band']} single-run spike on {local[near.index[-1]]:%d %b} "
            f"({run['spike_ratio']:.2f} times your longest run of the 30 days before)")


# A red flag stays open this long, unless a later entry at the same place says it
# has settled (no pain and no warning sign): a later entry that only misses a
# sign, or reports it worse, never closes it.
OPEN_DAYS = 42


def still_open(diary: list[TriagedEntry], before: date, until: date) -> list[TriagedEntry]:
    """Entries before a day whose red flags are still open on another.

    Parameters
    ----------
    diary : list of TriagedEntry
        The diary.
    before : datetime.date
        Only entries dated before this day (a summary's first day).
    until : datetime.date
        The day they are open on (a summary's last day).

    Returns
    -------
    list of TriagedEntry
        Entries with a red flag, at most six weeks old on ``until``, not
        followed by an entry at the same location with pain 0 and no red flag
        (which says it has settled); urgent ones first, then oldest first.
    """
    earliest = until - timedelta(days=OPEN_DAYS)
    open_items = [item for item in diary
                  if item.triage.red_flags and earliest <= item.entry.date < before
                  and not any(settles(item, later, until) for later in diary)]
    return sorted(open_items, key=lambda e: (e.triage.urgency != "urgent", e.entry.date))


def settles(item: TriagedEntry, later: TriagedEntry, until: date) -> bool:
    """Whether a later entry says the place has settled: no pain, no warning sign."""
    return (item.entry.date < later.entry.date <= until
            and later.entry.location == item.entry.location
            and later.entry.pain == 0 and not later.triage.red_flags)
