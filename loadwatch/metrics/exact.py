"""Boundary comparisons that do not depend on floating-point luck.

science.md: "Where a number sits on a boundary, compare with exact
arithmetic": ``11/10 - 1 > 0.10`` is True in floating point and must not be.
Distances are compared as whole metres with fractions; ratios of loads (which
are sums of floats) with an explicit tolerance.
"""

from __future__ import annotations

from fractions import Fraction

# Loads are floats from exponentials and square roots: two values this close
# are the same number as far as a boundary is concerned.
EPSILON = 1e-9


def metres(value: float) -> int:
    """A distance (m) as whole metres, the resolution boundaries are judged at."""
    return round(value)


def percent_change(current_m: float, previous_m: float) -> Fraction | None:
    """(current - previous) / previous * 100, exactly; None when previous is 0."""
    previous = metres(previous_m)
    if previous == 0:
        return None
    return Fraction(metres(current_m) - previous, previous) * 100


def ratio(numerator_m: float, denominator_m: float) -> Fraction | None:
    """Numerator / denominator of two distances, exactly; None when denominator is 0."""
    denominator = metres(denominator_m)
    return None if denominator == 0 else Fraction(metres(numerator_m), denominator)


def above(value: float, bound: float) -> bool:
    """Value > bound, with values within EPSILON of the bound counted as on it."""
    return value > bound + EPSILON


def below(value: float, bound: float) -> bool:
    """Value < bound, with values within EPSILON of the bound counted as on it."""
    return value < bound - EPSILON
