"""ISO 8601 times from XML activity files, converted all at once."""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np

_UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?$")


def seconds_since(texts: list[str | None], start: datetime) -> np.ndarray | None:
    """Seconds from ``start`` for UTC stamps ('...Z' or naive); NaN where missing.

    Returns None when a stamp carries another offset, so the caller can take
    the slower, general path.
    """
    present = [t for t in texts if t]
    if not all(_UTC_STAMP.match(t) for t in present):
        return None
    try:
        cleaned = np.array([t.rstrip("Z") if t else "NaT" for t in texts],
                           dtype="datetime64[ms]")
    except ValueError:
        return None  # an impossible date (2020-02-30): the general path reads each one
    origin = np.datetime64(start.replace(tzinfo=None), "ms")
    seconds = (cleaned - origin).astype("timedelta64[ms]").astype(np.float64) / 1000
    seconds[np.isnat(cleaned)] = np.nan
    return seconds
