"""What a user may change on an activity, and how it is checked."""

from __future__ import annotations

import re

from fitparse import profile as fit_profile

from loadwatch.errors import UsageError
from loadwatch.vocabulary import SURFACES

EDITABLE = ("surface", "rpe", "sport", "name", "distance")
# 12.3, 12.3km, 7.6 mi, 12300m (a decimal comma too); no unit: the athlete's.
_DISTANCE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(km|mi|m)?$", re.IGNORECASE)


def _sports() -> tuple[str, ...]:
    return tuple(fit_profile.FIELD_TYPES["sport"].values.values())


def parse_edits(pairs: list[str]) -> dict[str, object]:
    """``surface=grass rpe=7 sport=running name=...`` to checked values."""
    changes: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep:
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        if key not in EDITABLE:
            raise UsageError(f"cannot set {key!r}; you can set: {', '.join(EDITABLE)}")
        changes[key] = check_edit(key, value.strip())
    return changes


def check_edit(key: str, value: str) -> object:
    """The checked value of one editable field; UsageError says what is valid."""
    if key == "surface":
        if value not in SURFACES:
            raise UsageError(f"bad surface {value!r}; choose one of {', '.join(SURFACES)}")
        return value
    if key == "rpe":
        try:
            rpe = float(value)
        except ValueError:
            rpe = -1.0
        if not 0 <= rpe <= 10:
            raise UsageError(f"bad rpe {value!r}: a number from 0 to 10")
        return rpe
    if key == "distance":
        parse_distance(value)
        return value  # made metres in the athlete's unit by service.activities
    if key == "sport":
        if value not in _sports():
            raise UsageError(f"bad sport {value!r}; FIT sport names such as running, "
                             "cycling, swimming, walking, hiking")
        return value
    if not value:
        raise UsageError("a name cannot be empty")
    return value


def parse_distance(value: str) -> tuple[float, str | None]:
    """A corrected distance as typed: the number and its unit (None: the athlete's).

    Parameters
    ----------
    value : str
        ``12.3``, ``12.3km``, ``7.6 mi`` or ``12300m``.

    Returns
    -------
    tuple of (float, str or None)
        The number and ``km``, ``mi``, ``m`` or None.

    Raises
    ------
    UsageError
        Not a positive number with an optional unit.
    """
    match = _DISTANCE.match(value.strip())
    number = float(match.group(1).replace(",", ".")) if match else 0.0
    if not match or number <= 0:
        raise UsageError(f"bad distance {value!r}: a positive number, in your unit or with "
                         "km, mi or m (12.3, 12.3km, 7.6mi)")
    unit = match.group(2)
    return number, unit.lower() if unit else None
