"""Synthetic "runs" that are something else, for the data-quality tests.

A recording is built from segments at 1 Hz (seconds, speed in m/s, grade),
and written as a FIT file with loadwatch's own FIT writer, so a test can
import it as a watch's file: a bike ride logged as a run, a watch left on
after a run, GPS jumps.
"""

from __future__ import annotations

import numpy as np

from loadwatch.testing.fit_writer import FitWriter, degrees_to_semicircles
from tests.fitbuild import START

DAY = 86_400


def track(*segments: tuple, jumps: tuple[int, ...] = (), jump_m: float = 0.0) -> dict:
    """1 Hz samples: ``time`` (s), ``distance`` (m), ``altitude`` (m), ``speed`` (m/s).

    Each segment is ``(seconds, speed_ms)`` or ``(seconds, speed_ms, grade)``.
    Each step ending at a second of ``jumps`` adds ``jump_m`` more metres (a
    GPS fix thrown off and the next one back on the track).
    """
    speeds, grades = [], []
    for segment in segments:
        seconds, speed, grade = (*segment, 0.0)[:3]
        speeds.append(np.full(int(seconds), float(speed)))
        grades.append(np.full(int(seconds), float(grade)))
    step = np.concatenate(speeds)
    climb = step * np.concatenate(grades)
    extra = np.zeros(step.size)
    for second in jumps:
        extra[second - 1] += jump_m
    distance = np.concatenate([[0.0], np.cumsum(step + extra)])
    return {"time": np.arange(step.size + 1, dtype=float), "distance": distance,
            "altitude": np.concatenate([[100.0], 100.0 + np.cumsum(climb)]),
            "speed": np.concatenate([step[:1], step])}


def fit_file(samples: dict, *, day: int = 0, sport: str = "running") -> bytes:
    """The recording as a watch's FIT file, ``day`` days after tests.fitbuild.START."""
    start = START + day * DAY
    time, distance = samples["time"], samples["distance"]
    writer = FitWriter()
    writer.message("file_id", type="activity", manufacturer="development", product=1,
                   time_created=start)
    writer.records("record", {
        "timestamp": start + time,
        "position_lat": degrees_to_semicircles(52.0 + distance / 111_320.0),
        "position_long": degrees_to_semicircles(np.full(time.size, 5.0)),
        "distance": distance,
        "enhanced_speed": np.clip(samples["speed"], 0, 50),
        "heart_rate": np.full(time.size, 150.0),
        "enhanced_altitude": samples["altitude"],
    })
    end = start + int(time[-1])
    writer.message("session", start_time=start, timestamp=end, sport=sport,
                   sub_sport="street", total_elapsed_time=float(time[-1]),
                   total_timer_time=float(time[-1]), total_distance=float(distance[-1]),
                   avg_heart_rate=150, max_heart_rate=150)
    writer.message("activity", timestamp=end, local_timestamp=end + 3600, num_sessions=1)
    return writer.to_bytes()


def bike_ride_as_run() -> dict:
    """Ten minutes' running, then an hour at 30 km/h: about 31.8 km "run"."""
    return track((600, 3.0), (3600, 30 / 3.6))


def watch_left_on() -> dict:
    """Forty minutes' running, then 25 minutes walking home at 5 km/h."""
    return track((2400, 3.0), (1500, 5 / 3.6))


def easy_run(seconds: int = 3300) -> dict:
    """An even run at 3 m/s (5:33/km): 9.9 km in 55 minutes."""
    return track((seconds, 3.0))
