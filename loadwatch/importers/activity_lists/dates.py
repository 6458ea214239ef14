"""Dates and times as activity lists write them, in any of their languages.

ISO 8601 ('2024-09-07 15:13:23', with or without an offset), Strava's dates in
the account's language (the Unicode CLDR medium format: 'Oct 6, 2022, 11:19:20
PM', '12.03.2023, 07:05:10', '6 oct. 2022, 23:19:20', '6 de out. de 2022
23:19:20') and Garmin Connect's older 'Fr, 25 Mai 2012 20:31'. Month names come
from ``vocabulary/months.json``; weekday names are passed over.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from loadwatch.importers.vocab import key, table

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_TIME = re.compile(r"(?<![\d.])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
                   r"(?:\s*([ap])\.?\s?m\.?(?![a-z]))?", re.IGNORECASE)
_DOT_TIME = re.compile(r"\s(\d{1,2})\.(\d{2})\.(\d{2})\s*$")  # Danish, Finnish: 23.19.20
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _months() -> tuple[dict[str, int], dict[str, int]]:
    """Month spellings -> number, and 3+ letter prefixes that fit one month only."""
    names: dict[str, int] = {}
    for months in table("months")["months"].values():
        for number, spellings in enumerate(months, start=1):
            for spelling in spellings:
                names[key(spelling)] = number
    prefixes: dict[str, set[int]] = {}
    for name, number in names.items():
        for end in range(3, len(name) + 1):
            prefixes.setdefault(name[:end], set()).add(number)
    unique = {p: next(iter(n)) for p, n in prefixes.items() if len(n) == 1}
    return names, unique


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation in a known language, else None."""
    names, prefixes = _months()
    word = key(word)
    return names.get(word) or prefixes.get(word)


def _clock(text: str) -> tuple[tuple[int, int, int] | None, str]:
    """(hour, minute, second) found in ``text``, and the text without it."""
    found = _TIME.search(text)
    if found is not None:
        hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
        if found[4]:
            if hour > 12:
                return None, text
            hour = hour % 12 + (12 if found[4].lower() == "p" else 0)
        return (hour, minute, second), text[:found.start()] + " " + text[found.end():]
    found = _DOT_TIME.search(text)
    if found is not None:
        return (int(found[1]), int(found[2]), int(found[3])), text[:found.start()]
    return (0, 0, 0), text


def _day(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) from the date part of a cell."""
    month = None
    for word in _WORD.findall(text):
        month = month_number(word) or month  # the last month word: 'mar., 12 mars' is March
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if month is not None:
        years = [n for n in numbers if n >= 1000]
        days = [n for n in numbers if n < 100]
        return (years[0], month, days[0]) if len(years) == 1 and len(days) == 1 else None
    if len(numbers) != 3:
        return None
    if numbers[0] >= 1000:
        return numbers[0], numbers[1], numbers[2]  # 2022-10-06, 2022/10/06, 2022. 10. 6.
    if numbers[2] >= 1000:
        day, month_, year = numbers
        if "/" in text and month_ > 12 >= day:
            day, month_ = month_, day  # 10/31/2022: only a month-first date fits
        return year, month_, day
    return None


def parse_date(text: str | None) -> datetime | None:
    """A naive date-time from a cell (no zone in it), or None when none can be read."""
    if not text or not text.strip():
        return None
    clock, rest = _clock(text.strip())
    day = _day(rest) if clock is not None else None
    if day is None:
        return None
    try:
        return datetime(*day, *clock)
    except ValueError:
        return None  # 2020-02-30, 25:00


def parse_moment(text: str | None, zone: tzinfo) -> datetime | None:
    """An aware date-time: ISO with its own offset, or a wall-clock time in ``zone``."""
    if not text or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        moment = parse_date(text)
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def wall_clock(moment: datetime) -> bool:
    """Whether ``moment`` was read without a zone (the athlete's was assumed).

    :func:`parse_moment` gives a text's own offset as a fixed ``timezone`` and
    an assumed zone as the ``ZoneInfo`` it was handed.
    """
    return isinstance(moment.tzinfo, ZoneInfo)


def date_problem(moment: datetime, now: datetime | None = None) -> str | None:
    """Why a row's start cannot be an activity (before 1970, after tomorrow), or None."""
    now = now or datetime.now(UTC)
    if moment < EARLIEST:
        return f"its date {moment.date().isoformat()} is before 1970"
    if moment.astimezone(UTC).date() > (now + timedelta(days=1)).date():
        return f"its date {moment.date().isoformat()} is in the future"
    return None
