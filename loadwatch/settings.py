"""Athlete settings: the keys, their validation and their defaults.

Values are stored as the normalised text the user typed; ``effective()`` turns
them into numbers (and threshold pace into a threshold speed, m/s) for the
metrics. Unknown keys and bad values are refused with the valid choices.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from loadwatch.errors import UsageError
from loadwatch.metrics.calendar import WEEKDAYS

METRES_PER_MILE = 1609.344
log = logging.getLogger("loadwatch")


@dataclass(frozen=True)
class Setting:
    key: str
    help: str
    normalise: Callable[[str], str]
    choices: tuple[str, ...] = ()


def _choice(*choices: str) -> Callable[[str], str]:
    def normalise(value: str) -> str:
        value = value.strip().lower()
        if value not in choices:
            raise ValueError(f"choose one of {', '.join(choices)}")
        return value
    return normalise


def _whole(low: int, high: int) -> Callable[[str], str]:
    def normalise(value: str) -> str:
        try:
            number = int(value.strip())
        except ValueError:
            raise ValueError(f"a whole number from {low} to {high}") from None
        if not low <= number <= high:
            raise ValueError(f"a whole number from {low} to {high}")
        return str(number)
    return normalise


_PACE = re.compile(r"^\s*(\d{1,2}):([0-5]\d)\s*/\s*(km|mi)\s*$")


# Threshold paces a runner can hold for about an hour: from faster than the
# half-marathon world record (about 2:37/km) to a walk.
_PACE_RANGE_S_PER_KM = (120, 1200)


def _pace(value: str) -> str:
    match = _PACE.match(value.lower())
    if not match:
        raise ValueError("a pace such as 4:30/km or 7:15/mi")
    seconds = int(match[1]) * 60 + int(match[2])
    per_km = seconds * (1.0 if match[3] == "km" else 1000.0 / METRES_PER_MILE)
    low, high = _PACE_RANGE_S_PER_KM
    if not low <= per_km <= high:
        raise ValueError("a pace from 2:00/km to 20:00/km (3:13/mi to 32:11/mi)")
    return f"{int(match[1])}:{match[2]}/{match[3]}"


def _email(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("an e-mail address such as runner@example.org")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("a non-empty value")
    return value.strip()


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("an IANA time zone name such as Europe/Amsterdam") from None
    return value.strip()


SETTINGS = {s.key: s for s in (
    Setting("sex", "male or female (TRIMP constants; men's when unset)",
            _choice("male", "female"), ("male", "female")),
    Setting("max_hr", "maximum heart rate, bpm", _whole(100, 240)),
    Setting("resting_hr", "resting heart rate, bpm", _whole(25, 120)),
    Setting("threshold_hr", "lactate-threshold heart rate, bpm", _whole(80, 230)),
    Setting("threshold_pace", "threshold pace, e.g. 4:30/km or 7:15/mi", _pace),
    Setting("timezone", "IANA time zone of your days (default: this machine's)", _timezone),
    Setting("week_start", "first day of your week (default monday)", _choice(*WEEKDAYS),
            WEEKDAYS),
    Setting("units", "km or mi for display (default km)", _choice("km", "mi"), ("km", "mi")),
    Setting("count_cross_training_load", "true to count rides, swims... toward load",
            _choice("true", "false"), ("true", "false")),
    Setting("email", "where the weekly summary goes", _email),
    Setting("summary_day", "the day the weekly summary is sent (for --send-due)",
            _choice(*WEEKDAYS), WEEKDAYS),
    Setting("smtp_host", "SMTP server for e-mail", _text),
    Setting("smtp_port", "SMTP port (default 587 with STARTTLS, else 25)", _whole(1, 65535)),
    Setting("smtp_from", "the summary's From address", _email),
    Setting("smtp_user", "SMTP login (password: LOADWATCH_SMTP_PASSWORD)", _text),
    Setting("smtp_starttls", "true to use STARTTLS (default true)", _choice("true", "false"),
            ("true", "false")),
    Setting("dashboard_url", "link to your dashboard in summaries", _text),
)}


def normalise(key: str, value: str) -> str:
    """The stored form of ``value`` for ``key``; UsageError names what is valid."""
    if key not in SETTINGS:
        raise UsageError(f"unknown setting {key!r}; valid settings: {', '.join(SETTINGS)}")
    try:
        return SETTINGS[key].normalise(value)
    except ValueError as err:
        raise UsageError(f"bad value {value!r} for {key}: {err}") from None


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` words to normalised settings."""
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        result[key.strip()] = normalise(key.strip(), value)
    return result


def check_consistent(values: Mapping[str, str]) -> None:
    """Heart rates must rise: resting < threshold < maximum."""
    order = [(k, int(values[k])) for k in ("resting_hr", "threshold_hr", "max_hr") if k in values]
    for (low_key, low), (high_key, high) in itertools.pairwise(order):
        if low >= high:
            raise UsageError(f"{low_key} ({low}) must be below {high_key} ({high})")


# Listing the zone database takes ~20 ms, and --send-due asks once per athlete.
_zone_names = functools.cache(available_timezones)


def machine_timezone() -> str:
    """This machine's IANA zone name, or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    with contextlib.suppress(OSError, IndexError):
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    zones = _zone_names()
    return next((c for c in candidates if c in zones), "UTC")


DEFAULTS = {"week_start": "monday", "units": "km", "count_cross_training_load": "false"}


def effective(stored: Mapping[str, str]) -> dict[str, object]:
    """Settings as the metrics use them: numbers, a threshold speed, defaults filled."""
    values = {**DEFAULTS, "timezone": machine_timezone(), **sound_settings(stored)}
    result: dict[str, object] = dict(values)
    for key in ("max_hr", "resting_hr", "threshold_hr"):
        result[key] = int(values[key]) if key in values else None
    result["sex"] = values.get("sex")
    result["count_cross_training_load"] = values["count_cross_training_load"] == "true"
    result["threshold_speed"] = threshold_speed(values.get("threshold_pace"))
    return result


def setting_problem(key: str, value: str) -> str | None:
    """Why a stored setting is not valid (unknown key, bad value), or None."""
    try:
        normalise(key, value)
    except UsageError as err:
        return str(err)
    return None


def sound_settings(stored: Mapping[str, str]) -> dict[str, str]:
    """The stored settings that are valid; a bad one (left by an older version or
    written by hand) is ignored with a warning, so its default applies.
    """
    result = {}
    for key, value in stored.items():
        problem = setting_problem(key, value)
        if problem is None:
            result[key] = value
        else:
            log.warning("setting ignored: %s (loadwatch check --repair removes it)", problem)
    return result


def threshold_speed(pace: str | None) -> float | None:
    """Threshold pace ("4:30/km") as a speed in m/s."""
    if not pace:
        return None
    match = _PACE.match(pace)
    seconds = int(match[1]) * 60 + int(match[2])
    metres = 1000.0 if match[3] == "km" else METRES_PER_MILE
    return metres / seconds
