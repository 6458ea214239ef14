"""Load rules: the acute:chronic ratios, monotony and strain, rising weeks, days without rest.

- **Acute:chronic ratio** (EWMA, Williams et al. 2017) on distance and on load:
  a trend, contested (Impellizzeri et al. 2020, 2021) and in runners tied to
  fewer injuries (Frandsen et al. 2025), so on its own at most a caution
  (above 1.5, or 1.4 tightened, on three days in a row: one long run lifts the
  daily ratio for a day or two, and the spike rule speaks for that run), else
  info (above 1.3, or 1.2). A run of days over the line is one finding at its
  peak, with the acute and chronic levels beside the ratio, joining the card
  of the peak's week. Never judged where
  the chronic level is too small to divide by: the history's first four
  weeks, the first four weeks back after a break, and days whose chronic
  level is under half its highest of the eight weeks before (a short break).
- **Monotony** above 2.0 and **strain** above the athlete's mean + 2 SD of the
  weeks before: Foster 1998, 25 athletes, whose outcome was mostly illness
  (``overtraining``), with thresholds never validated for injury: info.
- **Three rising weeks** without a cut-back and **ten days without rest**:
  heuristics, info.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import pandas as pd

from loadwatch.metrics import ratios
from loadwatch.metrics.exact import EPSILON
from loadwatch.risk.cards import Finding
from loadwatch.risk.context import NORMAL, TIGHT, Context
from loadwatch.risk.distance import WEEKLY_CONDITIONS
from loadwatch.units import METRES_PER_KM
from loadwatch.vocabulary import RETURN_DAYS

OVERUSE_CONDITIONS = ("hip_flexor_strain", "gluteal_tendinopathy", "iliopsoas_bursitis",
                      "it_band_syndrome")
FLOOR_SHARE = 0.5
FLOOR_DAYS = 56
BUILD_DAYS = 28
# Days in a row over the upper line that make a caution: one long run lifts the
# daily EWMA ratio for a day or two (the spike rule speaks for that run).
SUSTAINED_DAYS = 3

# A day's ratio, the level it reached (None below every line in force), the line
# it crossed and the tightening note.
ZoneDay = tuple[pd.Timestamp, float, str | None, float, str]


def acwr(days: pd.DataFrame, context: Context, since: date) -> Iterator[Finding]:
    """One finding per run of days over a line, at its peak, for peaks in weeks from ``since``."""
    index = pd.DatetimeIndex(days.index)
    judged = _judged(index, context)
    for column, source, label in (("distance_acwr_ewma", "distance_km", "distance"),
                                  ("acwr_ewma", "load", "load")):
        if column not in days:
            continue
        values = days[column].to_numpy(dtype=float)
        levels = _levels(days, source, judged)
        ok = judged & ~np.isnan(values)
        if levels is not None:
            ok &= levels[1] >= FLOOR_SHARE * levels[2]
        zone_days = [_zone_day(context, day, value) if keep else None
                     for day, value, keep in zip(index, values, ok, strict=True)]
        for episode in _episodes(zone_days):
            peak = max(episode, key=lambda e: e[1])
            if context.week(peak[0].date()) >= since:
                yield _finding(context, episode, peak, label, levels, index)


def _judged(index: pd.DatetimeIndex, context: Context) -> np.ndarray:
    """Days with a chronic level worth dividing by: after the first four weeks and returns."""
    if context.first is None:
        return np.zeros(len(index), dtype=bool)
    ok = index >= pd.Timestamp(context.first + timedelta(days=BUILD_DAYS))
    for item in context.breaks:
        back = pd.Timestamp(item.back)
        ok &= ~((index >= back) & (index < back + pd.Timedelta(days=RETURN_DAYS)))
    return np.asarray(ok, dtype=bool)


def _levels(days: pd.DataFrame, source: str,
            judged: np.ndarray) -> tuple[np.ndarray, ...] | None:
    """Acute and chronic EWMA of the daily values, and the chronic's highest of 8 weeks before.

    The highest is taken over judged days only: the EWMA is seeded with the first
    day's value, so the first weeks' chronic level is no base.
    """
    if source not in days:
        return None
    daily = days[source].astype(float).fillna(0.0)
    acute = ratios.ewma(daily, ratios.ACUTE_DAYS)
    chronic = ratios.ewma(daily, ratios.CHRONIC_DAYS)
    before = (chronic.where(judged).shift(1).rolling(FLOOR_DAYS, min_periods=1).max()
              .fillna(0.0))
    return acute.to_numpy(), chronic.to_numpy(), before.to_numpy()


def _zone_day(context: Context, day: pd.Timestamp, value: float) -> ZoneDay:
    if value <= min(NORMAL.acwr_caution, TIGHT.acwr_caution) + EPSILON:
        return day, value, None, 0.0, ""
    limits = context.limits.on(day.date())
    lines = limits.lines
    if value > lines.acwr_high + EPSILON:
        return day, value, "caution", lines.acwr_high, limits.note
    if value > lines.acwr_caution + EPSILON:
        return day, value, "info", lines.acwr_caution, limits.note
    return day, value, None, 0.0, ""


def _episodes(zone_days: list[ZoneDay | None]) -> Iterator[list[ZoneDay]]:
    """Runs of days over a line; a day below every line or not judged ends one."""
    episode: list[ZoneDay] = []
    for item in zone_days:
        if item is not None and item[2] is not None:
            episode.append(item)
        elif episode:
            yield episode
            episode = []
    if episode:
        yield episode


def _finding(context: Context, episode: list[ZoneDay], peak: ZoneDay, label: str,
             levels: tuple[np.ndarray, ...] | None, index: pd.DatetimeIndex) -> Finding:
    day, value, _, _, note = peak
    line = max(e[3] for e in episode)
    days_over = _longest_run(episode, line)
    severity = "caution" if line > 0 and days_over >= SUSTAINED_DAYS and any(
        e[2] == "caution" for e in episode) else "info"
    beside = ""
    if levels is not None:
        at = int(index.searchsorted(day))
        acute, chronic = float(levels[0][at]) * 7, float(levels[1][at]) * 7
        beside = (f" (your last week's level {_amount(context, acute, label)} a week "
                  f"against a base of {_amount(context, chronic, label)})")
    span = (f"On {day:%d %b}" if episode[0][0] == episode[-1][0]
            else f"From {episode[0][0]:%d %b} to {episode[-1][0]:%d %b}")
    return Finding(day.date(), context.week(day.date()), "overuse", severity,
                   f"{label}_acwr_over_{line:g}", f"Acute:chronic {label} ratio {value:.2f}",
                   f"{span} your last week's {label} ran ahead of your four-week base: the "
                   f"ratio peaked at {value:.2f} on {day:%d %b}{beside}, "
                   f"{_over_line(days_over, line)}.", "acwr",
                   (), WEEKLY_CONDITIONS if label == "distance" else OVERUSE_CONDITIONS,
                   f"Ease off for a few days until the ratio is back under {line:g}; read it "
                   "as a trend.", note, bool(note) and context.limits.on(day.date()).profile)


def _over_line(days_over: int, line: float) -> str:
    """How long the ratio stayed over ``line``: one day is no streak."""
    if days_over <= 1:
        return f"over the {line:g} line on that one day"
    return f"over the {line:g} line on {days_over} days in a row"


def _longest_run(episode: list[ZoneDay], line: float) -> int:
    """The most days in a row over ``line``."""
    longest = streak = 0
    for item in episode:
        streak = streak + 1 if item[3] >= line else 0
        longest = max(longest, streak)
    return longest


def _amount(context: Context, value: float, label: str) -> str:
    return context.distance(value * METRES_PER_KM) if label == "distance" else f"{value:.0f} points"


def monotony_strain(weeks: pd.DataFrame, context: Context, since: date) -> Iterator[Finding]:
    """Monotony above 2.0 and strain above mean + 2 SD of the weeks before (info).

    Strain counts only in a week whose load is at least the median of the weeks
    before: strain is load x monotony, and seven alike short jogs make a
    monotony of 14 from a load far below the runner's usual, which is no
    strain a runner would recognise.
    """
    strains = weeks["strain"].to_numpy(dtype=float)
    loads = weeks["load"].to_numpy(dtype=float)
    # The median of the weeks before each week, in one pass (NaN for the first).
    usual_loads = pd.Series(loads).expanding().median().shift(1).to_numpy()
    monotony = weeks["monotony"].to_numpy(dtype=float)
    for position, start in enumerate(pd.DatetimeIndex(weeks.index)):
        first = start.date()
        if first < since:
            continue
        end = first + timedelta(days=6)
        if monotony[position] > 2.0 + EPSILON:
            yield Finding(end, first, "overtraining", "info", "monotony",
                          f"Monotonous week (monotony {monotony[position]:.2f})",
                          f"Your daily loads in the week of {first:%d %b} were much alike "
                          f"(monotony {monotony[position]:.2f}, above 2.0).", "foster", (),
                          OVERUSE_CONDITIONS, "Make easy days easier and keep a rest day.")
        history = strains[:position][~np.isnan(strains[:position])]
        strain = strains[position]
        if len(history) >= 8 and strain == strain and loads[position] >= usual_loads[position]:
            limit = history.mean() + 2 * history.std()  # population SD (ddof 0)
            if strain > limit + EPSILON:
                yield Finding(end, first, "overtraining", "info", "strain_high",
                              f"Strain {strain:.0f}, high for you",
                              f"Strain {strain:.0f} in the week of {first:%d %b} is above your "
                              f"usual range (mean {history.mean():.0f} + 2 SD = {limit:.0f}).",
                              "foster", (), OVERUSE_CONDITIONS, "Plan a lighter week.")


def rising_weeks(weeks: pd.DataFrame, context: Context, since: date) -> Iterator[Finding]:
    """The third week in a row whose distance rose (a coaching heuristic: info)."""
    rising = 0
    distance = weeks["distance_km"].to_numpy(dtype=float)
    for position, (start, change) in enumerate(zip(pd.DatetimeIndex(weeks.index),
                                                   weeks["change_pct"].tolist(), strict=True)):
        rising = rising + 1 if change > EPSILON else 0
        if rising == 3 and start.date() >= since:
            yield Finding(start.date() + timedelta(days=6), start.date(), "overuse", "info",
                          "rising_weeks", "Three rising weeks without a cut-back",
                          "Weekly distance rose three weeks running, to "
                          f"{context.distance(distance[position] * METRES_PER_KM)} in the week "
                          f"of {start:%d %b}.", "cutback", (), OVERUSE_CONDITIONS,
                          "Plan a cut-back week (about 20-30% less) soon.")


def no_rest(days: pd.DataFrame, context: Context, since: date) -> Iterator[Finding]:
    """The tenth day in a row with training (a heuristic: info)."""
    streak = 0
    for day, load in zip(days.index, days["load"].tolist(), strict=True):
        streak = streak + 1 if load > 0 else 0
        if streak == 10 and context.week(day.date()) >= since:
            yield Finding(day.date(), context.week(day.date()), "overtraining", "info",
                          "no_rest_10_days", "Ten days without rest",
                          f"You trained ten days in a row up to {day:%d %b}.", "rest", (),
                          OVERUSE_CONDITIONS, "Take a full rest day.")
