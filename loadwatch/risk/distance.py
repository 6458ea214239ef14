"""Distance rules: the single-run spike, the weekly change, and the first weeks back.

- **Single-run spike** (Frandsen et al. 2025, the main distance signal): a run
  more than 10% longer than the longest of the 30 days before it. Small
  (10-30%) and moderate (30-100%) spikes are a caution, large ones (more than
  double) high, each quoting its hazard rate ratio. In the history's first 30
  days a spike only says "building your reference" (info): the reference is
  not there yet. In the first four weeks back after a break the reference is
  the longest run of the 30 days before the break (or a longer one since).
- **Weekly change** against the week before (Nielsen et al. 2014), or, after
  a cut-back week (more than 10% under the highest of the four weeks before
  it), against that highest (a week back at its earlier level is no ramp; with
  recent pain the week before counts).
  Over 30% is high on a stable base (running in each of the four weeks before,
  each within 30% of the one before it: the steady week-on-week training whose
  progression Nielsen et al. measured) and a caution otherwise, where a
  percentage mostly measures irregular weeks; Frandsen et al. 2025 found no
  association for the week-to-week ratio at all. Over 10% (the 10% rule, which
  Buist et al. 2008 found no protection in) is info, a caution when the lines
  are tightened. After a zero or near-zero week (under a quarter of the four
  weeks before it) the change is no percentage: the week is compared in
  distance with the highest of those four weeks, at most a caution. Weekly
  change is not judged in the history's first four weeks.
- **First weeks back** after three or more weeks without a run: the first week
  back says so (info) with the weeks and longest run before the break and a
  suggested progression (a coaching rule of thumb: as many weeks at reduced
  distance as were missed, about half then three quarters of the weeks before,
  runningcoachcarl.com 2015, Active.com); a week back above the weekly
  distance before the break is a caution. Weekly change and the ratios are not
  judged in those four weeks.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import numpy as np
import pandas as pd

from loadwatch.metrics.exact import EPSILON
from loadwatch.metrics.volume import spike_band
from loadwatch.risk.cards import Finding
from loadwatch.risk.context import TIGHT, Break, Context
from loadwatch.units import METRES_PER_KM
from loadwatch.vocabulary import (
    NEAR_ZERO_SHARE,
    STABLE_BASE_WEEKS,
    THIN_REFERENCE_RUNS,
    WEEKLY_CAUTION_PCT,
    WEEKLY_HIGH_PCT,
)

SPIKE_SEVERITY = {"small": "caution", "moderate": "caution", "large": "high"}
SPIKE_HRR = {"small": "HRR 1.64 for a run 10-30% longer",
             "moderate": "HRR 1.52 for 30-100% longer",
             "large": "HRR 2.28 for more than double"}
# The commonest running overuse injuries (Nielsen et al. 2014, PLoS One 9:e99877),
# and those of Nielsen et al. 2014's distance-related group, as guidance ids.
SPIKE_CONDITIONS = ("medial_tibial_stress_syndrome", "patellofemoral_pain",
                    "achilles_tendinopathy", "plantar_heel_pain")
WEEKLY_CONDITIONS = ("patellofemoral_pain", "it_band_syndrome",
                     "medial_tibial_stress_syndrome", "gluteal_tendinopathy")
LONG_BREAK_DAYS = 91  # after three months off, build as a new runner
SPIKE_ACTION = "Keep your next long runs within about 10% of your longest of the last 30 days."


def spikes(context: Context, since: date) -> Iterator[Finding]:
    """Each run longer than its reference by more than 10%, in weeks from ``since``."""
    since_back: dict[Break, tuple[float, int]] = {}  # longest run and runs since the return
    runs = context.runs
    columns = [runs[c].tolist() for c in ("day", "week", "distance_m", "spike_ratio",
                                          "spike_band", "id", "reference_runs")]
    for day, week, metres, ratio, band, run_id, count in zip(*columns, strict=True):
        day, week = day.date(), week.date()
        comeback = None if context.building(day) else context.returning(day)
        finding = None
        if comeback is not None:
            longest, back = since_back.get(comeback, (0.0, 0))
            finding = _return_spike(context, (day, week, metres), comeback, longest,
                                    comeback.runs + back)
            since_back[comeback] = (max(longest, _metres(metres)), back + 1)
        elif band in SPIKE_SEVERITY:
            finding = (_building(context, day, week, metres, ratio) if context.building(day)
                       else _spike(context, (day, week, metres), ratio, band, count))
        if finding is not None and week >= since:
            yield replace(finding, activities=(int(run_id),))


def _metres(value) -> float:
    return 0.0 if value is None or value != value else float(value)


def _severity(band: str, count: int) -> tuple[str, str]:
    """A spike band's severity, one level lower on a thin reference, and the note saying so."""
    severity = SPIKE_SEVERITY[band]
    if count >= THIN_REFERENCE_RUNS:
        return severity, ""
    lower = "caution" if severity == "high" else "info"
    runs = f"{count} run{'s' if count != 1 else ''}"
    return lower, f" Only {runs} made that reference, a thin one: {lower}, not {severity}."


