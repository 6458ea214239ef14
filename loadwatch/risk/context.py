"""What the rules know of the runner beyond one week: the history, its breaks, the lines in force.

- The history begins with the first run. Its first 30 days build the
  reference of the single-run spike (Frandsen et al. 2025 compare a run with
  the longest of the 30 days before it), and its first four weeks the
  chronic load of the acute:chronic ratio: neither is judged before.
- A break is three or more weeks without a run (``vocabulary.BREAK_DAYS``).
  The first four weeks back (``RETURN_DAYS`` from the first run back) are
  compared with the weeks before the break: its weekly distance (the 28 days
  ending on the last run) and its longest run (the 30 days ending on it).
- The lines in force on a day (:class:`Thresholds`) are the usual ones, or
  tightened (5% and 20% a week, ratios 1.2 and 1.4) within 14 days after a
  diary entry of pain 3/10 or more, and always for a runner whose bone-stress
  profile (``settings.bone``) has an answer true. The note says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from loadwatch.metrics.calendar import local_days, week_of, week_starts
from loadwatch.settings.bone import BONE_LABELS
from loadwatch.units import format_distance
from loadwatch.vocabulary import (
    ACWR_CAUTION,
    ACWR_DANGER,
    BREAK_DAYS,
    REFERENCE_DAYS,
    RETURN_DAYS,
    TIGHT_ACWR_CAUTION,
    TIGHT_ACWR_DANGER,
    TIGHT_WEEKLY_CAUTION_PCT,
    TIGHT_WEEKLY_HIGH_PCT,
    WEEKLY_CAUTION_PCT,
    WEEKLY_HIGH_PCT,
)

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry
    from loadwatch.settings import Settings

DIARY_WINDOW = timedelta(days=14)
PAIN_TIGHTENS = 3
BUILD_DAYS = 28  # a chronic load needs four weeks


@dataclass(frozen=True)
class Thresholds:
    """Where the weekly-change and acute:chronic rules draw their lines."""

    weekly_caution: float = WEEKLY_CAUTION_PCT
    weekly_high: float = WEEKLY_HIGH_PCT
    acwr_caution: float = ACWR_CAUTION
    acwr_high: float = ACWR_DANGER


NORMAL = Thresholds()
TIGHT = Thresholds(TIGHT_WEEKLY_CAUTION_PCT, TIGHT_WEEKLY_HIGH_PCT, TIGHT_ACWR_CAUTION,
                   TIGHT_ACWR_DANGER)


@dataclass(frozen=True)
class Limits:
    """The lines in force on a day, and why they are tightened.

    Attributes
    ----------
    lines : Thresholds
    note : str
        Empty, or a sentence naming the pain entry or the profile's answers.
    pain : bool
        Whether recent pain tightens them (then a week back at an earlier
        level is judged too).
    profile : bool
        Whether the bone-stress profile tightens them.
    """

    lines: Thresholds
    note: str = ""
    pain: bool = False
    profile: bool = False


@dataclass(frozen=True)
class Break:
    """Three or more weeks without a run, and the running before it.

    Attributes
    ----------
    last : date
        The last run's day before the break.
    back : date
        The first run's day after it.
    weekly_m : float
        Mean weekly distance of the 28 days ending on ``last``, m.
    longest_m : float
        Longest run of the 30 days ending on ``last``, m.
    top_week_m : float
        The most run in one of the weeks of those 28 days, m.
    runs : int
        How many runs the 30 days ending on ``last`` held.
    """

    last: date
    back: date
    weekly_m: float
    longest_m: float
    top_week_m: float
    runs: int

    @property
    def days_off(self) -> int:
        """Whole days without a run between ``last`` and ``back``."""
        return (self.back - self.last).days - 1

    def covers(self, day: date) -> bool:
        """Whether ``day`` is in the first four weeks back."""
        return self.back <= day < self.back + timedelta(days=RETURN_DAYS)


@dataclass(frozen=True)
class Context:
    """What every rule reads: the settings, the history, the runs by day and week."""

    settings: Settings
    first: date | None
    breaks: tuple[Break, ...]
    runs: pd.DataFrame  # the runs, sorted, with ``day`` and ``week`` (naive Timestamps)
    limits: LimitFinder
    week_ids: dict[date, tuple[int, ...]]  # the runs of each week, by its first day

    def distance(self, metres: float) -> str:
        """A distance in the athlete's units, e.g. ``12.3 km``."""
        return format_distance(metres, self.settings.units, 1, label=True)

    def week(self, day: date) -> date:
        """The first day of the week a day is in."""
        return week_of(day, self.settings.week_start)

    def building(self, day: date, days: int = REFERENCE_DAYS) -> bool:
        """Whether ``day`` is within the first ``days`` of the history (or before it)."""
        return self.first is None or day < self.first + timedelta(days=days)

    def returning(self, day: date) -> Break | None:
        """The break ``day`` is in the first four weeks back from, if any."""
        return next((b for b in self.breaks if b.covers(day)), None)

    def first_weeks(self, start: date) -> bool:
        """Whether the week beginning ``start`` is one of the history's first four."""
        return self.first is None or start < self.week(self.first) + timedelta(days=BUILD_DAYS)

    def week_back(self, start: date) -> tuple[Break, int] | None:
        """The break whose first four weeks back hold week ``start``, and its number (1-4)."""
        for item in self.breaks:
            first_week = self.week(item.back)
            if first_week <= start < first_week + timedelta(days=RETURN_DAYS):
                return item, (start - first_week).days // 7 + 1
        return None


