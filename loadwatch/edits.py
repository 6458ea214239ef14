"""What a user may change on an activity, and how it is checked."""

from __future__ import annotations

import re

from fitparse import profile as fit_profile

from loadwatch.errors import EditRefused, UsageError
from loadwatch.vocabulary import SURFACES

EDITABLE = ("surface", "rpe", "sport", "name", "distance")
# Session RPE on Borg's CR-10 scale: 0 is rest, so a session is rated 1 to 10.
RPE_RANGE = (1.0, 10.0)
NAME_LENGTH = 100  # characters: longer is a paste gone wrong, not a run's name
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
            raise EditRefused(f"bad surface {value!r}; choose one of {', '.join(SURFACES)}",
                              {key: f"one of {', '.join(SURFACES)}"})
        return value
    if key == "rpe":
        return _rpe(value)
    if key == "distance":
        parse_distance(value)
        return value  # made metres in the athlete's unit by service.activities
    if key == "sport":
        if value not in _sports():
            raise EditRefused(f"bad sport {value!r}; FIT sport names such as running, "
                              "cycling, swimming, walking, hiking",
                              {key: "a FIT sport name such as running, cycling, walking"})
        return value
    return _name(value)


def _rpe(value: str) -> float:
    try:
        rpe = float(value.replace(",", "."))
    except ValueError:
        rpe = float("nan")
    low, high = RPE_RANGE
    if not low <= rpe <= high:  # NaN fails too
        _refuse("rpe", f"a number from {low:g} to {high:g} (1 very easy, 10 maximal), "
                       f"not {value}")
    return rpe


def _name(value: str) -> str:
    if not value:
        raise EditRefused("a name cannot be empty", {"name": "a name cannot be empty"})
    if len(value) > NAME_LENGTH:
        _refuse("name", f"at most {NAME_LENGTH} characters; this one has {len(value)}")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        _refuse("name", "no control characters (a tab or a line break)")
    return value


def _refuse(key: str, reason: str) -> None:
    """Raise the refusal of one field: the command line's message, the field's reason."""
    raise EditRefused(f"bad {key}: {reason}", {key: reason})


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
