"""Heart-rate and pace zones, and the easy / moderate / hard split.

- Heart-rate zones: five zones at 50-60, 60-70, 70-80, 80-90 and 90-100% of
  maximum heart rate (Edwards 1993, The Heart Rate Monitor Book); when the
  athlete sets a lactate-threshold heart rate, Friel's running zones from it
  (below 85%, 85-89%, 90-94%, 95-99%, 100% and above; Friel, The Triathlete's
  Training Bible).
- Pace zones from threshold pace when there is no heart rate, as fractions of
  threshold speed (below 78%, 78-88%, 88-95%, 95-102%, above 102%), after
  Friel's run pace zones.
- Easy = zones 1-2, moderate = zone 3, hard = zones 4-5 (loadwatch's
  convention, as the three-zone models of endurance training group them).
  Time below zone 1 counts as zone 1.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from loadwatch.metrics.load import flatten
from loadwatch.vocabulary import INTENSITIES

EDWARDS_FRACTIONS_OF_MAX = (0.6, 0.7, 0.8, 0.9)
FRIEL_FRACTIONS_OF_LTHR = (0.85, 0.90, 0.95, 1.00)
PACE_FRACTIONS_OF_THRESHOLD = (0.78, 0.88, 0.95, 1.02)


ZONES = 5


def hr_zone_bounds(max_hr: float | None, threshold_hr: float | None) -> tuple | None:
    """Lower bounds of heart-rate zones 2-5.

    Parameters
    ----------
    max_hr : float or None
        Maximum heart rate, bpm: Edwards' zones at 60, 70, 80 and 90% of it.
    threshold_hr : float or None
        Lactate-threshold heart rate, bpm: when set, Friel's zones at 85, 90,
        95 and 100% of it instead.

    Returns
    -------
    tuple of float or None
        Four bounds, bpm; None without either heart rate.

    References
    ----------
    .. [1] Edwards S. (1993). The Heart Rate Monitor Book. Polar Electro.
    .. [2] Friel J. The Triathlete's Training Bible. VeloPress.
    """
    if threshold_hr:
        return tuple(threshold_hr * f for f in FRIEL_FRACTIONS_OF_LTHR)
    if max_hr:
        return tuple(max_hr * f for f in EDWARDS_FRACTIONS_OF_MAX)
    return None


def time_in_zones(seconds_at: Mapping[float, float], bounds: tuple) -> list[float]:
    """Time in each of the five zones from the time spent at each value.

    Parameters
    ----------
    seconds_at : mapping of float to float
        Value (bpm or m/s) to time at it (s).
    bounds : tuple of float
        Lower bounds of zones 2-5, in the values' unit; a value on a bound is
        in the zone above it.

    Returns
    -------
    list of float
        Seconds in zones 1-5 (time below zone 1 counts as zone 1).
    """
    values = np.fromiter(seconds_at.keys(), dtype=float)
    seconds = np.fromiter(seconds_at.values(), dtype=float)
    zones = np.searchsorted(np.asarray(bounds, dtype=float), values, side="right")
    return [float(seconds[zones == z].sum()) for z in range(ZONES)]


def zones_of_each(maps: pd.Series, bounds: tuple | None) -> np.ndarray:
    """Time in each zone for every activity (vectorised :func:`time_in_zones`).

    Parameters
    ----------
    maps : pandas.Series
        One mapping per activity: value (bpm or m/s) to time at it (s); empty
        or None without samples.
    bounds : tuple of float or None
        Lower bounds of zones 2-5 (:func:`hr_zone_bounds`,
        :func:`pace_zone_bounds`); None when the settings give none.

    Returns
    -------
    numpy.ndarray
        Shape (activities, 5): seconds in zones 1-5; a row of NaN for an
        activity without values, every row NaN without bounds.
    """
    totals = np.full((len(maps), ZONES), np.nan)
    if bounds is None:
        return totals
    rows, values, seconds = flatten(maps)
    zones = np.searchsorted(np.asarray(bounds, dtype=float), values, side="right")
    summed = np.bincount(rows * ZONES + zones, weights=seconds, minlength=ZONES * len(maps))
    present = np.bincount(rows, minlength=len(maps)) > 0
    totals[present] = summed.reshape(len(maps), ZONES)[present]
    return totals


def pace_zone_bounds(threshold_speed: float | None) -> tuple | None:
    """Lower bounds of pace zones 2-5, after Friel's run pace zones.

    Parameters
    ----------
    threshold_speed : float or None
        Threshold speed, m/s.

    Returns
    -------
    tuple of float or None
        Four bounds, m/s: 78, 88, 95 and 102% of threshold speed; None without it.
    """
    if not threshold_speed:
        return None
    return tuple(threshold_speed * f for f in PACE_FRACTIONS_OF_THRESHOLD)


def split_shares(zone_seconds):
    """Easy, moderate and hard shares of zone time, for one week or many.

    Parameters
    ----------
    zone_seconds : sequence of five floats or numpy.ndarray of shape (n, 5)
        Seconds in zones 1-5.

    Returns
    -------
    tuple of three floats or arrays
        Shares (0-1) of easy (zones 1-2), moderate (zone 3) and hard (zones
        4-5) time, in the order of ``vocabulary.INTENSITIES``; NaN where there
        is no zone time (arrays only).
    """
    z = np.asarray(zone_seconds, dtype=float)
    one, two, three, four, five = (z[..., k] for k in range(ZONES))
    total = one + two + three + four + five
    with np.errstate(divide="ignore", invalid="ignore"):
        total = np.where(total > 0, total, np.nan)
        return (one + two) / total, three / total, (four + five) / total


def intensity_split(zone_seconds: list[float]) -> dict[str, float] | None:
    """Shares of easy, moderate and hard time of one week.

    Parameters
    ----------
    zone_seconds : list of float
        Seconds in zones 1-5.

    Returns
    -------
    dict of str to float or None
        ``easy`` (zones 1-2), ``moderate`` (3) and ``hard`` (4-5), each 0-1;
        None without zone time.
    """
    if sum(zone_seconds) <= 0:
        return None
    return {name: float(share) for name, share in
            zip(INTENSITIES, split_shares(zone_seconds), strict=True)}
