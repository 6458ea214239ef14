"""Risk flags: rules over the load engine's frames and the diary (pure).

Each flag (``loadwatch.flags.Flag``) says what happened, why it matters (with
the numbers), the evidence behind the rule, the activities and conditions it
concerns, and what to do. Distance rules are ``stress_fracture`` flags, as
Runner's World's "Hip pain after running" ties the 10% rule to stress
fractures; load, monotony, strain, rest, intensity and terrain rules are
``overuse`` flags. Red flags always come first.

The rules: weekly distance up more than 10% (caution; the 10% rule, a rule of
thumb, Buist et al. 2008) or 30% (high; Nielsen et al. 2014); single-run
spikes by band (Frandsen et al. 2025); runs of days with the distance or
load ACWR above 1.3 or 1.5 (Williams et al. 2017), one flag at each run's
peak; monotony above 2.0 and strain above the athlete's mean + 2 SD of the
weeks before (Foster 1998); three rising weeks without a cut-back; ten days
without rest; jumps in hill or hard running; an abrupt change of surface (a
lower-evidence hint); bone-stress symptoms within 14 days of a ramp, and
every urgent red flag of the diary (urgent). Pain of 3/10 or more in the 14
days before tightens the weekly and ACWR thresholds to 5%, 20%, 1.2 and 1.4,
and the flag says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from loadwatch.flags import Flag, flag
from loadwatch.metrics.exact import EPSILON
from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS
from loadwatch.triage.escalation import diary_flags
from loadwatch.units import format_distance
from loadwatch.vocabulary import (
    ACWR_CAUTION,
    ACWR_DANGER,
    RAISED_SPIKE_BANDS,
    SEVERITY_ORDER,
)

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry
    from loadwatch.settings import Settings

__all__ = ["Flag", "risk_flags"]

DIARY_WINDOW = timedelta(days=14)

PAIN_TIGHTENS = 3
OVERUSE_CONDITIONS = ("hip_flexor_strain", "gluteal_tendinopathy", "iliopsoas_bursitis",
                      "it_band_syndrome")


@dataclass(frozen=True)
class Thresholds:
    """Where rules fire; tighter while the athlete reports pain."""

    weekly_caution: float = 10.0
    weekly_high: float = 30.0
    acwr_caution: float = ACWR_CAUTION
    acwr_high: float = ACWR_DANGER


NORMAL = Thresholds()
TIGHT = Thresholds(weekly_caution=5.0, weekly_high=20.0, acwr_caution=1.2, acwr_high=1.4)


def risk_flags(activities: pd.DataFrame, days: pd.DataFrame, weeks: pd.DataFrame,
               diary: list[TriagedEntry], settings: Settings,
               since: date | None = None) -> list[Flag]:
    """Every risk flag, red flags and the most severe first, then by date.

    The rules still read the whole history (baselines, streaks, episodes) when
    ``since`` is given, so a flag is the same with or without it; ``since``
    only spares building older flags (a weekly summary needs one week's).

    Parameters
    ----------
    activities : pandas.DataFrame
        As ``metrics.training.activity_metrics`` returns it (``sport``,
        ``start_time`` UTC, ``distance_m`` m, ``spike_ratio``, ``spike_band``,
        ``id``).
    days : pandas.DataFrame
        As ``daily_metrics`` returns it (``load``, ``acwr_ewma``,
        ``distance_acwr_ewma``).
    weeks : pandas.DataFrame
        As ``weekly_metrics`` returns it.
    diary : list of TriagedEntry
        The diary with its triage.
    settings : Settings
        The time zone that places runs in weeks.
    since : datetime.date, optional
        Keep only flags dated that day or later (and undated ones).

    Returns
    -------
    list of Flag
        Sorted by severity (urgent, high, caution, info), then date.
    """
    if weeks.empty:
        return _dated_from(_diary_only(diary), since)
    pain = _pain_windows(diary)
    runs = activities[activities["sport"] == "running"]
    recent_weeks, recent_runs, recent_diary = weeks, runs, diary
    if since is not None:
        # Weekly flags are dated at the week's end, run flags on the run's day
        # (the day before is kept: local and UTC dates differ by up to a day).
        recent_weeks = weeks[weeks.index >= pd.Timestamp(since) - pd.Timedelta(days=6)]
        recent_runs = runs[runs["start_time"] >= pd.Timestamp(since, tz="UTC")
                           - pd.Timedelta(days=1)]
        recent_diary = [e for e in diary if e.entry.date >= since]
    flags = [*_weekly_change(recent_weeks, runs, pain, settings), *_spikes(recent_runs),
             *_acwr(days, pain), *_monotony_strain(weeks), *_rising_weeks(weeks),
             *_no_rest(days), *_intensity_jumps(weeks), *_surface_change(weeks),
             *diary_flags(recent_diary, runs, settings)]
    return sorted(_dated_from(flags, since),
                  key=lambda f: (SEVERITY_ORDER[f.severity], f.date or date.min))


def _dated_from(flags: Iterable[Flag], since: date | None) -> list[Flag]:
    if since is None:
        return list(flags)
    return [f for f in flags if f.date is None or f.date >= since]


def _diary_only(diary: list[TriagedEntry]) -> list[Flag]:
    return list(diary_flags(diary, pd.DataFrame(), None))


Pain = list[tuple[date, "TriagedEntry"]]


def _pain_windows(diary: list[TriagedEntry]) -> Pain:
    return [(e.entry.date, e) for e in diary if e.entry.pain >= PAIN_TIGHTENS]


def _thresholds_on(day: date, pain: Pain) -> tuple[Thresholds, str]:
    """Tight thresholds within 14 days after a painful entry, and the note saying so."""
    for entry_day, item in pain:
        if timedelta(0) <= day - entry_day <= DIARY_WINDOW:
            entry = item.entry
            note = (f" Thresholds are tightened because you reported pain {entry.pain}/10 "
                    f"at the {entry.location.replace('_', ' ')} on {entry.date.isoformat()}.")
            return TIGHT, note
    return NORMAL, ""


def _rows(frame: pd.DataFrame, *columns: str):
    """(index, row dict of ``columns``) pairs: far quicker than ``iterrows``."""
    values = zip(*(frame[c].tolist() for c in columns), strict=True)
    rows = [dict(zip(columns, row, strict=True)) for row in values]
    return zip(frame.index, rows, strict=True)


def _week_runs(local: pd.Series, ids: pd.Series, start) -> list[int]:
    inside = (local >= start) & (local < start + pd.Timedelta(days=7))
    return ids[inside].tolist()


def _weekly_change(weeks: pd.DataFrame, runs: pd.DataFrame, pain: Pain,
                   settings: Settings) -> Iterator[Flag]:
    local = runs["start_time"].dt.tz_convert(settings.timezone).dt.tz_localize(None)
    for start, week in _rows(weeks, "change_pct", "distance_km"):
        change = week["change_pct"]
        if pd.isna(change):
            continue
        limits, note = _thresholds_on(start.date() + timedelta(days=6), pain)
        if change > limits.weekly_high + EPSILON:
            severity, rule, evidence = "high", "weekly_change_over_30", "nielsen"
        elif change > limits.weekly_caution + EPSILON:
            severity, rule, evidence = "caution", "weekly_change_over_10", "ten_percent"
        else:
            continue
        previous = week["distance_km"] / (1 + change / 100)
        yield flag(start + timedelta(days=6), start, "stress_fracture", severity, rule,
                   f"Weekly distance up {change:.0f}%",
                   f"You ran {week['distance_km']:.1f} km in the week of {start:%d %b}, "
                   f"{change:+.0f}% on the {previous:.1f} km of the week before." + note,
                   evidence, _week_runs(local, runs["id"], start), ["stress_fracture"],
                   "Hold next week at this week's distance or lower; build by less than 10%.")


def _spikes(runs: pd.DataFrame) -> Iterator[Flag]:
    severity_of = dict(zip(RAISED_SPIKE_BANDS, ("info", "caution", "high"), strict=True))
    spikes = runs[runs["spike_band"].isin(severity_of)]
    for _, run in _rows(spikes, "start_time", "spike_band", "distance_m", "spike_ratio", "id"):
        yield flag(run["start_time"], None, "stress_fracture", severity_of[run["spike_band"]],
                   f"spike_{run['spike_band']}",
                   f"A {run['spike_band']} single-run spike",
                   f"This {format_distance(run['distance_m'], 'km', 1, label=True)} run was "
                   f"{run['spike_ratio']:.2f} times your longest run of the 30 days before it.",
                   "frandsen", [run["id"]], ("stress_fracture",),
                   "Keep long runs within about 10% of your recent longest; recover well "
                   "after this one.")


# A day's ratio, the level it reached (None below the caution line) and the
# note on tightened thresholds.
ZoneDay = tuple[pd.Timestamp, float, str | None, str]


def _acwr(days: pd.DataFrame, pain: Pain) -> Iterator[Flag]:
    for column, kind, label in (("distance_acwr_ewma", "stress_fracture", "distance"),
                                ("acwr_ewma", "overuse", "load")):
        if column not in days:
            continue
        zone_days: list[ZoneDay] = []
        lowest = min(NORMAL.acwr_caution, TIGHT.acwr_caution) + EPSILON
        for day, value in zip(days.index, days[column].tolist(), strict=True):
            if value != value:  # NaN: no ratio that day (and no break in an episode)
                continue
            if value <= lowest:  # below every caution line, tightened or not
                zone_days.append((day, value, None, ""))
                continue
            limits, note = _thresholds_on(day.date(), pain)
            level = ("high" if value > limits.acwr_high + EPSILON else
                     "caution" if value > limits.acwr_caution + EPSILON else None)
            zone_days.append((day, value, level, note))
        yield from _acwr_episodes(zone_days, kind, label)


def _acwr_episodes(zone_days: list[ZoneDay], kind: str, label: str) -> Iterator[Flag]:
    """One flag per run of days in the caution or danger zone, at its peak."""
    episode: list[ZoneDay] = []
    for item in zone_days:
        if item[2] is not None:
            episode.append(item)
        elif episode:
            yield _acwr_flag(episode, kind, label)
            episode = []
    if episode:
        yield _acwr_flag(episode, kind, label)


def _acwr_flag(episode: list[ZoneDay], kind: str, label: str) -> Flag:
    day, value, _, note = max(episode, key=lambda e: e[1])
    severity = "high" if any(e[2] == "high" for e in episode) else "caution"
    conditions = ("stress_fracture",) if kind == "stress_fracture" else OVERUSE_CONDITIONS
    return flag(day, None, kind, severity, f"{label}_acwr_{severity}",
                f"Acute:chronic {label} ratio {value:.2f}",
                f"{_span(episode[0][0], episode[-1][0])} your last week's {label} ran "
                f"ahead of your four-week base; it peaked at {value:.2f} on "
                f"{day:%d %b} ({ACWR_CAUTION} is the usual caution line)." + note,
                "acwr", (), conditions,
                f"Ease off for a few days until the ratio is back under {ACWR_CAUTION}.")


def _span(first, last) -> str:
    return f"On {first:%d %b}" if first == last else f"From {first:%d %b} to {last:%d %b}"


def _monotony_strain(weeks: pd.DataFrame) -> Iterator[Flag]:
    strains = weeks["strain"].to_numpy(dtype=float)
    for position, (start, week) in enumerate(_rows(weeks, "monotony", "strain")):
        if week["monotony"] > 2.0 + EPSILON:
            yield flag(start + timedelta(days=6), start, "overuse", "caution", "monotony",
                       f"Monotonous week (monotony {week['monotony']:.2f})",
                       f"Your daily loads in the week of {start:%d %b} were too alike "
                       f"(monotony {week['monotony']:.2f}, above 2.0): hard days not hard "
                       "enough or easy days not easy enough.", "foster", (),
                       OVERUSE_CONDITIONS, "Add a real rest day and make easy days easier.")
        history = strains[:position][~np.isnan(strains[:position])]
        if len(history) >= 8 and pd.notna(week["strain"]):
            limit = history.mean() + 2 * history.std()  # population SD (ddof 0)
            if week["strain"] > limit + EPSILON:
                yield flag(start + timedelta(days=6), start, "overuse", "caution",
                           "strain_high",
                           f"Strain {week['strain']:.0f}, high for you",
                           f"Strain {week['strain']:.0f} is above your usual range (mean "
                           f"{history.mean():.0f} + 2 SD = {limit:.0f}).", "foster", (),
                           OVERUSE_CONDITIONS, "Plan a lighter week.")


def _rising_weeks(weeks: pd.DataFrame) -> Iterator[Flag]:
    rising = 0
    for start, week in _rows(weeks, "change_pct", "distance_km"):
        rising = rising + 1 if week["change_pct"] > EPSILON else 0
        if rising == 3:
            yield flag(start + timedelta(days=6), start, "overuse", "caution", "rising_weeks",
                       "Three rising weeks without a cut-back",
                       f"Weekly distance rose three weeks running, to {week['distance_km']:.1f} "
                       f"km in the week of {start:%d %b}.", "ten_percent", (),
                       OVERUSE_CONDITIONS, "Take a cut-back week (about 20-30% less).")


def _no_rest(days: pd.DataFrame) -> Iterator[Flag]:
    streak = 0
    for day, load in days["load"].items():
        streak = streak + 1 if load > 0 else 0
        if streak == 10:
            yield flag(day, None, "overuse", "caution", "no_rest_10_days",
                       "Ten days without rest",
                       f"You trained ten days in a row up to {day:%d %b}.", "rest", (),
                       OVERUSE_CONDITIONS, "Take a full rest day.")


def _intensity_jumps(weeks: pd.DataFrame) -> Iterator[Flag]:
    for column, limit, conditions in (
            ("hill_share", 0.10, ("gluteal_tendinopathy", "iliopsoas_bursitis",
                                  "hip_flexor_strain")),
            (SHARE_COLUMNS["hard"], 0.15, ("hip_flexor_strain", "gluteal_tendinopathy"))):
        values = weeks[column].astype(float)
        before = values.shift(1).rolling(4, min_periods=2).mean()
        for start, value in zip(pd.DatetimeIndex(values.index), values.tolist(), strict=True):
            base = before.get(start)
            if pd.isna(value) or pd.isna(base) or value - base <= limit + EPSILON:
                continue
            what = "hills" if column == "hill_share" else "hard running"
            yield flag(start + timedelta(days=6), start, "overuse", "caution",
                       f"{column}_jump", f"More {what} than usual",
                       f"{value:.0%} of the week of {start:%d %b} was {what}, against "
                       f"{base:.0%} in the weeks before.", "hills", (), conditions,
                       f"Add {what} gradually; strengthen the hips (monster walks, "
                       "single-leg deadlifts).")


def _surface_change(weeks: pd.DataFrame) -> Iterator[Flag]:
    shares = _shares(weeks)
    # In a week with a known surface, a surface not run on is a share of 0, not
    # unknown: a switch to a surface never used before is the largest change.
    known = shares.notna().any(axis=1)
    shares.loc[known] = shares.loc[known].fillna(0.0)
    before = shares.shift(1).rolling(4, min_periods=2).mean()
    changes = shares - before
    peaks = changes.abs().max(axis=1, skipna=True)
    for start in peaks.index[peaks > 0.4 + EPSILON]:
        # Name the surface the week moved to (the one that grew most).
        surface = changes.loc[start].idxmax()
        yield flag(start + timedelta(days=6), start, "overuse", "info", "surface_change",
                   f"Abrupt change of surface ({surface})",
                   f"{shares.loc[start, surface]:.0%} of the week of {start:%d %b} was on "
                   f"{surface}, against {before.loc[start, surface]:.0%} before. "
                   "(A lower-evidence heuristic.)", "surface", (), ["hip_pointer"],
                   "Change surfaces over a few weeks; take care on technical trails.")


def _shares(weeks: pd.DataFrame) -> pd.DataFrame:
    """Each known surface's share of each week's running (NaN in a week without one).

    Distance of unknown surface (a row of an activity list says nothing of it)
    is no change of surface.
    """
    surfaces = sorted(s for s in SURFACE_COLUMNS if s != "unknown")
    known = weeks[[SURFACE_COLUMNS[s] for s in surfaces]].set_axis(surfaces, axis=1)
    total = known.sum(axis=1)
    return known.div(total.where(total > 0), axis=0)