def _spike(context: Context, run: tuple[date, date, float], ratio: float, band: str,
           count: int) -> Finding:
    day, week, metres = run
    longest = metres / ratio
    severity, thin = _severity(band, count)
    return Finding(day, week, "overuse", severity, f"spike_{band}",
                   f"A {band} single-run spike",
                   f"This {context.distance(metres)} run on {day:%d %b} was {ratio:.2f} times "
                   f"your longest of the 30 days before it ({context.distance(longest)}): a "
                   f"{band} spike ({SPIKE_HRR[band]}).{thin}", "frandsen",
                   conditions=SPIKE_CONDITIONS, action=SPIKE_ACTION)


def _building(context: Context, day: date, week: date, metres: float,
              ratio: float) -> Finding:
    return Finding(day, week, "overuse", "info", "spike_building_reference",
                   "Building your reference",
                   f"This {context.distance(metres)} run on {day:%d %b} was {ratio:.2f} times "
                   f"your longest so far ({context.distance(metres / ratio)}). With less than "
                   "30 days of history loadwatch is still building your reference, so it "
                   "gives no spike band yet.", "building", conditions=SPIKE_CONDITIONS,
                   action="Build long runs gradually while your history grows.")


def _return_spike(context: Context, run: tuple[date, date, float], comeback: Break,
                  since_back: float, count: int) -> Finding | None:
    day, week, metres = run
    reference = max(comeback.longest_m, since_back)
    if not reference >= 1 or not metres >= 1:  # NaN: a run without a distance
        return None
    band = spike_band(Fraction(round(metres), round(reference)))
    if band not in SPIKE_SEVERITY:
        return None
    severity, thin = _severity(band, count)
    which = ("your longest since you came back" if since_back > comeback.longest_m
             else "your longest of the 30 days before the break")
    return Finding(day, week, "overuse", severity, f"spike_{band}",
                   f"A {band} spike in your first weeks back",
                   f"First weeks back after {_off(comeback)}: this {context.distance(metres)} "
                   f"run on {day:%d %b} was {metres / reference:.2f} times {which} "
                   f"({context.distance(reference)}): a {band} spike "
                   f"({SPIKE_HRR[band]}).{thin}", "frandsen", conditions=SPIKE_CONDITIONS,
                   action="Keep runs below your longest from before the break while you "
                          "build back.")


def _off(comeback: Break) -> str:
    weeks = comeback.days_off // 7
    return f"{weeks} weeks off" if weeks < 9 else f"{comeback.days_off // 30} months off"


def weekly_change(weeks: pd.DataFrame, context: Context, since: date) -> Iterator[Finding]:
    """The weekly-change and first-weeks-back findings of weeks from ``since``."""
    distance = weeks["distance_km"].to_numpy(dtype=float) * METRES_PER_KM
    change = weeks["change_pct"].to_numpy(dtype=float)
    for position, start in enumerate(pd.DatetimeIndex(weeks.index)):
        first = start.date()
        back = context.week_back(first)
        if first < since or (back is None and context.first_weeks(first)):
            continue
        if back is not None:
            yield from _week_back(context, first, distance[position], *back)
        elif position >= 1:
            finding = _week_change(context, first, distance[:position + 1], change[position])
            if finding is not None:
                yield finding


def _week_change(context: Context, first: date, distance: np.ndarray,
                 change: float) -> Finding | None:
    """Week ``distance[-1]`` against the week before, or the highest of four after a lighter one."""
    this, previous = distance[-1], distance[-2]
    earlier = distance[-6:-2]
    if previous <= 0 or (earlier.size and previous < NEAR_ZERO_SHARE * earlier.mean()):
        return _after_low_week(context, first, this, previous, earlier)
    limits = context.limits.on(first + timedelta(days=6))
    recent = distance[-5:-1]
    # After a cut-back (a week more than 10% under the highest of the four before),
    # the highest is the reference; with recent pain the week before always is.
    cut_back = previous * (1 + WEEKLY_CAUTION_PCT / 100) < recent.max() - EPSILON
    reference = recent.max() if cut_back and not limits.pain else previous
    if reference != previous:
        change = (this - reference) / reference * 100
    if change != change or change <= limits.lines.weekly_caution + EPSILON:
        return None
    high = change > limits.lines.weekly_high + EPSILON
    line = limits.lines.weekly_high if high else limits.lines.weekly_caution
    stable = high and _stable(recent)
    severity = ("high" if stable else "caution") if high else (
        "caution" if limits.lines is TIGHT else "info")
    against = (f"{change:+.0f}% on the {context.distance(previous)} of the week before"
               if reference == previous else
               f"{change:+.0f}% on your highest of the four weeks before "
               f"({context.distance(reference)}; the week before was a cut-back, "
               f"{context.distance(previous)})")
    base = ("" if not high else " on a stable base (four steady weeks before it)" if stable
            else "; the weeks before were not a stable base (a break, a jump or a first week "
                 "among them), so it is a caution")
    return Finding(first + timedelta(days=6), first, "overuse", severity,
                   f"weekly_change_over_{line:g}", f"Weekly distance up {change:.0f}%",
                   f"You ran {context.distance(this)} in the week of {first:%d %b}, {against}: "
                   f"over the {line:g}% line{base}.", "nielsen" if high else "ten_percent",
                   context.week_ids.get(first, ()), WEEKLY_CONDITIONS,
                   "Hold next week at this week's distance or lower; build by less than 10%.",
                   limits.note, limits.profile)