def build(activities: pd.DataFrame, weeks: pd.DataFrame, diary: list[TriagedEntry],
          settings: Settings) -> Context:
    """The context of the rules: runs by local day and week, the breaks, the lines.

    Parameters
    ----------
    activities : pandas.DataFrame
        As ``metrics.training.activity_metrics`` returns it.
    weeks : pandas.DataFrame
        As ``weekly_metrics`` returns it (its first week with distance begins
        the history when there are no runs).
    diary : list of TriagedEntry
    settings : Settings

    Returns
    -------
    Context
    """
    runs = activities[activities["sport"] == "running"].sort_values("start_time", kind="stable")
    days = local_days(runs["start_time"], settings.timezone)
    runs = runs.assign(day=days, week=week_starts(days, settings.week_start).to_numpy(),
                       reference_runs=_runs_before(runs["start_time"]))
    if len(runs):
        first: date | None = runs["day"].iloc[0].date()
    else:
        ran = weeks.index[weeks["distance_km"].to_numpy(dtype=float) > 0]
        first = ran[0].date() if len(ran) else None
    ids = {start.date(): tuple(int(i) for i in group.dropna())
           for start, group in runs["id"].groupby(runs["week"])} if "id" in runs else {}
    return Context(settings, first, _breaks(runs), runs, LimitFinder(diary, settings), ids)


def _runs_before(start_times: pd.Series) -> np.ndarray:
    """How many runs started in the 30 days before each run (sorted by start)."""
    times = pd.to_datetime(start_times, utc=True).dt.tz_localize(None).to_numpy()
    window = np.timedelta64(REFERENCE_DAYS, "D")
    return (np.searchsorted(times, times, side="left")
            - np.searchsorted(times, times - window, side="left"))


def _breaks(runs: pd.DataFrame) -> tuple[Break, ...]:
    """Every gap of three weeks or more between two runs, with the running before it."""
    runs = runs.assign(distance_m=runs["distance_m"].astype(float).fillna(0.0))
    daily = runs.groupby("day").agg(total=("distance_m", "sum"), longest=("distance_m", "max"),
                                    week=("week", "first"), runs=("distance_m", "size"))
    days = daily.index
    gaps = np.flatnonzero(np.diff(days.to_numpy()) > np.timedelta64(BREAK_DAYS, "D"))
    found = []
    for position in gaps.tolist():
        last, back = days[position], days[position + 1]
        before = daily[(days > last - pd.Timedelta(days=BUILD_DAYS)) & (days <= last)]
        longest = daily[(days > last - pd.Timedelta(days=REFERENCE_DAYS)) & (days <= last)]
        found.append(Break(last.date(), back.date(), float(before["total"].sum()) / 4,
                           float(longest["longest"].max()),
                           float(before.groupby("week")["total"].sum().max()),
                           int(longest["runs"].sum())))
    return tuple(found)


Pain = list[tuple[date, "TriagedEntry"]]


class LimitFinder:
    """The lines in force on each day: pain in the diary and the bone-stress profile."""

    def __init__(self, diary: list[TriagedEntry], settings: Settings) -> None:
        self.pain: Pain = [(e.entry.date, e) for e in diary if e.entry.pain >= PAIN_TIGHTENS]
        self.profile = settings.bone_profile

    def on(self, day: date) -> Limits:
        """Tight lines within 14 days after a painful entry or with a profile; the note says why."""
        notes = []
        pain = next((item.entry for entry_day, item in self.pain
                     if timedelta(0) <= day - entry_day <= DIARY_WINDOW), None)
        if pain is not None:
            notes.append(f"you reported pain {pain.pain}/10 at the "
                         f"{pain.location.replace('_', ' ')} on {pain.date:%d %b}")
        if self.profile:
            named = ", ".join(BONE_LABELS[key] for key in self.profile)
            notes.append(f"your bone-stress profile says {named}")
        if not notes:
            return Limits(NORMAL)
        note = (f" Lines tightened to {TIGHT.weekly_caution:g}% and {TIGHT.weekly_high:g}% a "
                f"week and ratios {TIGHT.acwr_caution:g} and {TIGHT.acwr_high:g}, because "
                + " and ".join(notes) + ".")
        return Limits(TIGHT, note, pain is not None, bool(self.profile))
