"""Moving or paused: which steps between samples count as time spent moving.

One rule for the importers' timer and the metrics' durations, whatever the
sampling: one point a second, smart recording (a point every 1-10 s,
irregularly) or one point a minute in power-saving mode. A step between two
samples is a pause when

- the speed around it is below 1 km/h, the stopped-speed threshold of gpxpy
  (``gpxpy.gpx.DEFAULT_STOPPED_SPEED_THRESHOLD``); the speed is measured over
  at least 10 s, so one noisy fix or a distance the device updates every few
  seconds does not make a pause; or
- it is much longer than the file's own sampling interval (its median step):
  more than three intervals, and never shorter than a minute.

A long step covered at running pace in a sparse file is recording, not a
pause. Steps without distance, or in a file whose distance never moves (pool
swims and indoor rides write zeros), are judged by their length alone.
"""

from __future__ import annotations

import numpy as np

STOP_SPEED_MS = 1000 / 3600  # 1 km/h, gpxpy's stopped-speed threshold
# No step up to a minute is a pause by its length alone (the importers' old
# fixed rule): GPS dropouts and smart recording leave steps of tens of seconds.
MIN_PAUSE_S = 60.0
# A step this many sampling intervals long is a gap in recording (a pause),
# not one more point: a power-saving watch writing each minute still writes.
PAUSE_INTERVALS = 3.0
SPEED_WINDOW_S = 10.0  # speeds over at least this long, centred on the step


def sampling_interval(time: np.ndarray) -> float | None:
    """The file's own sampling interval: the median of its positive steps.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s (any order; NaN ignored).

    Returns
    -------
    float or None
        The interval, s; None with fewer than two distinct times.
    """
    time = np.asarray(time, dtype=float)
    time = time[np.isfinite(time)]
    if not (time[1:] >= time[:-1]).all():  # recordings are nearly always in order
        time = np.sort(time)
    steps = np.diff(time)
    steps = steps[steps > 0]
    return float(np.median(steps)) if steps.size else None


def longest_step(time: np.ndarray) -> float:
    """The longest step that can be recording rather than a pause.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s.

    Returns
    -------
    float
        Three sampling intervals, and never less than a minute, s.
    """
    interval = sampling_interval(time) or 0.0
    return max(MIN_PAUSE_S, PAUSE_INTERVALS * interval)


def moving_steps(time: np.ndarray, distance: np.ndarray | None = None) -> np.ndarray:
    """Whether each step ``time[i] -> time[i + 1]`` is time spent moving.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s.
    distance : numpy.ndarray, optional
        Cumulative distance, m (NaN where unknown); without it steps are
        judged by their length alone.

    Returns
    -------
    numpy.ndarray
        ``len(time) - 1`` booleans. Steps that do not go forward in time, are
        longer than :func:`longest_step` or slower than 1 km/h (measured over
        at least 10 s) are not moving.
    """
    time = np.asarray(time, dtype=float)
    if time.size < 2:
        return np.zeros(0, dtype=bool)
    steps = np.diff(time)
    with np.errstate(invalid="ignore"):
        moving = (steps > 0) & (steps <= longest_step(time))
        speeds = _step_speeds(time, distance)
        if speeds is not None:
            moving &= ~(speeds < STOP_SPEED_MS)  # an unknown (NaN) speed does not pause
    return moving


def _step_speeds(time: np.ndarray, distance: np.ndarray | None) -> np.ndarray | None:
    """Speed (m/s) around each step, over at least SPEED_WINDOW_S; NaN where unknown."""
    if distance is None:
        return None
    distance = np.asarray(distance, dtype=float)
    known = np.isfinite(time) & np.isfinite(distance)
    if known.sum() < 2:
        return None
    order = np.argsort(time[known], kind="stable")
    t, d = time[known][order], distance[known][order]
    if d.max() <= d.min():
        return None  # a distance that never moves (a pool swim, an indoor ride) says nothing
    start, end = time[:-1], time[1:]
    half = np.maximum(end - start, SPEED_WINDOW_S) / 2
    middle = (start + end) / 2
    # The window stays within the recording: beyond its ends nothing is known.
    low = np.clip(middle - half, t[0], t[-1])
    high = np.clip(middle + half, t[0], t[-1])
    width = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = (np.interp(high, t, d) - np.interp(low, t, d)) / width
    return np.where(width > 0, speed, np.nan)


def moving_durations(time: np.ndarray, distance: np.ndarray | None = None) -> np.ndarray:
    """Seconds of moving time each sample stands for.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s.
    distance : numpy.ndarray, optional
        Cumulative distance, m.

    Returns
    -------
    numpy.ndarray
        For each sample the step to the next one, s; 0 where that step is a
        pause (:func:`moving_steps`) and for the last sample.
    """
    time = np.asarray(time, dtype=float)
    if time.size == 0:
        return time
    steps = np.diff(time)
    moving = moving_steps(time, distance)
    return np.concatenate([np.where(moving, steps, 0.0), [0.0]])


def moving_seconds(time: np.ndarray, distance: np.ndarray | None = None) -> float | None:
    """Total moving time of a recording.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times in order, s.
    distance : numpy.ndarray, optional
        Cumulative distance, m.

    Returns
    -------
    float or None
        Moving time, s; None with fewer than two samples.
    """
    if len(time) < 2:
        return None
    return float(moving_durations(time, distance).sum())
