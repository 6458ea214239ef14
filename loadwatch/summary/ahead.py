"""Looking ahead: the week's distance range, the longest next run and the fitness ramp.

The weekly summary says it for the week after the one summarised; the
Overview says it for the week under way, from the last finished week. Both
word it with the functions here, in the athlete's units.

The range is a share of a base distance: the week's distance, or, when that
week stood more than 10% above the four-week average before it, 10% above
that average (one big week is not the base for the next). Shares: 100-110%
to build (the 10% rule of thumb: Buist et al. 2008 found a programme built on
it did not lower injuries, so it is a ceiling, not a promise), 90-100% to hold
after a caution flag, 70-75% for a cut-back after a high flag or an
acute:chronic ratio in its caution or danger zone. Its top is never more than
10% above the week, far from the better-supported danger line of 30% (Nielsen
et al. 2014).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from loadwatch.metrics.ahead import (
    STEEP_RAMP,
    FitnessRamp,
    LongRunLimit,
    fitness_ramp,
    long_run_limit,
    run_distances,
)
from loadwatch.metrics.calendar import week_of
from loadwatch.metrics.ratios import acwr_zone
from loadwatch.triage.escalation import open_red_flags
from loadwatch.units import METRES_PER_KM, format_distance, in_units
from loadwatch.vocabulary import ACWR_RAISED_ZONES

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry
    from loadwatch.flags import Flag
    from loadwatch.settings import Settings

# Shares of the base distance per kind of suggestion.
RANGES = {"cut_back": (0.70, 0.75), "hold": (0.90, 1.00), "build": (1.00, 1.10),
          "return": (1.00, 1.10)}
# Three weeks or more without a run is a break; the four weeks after it are the
# first weeks back, judged against the weeks before the break, not a ratio.
BREAK_WEEKS = 3
WEEKS_BACK = 4
AVERAGE_MARGIN = 1.10  # a base at most 10% above the four-week average


@dataclass(frozen=True)
class AcwrReading:
    """The EWMA acute:chronic load ratio on a day, and its zone."""

    value: float
    zone: str

    def as_dict(self) -> dict[str, object]:
        """``{"value": ..., "zone": ...}``."""
        return {"value": self.value, "zone": self.zone}


def acwr_reading(days: pd.DataFrame, day: pd.Timestamp) -> AcwrReading | None:
    """The headline ratio on ``day`` and its zone; None before day 28 or outside the series."""
    if days.empty or day not in days.index:
        return None
    value = float(days["acwr_ewma"].to_numpy()[days.index.get_loc(day)])
    if math.isnan(value):
        return None
    return AcwrReading(value, str(acwr_zone(value)))


@dataclass(frozen=True)
class Suggestion:
    """The coming week: its kind, the words, and a distance range (km) when there is one.

    ``kind`` is ``see_clinician``, ``restart``, ``cut_back``, ``hold`` or ``build``;
    ``base_km`` is the distance the range is a share of, and ``basis`` says
    which: ``week`` (the week's distance) or ``four_week_average`` (10% above
    the four-week average, when the week stood higher).
    """

    kind: str
    text: str
    low_km: float | None = None
    high_km: float | None = None
    base_km: float | None = None
    basis: str | None = None

    def as_dict(self) -> dict[str, object]:
        """``kind``, and with a range ``low_km``, ``high_km``, ``base_km``, ``basis``; ``text``."""
        distance = {} if self.low_km is None else {
            "low_km": self.low_km, "high_km": self.high_km, "base_km": self.base_km,
            "basis": self.basis}
        return {"kind": self.kind, **distance, "text": self.text}


def range_base(distance_km: float, four_week_average_km: float | None) -> tuple[float, str]:
    """The distance a range is a share of, and which it is.

    Parameters
    ----------
    distance_km : float
        The week's distance, km.
    four_week_average_km : float or None
        The mean of the four weeks before it, km (None with fewer).

    Returns
    -------
    (float, str)
        The week's distance (``week``), or 1.10 x the average
        (``four_week_average``) when the week is above that.
    """
    if four_week_average_km and distance_km > AVERAGE_MARGIN * four_week_average_km:
        return AVERAGE_MARGIN * four_week_average_km, "four_week_average"
    return distance_km, "week"


def first_weeks_back(weeks: pd.DataFrame, start: pd.Timestamp) -> bool:
    """Whether the week of ``start`` is one of the four weeks after a break.

    Parameters
    ----------
    weeks : pandas.DataFrame
        ``metrics.training.weekly_metrics`` (``runs`` per week, indexed by week start).
    start : pandas.Timestamp
        The week's first day.

    Returns
    -------
    bool
        True when three or more weeks without a run end within the four weeks
        up to this one and this week holds a run or follows one.
    """
    if weeks.empty or "runs" not in weeks or start not in weeks.index:
        return False
    before = weeks.loc[:start, "runs"].iloc[-(WEEKS_BACK + BREAK_WEEKS):]
    empty = (before == 0).astype(int).tolist()
    for end in range(len(empty) - WEEKS_BACK - 1, len(empty) - 1):
        run_of_empty = empty[max(0, end - BREAK_WEEKS + 1):end + 1]
        if len(run_of_empty) == BREAK_WEEKS and all(run_of_empty) and not all(empty[end + 1:]):
            return True
    return False


RESTART = ("After a week without runs, and if you are healthy, restart with short easy runs "
           "below your last normal week.")


def _return_plan(distance_km: float) -> Suggestion:
    """The first weeks back: from this week, at most 10% more; no ratio."""
    low, high = RANGES["return"]
    return Suggestion("return", "First weeks back after a break: build from this week by at "
                      "most 10%, and follow the return plan of the first-weeks-back card; a "
                      "ratio means little yet.", distance_km * low, distance_km * high,
                      distance_km, "week")


def suggestion(distance_km: float, flags: tuple[Flag, ...], acwr: AcwrReading | None,
               red_flag: bool, four_week_average_km: float | None = None,
               returning: bool = False) -> Suggestion:
    """The coming week: a distance range that respects the flags, a cut-back, or a clinician.

    Parameters
    ----------
    distance_km : float
        The week's running, km.
    flags : tuple of Flag
        The week's risk flags.
    acwr : AcwrReading or None
        The ratio on the week's last day.
    red_flag : bool
        Whether a red flag stands.
    four_week_average_km : float or None, optional
        The mean of the four weeks before the week, km.
    returning : bool, optional
        A first week back after a break (:func:`first_weeks_back`): no ratio.

    Returns
    -------
    Suggestion
        See a clinician when a red flag stands; a restart after a week
        without runs; in the first weeks back 100-110% of this week; else a
        share (:data:`RANGES`) of :func:`range_base`: a cut-back (70-75%)
        after a high flag or an ACWR in caution or danger, hold (90-100%)
        after a caution flag, else build gently (100-110%, a rule of thumb).
    """
    if red_flag:
        return Suggestion("see_clinician", "See a clinician before you run again: a red flag "
                                           "stands. No training plan replaces that visit.")
    if distance_km == 0:
        return Suggestion("restart", RESTART)
    severities = {f.severity for f in flags}
    if returning and "high" not in severities:
        return _return_plan(distance_km)
    if "high" in severities:
        kind, text = "cut_back", "Take a cut-back week: a high flag was raised."
    elif acwr is not None and acwr.zone in ACWR_RAISED_ZONES:
        kind, text = "cut_back", ("Take a cut-back week: your last week ran well ahead of "
                                  "your four-week base.")
    elif "caution" in severities:
        kind, text = "hold", "Hold your distance: no increase until the flags clear."
    else:
        kind, text = "build", "You can build gently: at most 10% more, a rule of thumb."
    base, basis = range_base(distance_km, four_week_average_km)
    low, high = RANGES[kind]
    return Suggestion(kind, text, base * low, base * high, base, basis)


@dataclass(frozen=True)
class LookAhead:
    """What the Overview says of the week under way and the next run.

    Attributes
    ----------
    day : datetime.date
        The day read (the athlete's today).
    week_start : datetime.date
        The week under way, the one the range is for.
    done_km : float
        What was run in it so far, km.
    long_run : LongRunLimit or None
        The longest next run that stays within 10% of the last 30 days' longest.
    ramp : FitnessRamp or None
        The ramp rate of fitness on ``day``.
    suggestion : Suggestion or None
        The range, from the last finished week (None before one is recorded).
    """

    day: datetime.date
    week_start: datetime.date
    done_km: float
    long_run: LongRunLimit | None
    ramp: FitnessRamp | None
    suggestion: Suggestion | None


def look_ahead(today: datetime.date, activities: pd.DataFrame, days: pd.DataFrame,
               weeks: pd.DataFrame, diary: list[TriagedEntry], flags: list[Flag],
               settings: Settings) -> LookAhead:
    """The week under way, judged from the last finished week, and the next run's limit.

    Parameters
    ----------
    today : datetime.date
        The athlete's local today.
    activities, days, weeks : pandas.DataFrame
        The load engine's frames (``metrics.training``).
    diary : list of TriagedEntry
        The diary with its triage (an open red flag means a clinician first).
    flags : list of Flag
        Every risk flag (the last finished week's are read).
    settings : Settings
        Time zone and week start.

    Returns
    -------
    LookAhead
        The range is the weekly summary's "next week" of the last finished
        week, but that any red flag still open today (``open_red_flags``)
        calls for a clinician.
    """
    start = week_of(today, settings.week_start)
    last = pd.Timestamp(start - datetime.timedelta(days=7))
    advice = None
    if not weeks.empty and last >= weeks.index[0]:
        distance = float(weeks["distance_km"].get(last, 0.0))
        before = weeks[(weeks.index < last) & (weeks.index >= last - pd.Timedelta(weeks=4))]
        average = float(before["distance_km"].mean()) if len(before) == 4 else None
        end = last + pd.Timedelta(days=6)
        week_flags = tuple(f for f in flags if f.date and last.date() <= f.date <= end.date())
        advice = suggestion(distance, week_flags, acwr_reading(days, end),
                            bool(open_red_flags(flags, diary, today)), average)
    done = weeks["distance_km"].get(pd.Timestamp(start), 0.0) if not weeks.empty else 0.0
    return LookAhead(today, start, float(done),
                     long_run_limit(run_distances(activities, settings.timezone), today),
                     fitness_ramp(days, today), advice)


def distance_text(km: float | None, units: str) -> str:
    """A distance in km as the athlete reads it (one decimal, their unit)."""
    return format_distance(None if km is None else km * METRES_PER_KM, units, 1, label=True,
                           missing="-")


def limit_text(km: float, units: str) -> str:
    """A limit written rounded down, so that the number shown never exceeds it."""
    value = math.floor(round(in_units(km * METRES_PER_KM, units) * 10, 6)) / 10
    return f"{value:.1f} {units}"


def range_sentence(advice: Suggestion, units: str, week: str = "this week's") -> str:
    """The advice, and its range with how it was made.

    Parameters
    ----------
    advice : Suggestion
        The suggestion.
    units : {"km", "mi"}
        The athlete's unit.
    week : str, default "this week's"
        How the week the range comes from is named (the Overview: "last week's").

    Returns
    -------
    str
        E.g. "You can build gently: ... Aim for 40.0 km to 44.0 km: 100-110% of
        this week's 40.0 km."
    """
    if advice.low_km is None or advice.base_km is None:
        return advice.text
    low, high = RANGES[advice.kind]
    share = f"{low:.0%}-{high:.0%}".replace("%-", "-")
    base = distance_text(advice.base_km, units)
    of = (f"{week} {base}" if advice.basis == "week" else
          f"{base}, your four-week average plus 10% ({week} distance stood higher, and one "
          "big week is not the base for the next)")
    return (f"{advice.text} Aim for {distance_text(advice.low_km, units)} to "
            f"{distance_text(advice.high_km, units)}: {share} of {of}.")


def long_run_sentence(limit: LongRunLimit | None, units: str) -> str:
    """The longest next run within 10% of the last 30 days' longest, with its source."""
    if limit is None:
        return ("No run in the last 30 days to measure the next one against: start short "
                "and build from there.")
    if limit.spike_km is not None:
        return (f"Up to {limit_text(limit.limit_km, units)}: your "
                f"{distance_text(limit.spike_km, units)} run was a spike, so the next long run "
                f"stays within 10% of your longest before it "
                f"({distance_text(limit.reference_km, units)} on {limit.reference_day:%d %b}) "
                "until the spike is 30 days old. Longer single runs went with more injuries "
                "(Frandsen et al. 2025).")
    return (f"Up to {limit_text(limit.limit_km, units)}: within 10% of your longest run of "
            f"the last 30 days ({distance_text(limit.reference_km, units)} on "
            f"{limit.reference_day:%d %b}). Longer single runs went with more injuries "
            "(Frandsen et al. 2025).")


def ramp_sentence(ramp: FitnessRamp | None) -> str:
    """Fitness's ramp rate in CTL points a week, steep above 8, honest about its basis."""
    if ramp is None:
        return "Needs a day of records."
    per_week = round(ramp.per_week, 1) + 0.0  # no "-0.0" after a long break
    value = f"{per_week:+.1f} points a week"
    if ramp.settling:
        return (f"{value}, still settling: fitness counts from your first imported "
                "activity, so for six weeks this measures the start of your records more "
                "than your training.")
    if ramp.steep:
        verdict = (f"steep: above {STEEP_RAMP:.0f} points a week, a coaching rule of thumb "
                   "(Friel), not a study finding")
    elif per_week < 0:
        verdict = "fitness is falling"
    else:
        verdict = f"within {STEEP_RAMP:.0f} points a week, a coaching rule of thumb (Friel)"
    return f"{value} (CTL, 42-day fitness): {verdict}."
