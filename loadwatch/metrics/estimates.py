"""Heart-rate and pace settings estimated from recorded runs.

- **Highest heart rate seen**: the highest heart rate held for 10 seconds
  (every second of a 10-second stretch at or above it), so that one sample's
  spike from a strap or an optical sensor does not count. It is a floor for
  the maximum heart rate: only an all-out effort reaches the true maximum.
- **Threshold pace and heart rate** after Joe Friel's 30-minute test (Friel,
  The Triathlete's Training Bible): the average pace of the fastest
  30 minutes of a hard run, and the average heart rate of that effort's last
  20 minutes. A 30-minute stretch is hard when its average heart rate is at
  least 85% of the maximum heart rate (the runner's, or the highest seen),
  where lactate-threshold heart rate begins for most runners; easy and long
  runs, however long, do not count.

Samples are put on a one-second grid first: each second holds the value of the
last sample before it, unless the step to the next sample is longer than
``MAX_STEP_S`` (a pause or a dropout: those seconds are unknown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

HOLD_S = 10  # a heart rate counts as seen when held this long
MAX_STEP_S = 10.0  # a longer step between samples leaves its seconds unknown
EFFORT_S = 1800  # Friel's test: 30 minutes all out
TAIL_S = 1200  # its heart rate: the average of the last 20 minutes
HARD_FRACTION_OF_MAX = 0.85  # a 30-minute stretch this close to the maximum is hard
MIN_COVERAGE = 0.9  # heart rate recorded for at least this share of the stretch


@dataclass(frozen=True)
class Effort:
    """The fastest hard 30 minutes of a run.

    Attributes
    ----------
    start_s : float
        Its start, seconds from the run's start.
    speed : float
        Average speed, m/s: distance covered over the 30 minutes.
    heart_rate : float
        Average heart rate over the 30 minutes, bpm.
    tail_heart_rate : float
        Average heart rate over its last 20 minutes, bpm.
    """

    start_s: float
    speed: float
    heart_rate: float
    tail_heart_rate: float


@dataclass(frozen=True)
class RunEstimates:
    """What a set of runs says about the athlete's heart rate and threshold.

    Attributes
    ----------
    peak_hr : float or None
        The highest heart rate held for ``HOLD_S`` seconds in any run, bpm.
    peak_run : int or None
        The run it was seen in (its key in the runs given).
    hard_hr : float or None
        The heart rate a 30-minute stretch had to average to count as hard, bpm.
    effort : Effort or None
        The fastest hard 30 minutes of all runs.
    effort_run : int or None
        The run the effort was found in.
    """

    peak_hr: float | None
    peak_run: int | None
    hard_hr: float | None
    effort: Effort | None
    effort_run: int | None


def per_second(time: np.ndarray, values: np.ndarray,
               max_step_s: float = MAX_STEP_S) -> tuple[np.ndarray, np.ndarray]:
    """Samples as a series of whole seconds.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s from the start (any order).
    values : numpy.ndarray
        A value per sample; NaN where unknown (such samples are dropped).
    max_step_s : float
        A step to the next sample longer than this leaves its seconds unknown.

    Returns
    -------
    seconds : numpy.ndarray
        Whole seconds from the first known sample to the last, s.
    series : numpy.ndarray
        The value of the last sample at or before each second (NaN inside a
        longer step).

    Examples
    --------
    Samples every 3 s, ``[140, 150, 160]`` at 0, 3 and 6 s, give ``140`` for
    seconds 0-2, ``150`` for 3-5 and ``160`` for 6.
    """
    time = np.asarray(time, dtype=float)
    values = np.asarray(values, dtype=float)
    known = np.isfinite(time) & np.isfinite(values)
    order = np.argsort(time[known], kind="stable")
    time, values = time[known][order], values[known][order]
    if time.size == 0:
        return np.zeros(0), np.zeros(0)
    seconds = np.arange(np.ceil(time[0]), np.floor(time[-1]) + 1)
    at = np.searchsorted(time, seconds, side="right") - 1
    step = time[np.minimum(at + 1, time.size - 1)] - time[at]
    return seconds, np.where(step > max_step_s, np.nan, values[at])


def sustained_peak(time: np.ndarray, heart_rate: np.ndarray, hold_s: int = HOLD_S) -> float | None:
    """The highest heart rate held for ``hold_s`` seconds.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s.
    heart_rate : numpy.ndarray
        Heart rate, bpm (NaN where unknown).
    hold_s : int
        How long it must be held, s.

    Returns
    -------
    float or None
        The highest value that every second of some ``hold_s``-second stretch
        reached (the largest of the stretches' minima), bpm; None when no
        stretch that long was recorded.

    Examples
    --------
    At one sample a second, 150 bpm with one sample of 220 and twelve
    seconds at 180 give 180: the spike is held for one second only.
    """
    _, series = per_second(time, heart_rate)
    if series.size < hold_s:
        return None
    # Each stretch's lowest second (NaN when a second is unknown), one shift at a time:
    # ten array passes beat a (n, 10) window view's min by far.
    count = series.size - hold_s + 1
    lows = series[:count].copy()
    for shift in range(1, hold_s):
        np.minimum(lows, series[shift:shift + count], out=lows)
    return None if np.isnan(lows).all() else float(np.nanmax(lows))


def best_effort(time: np.ndarray, distance: np.ndarray, heart_rate: np.ndarray,
                hard_hr: float, window_s: int = EFFORT_S,
                tail_s: int = TAIL_S) -> Effort | None:
    """The fastest ``window_s`` seconds of a run that were hard.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s.
    distance : numpy.ndarray
        Cumulative distance, m (NaN where unknown).
    heart_rate : numpy.ndarray
        Heart rate, bpm (NaN where unknown).
    hard_hr : float
        The average heart rate a stretch needs to count as hard, bpm.
    window_s, tail_s : int
        The stretch's length and the length of its end whose heart rate is
        averaged, s.

    Returns
    -------
    Effort or None
        Of the stretches with heart rate for at least ``MIN_COVERAGE`` of
        their seconds and an average of ``hard_hr`` or more, the one covering
        the most distance; None when there is none (a run shorter than
        ``window_s``, or no hard stretch).

    Notes
    -----
    The stretch starting at second ``i`` covers ``distance[i + window_s] -
    distance[i]`` metres (distance interpolated linearly between samples);
    its heart rate is that of the seconds ``i`` to ``i + window_s - 1``.
    """
    time = np.asarray(time, dtype=float)
    seconds, hr = per_second(time, heart_rate)
    known = np.isfinite(time) & np.isfinite(np.asarray(distance, dtype=float))
    if seconds.size <= window_s or known.sum() < 2:
        return None
    metres = np.interp(seconds, time[known], np.asarray(distance, dtype=float)[known])
    covered = (metres[window_s:] - metres[:-window_s]) / window_s
    mean_hr, coverage = _window_means(hr, window_s)
    tail_hr, _ = _window_means(hr, tail_s)
    mean_hr, coverage = mean_hr[:covered.size], coverage[:covered.size]
    tail_hr = tail_hr[window_s - tail_s:][:covered.size]
    hard = (coverage >= MIN_COVERAGE) & (np.nan_to_num(mean_hr) >= hard_hr)
    if not hard.any():
        return None
    best = int(np.argmax(np.where(hard, covered, -np.inf)))
    return Effort(start_s=float(seconds[best]), speed=float(covered[best]),
                  heart_rate=float(mean_hr[best]), tail_heart_rate=float(tail_hr[best]))


def _window_means(series: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the known values and share known, of each ``window`` consecutive values."""
    known = np.isfinite(series)
    sums = np.concatenate([[0.0], np.cumsum(np.where(known, series, 0.0))])
    counts = np.concatenate([[0], np.cumsum(known)])
    total = counts[window:] - counts[:-window]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = (sums[window:] - sums[:-window]) / total
    return means, total / window


def estimate(runs: Mapping[int, Mapping[str, np.ndarray]],
             max_hr: float | None = None) -> RunEstimates:
    """Highest heart rate seen, and the fastest hard 30 minutes, of a set of runs.

    Parameters
    ----------
    runs : mapping of int to samples
        Each run's samples (``time`` s, ``distance`` m, ``heart_rate`` bpm),
        by a key of the caller's (an activity id).
    max_hr : float, optional
        The athlete's maximum heart rate, bpm; without it the highest heart
        rate seen stands in for it when judging what is hard.

    Returns
    -------
    RunEstimates
        ``hard_hr`` is ``HARD_FRACTION_OF_MAX`` (85%) of the maximum; runs
        without heart rate give neither estimate.
    """
    peaks = {key: sustained_peak(s["time"], s["heart_rate"]) for key, s in runs.items()
             if "heart_rate" in s and "time" in s}
    seen = {key: value for key, value in peaks.items() if value is not None}
    peak_run = max(seen, key=lambda key: seen[key]) if seen else None
    peak_hr = seen[peak_run] if peak_run is not None else None
    reference = max_hr or peak_hr
    if reference is None:
        return RunEstimates(peak_hr, peak_run, None, None, None)
    hard_hr = HARD_FRACTION_OF_MAX * reference
    efforts = {key: best_effort(runs[key]["time"], runs[key]["distance"],
                                runs[key]["heart_rate"], hard_hr)
               for key in seen if "distance" in runs[key]}
    found = {key: effort for key, effort in efforts.items() if effort is not None}
    effort_run = max(found, key=lambda key: found[key].speed) if found else None
    return RunEstimates(peak_hr, peak_run, hard_hr,
                        found[effort_run] if effort_run is not None else None, effort_run)
