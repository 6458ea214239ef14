"""The data loadwatch passes between layers, with every unit in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np

# Sample columns and their units. ``time`` counts seconds from the activity's
# start; position is WGS84 degrees; cadence is what the device wrote (rpm:
# strides per minute for running watches).
SAMPLE_UNITS = {
    "time": "s",
    "distance": "m",
    "speed": "m/s",
    "heart_rate": "bpm",
    "cadence": "rpm",
    "altitude": "m",
    "lat": "deg",
    "lon": "deg",
    "power": "W",
}
SAMPLE_COLUMNS = tuple(SAMPLE_UNITS)

Samples = dict[str, np.ndarray]
"""Equal-length numpy columns named as in SAMPLE_COLUMNS."""


@dataclass(frozen=True)
class Activity:
    """One activity as loadwatch stores it.

    ``start_time`` is timezone-aware UTC; ``utc_offset_s`` is the local offset
    the device recorded (None when unknown). Distances in metres, times in
    seconds, heart rate in bpm.
    """

    start_time: datetime
    sport: str
    sub_sport: str | None = None
    name: str | None = None
    utc_offset_s: int | None = None
    distance_m: float | None = None
    timer_s: float | None = None
    elapsed_s: float | None = None
    elevation_gain_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence: float | None = None
    device: str | None = None
    source_format: str = "fit"
    source_name: str = ""
    content_hash: str = ""
    session_index: int = 0
    warnings: tuple[str, ...] = ()
    rpe: float | None = None
    surface_override: str | None = None
    # The source gave a local wall-clock time without a zone; the athlete's
    # zone was assumed (matters when the same run arrives from a watch abroad).
    zone_assumed: bool = False
    # The runner's answer to a data-quality mark (metrics.quality):
    # "confirmed" (it was a run), "corrected" (they set the distance), or None.
    quality_review: str | None = None
    id: int | None = None
    athlete: str | None = None

    @property
    def local_start(self) -> datetime:
        """The start time in the recorded local offset (UTC when unknown)."""
        offset = timezone(timedelta(seconds=self.utc_offset_s or 0))
        return self.start_time.astimezone(offset)


@dataclass
class ImportedActivity:
    """An activity read from a file, with its samples, not yet stored."""

    activity: Activity
    samples: Samples = field(default_factory=dict)
    # The samples already encoded for storage, and their settings-free
    # summary for the metrics (both made in the import workers).
    encoded: bytes | None = None
    profile: dict | None = None


@dataclass
class ParsedFile:
    """What an importer read from one file."""

    source_format: str
    content_hash: str
    activities: list[ImportedActivity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    decoder: str | None = None
    # The file as read, kept for exports: (compression, bytes), compression "zlib" or "none".
    original: tuple[str, bytes] | None = None


@dataclass
class FileResult:
    """The outcome of importing one file, as ``import --json`` prints it."""

    path: str
    status: str  # imported | duplicate | skipped | failed
    activities: list[int] = field(default_factory=list)
    message: str = ""
    needs_units: bool = False  # failed only for want of km or mi: import it again with them

    def as_dict(self) -> dict:
        """The result as ``import --json`` prints it."""
        return {"path": self.path, "status": self.status,
                "activities": list(self.activities), "message": self.message,
                "needs_units": self.needs_units}
