"""When two activities are the same run, and which record of it to keep.

The same run arrives as FIT and GPX, from Strava and from Garmin. Two
activities of one athlete are one run when they start within 2 minutes of
each other and their distances agree within 5%, or when their time ranges
overlap by most (80%) of the longer one's length. The richer record is kept:
samples over a summary, heart rate over none, the watch's own FIT over files
converted from it (TCX, GPX), then more samples over fewer.
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
    source_format: str = "fit"


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


FORMAT_RANK = {"fit": 3, "tcx": 2, "gpx": 1, "csv": 0}


def richness(candidate: Candidate) -> tuple[bool, bool, int, int]:
    """Ordering of records: samples, heart rate, the original format, sample count."""
    return (candidate.samples > 0, candidate.has_hr,
            FORMAT_RANK.get(candidate.source_format, 0), candidate.samples)