def _stable(recent: np.ndarray) -> bool:
    """Running in each of the weeks, each within 30% of the one before it."""
    if recent.size < STABLE_BASE_WEEKS or (recent <= 0).any():
        return False
    steps = np.abs(np.diff(recent)) / recent[:-1] * 100
    return bool((steps <= WEEKLY_HIGH_PCT + EPSILON).all())


def _after_low_week(context: Context, first: date, this: float, previous: float,
                    earlier: np.ndarray) -> Finding | None:
    """A week after a (near-)zero week, against the highest of the four before that one."""
    if not earlier.size or earlier.max() <= 0 or this <= 0:
        return None
    limits = context.limits.on(first + timedelta(days=6))
    reference = earlier.max()
    above = this - reference
    if above <= reference * limits.lines.weekly_caution / 100 + EPSILON:
        return None
    severity = "caution" if above > reference * limits.lines.weekly_high / 100 + EPSILON else (
        "caution" if limits.lines is TIGHT else "info")
    low = "no running" if previous <= 0 else f"only {context.distance(previous)}"
    return Finding(first + timedelta(days=6), first, "overuse", severity,
                   "weekly_after_low_week", "More than before a low week",
                   f"You ran {context.distance(this)} in the week of {first:%d %b} after a "
                   f"week of {low}: no percentage says much after that, so against the "
                   f"highest of the four weeks before it ({context.distance(reference)}) "
                   f"this is {context.distance(above)} more.", "nielsen",
                   context.week_ids.get(first, ()), WEEKLY_CONDITIONS,
                   "Build back over a few weeks rather than at once.", limits.note,
                   limits.profile)


def _week_back(context: Context, first: date, this: float, comeback: Break,
               number: int) -> Iterator[Finding]:
    """The first week back (its suggested progression) and any week back above the break's."""
    if number == 1:
        yield Finding(comeback.back, first, "overuse", "info", "first_weeks_back",
                      f"First weeks back after {_off(comeback)}", _progression(context,
                                                                                comeback),
                      "return", context.week_ids.get(first, ()), SPIKE_CONDITIONS,
                      "Build back gradually: the first four weeks are compared with the weeks "
                      "before your break, not with a ratio.")
    if this > comeback.top_week_m + EPSILON * METRES_PER_KM:
        thin = comeback.runs < THIN_REFERENCE_RUNS
        yield Finding(first + timedelta(days=6), first, "overuse", "info" if thin else "caution",
                      "return_above_before", "More than before your break",
                      f"Week {number} back: you ran {context.distance(this)} in the week of "
                      f"{first:%d %b}, more than in any week of the four before your break "
                      f"(at most {context.distance(comeback.top_week_m)})."
                      + (f" Only {comeback.runs} run{'s' if comeback.runs != 1 else ''} came "
                         "before the break, a thin reference, so this is info." if thin else ""),
                      "return",
                      context.week_ids.get(first, ()), WEEKLY_CONDITIONS,
                      "Hold at or below the distance of the weeks before your break until "
                      "you have run four weeks back.")


def _progression(context: Context, comeback: Break) -> str:
    before = (f"Your first run back was on {comeback.back:%d %b}, after {comeback.days_off} "
              f"days without running. In the four weeks before the break your biggest week "
              f"was {context.distance(comeback.top_week_m)} and your longest run "
              f"{context.distance(comeback.longest_m)}.")
    if comeback.days_off > LONG_BREAK_DAYS:
        return (f"{before} After more than three months off, build as a new runner would: "
                "short easy runs, walk breaks welcome, a little more each week.")
    weeks = min(max(comeback.days_off // 7, 2), 8)
    half, rest = math.ceil(weeks / 2), weeks - math.ceil(weeks / 2)
    top = comeback.top_week_m
    return (f"{before} Suggested: about {context.distance(top * 0.5)} a week for {half} "
            f"week{'s' if half > 1 else ''}, then about {context.distance(top * 0.75)} for "
            f"{rest} week{'s' if rest > 1 else ''}, then back to {context.distance(top)}, "
            f"keeping runs under {context.distance(comeback.longest_m)} until then.")
