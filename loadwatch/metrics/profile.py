"""What the metrics need from an activity's samples, reduced once and kept.

A profile holds only what does not depend on the athlete's settings: time at
each heart rate and at each speed, normalised graded speed, hill share and the
inferred surface. Zones, TRIMP and the loads are then recomputed from it in
microseconds whenever a setting changes, without reading samples or files.
"""

from __future__ import annotations

import numpy as np

from loadwatch.metrics.moving import moving_durations
from loadwatch.metrics.quality import is_reason, sample_reasons
from loadwatch.metrics.terrain import graded_speeds, hill_share, infer_surface
from loadwatch.models import Activity, Samples
from loadwatch.vocabulary import SURFACES

# 3: sample durations and graded speeds follow the file's own sampling
# interval (a point a minute counts its minute), not a fixed 10 s cap; rows
# without samples are of unknown surface, not treadmill runs.
# 4: the sample checks of metrics.quality (was it a run?).
PROFILE_VERSION = 4
SPEED_STEP = 0.1  # m/s: pace-zone resolution


def sample_durations(time: np.ndarray, distance: np.ndarray | None = None) -> np.ndarray:
    """How long each sample stands for: the moving time to the next one.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s.
    distance : numpy.ndarray, optional
        Cumulative distance, m.

    Returns
    -------
    numpy.ndarray
        Seconds per sample; pauses count nothing (``metrics.moving``).
    """
    return moving_durations(time, distance)


def seconds_at(values: np.ndarray, durations: np.ndarray, step: float) -> dict[float, float]:
    """Total time spent at each value, the values rounded to ``step``.

    Parameters
    ----------
    values : numpy.ndarray
        Heart rates (bpm) or speeds (m/s), one per sample.
    durations : numpy.ndarray
        Seconds each sample stands for.
    step : float
        Resolution of the values, in their unit.

    Returns
    -------
    dict of float to float
        Value to seconds; values that are not positive numbers are left out.
    """
    keep = np.isfinite(values) & (values > 0) & (durations > 0)
    if not keep.any():
        return {}
    buckets = np.round(values[keep] / step).astype(np.int64)
    totals = np.bincount(buckets, weights=durations[keep])
    present = np.flatnonzero(totals)
    return {round(float(b * step), 6): float(totals[b]) for b in present}


def activity_profile(samples: dict, *, sub_sport: str | None, name: str | None,
                     distance_m: float | None, timer_s: float | None) -> dict:
    """The settings-free summary of one activity's samples (JSON-ready).

    Parameters
    ----------
    samples : dict of str to numpy.ndarray
        Columns named as ``models.SAMPLE_COLUMNS`` (s, m, m/s, bpm, m, deg).
    sub_sport, name : str or None
        What the file says of the activity (for its surface).
    distance_m : float or None
        The activity's distance, m.
    timer_s : float or None
        Its moving time, s.

    Returns
    -------
    dict
        ``version``, ``hr_seconds`` (bpm -> s), ``speed_seconds`` (m/s -> s),
        ``ngp_speed`` and ``gap_speed`` (m/s), ``hill_share`` (0-1),
        ``surface``, ``surface_source`` and ``sample_checks`` (the reasons
        of :func:`metrics.quality.sample_reasons`; None without timed samples).
    """
    time = samples.get("time", np.zeros(0))
    durations = sample_durations(time, samples.get("distance"))
    lat, lon = samples.get("lat"), samples.get("lon")
    has_position = lat is not None and bool(np.isfinite(lat).any())
    average = distance_m / timer_s if distance_m and timer_s else None
    surface, source = infer_surface(sub_sport, name, has_position, distance_m,
                                    lat if has_position else None,
                                    lon if has_position else None,
                                    has_samples=time.size > 0)
    distance = samples.get("distance", np.zeros(0))
    altitude = samples.get("altitude", np.full(time.shape, np.nan))
    ngp, gap = (graded_speeds(time, distance, altitude, average) if distance.size
                else (average, average))
    return {
        "version": PROFILE_VERSION,
        "hr_seconds": seconds_at(samples.get("heart_rate", np.zeros(0)), durations, 1.0),
        "speed_seconds": seconds_at(samples.get("speed", np.zeros(0)), durations, SPEED_STEP),
        "ngp_speed": ngp,
        "gap_speed": gap,
        "hill_share": hill_share(distance, altitude) if distance.size else None,
        "surface": surface,
        "surface_source": source,
        "sample_checks": sample_reasons(samples),
    }


def profile_problem(profile: object) -> str | None:
    """Why a stored profile cannot be used (a hand edit, a damaged store).

    Parameters
    ----------
    profile : object
        A profile as stored.

    Returns
    -------
    str or None
        What is wrong with its shape or ranges (time maps of speeds and heart
        rates to seconds, speeds from 0 to 50 m/s, a hill share from 0 to 1, a
        known surface, sample checks as a list of reasons); None when it can be used.
    """
    if not isinstance(profile, dict):
        return "not a profile"
    for key, (low, high) in (("hr_seconds", (0.0, 300.0)), ("speed_seconds", (0.0, 50.0))):
        table = profile.get(key)
        if not isinstance(table, dict) or not all(
                _number_in(_as_float(k), low, high) and _number_in(v, 0.0, 1e7)
                for k, v in table.items()):
            return f"{key} is not a map of values to seconds"
    for key, (low, high) in (("ngp_speed", (0.0, 50.0)), ("gap_speed", (0.0, 50.0)),
                             ("hill_share", (0.0, 1.0))):
        value = profile.get(key)
        if value is not None and not _number_in(value, low, high):
            return f"{key} {value!r} is outside {low:g}-{high:g}"
    if profile.get("surface") not in SURFACES or not isinstance(
            profile.get("surface_source"), str):
        return f"surface {profile.get('surface')!r} is not one loadwatch knows"
    checks = profile.get("sample_checks")
    if checks is not None and not (isinstance(checks, list) and all(map(is_reason, checks))):
        return "sample_checks is not a list of reasons"
    return None


def _as_float(text: object) -> float | None:
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _number_in(value: object, low: float, high: float) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and low <= value <= high)


def profile_of(activity: Activity, samples: Samples) -> dict:
    """The settings-free summary of one activity that the metrics start from.

    Parameters
    ----------
    activity : Activity
        Its sub-sport, name, distance (m) and timer time (s) help tell the surface.
    samples : dict of str to ndarray
        The recording (may be empty: a row of an activity list).

    Returns
    -------
    dict
        See :func:`activity_profile`.
    """
    return activity_profile(samples, sub_sport=activity.sub_sport, name=activity.name,
                            distance_m=activity.distance_m, timer_s=activity.timer_s)
