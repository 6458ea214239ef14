"""Boundary comparisons that do not depend on floating-point luck.

Where a number sits on a boundary it is compared exactly: ``11/10 - 1 >
0.10`` is True in floating point and must not be. Distances are compared as
whole metres with fractions; ratios of loads (which are sums of floats) with
an explicit tolerance, ``EPSILON``.
"""

from __future__ import annotations

from fractions import Fraction

# Loads are floats from exponentials and square roots: two values this close
# are the same number as far as a boundary is concerned.
EPSILON = 1e-9


def metres(value: float) -> int:
    """A distance as whole metres, the resolution boundaries are judged at.

    Parameters
    ----------
    value : float
        Distance, m.

    Returns
    -------
    int
        Whole metres (half to even, as ``round``).
    """
    return round(value)


def percent_change(current_m: float, previous_m: float) -> Fraction | None:
    """The change from one distance to the next, in percent, exactly.

    Parameters
    ----------
    current_m, previous_m : float
        Distances, m (judged as whole metres).

    Returns
    -------
    fractions.Fraction or None
        (current - previous) / previous x 100; None when previous is 0.
    """
    previous = metres(previous_m)
    if previous == 0:
        return None
    return Fraction(metres(current_m) - previous, previous) * 100


def ratio(numerator_m: float, denominator_m: float) -> Fraction | None:
    """The ratio of two distances, exactly.

    Parameters
    ----------
    numerator_m, denominator_m : float
        Distances, m (judged as whole metres).

    Returns
    -------
    fractions.Fraction or None
        Numerator / denominator; None when the denominator is 0.
    """
    denominator = metres(denominator_m)
    return None if denominator == 0 else Fraction(metres(numerator_m), denominator)


def above(value: float, bound: float) -> bool:
    """Whether ``value > bound``, values within ``EPSILON`` of the bound counted as on it.

    Parameters
    ----------
    value, bound : float
        Numbers in the same unit.

    Returns
    -------
    bool
        True when value exceeds bound by more than ``EPSILON``.
    """
    return value > bound + EPSILON


def below(value: float, bound: float) -> bool:
    """Whether ``value < bound``, values within ``EPSILON`` of the bound counted as on it.

    Parameters
    ----------
    value, bound : float
        Numbers in the same unit.

    Returns
    -------
    bool
        True when value is below bound by more than ``EPSILON``.
    """
    return value < bound - EPSILON
