"""Garmin's distance unit, told from the rows themselves.

Garmin Connect writes distances in the account's unit (km or mi) and does not
say which. A run's average cadence (steps/min) times its average stride length
(metres, in imperial accounts too) times its timer time (min) is its distance
in metres: the unit is the one that brings the Distance column to it. Garmin
averages cadence over the timer time (``Time``), so that is the time used;
moving time leaves stops out and would overstate the distance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from loadwatch.importers.activity_lists.rows import METRES_PER

# How far the distance a row states may be from cadence x stride x time (ratio).
TOLERANCE = 0.08
# The share of telling rows that must agree on one unit.
AGREEMENT = 0.9


def row_unit(distance: float | None, cadence: float | None, stride: float | None,
             seconds: float | None) -> str | None:
    """'km' or 'mi' when this row's numbers fit one unit only, else None.

    ``distance`` as written (display unit), ``cadence`` in steps/min,
    ``stride`` in metres, ``seconds`` the timer time.
    """
    if not (distance and cadence and stride and seconds):
        return None
    walked = cadence * seconds / 60 * stride
    fits = [unit for unit in ("km", "mi")
            if abs(distance * METRES_PER[unit] / walked - 1) <= TOLERANCE]
    return fits[0] if len(fits) == 1 else None


def infer_unit(rows: Iterable[tuple[float | None, ...]]) -> tuple[str | None, Counter]:
    """The unit most rows agree on (None when none tells or they disagree), and the votes."""
    votes = Counter(unit for unit in (row_unit(*r) for r in rows) if unit)
    if not votes:
        return None, votes
    unit, count = votes.most_common(1)[0]
    return (unit if count >= AGREEMENT * sum(votes.values()) else None), votes
