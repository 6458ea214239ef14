"""The data-quality checks' reasons in words, in the athlete's units (pure).

See ``metrics.quality`` for the checks and where their thresholds come from.
"""

from __future__ import annotations

from collections.abc import Mapping

from loadwatch.metrics.quality import VEHICLE_SPEED_MS
from loadwatch.units import METRES_PER_MILE, format_distance, format_duration, format_pace

# Each check in a few words, for tables and the Overview.
SHORT_LABELS = {"vehicle_speed": "bike or car?", "walking_tail": "watch left on?",
                "gps_jumps": "GPS jumps", "average_speed": "too fast for a run",
                "record_pace": "faster than the world record"}


def describe(reason: Mapping, units: str) -> str:
    """A reason as the runner reads it, in ``units`` (km or mi).

    Parameters
    ----------
    reason : mapping
        One reason of ``metrics.quality.sample_reasons`` or ``summary_reasons``.
    units : {"km", "mi"}
        The athlete's unit.

    Returns
    -------
    str
        One sentence, e.g. "12 min faster than 25 km/h (a bike or a car?)".
    """
    check = reason.get("check")
    far = format_distance(reason.get("distance_m"), units, 1, label=True)
    metres = reason.get("distance_m")
    if isinstance(metres, int | float) and 0 < metres < 100:
        far = f"{metres:.0f} m"  # "0.0 km in 3 s is 47 km/h" reads as nonsense
    if check == "vehicle_speed":
        return (f"{_minutes(reason['seconds'])} faster than {_speed(VEHICLE_SPEED_MS, units)}"
                f" ({far} at {_speed(reason['speed_ms'], units)}, from "
                f"{format_duration(reason['start_s'])}): a bike or a car?")
    if check == "walking_tail":
        return (f"{_minutes(reason['seconds'])} at walking pace after the run ({far} from "
                f"{format_duration(reason['start_s'])} on): a watch left on?")
    if check == "gps_jumps":
        return (f"GPS jumps add about {far} ({reason['count']} steps faster than any "
                "runner)")
    if check == "average_speed":
        return (f"{far} in {format_duration(reason['seconds'])} is an average of "
                f"{_speed(reason['speed_ms'], units)}: faster than running")
    if check == "record_pace":
        return (f"{far} in {format_duration(reason['seconds'])} "
                f"({format_pace(reason['speed_ms'], units)}) is faster than the world "
                f"record for the distance ({format_pace(reason['record_speed_ms'], units)})")
    return f"marked by a check this version does not know ({check})"


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 90 else f"{minutes // 60} h {minutes % 60:02d} min"


def _speed(speed_ms: float, units: str) -> str:
    value, unit = ((speed_ms * 3600 / METRES_PER_MILE, "mph") if units == "mi"
                   else (speed_ms * 3.6, "km/h"))
    text = f"{value:.1f}"
    return f"{text.removesuffix('.0')} {unit}"
