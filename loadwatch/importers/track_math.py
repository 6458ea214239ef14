"""Track arithmetic shared by the importers: distance, climb, moving time and cadence."""

from __future__ import annotations

import numpy as np

from loadwatch.metrics.moving import moving_durations, moving_seconds

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
# Faster than any runner or rider: a step implying more is a GPS or clock
# glitch and adds no distance.
MAX_PLAUSIBLE_SPEED_MS = 50.0
MAX_UNTIMED_STEP_M = 1000.0
MAX_SAME_SECOND_STEP_M = 50.0
# Altitude changes smaller than this are treated as barometric/GPS noise.
CLIMB_NOISE_M = 3.0
# A jump this large between two samples is a sensor glitch (or a GPS altitude
# re-fix), not a climb: it moves the reference without counting.
ALTITUDE_GLITCH_M = 50.0


def cumulative_distance(lat: np.ndarray, lon: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Cumulative great-circle distance (m) along a track; NaN before the first fix.

    Steps from or to a missing fix, and steps implying more than 50 m/s, add
    nothing, so a glitch never invents distance. Between points without
    times, a step counts unless it is longer than 1 km (a jump, not a stride).
    """
    if len(lat) == 0:
        return np.zeros(0)
    phi, lam = np.radians(lat), np.radians(lon)
    dphi, dlam = np.diff(phi), np.diff(lam)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlam / 2) ** 2
    step = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    dt = np.diff(seconds.astype(np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = step / dt
        # Loggers write several fixes within one second: a short step with
        # no time between counts; a long one is a jump.
        standing = (dt <= 0) & (step <= MAX_SAME_SECOND_STEP_M)
        untimed = np.isnan(dt) & (step <= MAX_UNTIMED_STEP_M)
        plausible = np.isfinite(step) & (standing | untimed | (speed <= MAX_PLAUSIBLE_SPEED_MS))
    step = np.where(plausible, step, 0.0)
    distance = np.concatenate([[0.0], np.cumsum(step)])
    first_fix = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if first_fix.size == 0:
        return np.full(len(lat), np.nan)
    distance[: first_fix[0]] = np.nan
    return distance


def elevation_gain(altitude: np.ndarray) -> float | None:
    """Total ascent (m), counting a climb once it exceeds the noise band."""
    values = altitude[np.isfinite(altitude)]
    if values.size < 2:
        return None
    gain = 0.0
    anchor = previous = float(values[0])
    # A hysteresis walk: sequential by nature. Plain comparisons with the
    # bounds as locals (no abs(), no attribute look-ups): this loop runs
    # once a sample on every import.
    high, low, up, down = ALTITUDE_GLITCH_M, -ALTITUDE_GLITCH_M, CLIMB_NOISE_M, -CLIMB_NOISE_M
    for value in values[1:].tolist():
        step = value - previous
        previous = value
        if step > high or step < low:  # a glitch moves the reference, counts nothing
            anchor = value
            continue
        rise = value - anchor
        if rise >= up:
            gain += rise
            anchor = value
        elif rise <= down:
            anchor = value
    return gain


def moving_time(seconds: np.ndarray, distance: np.ndarray | None = None) -> float | None:
    """Moving time (s) of a track: the steps between its timed samples, less pauses.

    ``seconds`` from the start (NaN where a sample has no time), ``distance``
    cumulative metres beside them. Samples are taken in time order. Pauses are
    decided from the speed between samples and the track's own sampling
    interval (``loadwatch.metrics.moving``), so a point a minute is recording.
    """
    seconds = np.asarray(seconds, dtype=np.float64)
    timed = np.isfinite(seconds)
    if timed.sum() < 2:
        return None
    order = np.argsort(seconds[timed], kind="stable")
    along = None if distance is None else np.asarray(distance, dtype=np.float64)[timed][order]
    return moving_seconds(seconds[timed][order], along)


def average_cadence(cadence: np.ndarray, seconds: np.ndarray | None = None,
                    distance: np.ndarray | None = None) -> float | None:
    """Mean cadence of the samples, in the unit the file wrote.

    That is rpm: strides a minute for running watches, as FIT sessions store
    ``avg_cadence``.

    Weighted by the moving time each sample stands for when the samples are
    timed, so a point a minute counts its minute and pauses count nothing;
    zeros (standing, no sensor) are left out, as watches leave them out of
    their own average.
    """
    cadence = np.asarray(cadence, dtype=np.float64)
    present = np.isfinite(cadence) & (cadence > 0)
    if not present.any():
        return None
    if seconds is not None:
        weights = moving_durations(seconds, distance)[present]
        if weights.sum() > 0:
            return float(np.average(cadence[present], weights=weights))
    return float(cadence[present].mean())
