"""The keys of the athlete settings: what each means and how a typed value is checked.

Every key is a :class:`Setting` of :data:`SETTINGS`, with its help text, the
function that turns what the user typed into the stored text (or refuses it
with what is valid) and, for a choice, its choices. The bone-stress profile's
keys come from ``loadwatch.settings.bone``.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from loadwatch.settings.bone import BONE_FACTORS
from loadwatch.units import METRES_PER_KM, METRES_PER_MILE, UNITS, parse_pace
from loadwatch.vocabulary import WEEKDAYS


@dataclass(frozen=True)
class Setting:
    """One key of the settings: its help text, how a value is checked, its choices."""

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


# Threshold paces a runner can hold for about an hour: from faster than the
# half-marathon world record (about 2:37/km) to a walk.
_PACE_RANGE_S_PER_KM = (120, 1200)


def _pace(value: str) -> str:
    seconds, unit = parse_pace(value)
    per_km = seconds * (1.0 if unit == "km" else METRES_PER_KM / METRES_PER_MILE)
    low, high = _PACE_RANGE_S_PER_KM
    if not low <= per_km <= high:
        raise ValueError("a pace from 2:00/km to 20:00/km (3:13/mi to 32:11/mi)")
    return f"{seconds // 60}:{seconds % 60:02d}/{unit}"


def _email(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("an e-mail address such as runner@example.org")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("a non-empty value")
    return value.strip()


def web_address(value: str) -> str:
    """``value`` when it is an http(s) address a link may carry; ValueError otherwise.

    ``javascript:``, ``data:`` and every other kind are refused (the address
    becomes a link in summaries and e-mails), and so are spaces, quotes and
    angle brackets, which no address needs.
    """
    value = value.strip()
    parts = urlsplit(value)
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or any(c.isspace() or c in "<>\"'`\\" or ord(c) < 32 for c in value)):
        raise ValueError("an http:// or https:// address such as https://loadwatch.example.org "
                         "(javascript:, data: and other kinds are refused: it becomes a link)")
    return value


def _timezone(value: str) -> str:
    """The zone's own spelling: "europe/amsterdam" is Europe/Amsterdam."""
    value = value.strip()
    value = _zone_names().get(value.lower(), value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("an IANA time zone name such as Europe/Amsterdam") from None
    return value


@functools.cache
def _zone_names() -> dict[str, str]:
    """Every zone name the system knows, by its lower case."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


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
    Setting("units", "km or mi for display (default km)", _choice(*UNITS), UNITS),
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
    Setting("dashboard_url", "link to your dashboard in summaries (http or https)",
            web_address),
    *(Setting(f.key, f.help, _choice("true", "false"), ("true", "false")) for f in BONE_FACTORS),
)}
