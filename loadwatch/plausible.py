"""What a stored activity may hold: a plausible range for every field and sample.

Every importer's output passes through :func:`clean_activity` and
:func:`clean_samples` before it is saved, and the store refuses anything that
:func:`activity_problems` still objects to. A value outside its range is
dropped (set to None or NaN) with a note that says where it was; an activity
whose start time is outside 1970 to tomorrow is left out whole, because every
daily series would otherwise run from that date to today.

The ranges are wide on purpose: they separate what a body, a watch and a
calendar can produce from what a damaged file or a hand-edited log can hold,
not good training from bad. Heart rate 25-250 bpm covers the slowest athletic
resting rates and the fastest maximal rates reported in adults.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from loadwatch.models import Activity, Samples

EARLIEST_START = datetime(1970, 1, 1, tzinfo=UTC)
# Fast enough for a car on a motorway: an activity faster than this on
# average has a wrong distance or a wrong time.
MAX_AVERAGE_SPEED_MS = 50.0
MAX_DURATION_S = 14 * 86_400  # two weeks: longer than any multi-day race
MAX_TEXT = 500

# Summary fields: (lowest, highest, unit) for the message.
FIELD_RANGES: dict[str, tuple[float, float, str]] = {
    "distance_m": (0.0, 5_000_000.0, "m"),
    "timer_s": (0.0, MAX_DURATION_S, "s"),
    "elapsed_s": (0.0, MAX_DURATION_S, "s"),
    "elevation_gain_m": (0.0, 50_000.0, "m"),
    "avg_hr": (25.0, 250.0, "bpm"),
    "max_hr": (25.0, 250.0, "bpm"),
    "avg_cadence": (1.0, 300.0, "rpm"),
    "rpe": (0.0, 10.0, ""),
    "utc_offset_s": (-14 * 3600.0, 14 * 3600.0, "s"),
}
# Sample columns: values outside become NaN. Limits also keep every value
# inside the int32 fixed point of the sample codec.
SAMPLE_RANGES: dict[str, tuple[float, float, str]] = {
    "distance": (0.0, 5_000_000.0, "m"),
    "speed": (0.0, MAX_AVERAGE_SPEED_MS, "m/s"),
    "heart_rate": (25.0, 250.0, "bpm"),
    "cadence": (0.0, 300.0, "rpm"),
    "altitude": (-500.0, 9_000.0, "m"),
    "lat": (-90.0, 90.0, "deg"),
    "lon": (-180.0, 180.0, "deg"),
    "power": (0.0, 3_000.0, "W"),
}
_TEXT_FIELDS = ("name", "device", "source_name")
_SHORT_TEXT = {"sport": 64, "sub_sport": 64, "surface_override": 16, "source_format": 16}
# Characters no database column should receive (PostgreSQL refuses NUL).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def latest_start(now: datetime | None = None) -> datetime:
    """The latest plausible start: the end of tomorrow, UTC (clocks run a day ahead)."""
    now = now or datetime.now(UTC)
    return datetime.combine(now.date() + timedelta(days=2), datetime.min.time(), UTC)


def start_problem(start: datetime | None, now: datetime | None = None) -> str | None:
    """Why ``start`` cannot be an activity's start time, or None when it can."""
    if not isinstance(start, datetime):
        return "no readable start time"
    moment = start if start.tzinfo else start.replace(tzinfo=UTC)
    if not EARLIEST_START <= moment < latest_start(now):
        return f"start {start.date().isoformat()} is outside 1970 to tomorrow"
    return None


def activity_problems(values: Mapping[str, object], now: datetime | None = None) -> list[str]:
    """Everything about one activity's stored values that a reader would not accept.

    ``values``: the activity's fields by name (an Activity's or a stored
    row's; a naive start time is UTC). Returns readable reasons; empty when
    the activity is sound.
    """
    problems = []
    start = start_problem(values.get("start_time"), now)  # type: ignore[arg-type]
    if start:
        problems.append(start)
    for name, (low, high, unit) in FIELD_RANGES.items():
        value = values.get(name)
        if value is not None and not _in_range(value, low, high):
            problems.append(f"{name} {value!r} {unit} is outside {low:g}-{high:g}".replace(
                "  ", " "))
    speed = _average_speed(values.get("distance_m"), values.get("timer_s"))
    if speed is not None and speed > MAX_AVERAGE_SPEED_MS:
        problems.append(f"an average speed of {speed:.0f} m/s")
    for name in (*_TEXT_FIELDS, *_SHORT_TEXT):
        text = values.get(name)
        if text is not None and (not isinstance(text, str) or _CONTROL.search(text)):
            problems.append(f"{name} holds control characters")
    if not isinstance(values.get("sport"), str) or not values.get("sport"):
        problems.append("no sport")
    return problems


