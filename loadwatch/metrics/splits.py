"""One activity's splits and its time in zones, from its samples.

- Splits: the recording cut every ``split_m`` metres of distance (a
  kilometre or a mile), the last split the part left over. A split's time is
  the moving time between its edges (pauses count nothing, as in
  ``metrics.moving``), read at the exact edge by linear interpolation between
  the samples around it; its pace is that time per ``split_m``; its heart
  rate is the mean of the samples in it weighted by the moving time each
  stands for; its elevation change is the altitude at its end minus that at
  its start (interpolated the same way).
- Time in zones: the time each sample stands for, summed per zone by the
  load engine's own function (``metrics.intensity.time_in_zones``) from the
  same time-at-value table the engine keeps (``metrics.profile.seconds_at``),
  so a run's zones on its page equal those in its week's totals.

Arrays in, DataFrame out; every number in SI units (s, m, m/s, bpm) as the
column names say.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loadwatch.metrics.intensity import ZONES, time_in_zones
from loadwatch.metrics.moving import moving_durations
from loadwatch.metrics.profile import SPEED_STEP, seconds_at

SPLIT_COLUMNS = ("distance_m", "time_s", "pace_s", "avg_hr", "elevation_change_m")
# A last split shorter than this is the watch stopping a few steps past a
# whole split: no split of its own (its pace would be noise).
SHORTEST_SPLIT_M = 10.0
HR_STEP = 1.0  # bpm: the engine's heart-rate resolution (metrics.profile)


def splits(time: np.ndarray, distance: np.ndarray, heart_rate: np.ndarray | None = None,
           altitude: np.ndarray | None = None, split_m: float = 1000.0) -> pd.DataFrame:
    """A recording's splits: every ``split_m`` metres, the last one partial.

    Parameters
    ----------
    time : numpy.ndarray
        Sample times, s, in order.
    distance : numpy.ndarray
        Cumulative distance, m (NaN where unknown).
    heart_rate : numpy.ndarray, optional
        Heart rate, bpm (NaN or 0 where unknown).
    altitude : numpy.ndarray, optional
        Altitude, m (NaN where unknown).
    split_m : float, default 1000.0
        Length of a split, m (1609.344 for miles).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``split`` (1, 2, ...): ``distance_m`` (m; ``split_m`` but
        for the last), ``time_s`` (moving time, s), ``pace_s`` (s per
        ``split_m``), ``avg_hr`` (bpm, NaN without heart rate) and
        ``elevation_change_m`` (m, NaN without altitude). Empty without two
        samples of known distance or with no distance covered.
    """
    time, distance = np.asarray(time, dtype=float), np.asarray(distance, dtype=float)
    known = np.isfinite(time) & np.isfinite(distance)
    if known.sum() < 2:
        return _frame([], [], [], [], [])
    t = time[known]
    # Distance never runs backwards within a run: a dip is the device's noise.
    d = np.maximum.accumulate(distance[known] - distance[known][0])
    durations = moving_durations(t, d)
    elapsed = np.concatenate([[0.0], np.cumsum(durations[:-1])])  # moving time at each sample
    edges = _edges(float(d[-1]), split_m)
    if len(edges) < 2:
        return _frame([], [], [], [], [])
    lengths = np.diff(edges)
    times = np.diff(np.interp(edges, d, elapsed))
    return _frame(lengths, times, times * split_m / lengths,
                  _mean_hr(d, durations, heart_rate, known, edges),
                  _climb(d, altitude, known, edges))


def _edges(total_m: float, split_m: float) -> np.ndarray:
    """Split edges from 0 to ``total_m``; a stub under SHORTEST_SPLIT_M joins no split."""
    if total_m <= 0:
        return np.zeros(1)
    inner = np.arange(split_m, total_m, split_m)
    if len(inner) and total_m - inner[-1] < SHORTEST_SPLIT_M:
        return np.concatenate([[0.0], inner])
    return np.concatenate([[0.0], inner, [total_m]])


def _mean_hr(d, durations, heart_rate, known, edges) -> np.ndarray:
    """Moving-time-weighted mean heart rate of the samples in each split."""
    count = len(edges) - 1
    if heart_rate is None:
        return np.full(count, np.nan)
    hr = np.asarray(heart_rate, dtype=float)[known]
    which = np.clip(np.searchsorted(edges, d, side="right") - 1, 0, count - 1)
    weights = np.where(np.isfinite(hr) & (hr > 0), durations, 0.0)
    total = np.bincount(which, weights=weights, minlength=count)
    summed = np.bincount(which, weights=weights * np.nan_to_num(hr), minlength=count)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, summed / total, np.nan)


def _climb(d, altitude, known, edges) -> np.ndarray:
    """Altitude at each split's end minus at its start, m."""
    count = len(edges) - 1
    if altitude is None:
        return np.full(count, np.nan)
    alt = np.asarray(altitude, dtype=float)[known]
    present = np.isfinite(alt)
    if present.sum() < 2:
        return np.full(count, np.nan)
    return np.diff(np.interp(edges, d[present], alt[present]))


def _frame(lengths, times, paces, hr, climb) -> pd.DataFrame:
    frame = pd.DataFrame(dict(zip(SPLIT_COLUMNS, (lengths, times, paces, hr, climb),
                                  strict=True)), dtype=float)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="split")
    return frame


def zone_times(values: np.ndarray, time: np.ndarray, bounds: tuple,
               distance: np.ndarray | None = None, step: float = HR_STEP) -> pd.DataFrame:
    """Moving time in each of the five zones of one recording.

    Parameters
    ----------
    values : numpy.ndarray
        Heart rate (bpm) or speed (m/s), one per sample.
    time : numpy.ndarray
        Sample times, s.
    bounds : tuple of float
        Lower bounds of zones 2-5 in the values' unit
        (``intensity.hr_zone_bounds``, ``intensity.pace_zone_bounds``).
    distance : numpy.ndarray, optional
        Cumulative distance, m (tells pauses, ``metrics.moving``).
    step : float, default 1.0
        Resolution the values are rounded to: 1 bpm for heart rate,
        ``profile.SPEED_STEP`` (0.1 m/s) for speed, as the engine rounds them.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``zone`` (1-5): ``low`` and ``high`` (the zone's bounds in
        the values' unit; NaN: open below zone 2 / above zone 5), ``seconds``
        (s; time below zone 1 counts as zone 1) and ``share`` (0-1 of the
        time with a value; NaN when there is none).
    """
    durations = moving_durations(time, distance)
    seconds = np.array(time_in_zones(seconds_at(np.asarray(values, dtype=float), durations,
                                                 step), bounds))
    total = seconds.sum()
    edges = np.asarray(bounds, dtype=float)
    frame = pd.DataFrame({"low": np.concatenate([[np.nan], edges]),
                          "high": np.concatenate([edges, [np.nan]]), "seconds": seconds,
                          "share": seconds / total if total > 0 else np.full(ZONES, np.nan)})
    frame.index = pd.RangeIndex(1, ZONES + 1, name="zone")
    return frame


def speed_zone_times(speed: np.ndarray, time: np.ndarray, bounds: tuple,
                     distance: np.ndarray | None = None) -> pd.DataFrame:
    """:func:`zone_times` of speeds (m/s) at the engine's 0.1 m/s resolution."""
    return zone_times(speed, time, bounds, distance, step=SPEED_STEP)
