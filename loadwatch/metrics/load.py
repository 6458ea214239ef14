"""Session load on one scale: load points, 100 = one hour at threshold (TSS).

- Banister TRIMP (Morton, Fitz-Clarke & Banister 1990, J Appl Physiol
  69(3):1171-1177): sum of minutes x HRr x a x exp(b x HRr), HRr = (HR -
  rest) / (max - rest); men a = 0.64, b = 1.92; women a = 0.86, b = 1.67; sex
  not set: the men's constants (the output says so).
- hrTSS = 100 x TRIMP / TRIMP(60 minutes at lactate-threshold HR).
- rTSS = hours x IF^2 x 100, IF = NGP speed / threshold speed.
- Session RPE (Foster et al. 2001, J Strength Cond Res 15(1):109-115): RPE x
  minutes, converted at one hour at RPE 7 = 100 points (x 100 / 420).
- Otherwise duration at easy intensity, IF 0.75: 56.25 points an hour.
The fallback order is hrTSS, rTSS, session RPE, duration. sRPE and duration
points are approximations; the interface says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

TRIMP_CONSTANTS = {"male": (0.64, 1.92), "female": (0.86, 1.67)}
SRPE_POINTS_PER_UNIT = 100 / 420
DEFAULT_INTENSITY_FACTOR = 0.75
LOAD_METHODS = ("hrtss", "rtss", "srpe", "duration")


def trimp_constants(sex: str | None) -> tuple[float, float]:
    """(a, b) for the athlete's sex; the men's when it is not set."""
    return TRIMP_CONSTANTS.get(sex or "male", TRIMP_CONSTANTS["male"])


def heart_rate_reserve(hr, resting_hr: float, max_hr: float):
    """HRr = (HR - rest) / (max - rest), kept within 0..1."""
    return np.clip((np.asarray(hr, dtype=float) - resting_hr) / (max_hr - resting_hr), 0, 1)


def trimp(seconds_at_hr: Mapping[int, float], resting_hr: float, max_hr: float,
          sex: str | None) -> float:
    """Banister TRIMP from the time (s) spent at each heart rate (bpm)."""
    a, b = trimp_constants(sex)
    bpm = np.fromiter(seconds_at_hr.keys(), dtype=float)
    minutes = np.fromiter(seconds_at_hr.values(), dtype=float) / 60
    hrr = heart_rate_reserve(bpm, resting_hr, max_hr)
    return float(np.sum(minutes * hrr * a * np.exp(b * hrr)))


def _trimp_at(hr: float, minutes: float, resting_hr, max_hr, sex) -> float:
    a, b = trimp_constants(sex)
    hrr = float(heart_rate_reserve(hr, resting_hr, max_hr))
    return minutes * hrr * a * math.exp(b * hrr)


def hrtss(trimp_value: float, threshold_hr: float, resting_hr: float, max_hr: float,
          sex: str | None) -> float:
    """100 x TRIMP / TRIMP(one hour at threshold HR)."""
    return 100 * trimp_value / _trimp_at(threshold_hr, 60, resting_hr, max_hr, sex)


def rtss(hours: float, ngp_speed: float, threshold_speed: float) -> float:
    """Hours x IF^2 x 100 with IF = NGP speed / threshold speed (m/s)."""
    return hours * (ngp_speed / threshold_speed) ** 2 * 100


def srpe(rpe: float, minutes: float) -> float:
    """Foster's session RPE in arbitrary units: RPE (0-10) x minutes."""
    return rpe * minutes


def duration_points(hours: float) -> float:
    """Load points of easy running (IF 0.75) for ``hours``."""
    return hours * DEFAULT_INTENSITY_FACTOR ** 2 * 100


def flatten(maps: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, value, seconds) arrays from a Series of value -> seconds maps.

    Values may be numbers or their decimal text (JSON keeps map keys as text;
    numpy parses them here, faster than converting each map on reading).
    """
    rows, values, seconds = [], [], []
    for row, mapping in enumerate(maps):
        if mapping:
            rows.extend([row] * len(mapping))
            values.extend(mapping.keys())
            seconds.extend(mapping.values())
    return (np.asarray(rows, dtype=np.int64), np.asarray(values, dtype=float),
            np.asarray(seconds, dtype=float))


def session_loads(activities: pd.DataFrame, settings: Mapping[str, object]) -> pd.DataFrame:
    """Every computable load of each activity, and the one the fallback chain picks.

    ``activities`` columns: ``timer_s``, ``avg_hr``, ``rpe``, ``ngp_speed``
    (m/s) and ``hr_seconds`` (dict bpm -> s, may be empty). Settings used:
    ``sex``, ``max_hr``, ``resting_hr``, ``threshold_hr``, ``threshold_speed``
    (m/s). Returns ``trimp``, ``hrtss``, ``rtss``, ``srpe``, ``load`` (points)
    and ``load_method``. Vectorised over activities: ten years of daily runs
    take milliseconds.
    """
    count = len(activities)
    hours = activities["timer_s"].fillna(0).to_numpy(dtype=float) / 3600
    nan = np.full(count, np.nan)
    trimp_values, hrtss_values = nan.copy(), nan.copy()
    rest, top, threshold = (settings.get(k) for k in ("resting_hr", "max_hr", "threshold_hr"))
    if rest and top:
        a, b = trimp_constants(settings.get("sex"))
        rows, bpm, seconds = flatten(activities["hr_seconds"])
        hrr = heart_rate_reserve(bpm, rest, top)
        from_samples = np.bincount(rows, weights=seconds / 60 * hrr * a * np.exp(b * hrr),
                                   minlength=count)
        has_samples = np.bincount(rows, minlength=count) > 0
        average = heart_rate_reserve(activities["avg_hr"].to_numpy(dtype=float), rest, top)
        from_average = hours * 60 * average * a * np.exp(b * average)
        average_known = activities["avg_hr"].notna().to_numpy()
        trimp_values = np.where(has_samples, from_samples,
                                np.where(average_known, from_average, np.nan))
        if threshold:
            hrtss_values = 100 * trimp_values / _trimp_at(threshold, 60, rest, top,
                                                          settings.get("sex"))
    speed = settings.get("threshold_speed")
    ngp = activities["ngp_speed"].to_numpy(dtype=float)
    rtss_values = (np.where(ngp > 0, rtss(hours, ngp, speed), np.nan) if speed else nan.copy())
    srpe_values = srpe(activities["rpe"].to_numpy(dtype=float), hours * 60)
    choices = [hrtss_values, rtss_values, srpe_values * SRPE_POINTS_PER_UNIT,
               duration_points(hours)]
    load_values, methods = np.full(count, np.nan), np.full(count, "duration", dtype=object)
    for method, values in zip(LOAD_METHODS, choices, strict=True):
        take = np.isnan(load_values) & ~np.isnan(values)
        load_values[take], methods[take] = values[take], method
    notes = [_note(method, settings.get("sex")) for method in methods]
    return pd.DataFrame({"trimp": trimp_values, "hrtss": hrtss_values, "rtss": rtss_values,
                         "srpe": srpe_values, "load": load_values, "load_method": methods,
                         "load_note": notes}, index=activities.index)


def _note(method: str, sex: str | None) -> str | None:
    """What the user should know about how a load was estimated."""
    if method == "srpe":
        return "from session RPE (1 h at RPE 7 = 100 points): an approximation"
    if method == "duration":
        return ("no heart rate, pace or RPE: counted as easy running (56 points an hour), "
                "an approximation")
    if method == "hrtss" and not sex:
        return "TRIMP with the men's constants: set sex to use your own"
    return None
