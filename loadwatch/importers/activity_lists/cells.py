"""Numbers and durations from activity-list cells, never NaN, infinite or negative.

A cell is a number only when it is digits with at most one decimal mark and
thousands separators that fit: 'inf', 'NaN', '1e308', '-5' and '00:NaN:NaN' are
no value (None), and so is anything of 10^9 or more (no distance in metres,
duration in seconds or heart rate in bpm comes near it; it would overflow once
multiplied by a unit).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

MISSING = frozenset({"", "--", "-", "nan", "null", "none", "n/a", "na"})
LIMIT = 1e9
# Spaces used as thousands separators (French: narrow no-break space) and Swiss apostrophes.
_GROUPING = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"\d+(\.\d+)?")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")  # 1,393 or 1,393.5
_COMMA_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")  # 1.393 or 1.393,5
_COMMA_DECIMAL = re.compile(r"\d+,\d+")  # 10,5


def finite(value: float | None) -> float | None:
    """``value`` when it is a finite, non-negative number below LIMIT, else None."""
    if value is None or not math.isfinite(value) or not 0 <= value < LIMIT:
        return None
    return value


def number(text: str | None, decimal: str | None = None) -> float | None:
    """A non-negative number from a cell, or None.

    ``decimal`` is the file's decimal mark ('.' or ','), when known: the other
    mark is then a thousands separator. Unknown, '1,393' is 1393 (a comma before
    three digits groups thousands) and '10,5' is 10.5.
    """
    if text is None:
        return None
    text = _GROUPING.sub("", text.strip())
    if text.lower() in MISSING:
        return None
    if decimal == ".":
        text = text.replace(",", "")
    elif decimal == ",":
        text = text.replace(".", "").replace(",", ".")
    elif _DOT_THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif _COMMA_THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.fullmatch(text):
        text = text.replace(",", ".")
    if not _PLAIN.fullmatch(text):
        return None  # signs, exponents, words: no value
    return finite(float(text))


def plain_number(text: str | None) -> float | None:
    """A number written by a program, not for a reader: '2432.77001953125' (dot decimal)."""
    return number(text, ".")


def decimal_mark(cells: Iterable[str | None]) -> str | None:
    """The decimal mark a column's cells show, or None when none tells.

    '13.78' or '1,393.5' say '.'; '10,02' or '1.393,5' say ','; '1,393' or
    '1.393' could be either and say nothing.
    """
    for cell in cells:
        text = _GROUPING.sub("", (cell or "").strip())
        if re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}|\d{1,3}(,\d{3})+\.\d+", text):
            return "."
        if re.fullmatch(r"\d+,\d{1,2}|\d+,\d{4,}|\d{1,3}(\.\d{3})+,\d+", text):
            return ","
    return None


def duration_seconds(text: str | None) -> float | None:
    """Seconds from '3600', '1:00:00', '01:00:00.5', '45:10' or '30:00,75'; else None.

    Every part must be digits ('00:NaN:NaN' is no value), and minutes and
    seconds below 60 after the first part.
    """
    if text is None:
        return None
    parts = text.strip().split(":")
    if len(parts) > 3 or any(not re.fullmatch(r"\d+([.,]\d+)?", p) for p in parts):
        return None
    values = [float(p.replace(",", ".")) for p in parts]
    if any(value >= 60 for value in values[1:]):
        return None
    seconds = 0.0
    for value in values:
        seconds = seconds * 60 + value
    return finite(seconds)
