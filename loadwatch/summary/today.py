"""Today at a glance: form and its status, the week so far, the last run, open flags.

What the Overview shows first, as runners know it from Garmin's training
status and intervals.icu: fitness (CTL), fatigue (ATL) and form (TSB) today
with the form zone they fall in (``vocabulary.FORM_ZONES``, the bands the Load
page's form chart shades) and a one-word status; this week so far against last
week and the four weeks before; the days since the last run, said plainly after
a break; and the caution and high flags still open.

A caution or high flag is open for ``OPEN_DAYS`` (six weeks, the time a red flag
stays open: ``triage.context``) unless the runner dismissed it. Red flags are
not here: they follow ``triage.escalation.open_red_flags``, and no one
dismisses them.
"""

from __future__ import annotations

import bisect
import datetime
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from loadwatch.flags import acknowledgement_of
from loadwatch.metrics.calendar import activity_days, week_of, week_starts
from loadwatch.metrics.training import counted_runs
from loadwatch.summary.ahead import AcwrReading, acwr_reading, first_weeks_back
from loadwatch.triage.context import OPEN_DAYS
from loadwatch.vocabulary import (
    BREAK_DAYS,
    BREAK_STATUS,
    FORM_FRESH,
    FORM_NEUTRAL,
    FORM_OPTIMAL,
    FORM_STATUS,
    FORM_ZONES,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from loadwatch.flags import Acknowledgement, Flag
    from loadwatch.settings import Settings

FORM_BOUNDS = (FORM_OPTIMAL, FORM_NEUTRAL, FORM_FRESH)
AVERAGE_WEEKS = 4
DISMISSIBLE = ("high", "caution")  # red flags are acknowledged, never dismissed


def form_zone(form: float) -> str:
    """The zone of a form (TSB) value: a word of ``vocabulary.FORM_ZONES``.

    Each zone holds its lower bound: -30 is optimal training, -10 neutral, 5 fresh.
    """
    return FORM_ZONES[bisect.bisect_right(FORM_BOUNDS, form)]


def status_word(form: float | None, days_since_run: int | None) -> str:
    """The one-word status: ``BREAK_STATUS`` after a break, else the form zone's word.

    Parameters
    ----------
    form : float or None
        Today's form (TSB), None without any day of data.
    days_since_run : int or None
        Days since the last run, None without any run.

    Returns
    -------
    str
        "No runs" without a run; ``BREAK_STATUS`` when the last run is
        ``BREAK_DAYS`` or more ago (form drifts to neutral after a break: it
        says nothing then); else ``FORM_STATUS`` of the zone.
    """
    if days_since_run is None or form is None or math.isnan(form):
        return "No runs"
    if days_since_run >= BREAK_DAYS:
        return BREAK_STATUS
    return FORM_STATUS[form_zone(form)]


def gap_sentence(last_run: datetime.date | None, today: datetime.date) -> str:
    """How long since the last run, plainly: "No runs for 9 weeks" after a break."""
    if last_run is None:
        return "No runs yet."
    days = (today - last_run).days
    if days >= BREAK_DAYS:
        weeks = days // 7
        # "about 1.9 years", not "over 1 year" for 99 weeks.
        years = f" (about {days / 365.25:.1f} years)" if days >= 365 else ""
        return f"No runs for {weeks} weeks{years}: the last was on {last_run:%a %d %b %Y}."
    if days <= 1:
        return f"Last run {('today', 'yesterday')[days]}."
    return f"Last run {days} days ago, on {last_run:%a %d %b}."


@dataclass(frozen=True)
class Totals:
    """A week's running, or an average of weeks: distance (km), runs and moving time (s)."""

    distance_km: float
    runs: float
    seconds: float


@dataclass(frozen=True)
class Today:
    """What the Overview says first.

    Attributes
    ----------
    day : datetime.date
        The athlete's today.
    fitness, fatigue, form : float or None
        CTL, ATL and TSB today (load points a day); None without data.
    zone : str or None
        The form's zone (:func:`form_zone`).
    status : str
        :func:`status_word`.
    last_run : datetime.date or None
        The local day of the last run that counts.
    week_start : datetime.date
        The first day of the week under way.
    this_week, last_week : Totals
        The week so far, and the week before it.
    average : Totals or None
        The mean of the (up to four) weeks before this one; None before any.
    average_weeks : int
        How many weeks ``average`` is the mean of.
    acwr : AcwrReading or None
        Today's ratio; None when it means nothing: without a run for
        ``BREAK_DAYS`` or in the first weeks back after a break
        (``returning``), or before 28 days of records.
    returning : bool
        The week under way is one of the first weeks back after a break
        (``summary.ahead.first_weeks_back``).
    """

    day: datetime.date
    fitness: float | None
    fatigue: float | None
    form: float | None
    zone: str | None
    status: str
    last_run: datetime.date | None
    week_start: datetime.date
    this_week: Totals
    last_week: Totals
    average: Totals | None
    average_weeks: int
    acwr: AcwrReading | None
    returning: bool = False

    @property
    def days_since_run(self) -> int | None:
        """Days from the last run to today (0: today); None without a run."""
        return None if self.last_run is None else (self.day - self.last_run).days

    @property
    def gap(self) -> str:
        """:func:`gap_sentence`."""
        return gap_sentence(self.last_run, self.day)

    @property
    def on_break(self) -> bool:
        """No run for ``BREAK_DAYS`` or more."""
        days = self.days_since_run
        return days is not None and days >= BREAK_DAYS


def today_view(today: datetime.date, activities: pd.DataFrame, days: pd.DataFrame,
               weeks: pd.DataFrame, settings: Settings) -> Today:
    """Form, status, the week so far against the weeks before, and the last run.

    Parameters
    ----------
    today : datetime.date
        The athlete's local today.
    activities, days, weeks : pandas.DataFrame
        The load engine's frames (``metrics.training``); distance and runs are
        the weekly frame's, moving time the counted runs' ``timer_s``.
    settings : Settings
        Time zone and week start.

    Returns
    -------
    Today
    """
    start = week_of(today, settings.week_start)
    runs = activities[counted_runs(activities)] if len(activities) else activities
    local = activity_days(runs, settings.timezone) if len(runs) else pd.Series(dtype=object)
    last_run = local.max().date() if len(local) else None
    fitness, fatigue, form = _latest(days, ("ctl", "atl", "tsb"))
    seconds = _weekly_seconds(runs, local, start, settings.week_start)
    starts = [pd.Timestamp(start - datetime.timedelta(days=7 * n)) for n in range(5)]
    totals = [_totals(weeks, seconds, s) for s in starts]
    before = [t for s, t in zip(starts[1:], totals[1:], strict=True) if s in weeks.index]
    average = Totals(*(sum(getattr(t, f) for t in before) / len(before)
                       for f in ("distance_km", "runs", "seconds"))) if before else None
    days_since = None if last_run is None else (today - last_run).days
    returning = first_weeks_back(weeks, starts[0])
    meaningful = days_since is not None and days_since < BREAK_DAYS and not returning
    return Today(today, fitness, fatigue, form, None if form is None else form_zone(form),
                 status_word(form, days_since), last_run, start, totals[0], totals[1],
                 average, len(before),
                 acwr_reading(days, pd.Timestamp(today)) if meaningful else None, returning)


def _latest(days: pd.DataFrame, columns: tuple[str, ...]) -> list[float | None]:
    """Each column's value on the last day (today), None when missing."""
    if days.empty:
        return [None] * len(columns)
    row = days.iloc[-1]
    return [None if pd.isna(row[c]) else float(row[c]) for c in columns]


def _weekly_seconds(runs: pd.DataFrame, local: pd.Series, start: datetime.date,
                    week_start: str) -> pd.Series:
    """Moving time (s) of the counted runs per week, for the five weeks up to this one."""
    first = pd.Timestamp(start - datetime.timedelta(days=7 * AVERAGE_WEEKS))
    recent = local[local >= first] if len(local) else local
    if recent.empty:
        return pd.Series(dtype=float)
    timer = runs.loc[recent.index, "timer_s"].fillna(runs.loc[recent.index, "elapsed_s"])
    return timer.fillna(0.0).groupby(week_starts(recent, week_start)).sum()


def _totals(weeks: pd.DataFrame, seconds: pd.Series, start: pd.Timestamp) -> Totals:
    if start not in weeks.index:
        return Totals(0.0, 0.0, 0.0)
    distance, runs = weeks.loc[start, ["distance_km", "runs"]].to_numpy(dtype=float)
    return Totals(float(distance), float(runs), float(seconds.to_dict().get(start, 0.0)))


def open_flags(flags: Iterable[Flag], acknowledgements: Iterable[Acknowledgement],
               today: datetime.date) -> list[Flag]:
    """The caution and high flags still open today, newest first.

    Open: dated within ``OPEN_DAYS`` of today (as a red flag is at most) and not
    dismissed (a caution or high flag's acknowledgement dismisses it). Red
    flags are never among them: ``open_red_flags`` keeps those.
    """
    seen = list(acknowledgements)
    earliest = today - datetime.timedelta(days=OPEN_DAYS)
    kept = [f for f in flags if f.severity in DISMISSIBLE and not f.is_red
            and f.date is not None and earliest <= f.date <= today
            and acknowledgement_of(f, seen) is None]
    return sorted(kept, key=lambda f: f.date or datetime.date.min, reverse=True)


def by_week(flags: Iterable[Flag], week_start: str = "monday"
            ) -> list[tuple[datetime.date, list[Flag]]]:
    """Flags grouped by the week of their date, newest week first, each newest first."""
    groups: dict[datetime.date, list[Flag]] = {}
    for flag in sorted(flags, key=lambda f: f.date or datetime.date.min, reverse=True):
        if flag.date is not None:
            groups.setdefault(week_of(flag.date, week_start), []).append(flag)
    return sorted(groups.items(), reverse=True)
