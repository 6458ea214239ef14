"""Risk flags: rules over the load engine's frames and the diary (pure).

Each flag says what happened, why it matters (with the numbers), the
evidence behind the rule, the activities and conditions it concerns, and
what to do. Distance rules (weekly change, spikes, distance ACWR) are
``stress_fracture`` flags, as the seed article ties the 10% rule to stress
fractures; load, monotony, strain, rest, intensity and terrain rules are
``overuse`` flags. A diary entry with bone-stress signs during a ramp is
``urgent``; pain of 3/10 or more in the 14 days before tightens the load
thresholds, and the flag says so. Red flags always come first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.metrics.exact import EPSILON

SEVERITY_ORDER = {"urgent": 0, "high": 1, "caution": 2, "info": 3}
DIARY_WINDOW = timedelta(days=14)
PAIN_TIGHTENS = 3
OVERUSE_CONDITIONS = ["hip_flexor_strain", "trochanteric_bursitis", "iliopsoas_bursitis",
                      "it_band_syndrome"]
EVIDENCE = {
    "ten_percent": "Seed article 000 (Runner's World): no more than 10% a week; Buist et al. "
                   "2008 (AJSM 36:33-39) found a 10%-rule programme did not lower injuries.",
    "nielsen": "Nielsen et al. 2014 (JOSPT 44(10):739-747): distance-related injuries more "
               "likely above 30% a week (HR 1.59).",
    "frandsen": "Frandsen et al. 2025 (BJSM 59(17):1203-1210): single-run spikes raised injury "
                "hazard (HR 1.64 small, 1.52 moderate, 2.28 large).",
    "acwr": "Williams et al. 2017 (BJSM 51:209-210), EWMA ratio; contested (Impellizzeri et al. "
            "2020, 2021; Lolli 2019): a trend, not a verdict.",
    "foster": "Foster 1998 (MSSE 30(7):1164-1168): monotony above 2.0 and high strain went "
              "with illness and injury.",
    "hills": "Rice et al. 2024: grades steeper than 5% change how the leg is loaded; the seed "
             "articles link hills and sprints to bursitis and tendinopathy.",
    "surface": "Lower-evidence heuristic: evidence that surfaces cause bone stress injury is "
               "weak; seed article 000 names trail falls as a cause of acute muscle tears.",
    "rest": "Lower-evidence heuristic: overuse injuries follow load without recovery (seed "
            "articles: avoid overtraining).",
    "diary": "Seed article 000: pain starting earlier in each run, or on walking, is the time "
             "to see a doctor; about two thirds of hip stress fractures follow too much "
             "mileage.",
}


@dataclass(frozen=True)
class Thresholds:
    """Where rules fire; tighter while the athlete reports pain."""

    weekly_caution: float = 10.0
    weekly_high: float = 30.0
    acwr_caution: float = 1.3
    acwr_high: float = 1.5


NORMAL = Thresholds()
TIGHT = Thresholds(weekly_caution=5.0, weekly_high=20.0, acwr_caution=1.2, acwr_high=1.4)


def flag(day, week_start, kind, severity, rule, title, why, evidence, activities=(),
         conditions=(), action="") -> dict:
    return {"date": _iso(day), "week_start": _iso(week_start), "kind": kind,
            "severity": severity, "rule": rule, "title": title, "why": why,
            "evidence": EVIDENCE[evidence], "activities": [int(a) for a in activities],
            "conditions": list(conditions), "action": action,
            "not_a_diagnosis": NOT_A_DIAGNOSIS}


def _iso(day) -> str | None:
    return None if day is None else pd.Timestamp(day).date().isoformat()


def risk_flags(activities: pd.DataFrame, days: pd.DataFrame, weeks: pd.DataFrame,
               diary: list[dict], settings: Mapping[str, object],
               since: date | None = None) -> list[dict]:
    """Every flag, red flags and the most severe first, then by date.

    ``since`` keeps only flags dated that day or later (and undated ones). The
    rules still read the whole history (baselines, streaks, episodes), so a
    flag is the same with or without it; it only spares building older flags
    (a weekly summary needs one week's).
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
        recent_diary = [e for e in diary if e["date"] >= since.isoformat()]
    flags = [*_weekly_change(recent_weeks, runs, pain, settings), *_spikes(recent_runs),
             *_acwr(days, pain), *_monotony_strain(weeks), *_rising_weeks(weeks),
             *_no_rest(days), *_intensity_jumps(weeks), *_surface_change(weeks),
             *_diary_flags(recent_diary, weeks, runs)]
    return sorted(_dated_from(flags, since),
                  key=lambda f: (SEVERITY_ORDER[f["severity"]], f["date"] or ""))


def _dated_from(flags: list[dict], since: date | None) -> list[dict]:
    if since is None:
        return list(flags)
    return [f for f in flags if not f["date"] or f["date"] >= since.isoformat()]


def _diary_only(diary: list[dict]) -> list[dict]:
    return [f for f in _diary_flags(diary, pd.DataFrame(), pd.DataFrame())]


def _pain_windows(diary: list[dict]) -> list[tuple[date, dict]]:
    return [(date.fromisoformat(e["date"]), e) for e in diary if e["pain"] >= PAIN_TIGHTENS]


def _thresholds_on(day: date, pain) -> tuple[Thresholds, str]:
    """Tight thresholds within 14 days after a painful entry, and the note saying so."""
    for entry_day, entry in pain:
        if timedelta(0) <= day - entry_day <= DIARY_WINDOW:
            note = (f" Thresholds are tightened because you reported pain {entry['pain']}/10 "
                    f"at the {entry['location'].replace('_', ' ')} on {entry['date']}.")
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


def _weekly_change(weeks, runs, pain, settings):
    local = runs["start_time"].dt.tz_convert(str(settings["timezone"])).dt.tz_localize(None)
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


def _spikes(runs):
    severity_of = {"small": "info", "moderate": "caution", "large": "high"}
    spikes = runs[runs["spike_band"].isin(severity_of)]
    for _, run in _rows(spikes, "start_time", "spike_band", "distance_m", "spike_ratio", "id"):
        yield flag(run["start_time"], None, "stress_fracture", severity_of[run["spike_band"]],
                   f"spike_{run['spike_band']}",
                   f"A {run['spike_band']} single-run spike",
                   f"This {run['distance_m'] / 1000:.1f} km run was {run['spike_ratio']:.2f} "
                   "times your longest run of the 30 days before it.",
                   "frandsen", [run["id"]], ["stress_fracture"],
                   "Keep long runs within about 10% of your recent longest; recover well "
                   "after this one.")


def _acwr(days, pain):
    for column, kind, label in (("distance_acwr_ewma", "stress_fracture", "distance"),
                                ("acwr_ewma", "overuse", "load")):
        if column not in days:
            continue
        zone_days = []
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
        yield from _acwr_episodes(zone_days, column, kind, label)


def _acwr_episodes(zone_days, column, kind, label):
    """One flag per run of days in the caution or danger zone, at its peak."""
    episode = []
    for item in [*zone_days, (None, None, None, "")]:
        if item[2] is not None:
            episode.append(item)
            continue
        if episode:
            day, value, _, note = max(episode, key=lambda e: e[1])
            severity = "high" if any(e[2] == "high" for e in episode) else "caution"
            conditions = ["stress_fracture"] if kind == "stress_fracture" else OVERUSE_CONDITIONS
            yield flag(day, None, kind, severity, f"{label}_acwr_{severity}",
                       f"Acute:chronic {label} ratio {value:.2f}",
                       f"{_span(episode[0][0], episode[-1][0])} your last week's {label} ran "
                       f"ahead of your four-week base; it peaked at {value:.2f} on "
                       f"{day:%d %b} (1.3 is the usual caution line)." + note,
                       "acwr", (), conditions,
                       "Ease off for a few days until the ratio is back under 1.3.")
            episode = []


def _span(first, last) -> str:
    return f"On {first:%d %b}" if first == last else f"From {first:%d %b} to {last:%d %b}"


def _monotony_strain(weeks):
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


def _rising_weeks(weeks):
    rising = 0
    for start, week in _rows(weeks, "change_pct", "distance_km"):
        rising = rising + 1 if week["change_pct"] > EPSILON else 0
        if rising == 3:
            yield flag(start + timedelta(days=6), start, "overuse", "caution", "rising_weeks",
                       "Three rising weeks without a cut-back",
                       f"Weekly distance rose three weeks running, to {week['distance_km']:.1f} "
                       f"km in the week of {start:%d %b}.", "ten_percent", (),
                       OVERUSE_CONDITIONS, "Take a cut-back week (about 20-30% less).")


def _no_rest(days):
    streak = 0
    for day, load in days["load"].items():
        streak = streak + 1 if load > 0 else 0
        if streak == 10:
            yield flag(day, None, "overuse", "caution", "no_rest_10_days",
                       "Ten days without rest",
                       f"You trained ten days in a row up to {day:%d %b}.", "rest", (),
                       OVERUSE_CONDITIONS, "Take a full rest day.")


def _intensity_jumps(weeks):
    hills = weeks["hill_share"]
    hard = weeks["intensity"].map(lambda v: v.get("hard") if isinstance(v, dict) else np.nan)
    for column, values, limit, conditions in (
            ("hill_share", hills, 0.10, ["trochanteric_bursitis", "iliopsoas_bursitis",
                                         "hip_flexor_strain"]),
            ("hard_share", hard.astype(float), 0.15, ["hip_flexor_strain",
                                                      "trochanteric_bursitis"])):
        before = values.shift(1).rolling(4, min_periods=2).mean()
        for start, value in values.items():
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


def _surface_change(weeks):
    shares = pd.DataFrame([_shares(v) for v in weeks["surface_km"]], index=weeks.index)
    if shares.empty:
        return
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


def _shares(surface_km) -> dict[str, float]:
    """Each known surface's share of the week; distance of unknown surface (a row of
    an activity list says nothing of it) is no change of surface.
    """
    if not isinstance(surface_km, dict):
        return {}
    known = {k: v for k, v in surface_km.items() if k != "unknown"}
    total = sum(known.values())
    if not total:
        return {}
    return {k: v / total for k, v in known.items()}


def _diary_flags(diary: list[dict], weeks: pd.DataFrame, runs: pd.DataFrame):
    for entry in diary:
        day = pd.Timestamp(entry["date"])
        red = [f for f in entry.get("red_flags", []) if f["urgency"] == "urgent"]
        for red_flag in red:
            yield flag(day, None, "stress_fracture" if red_flag["sign"] == "cannot_bear_weight"
                       else "overuse", "urgent", f"red_flag_{red_flag['sign']}",
                       "See a clinician now", red_flag["reason"], "diary", (),
                       [c["id"] for c in entry.get("conditions", [])[:3]],
                       "Stop running and seek medical care today.")
        bone = any(f["sign"] == "bone_stress_pattern" for f in entry.get("red_flags", []))
        ramp = _ramp_before(day, weeks, runs)
        if bone and ramp:
            yield flag(day, None, "stress_fracture", "urgent", "bone_stress_during_ramp",
                       "Bone-stress symptoms during a ramp",
                       f"On {day:%d %b} you reported pain "
                       + ", ".join(w.replace("_", " ") for w in entry["when"])
                       + f", within 14 days of {ramp}.", "diary", (), ["stress_fracture"],
                       "Stop running and see a clinician now: a stress fracture must be "
                       "ruled out.")


def _ramp_before(day: pd.Timestamp, weeks: pd.DataFrame, runs: pd.DataFrame) -> str | None:
    """What made the 14 days before ``day`` a ramp, in words, or None."""
    low = day - pd.Timedelta(days=14)
    if not weeks.empty:
        near_weeks = weeks[(weeks.index + pd.Timedelta(days=6) >= low) & (weeks.index <= day)]
        for start, week in _rows(near_weeks, "change_pct"):
            if week["change_pct"] > 10 + EPSILON:
                return f"a week {week['change_pct']:+.0f}% (week of {start:%d %b})"
    if not runs.empty:
        local = runs["start_time"].dt.tz_localize(None)
        near = runs[(local >= low) & (local <= day + pd.Timedelta(days=1))
                    & runs["spike_band"].isin(["small", "moderate", "large"])]
        if len(near):
            run = near.iloc[-1]
            return f"a {run['spike_band']} single-run spike ({run['spike_ratio']:.2f})"
    return None


def load_context(entry_day: date, days: pd.DataFrame) -> str | None:
    """The load state before an entry, e.g. 'began 9 days after distance ACWR passed 1.5'."""
    if days.empty or "distance_acwr_ewma" not in days:
        return None
    before = days[days.index <= pd.Timestamp(entry_day)]["distance_acwr_ewma"].dropna()
    for line in (1.5, 1.3):
        above = before[before > line + EPSILON]
        if len(above):
            crossed = above.index[-1]
            first = crossed
            for day in reversed(above.index):  # back to the start of that episode
                if (first - day).days > 1:
                    break
                first = day
            gap = (pd.Timestamp(entry_day) - first).days
            if gap > 28:
                return None  # too long ago to be the load state "before" the entry
            return (f"began {gap} days after distance ACWR passed {line} "
                    f"(on {first:%d %b}, peak {above.loc[first:crossed].max():.2f})")
    return None
