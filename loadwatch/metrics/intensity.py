"""Heart-rate and pace zones, and the easy / moderate / hard split.

- Heart-rate zones: five zones at 50-60, 60-70, 70-80, 80-90 and 90-100% of
  maximum heart rate (Edwards 1993, The Heart Rate Monitor Book); when the
  athlete sets a lactate-threshold heart rate, Friel's running zones from it
  (below 85%, 85-89%, 90-94%, 95-99%, 100% and above; Friel, The Triathlete's
  Training Bible).
- Pace zones from threshold pace when there is no heart rate, as fractions of
  threshold speed (below 78%, 78-88%, 88-95%, 95-102%, above 102%), after
  Friel's run pace zones.
- Easy = zones 1-2, moderate = zone 3, hard = zones 4-5 (science.md). Time
  below zone 1 counts as zone 1.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from loadwatch.metrics.load import flatten

EDWARDS_FRACTIONS_OF_MAX = (0.6, 0.7, 0.8, 0.9)
FRIEL_FRACTIONS_OF_LTHR = (0.85, 0.90, 0.95, 1.00)
PACE_FRACTIONS_OF_THRESHOLD = (0.78, 0.88, 0.95, 1.02)


def hr_zone_bounds(max_hr: float | None, threshold_hr: float | None) -> tuple | None:
    """Lower bounds (bpm) of zones 2-5, or None without the settings."""
    if threshold_hr:
        return tuple(threshold_hr * f for f in FRIEL_FRACTIONS_OF_LTHR)
    if max_hr:
        return tuple(max_hr * f for f in EDWARDS_FRACTIONS_OF_MAX)
    return None


def time_in_zones(seconds_at: Mapping[float, float], bounds: tuple) -> list[float]:
    """Seconds in each of the five zones from time spent at each value."""
    values = np.fromiter(seconds_at.keys(), dtype=float)
    seconds = np.fromiter(seconds_at.values(), dtype=float)
    zones = np.searchsorted(np.asarray(bounds, dtype=float), values, side="right")
    return [float(seconds[zones == z].sum()) for z in range(5)]


def zones_of_each(maps: pd.Series, bounds: tuple | None) -> list[list[float] | None]:
    """Seconds in each zone for every activity's value -> seconds map (vectorised)."""
    if bounds is None:
        return [None] * len(maps)
    rows, values, seconds = flatten(maps)
    zones = np.searchsorted(np.asarray(bounds, dtype=float), values, side="right")
    totals = np.bincount(rows * 5 + zones, weights=seconds, minlength=5 * len(maps))
    totals = totals.reshape(len(maps), 5)
    present = np.bincount(rows, minlength=len(maps)) > 0
    return [row.tolist() if has else None for row, has in zip(totals, present, strict=True)]


def pace_zone_bounds(threshold_speed: float | None) -> tuple | None:
    """Lower bounds (m/s) of pace zones 2-5 from the threshold speed."""
    if not threshold_speed:
        return None
    return tuple(threshold_speed * f for f in PACE_FRACTIONS_OF_THRESHOLD)


def intensity_split(zone_seconds: list[float]) -> dict[str, float] | None:
    """Shares (0-1) of easy (zones 1-2), moderate (3) and hard (4-5) time."""
    total = sum(zone_seconds)
    if total <= 0:
        return None
    return {"easy": (zone_seconds[0] + zone_seconds[1]) / total,
            "moderate": zone_seconds[2] / total,
            "hard": (zone_seconds[3] + zone_seconds[4]) / total}
