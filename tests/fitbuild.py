"""Small FIT files for tests, written with loadwatch's own FIT writer."""

from __future__ import annotations

import numpy as np

from loadwatch.testing.fit_writer import FitWriter, degrees_to_semicircles

START = 1_100_000_000  # FIT seconds: 2024-11-08T11:33:20Z


def run_file(seconds: int = 600, *, start: int = START,  # noqa: PLR0913
             speed: float = 3.0, session: bool = True,
             stamps: np.ndarray | None = None, local_offset: int | None = 3600,
             sub_sport: str = "street", session_start: int | None = None,
             file_type: str = "activity", session_fields: dict | None = None,
             laps: list[dict] | None = None, cadence: float | None = None,
             heart_rate: np.ndarray | None = None, distance: np.ndarray | None = None) -> bytes:
    """A one-second run at a steady ``speed`` (m/s) with heart rate and position.

    ``heart_rate`` (bpm, 150 throughout when None) and ``distance`` (m, from
    ``speed`` when None) give a record's values second by second.

    ``session_fields`` replace the session's fields (None leaves one out);
    ``laps`` are written as lap messages before the session; ``cadence``
    (rpm) adds a cadence column to the records.
    """
    t = np.arange(seconds, dtype=np.float64)
    stamps = start + t if stamps is None else stamps
    custom = distance
    distance = t * speed if custom is None else np.asarray(custom, dtype=np.float64)
    writer = FitWriter()
    writer.message("file_id", type=file_type, manufacturer="development", product=1,
                   time_created=start)
    columns = {
        "timestamp": stamps,
        "position_lat": degrees_to_semicircles(52.0 + distance / 111_320.0),
        "position_long": degrees_to_semicircles(np.full(seconds, 5.0)),
        "distance": distance,
        "enhanced_speed": (np.full(seconds, speed) if custom is None
                           else np.gradient(distance) if seconds > 1 else np.zeros(seconds)),
        "heart_rate": np.full(seconds, 150.0) if heart_rate is None else heart_rate,
        "enhanced_altitude": np.full(seconds, 10.0),
    }
    if cadence is not None:
        columns["cadence"] = np.full(seconds, cadence)
    writer.records("record", columns)
    end = start + seconds - 1
    for lap in laps or ():
        writer.message("lap", **lap)
    if session:
        fields = {"start_time": start if session_start is None else session_start,
                  "timestamp": end, "sport": "running", "sub_sport": sub_sport,
                  "total_elapsed_time": seconds - 1, "total_timer_time": seconds - 1,
                  "total_distance": float(distance[-1]), "avg_heart_rate": 150,
                  "max_heart_rate": 150, **(session_fields or {})}
        writer.message("session", **fields)
    local = None if local_offset is None else end + local_offset
    writer.message("activity", timestamp=end, local_timestamp=local, num_sessions=1)
    return writer.to_bytes()