def implausible_fields(values: Mapping[str, object]) -> dict[str, object]:
    """What ``check --repair`` and a restore write over a stored activity's bad values.

    An impossible number becomes None (a distance faster than anyone moves goes
    too); text loses its control characters and is cut to its column's length.
    The activity itself stays. :func:`clean_activity` applies the same at import.
    """
    changes: dict[str, object] = {
        name: None for name, (low, high, _) in FIELD_RANGES.items()
        if values.get(name) is not None and not _in_range(values.get(name), low, high)}
    for name in (*_TEXT_FIELDS, *_SHORT_TEXT):
        text = values.get(name)
        if isinstance(text, str):
            cleaned = _CONTROL.sub("", text)[:_SHORT_TEXT.get(name, MAX_TEXT)]
            if cleaned != text:
                changes[name] = cleaned
    distance = None if "distance_m" in changes else values.get("distance_m")
    speed = _average_speed(distance, None if "timer_s" in changes else values.get("timer_s"))
    if speed is not None and speed > MAX_AVERAGE_SPEED_MS:
        changes["distance_m"] = None
    return changes


def _in_range(value: object, low: float, high: float) -> bool:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return False
    return math.isfinite(number) and low <= number <= high


def _average_speed(distance, timer) -> float | None:
    try:
        distance, timer = float(distance), float(timer)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(distance) and math.isfinite(timer)) or timer <= 0:
        return None
    return distance / timer


def clean_activity(activity: Activity, where: str,
                   now: datetime | None = None) -> tuple[Activity | None, list[str]]:
    """The activity with every implausible field dropped, and a note per drop.

    ``where`` names the place in the file for the notes ("row 7",
    "session 1"). Returns (None, notes) when the start time itself is not
    plausible: such an activity cannot be placed on any calendar.
    """
    problem = start_problem(activity.start_time, now)
    if problem:
        return None, [f"{_at(where)}{problem}; left out"]
    values = {name: getattr(activity, name)
              for name in (*FIELD_RANGES, *_TEXT_FIELDS, *_SHORT_TEXT)}
    changes = implausible_fields(values)
    notes = []
    for name, (low, high, unit) in FIELD_RANGES.items():
        value = values[name]
        if name in changes and not _in_range(value, low, high):
            notes.append(f"{_at(where)}{_label(name)} {_shown(value)}{unit and ' ' + unit} "
                         f"is not plausible; dropped")
        elif name in changes:  # a distance in range, but too fast for its time
            notes.append(f"{_at(where)}distance {value:g} m in {values['timer_s']:g} s is "
                         "faster than any runner or rider; distance dropped")
    if "utc_offset_s" not in changes and activity.utc_offset_s is not None:
        changes["utc_offset_s"] = int(activity.utc_offset_s)  # a column of whole seconds
    return (replace(activity, **changes) if changes else activity), notes


def _at(where: str) -> str:
    return f"{where}: " if where else ""


def _label(name: str) -> str:
    return name.removesuffix("_m").removesuffix("_s").replace("_", " ")


def _shown(value: object) -> str:
    """A number as a reader writes it: 4294967295, not 4.29497e+09; 0.5, not 0.500000."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return repr(value)
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number)}"
    return f"{number:.6g}" if abs(number) < 1e15 else f"{number:.3e}"


def clean_samples(samples: Samples, where: str) -> tuple[Samples, list[str]]:
    """Samples with implausible values set to NaN and untimed rows dropped.

    Returns the cleaned columns and one note per column that lost values,
    naming the first point (counted from 1) that did.
    """
    if not samples or "time" not in samples:
        return samples, []
    notes = []
    time = np.asarray(samples["time"], dtype=np.float64)
    keep = np.isfinite(time) & (time >= 0) & (time <= MAX_DURATION_S)
    if not keep.all():
        first = int(np.flatnonzero(~keep)[0]) + 1
        notes.append(f"{_at(where)}{int((~keep).sum())} points without a usable time dropped "
                     f"(first: point {first})")
    cleaned = {"time": time[keep]}
    for name, values in samples.items():
        if name == "time" or len(values) != len(time):
            continue
        column = np.asarray(values, dtype=np.float64)[keep]
        cleaned[name] = column
        low, high, unit = SAMPLE_RANGES.get(name, (-math.inf, math.inf, ""))
        with np.errstate(invalid="ignore"):
            bad = ~np.isnan(column) & ~((column >= low) & (column <= high))
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            count = int(bad.sum())
            notes.append(f"{_at(where)}{count} {name.replace('_', ' ')} "
                         f"value{'' if count == 1 else 's'} outside "
                         f"{low:g}-{high:g} {unit} dropped (first: {_shown(column[first])} at "
                         f"point {first + 1})")
            column[bad] = np.nan
    return cleaned, notes
