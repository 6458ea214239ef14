"""Was this "run" a run? Checks that mark a running activity as suspect, with the reason.

A bike ride or a car journey logged as a run, a watch left on for an hour
after the run, GPS jumps that add distance, or a distance that disagrees with
its own time all make a single-run spike or a weekly jump that never
happened. These checks find such activities; the load engine then leaves a
marked run out of the running numbers until the runner confirms it ("it was a
run") or corrects it.

Pure: samples or summary values in, reasons out. A reason is a JSON-ready
dict: ``check`` (one of ``CHECKS``) and the numbers behind it in metres,
seconds and m/s; ``metrics.quality_text.describe`` words it in the athlete's units.

From the samples (computed once at import, kept in the activity's profile):

- ``vehicle_speed``: faster than 25 km/h for more than a minute at a stretch.
- ``walking_tail``: at least 20 minutes of moving at walking pace after the
  last running minute of a run (mostly running before it).
- ``gps_jumps``: point-to-point speeds no runner reaches, adding at least
  5% of the distance and 200 m.

From the summary (every read; the runner may correct the distance):

- ``average_speed``: an average above 25 km/h.
- ``record_pace``: an average faster than the world record for the distance.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported where used: import workers need the checks, not pandas
    import pandas as pd

from loadwatch.metrics.moving import longest_step, moving_durations
from loadwatch.metrics.terrain import minetti_cost

CHECKS = ("vehicle_speed", "walking_tail", "gps_jumps", "average_speed", "record_pace")
SAMPLE_CHECKS = CHECKS[:3]
# Faster than 25 km/h for over a minute is a bike or a car: no recreational
# runner holds it, and only world-class middle-distance racing does (the
# 1500 m record, 3:26.00, is 26.2 km/h; the 3000 m record, 24.7 km/h, is under it).
VEHICLE_SPEED_MS = 25 / 3.6
VEHICLE_SECONDS = 60.0
VEHICLE_STEPS = 3  # at least three steps: one GPS jump (out and back) is two
# People change from walking to running at about 2 m/s (7.2 km/h): Hreljac
# 1993 (Med Sci Sports Exerc 25(10):1158-1162) measured a preferred
# walk-run transition speed of 2.06 m/s.
WALK_SPEED_MS = 2.0
WINDOW_S = 60.0  # running or walking is judged a minute at a time
TAIL_SECONDS = 20 * 60.0
RUN_SHARE = 0.5  # of the moving time before the tail, running: it was a run
# Usain Bolt's peak in the 2009 100 m world record was 12.4 m/s (44.7 km/h):
# a step between two points faster than this is the GPS, not the runner.
JUMP_SPEED_MS = 12.5
JUMP_SHARE = 0.05  # half the first spike band (1.00-1.10): enough to move a band
JUMP_MIN_M = 200.0
# World records (men's, the fastest): distance m, time s. World Athletics:
# 1500 m El Guerrouj 1998, mile El Guerrouj 1999, 2000 m Ingebrigtsen 2023,
# 3000 m Ingebrigtsen 2024, 5000 m and 10,000 m Cheptegei 2020, half marathon
# Kiplimo 2025, marathon Kiptum 2023; 100 km Sorokin 2022 and 24 hours
# (319.614 km) Sorokin 2022 (IAU).
WORLD_RECORDS = ((1500.0, 206.00), (1609.344, 223.13), (2000.0, 283.13), (3000.0, 437.55),
                 (5000.0, 755.36), (10000.0, 1571.00), (21097.5, 3402.0), (42195.0, 7235.0),
                 (100000.0, 21935.0), (319614.0, 86400.0))
_LOG_D = np.log([d for d, _ in WORLD_RECORDS])
_LOG_V = np.log([d / t for d, t in WORLD_RECORDS])
_TOLERANCE = 1e-9  # a speed this close to a line is on it, not over it


def record_speed(distance_m) -> np.ndarray:
    """The world-record average speed for a distance: no runner holds more.

    Parameters
    ----------
    distance_m : array_like
        Distances, m.

    Returns
    -------
    numpy.ndarray
        Speeds, m/s: the records of ``WORLD_RECORDS`` (1500 m to 24 hours),
        and between two records a straight line in log speed against log
        distance (Riegel's power law, fitted between neighbours). Shorter than
        1500 m: the 1500 m record's speed; longer than the 24-hour record: its
        speed (both only ever more lenient than the truth).
    """
    distance = np.asarray(distance_m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(np.where(distance > 0, distance, np.nan))
    return np.exp(np.interp(logs, _LOG_D, _LOG_V))


def summary_reasons(distance_m, timer_s, elapsed_s) -> list[dict | None]:
    """The summary checks of each activity: its average speed against what runners hold.

    Parameters
    ----------
    distance_m, timer_s, elapsed_s : array_like
        Distance (m), moving time and elapsed time (s); NaN where unknown.
        The average is over the moving time, else the elapsed time.

    Returns
    -------
    list of dict or None
        Per activity: ``average_speed`` when the average is above 25 km/h
        (``VEHICLE_SPEED_MS``), else ``record_pace`` when it is faster than
        the world record for the distance (:func:`record_speed`), with
        ``distance_m``, ``seconds``, ``speed_ms`` and (for ``record_pace``)
        ``record_speed_ms``; None when neither (or without distance and time).
    """
    distance = np.asarray(distance_m, dtype=float)
    timer, elapsed = np.asarray(timer_s, dtype=float), np.asarray(elapsed_s, dtype=float)
    seconds = np.where(np.isfinite(timer) & (timer > 0), timer, elapsed)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where((seconds > 0) & (distance > 0), distance / seconds, np.nan)
    record = record_speed(distance)
    vehicle = speed > VEHICLE_SPEED_MS * (1 + _TOLERANCE)
    faster = ~vehicle & (speed > record * (1 + _TOLERANCE))
    reasons: list[dict | None] = [None] * len(distance)
    for index in np.flatnonzero(vehicle | faster).tolist():
        reason = {"check": "average_speed" if vehicle[index] else "record_pace",
                  "distance_m": float(distance[index]), "seconds": float(seconds[index]),
                  "speed_ms": float(speed[index])}
        if faster[index]:
            reason["record_speed_ms"] = float(record[index])
        reasons[index] = reason
    return reasons


def _track(samples: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray] | None:
    """Times (s, increasing) and cumulative distance (m) of the samples that have both.

    The distance column, else the speed integrated over time; None when the
    samples hold no timed movement.
    """
    time = samples.get("time")
    if time is None or len(time) < 2:
        return None
    time = np.asarray(time, dtype=float)
    distance = samples.get("distance")
    if distance is None or not np.isfinite(distance).any():
        speed = samples.get("speed")
        if speed is None or not np.isfinite(speed).any():
            return None
        steps = np.nan_to_num(np.asarray(speed, dtype=float)[:-1]) * np.diff(time)
        distance = np.concatenate([[0.0], np.cumsum(np.where(steps > 0, steps, 0.0))])
    distance = np.asarray(distance, dtype=float)
    known = np.isfinite(time) & np.isfinite(distance)
    t, d = time[known], distance[known]
    if t.size < 2:
        return None
    order = np.argsort(t, kind="stable")
    t, d = t[order], np.maximum.accumulate(d[order])
    forward = np.concatenate([[True], np.diff(t) > 0])
    t, d = t[forward], d[forward]
    if t.size < 2 or d[-1] <= d[0]:
        return None
    return t, d


def sample_reasons(samples: Mapping[str, np.ndarray]) -> list[dict] | None:
    """The sample checks of one recording (run when it is imported).

    Parameters
    ----------
    samples : mapping of str to numpy.ndarray
        Columns as ``models.SAMPLE_COLUMNS``: ``time`` (s), ``distance`` (m,
        cumulative), ``speed`` (m/s), ``altitude`` (m).

    Returns
    -------
    list of dict or None
        The reasons found (``vehicle_speed``, ``walking_tail``,
        ``gps_jumps``; see the module), [] when none; None when the samples
        hold no timed distance (nothing could be checked).

    Notes
    -----
    Thresholds and their sources: ``VEHICLE_SPEED_MS`` (25 km/h, above every
    world record from 3000 m up) held for over ``VEHICLE_SECONDS`` (60 s) and
    three steps; ``WALK_SPEED_MS`` (2 m/s, the walk-run transition, Hreljac
    1993) for ``TAIL_SECONDS`` (20 min) after a run at least ``RUN_SHARE``
    running, uphill speeds grade-adjusted (Minetti et al. 2002);
    ``JUMP_SPEED_MS`` (12.5 m/s, above Bolt's peak) adding ``JUMP_SHARE`` (5%)
    and ``JUMP_MIN_M`` (200 m). Steps longer than the file's pauses
    (``moving.longest_step``) are gaps, never fast.
    """
    track = _track(samples)
    if track is None:
        return None
    time, distance = track
    # A device's clock in microseconds (or worse) is no reason to fail an import.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        steps_t, steps_d = np.diff(time), np.diff(distance)
        speeds = steps_d / steps_t
        recording = steps_t <= longest_step(time)  # longer steps are gaps (pauses)
        fast = (speeds > VEHICLE_SPEED_MS * (1 + _TOLERANCE)) & recording
        vehicle = _vehicle_steps(fast, steps_t)
        found = [_vehicle_reason(vehicle, time, steps_t, steps_d),
                 _tail_reason(time, distance, _altitude_on(time, samples)),
                 _jump_reason(speeds, steps_t, steps_d, recording & ~vehicle, distance)]
    return [reason for reason in found if reason is not None and is_reason(reason)]


def _vehicle_steps(fast: np.ndarray, steps_t: np.ndarray) -> np.ndarray:
    """The fast steps that belong to a stretch of more than a minute (and three steps)."""
    result = np.zeros(fast.shape, dtype=bool)
    edges = np.diff(np.concatenate([[0], fast.astype(np.int8), [0]]))
    for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1),
                          strict=True):
        if end - start >= VEHICLE_STEPS and steps_t[start:end].sum() > VEHICLE_SECONDS:
            result[start:end] = True
    return result


def _vehicle_reason(vehicle: np.ndarray, time: np.ndarray, steps_t: np.ndarray,
                    steps_d: np.ndarray) -> dict | None:
    if not vehicle.any():
        return None
    seconds = float(steps_t[vehicle].sum())
    metres = float(steps_d[vehicle].sum())
    return {"check": "vehicle_speed", "seconds": seconds, "distance_m": metres,
            "speed_ms": metres / seconds,
            "start_s": float(time[np.flatnonzero(vehicle)[0]] - time[0])}


def _window_speeds(time: np.ndarray, distance: np.ndarray,
                   altitude: np.ndarray | None) -> np.ndarray:
    """Speed over the minute from each sample on (m/s), uphill grade-adjusted.

    Walking up a mountain is running effort: a climb counts at Minetti et
    al. 2002's metabolic cost of its grade over the cost on the flat. A
    descent never makes a run slower than it was.
    """
    ends = np.minimum(time + WINDOW_S, time[-1])
    width = ends - time
    covered = np.interp(ends, time, distance) - distance
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(width > 0, covered / width, 0.0)
        if altitude is None:
            return speed
        climb = np.interp(ends, time, altitude) - altitude
        grade = np.where(covered > 0, climb / covered, 0.0)
    return np.maximum(speed, speed * minetti_cost(grade) / minetti_cost(0.0))


def _altitude_on(time: np.ndarray, samples: Mapping[str, np.ndarray]) -> np.ndarray | None:
    """The altitude (m) at each of the track's times, where the samples know it."""
    altitude = samples.get("altitude")
    if altitude is None:
        return None
    raw_t = np.asarray(samples["time"], dtype=float)
    raw_a = np.asarray(altitude, dtype=float)
    keep = np.isfinite(raw_t) & np.isfinite(raw_a)
    if keep.sum() < 2:
        return None
    order = np.argsort(raw_t[keep], kind="stable")
    return np.interp(time, raw_t[keep][order], raw_a[keep][order])


def _tail_reason(time: np.ndarray, distance: np.ndarray,
                 altitude: np.ndarray | None) -> dict | None:
    """At least TAIL_SECONDS moving at walking pace after the last running minute.

    Only after a run: the moving time before the tail must be mostly (at least
    RUN_SHARE) running. A walk-run session walks throughout; its last walk is
    no watch left on.
    """
    speed = _window_speeds(time, distance, altitude)
    full = time + WINDOW_S <= time[-1]
    running = full & (speed >= WALK_SPEED_MS)
    if not running.any():
        return None  # no running at all: not a run with a tail
    last = np.flatnonzero(running)[-1]
    # The run ended within that minute, at its last step at running speed.
    stop = max(int(np.searchsorted(time, time[last] + WINDOW_S)), last + 1)
    fast = np.flatnonzero(np.diff(distance[last:stop + 1]) / np.diff(time[last:stop + 1])
                          >= WALK_SPEED_MS)
    end = time[last + 1 + fast[-1]] if fast.size else time[last] + WINDOW_S
    after = time >= end
    if after.sum() < 2:
        return None
    durations = moving_durations(time, distance)
    moving, before = float(durations[after].sum()), durations[~after].sum()
    metres = float(distance[-1] - np.interp(end, time, distance))
    if (moving < TAIL_SECONDS or durations[~after & running].sum() < RUN_SHARE * before
            or metres >= WALK_SPEED_MS * moving):  # a sparse track's long steps are no walk
        return None
    return {"check": "walking_tail", "seconds": moving, "elapsed_s": float(time[-1] - end),
            "distance_m": metres, "start_s": float(end - time[0])}


def _jump_reason(speeds: np.ndarray, steps_t: np.ndarray, steps_d: np.ndarray,
                 candidates: np.ndarray, distance: np.ndarray) -> dict | None:
    jumps = candidates & (speeds > JUMP_SPEED_MS)
    if not jumps.any():
        return None
    ordinary = candidates & ~jumps & (speeds > 0)
    typical = (float(steps_d[ordinary].sum() / steps_t[ordinary].sum())
               if ordinary.any() else 0.0)
    added = float(np.sum(steps_d[jumps] - typical * steps_t[jumps]))
    total = float(distance[-1] - distance[0])
    if added < JUMP_MIN_M or added < JUMP_SHARE * total:
        return None
    return {"check": "gps_jumps", "count": int(jumps.sum()), "distance_m": added,
            "total_m": total}


def quality_marks(activities: pd.DataFrame) -> pd.DataFrame:
    """Each activity's reasons and whether it is left out of the running numbers.

    Parameters
    ----------
    activities : pandas.DataFrame
        ``sport``, ``distance_m`` (m), ``timer_s`` and ``elapsed_s`` (s);
        optionally ``sample_checks`` (the profile's :func:`sample_reasons`)
        and ``quality_review`` (the runner's: ``confirmed`` or ``corrected``).

    Returns
    -------
    pandas.DataFrame
        On the same index: ``quality_reasons`` (list of reasons; [] for an
        activity that is not a run) and ``held_out`` (a run with a reason the
        runner has not confirmed). A run whose distance the runner corrected
        keeps only the summary checks (its samples no longer make the distance).
    """
    running = (activities["sport"] == "running").to_numpy()
    import pandas as pd  # here: import workers load this module, and need no pandas

    empty = pd.Series(np.nan, index=activities.index)
    summary = summary_reasons(*(activities.get(c, empty).to_numpy(dtype=float)
                                for c in ("distance_m", "timer_s", "elapsed_s")))
    review = activities.get("quality_review", pd.Series(None, index=activities.index)).tolist()
    checks = activities.get("sample_checks", pd.Series(None, index=activities.index)).tolist()
    # Most runs have nothing to say: only those with a reason are looked at one by one.
    said = [(type(c) is list and len(c) > 0) or r is not None
            for c, r in zip(checks, summary, strict=True)]
    candidates = running & np.array(said, dtype=bool).reshape(running.shape)
    reasons: list[list] = [[] for _ in range(len(running))]
    held = np.zeros(len(running), dtype=bool)
    for index in np.flatnonzero(candidates).tolist():
        found = reasons[index]
        if isinstance(checks[index], list) and review[index] != "corrected":
            found.extend(r for r in checks[index] if is_reason(r))
        if summary[index] is not None:
            found.append(summary[index])
        held[index] = bool(found) and review[index] != "confirmed"
    return pd.DataFrame({"quality_reasons": reasons, "held_out": held}, index=activities.index)


def is_reason(value: object) -> bool:
    """Whether a stored value reads as a reason (a profile edited by hand may not)."""
    return (isinstance(value, dict) and value.get("check") in CHECKS
            and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for k, v in value.items() if k != "check"))
