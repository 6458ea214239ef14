"""When two activities are the same run, and which record of it to keep.

The same run arrives as FIT and GPX, from Strava and from Garmin. Two
activities of one athlete are one run when they start within 2 minutes of
each other and their distances agree within 5%, or when their time ranges
overlap by most (80%) of the longer one's length. The richer record is kept:
samples over a summary, heart rate over none, more samples over fewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

START_TOLERANCE = timedelta(minutes=2)
DISTANCE_TOLERANCE = 0.05
OVERLAP_SHARE = 0.8


@dataclass(frozen=True)
class Candidate:
    """What matching needs to know of an activity."""

    start: datetime
    duration_s: float | None
    distance_m: float | None
    samples: int
    has_hr: bool


def same_run(a: Candidate, b: Candidate) -> bool:
    """Whether two activities are one run recorded twice."""
    close_start = abs(a.start - b.start) <= START_TOLERANCE
    if close_start and a.distance_m and b.distance_m:
        longer = max(a.distance_m, b.distance_m)
        if abs(a.distance_m - b.distance_m) <= DISTANCE_TOLERANCE * longer:
            return True
    if not a.duration_s or not b.duration_s:
        return False
    a_end = a.start + timedelta(seconds=a.duration_s)
    b_end = b.start + timedelta(seconds=b.duration_s)
    overlap = (min(a_end, b_end) - max(a.start, b.start)).total_seconds()
    return overlap >= OVERLAP_SHARE * max(a.duration_s, b.duration_s)


def richness(candidate: Candidate) -> tuple[bool, bool, int]:
    """Ordering of records: samples, then heart rate, then how many samples."""
    return candidate.samples > 0, candidate.has_hr, candidate.samples
