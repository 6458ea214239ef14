"""What loadwatch keeps of a FIT file, whichever decoder read it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from loadwatch.fit import profile

RECORD_COLUMNS = ("timestamp", "distance", "speed", "heart_rate", "cadence",
                  "altitude", "lat", "lon", "power")

# Record columns and the profile fields they come from, best first: FIT 2.0
# devices write enhanced_speed/enhanced_altitude (32 bit) next to or instead of
# the 16-bit originals.
RECORD_SOURCES = {
    "timestamp": ("timestamp",),
    "distance": ("distance",),
    "speed": ("enhanced_speed", "speed"),
    "heart_rate": ("heart_rate",),
    "cadence": ("cadence",),
    "altitude": ("enhanced_altitude", "altitude"),
    "lat": ("position_lat",),
    "lon": ("position_long",),
    "power": ("power",),
}
# The summary messages and the fields of each that loadwatch reads.
SUMMARY_FIELDS = {
    "file_id": {"type", "manufacturer", "product", "serial_number", "time_created",
                "product_name"},
    "session": {"start_time", "timestamp", "sport", "sub_sport", "total_elapsed_time",
                "total_timer_time", "total_distance", "total_ascent", "total_descent",
                "avg_heart_rate", "max_heart_rate", "avg_cadence", "max_cadence",
                "avg_speed", "max_speed", "avg_power", "total_calories",
                "first_lap_index", "num_laps"},
    # Laps place a session whose start_time is missing.
    "lap": {"start_time", "timestamp", "total_elapsed_time", "total_timer_time",
            "total_distance"},
    "activity": {"timestamp", "local_timestamp", "num_sessions", "total_timer_time"},
    "device_info": {"device_index", "manufacturer", "product", "product_name"},
    "sport": {"sport", "sub_sport", "name"},
}


@dataclass
class DecodedFit:
    """What loadwatch keeps of one FIT file, however it was decoded.

    ``records`` holds equal-length numpy columns in file order: ``timestamp``
    in FIT seconds (int64, -1 when missing), position in degrees, distance and
    altitude in metres, speed in m/s, heart rate in bpm, cadence in rpm and
    power in watts (float64, NaN when missing or invalid).
    """

    file_id: dict = field(default_factory=dict)
    sessions: list[dict] = field(default_factory=list)
    laps: list[dict] = field(default_factory=list)
    activity: dict | None = None
    device_infos: list[dict] = field(default_factory=list)
    sports: list[dict] = field(default_factory=list)
    records: dict[str, np.ndarray] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    decoder: str = "fast"

    @property
    def file_type(self) -> str | None:
        """The file_id message's type (activity, course, settings...), if any."""
        return self.file_id.get("type")

    @property
    def record_count(self) -> int:
        """How many timestamped records were decoded."""
        return len(self.records.get("timestamp", ()))


def empty_records() -> dict[str, np.ndarray]:
    """Record columns of no rows, in the dtypes the decoders fill."""
    records = {c: np.zeros(0, dtype=np.float64) for c in RECORD_COLUMNS}
    records["timestamp"] = np.zeros(0, dtype=np.int64)
    return records


def finish_records(records: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Convert raw columns to loadwatch's units: timestamps int, degrees."""
    stamps = records["timestamp"]
    records["timestamp"] = np.where(np.isnan(stamps), -1, stamps).astype(np.int64)
    records["lat"] = records["lat"] * profile.SEMICIRCLE_TO_DEG
    records["lon"] = records["lon"] * profile.SEMICIRCLE_TO_DEG
    return records
