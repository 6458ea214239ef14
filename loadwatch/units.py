"""Units of distance, pace and duration, and how loadwatch writes them.

loadwatch computes in metres, seconds and metres per second; the athlete reads
kilometres or miles (the ``units`` setting). Every conversion and every
written distance, pace and duration goes through here.

References
----------
.. [1] International yard and pound agreement (1959): one international mile
   is 1,609.344 m exactly.
"""

from __future__ import annotations

import math
import re

METRES_PER_KM = 1000.0
METRES_PER_MILE = 1609.344  # exact, by definition [1]
METRES_PER = {"km": METRES_PER_KM, "mi": METRES_PER_MILE}
UNITS = tuple(METRES_PER)

_PACE = re.compile(r"^\s*(\d{1,2}):([0-5]\d)\s*/\s*(km|mi)\s*$")


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def in_units(metres: float, unit: str) -> float:
    """A distance in the athlete's unit.

    Parameters
    ----------
    metres : float
        Distance, m.
    unit : {"km", "mi"}
        The unit to express it in.

    Returns
    -------
    float
        The distance in ``unit``.

    Raises
    ------
    KeyError
        For a unit other than km or mi.
    """
    return metres / METRES_PER[unit]


def format_distance(metres: float | None, unit: str, digits: int = 2, *,
                    label: bool = False, missing: str = "") -> str:
    """A distance as text in the athlete's unit, e.g. ``"12.35"`` or ``"12.3 km"``.

    Parameters
    ----------
    metres : float or None
        Distance, m; None or NaN when unknown.
    unit : {"km", "mi"}
        The unit to write it in.
    digits : int, default 2
        Decimal places.
    label : bool, default False
        Add the unit after the number.
    missing : str, default ""
        What an unknown distance is written as.

    Returns
    -------
    str
        The written distance.
    """
    if metres is None or _missing(float(metres)):
        return missing
    text = f"{in_units(float(metres), unit):.{digits}f}"
    return f"{text} {unit}" if label else text


def parse_pace(text: str) -> tuple[int, str]:
    """A pace such as ``"4:30/km"`` or ``"7:15/mi"`` as (seconds, unit).

    Parameters
    ----------
    text : str
        Minutes and seconds per kilometre or mile, ``m:ss/km`` or ``m:ss/mi``.

    Returns
    -------
    seconds : int
        Seconds per ``unit``.
    unit : {"km", "mi"}
        The unit the pace is given in.

    Raises
    ------
    ValueError
        When ``text`` is not such a pace.
    """
    match = _PACE.match(text.lower())
    if not match:
        raise ValueError("a pace such as 4:30/km or 7:15/mi")
    return int(match[1]) * 60 + int(match[2]), match[3]


def pace_to_speed(seconds: float, unit: str) -> float:
    """Speed (m/s) of a pace of ``seconds`` per km or mile.

    Parameters
    ----------
    seconds : float
        Time per ``unit``, s (positive).
    unit : {"km", "mi"}
        The unit of the pace.

    Returns
    -------
    float
        Speed, m/s.
    """
    return METRES_PER[unit] / seconds


def format_pace(speed: float | None, unit: str) -> str:
    """A speed as a pace in minutes and seconds per unit, e.g. ``"4:30/km"``.

    Parameters
    ----------
    speed : float or None
        Speed, m/s; None, NaN or not positive when unknown.
    unit : {"km", "mi"}
        The unit of the pace.

    Returns
    -------
    str
        ``m:ss/unit`` (seconds rounded to the nearest whole second), or "" when
        the speed is unknown.
    """
    if speed is None or _missing(float(speed)) or speed <= 0:
        return ""
    minutes, seconds = divmod(round(METRES_PER[unit] / speed), 60)
    return f"{minutes}:{seconds:02d}/{unit}"


def pace_minutes(speed, unit: str):
    """Minutes per km or mile of a speed (m/s), element-wise for numpy arrays.

    Parameters
    ----------
    speed : float or numpy.ndarray
        Speed, m/s (positive).
    unit : {"km", "mi"}
        The unit of the pace.

    Returns
    -------
    float or numpy.ndarray
        Pace, minutes per ``unit``.
    """
    return METRES_PER[unit] / speed / 60


def format_duration(seconds: float | None) -> str:
    """A duration as ``h:mm:ss``, e.g. ``"1:20:32"``.

    Parameters
    ----------
    seconds : float or None
        Duration, s (rounded to the nearest second); None or NaN when unknown.

    Returns
    -------
    str
        Hours (as many as there are), minutes and seconds; "" when unknown.
    """
    if seconds is None or _missing(float(seconds)):
        return ""
    minutes, second = divmod(round(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}"


def format_clock(seconds: float | None) -> str:
    """A duration as a clock reads it: ``"4:05"`` under an hour, ``"1:04:05"`` from one.

    Parameters
    ----------
    seconds : float or None
        Duration, s (rounded to the nearest second); None or NaN when unknown.

    Returns
    -------
    str
        ``m:ss`` or ``h:mm:ss``; "" when unknown. A split's time or a pace
        (seconds per km or mile) is written so.
    """
    if seconds is None or _missing(float(seconds)):
        return ""
    minutes, second = divmod(round(seconds), 60)
    return f"{minutes}:{second:02d}" if minutes < 60 else format_duration(seconds)
