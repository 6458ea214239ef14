"""Write loadwatch's sample data: sixteen weeks of FIT runs for one runner.

The story: four base weeks around 30 km; a ramp that is too fast (+34%, then
about +20% a week); a long-run spike (33 km after a longest run of 16 km in the month
before); a cut-back week; then a steadier rebuild. Heart rate follows the
effort; surfaces mix road, trail, track and treadmill (FIT ``sub_sport``).

Also writes ``diary.json``, the runner's symptom diary for the same weeks
(``loadwatch diary import sample_data/diary.json``). Deterministic: each run's
random noise is seeded by its index, so running this again writes the same
bytes. Run: ``python sample_data/make_samples.py``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from loadwatch.fit.profile import FIT_EPOCH_S
from loadwatch.testing.fit_writer import FitWriter, degrees_to_semicircles

OUT = Path(__file__).resolve().parent / "runs"
FIRST_MONDAY = datetime(2026, 7, 6)
RECORD_EVERY_S = 3  # "smart recording" interval
HOME = (52.0907, 5.1214)
# Europe/Amsterdam: summer time (UTC+2) ends on 2026-10-25 at 01:00 UTC.
SUMMER_TIME_ENDS = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)

SUB_SPORT = {"road": "street", "trail": "trail", "track": "track", "treadmill": "treadmill"}
# Pace (s/km) and steady heart rate (bpm) per kind of run.
EFFORT = {"recovery": (365, 132), "easy": (335, 143), "long": (345, 147),
          "tempo": (272, 166), "intervals": (300, 160)}
DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# One line a week: (day, km, kind, surface), ...
WEEKS = [
    # base
    [("tue", 6, "easy", "road"), ("thu", 7, "tempo", "road"), ("sat", 5, "easy", "trail"),
     ("sun", 12, "long", "road")],
    [("tue", 6, "easy", "road"), ("thu", 7, "intervals", "track"),
     ("sat", 6, "easy", "treadmill"), ("sun", 12, "long", "road")],
    [("tue", 7, "easy", "road"), ("thu", 7, "tempo", "road"), ("sat", 6, "easy", "trail"),
     ("sun", 13, "long", "road")],
    [("tue", 6, "easy", "road"), ("thu", 7, "intervals", "track"), ("sat", 6, "easy", "road"),
     ("sun", 13, "long", "road")],
    # the ramp: too fast
    [("mon", 6, "recovery", "road"), ("tue", 8, "easy", "road"), ("thu", 8, "tempo", "road"),
     ("sat", 7, "easy", "trail"), ("sun", 14, "long", "road")],
    [("mon", 6, "recovery", "treadmill"), ("tue", 9, "easy", "road"), ("wed", 6, "easy", "road"),
     ("thu", 8, "intervals", "track"), ("sat", 8, "easy", "trail"), ("sun", 15, "long", "road")],
    [("mon", 6, "recovery", "road"), ("tue", 10, "easy", "road"), ("wed", 7, "easy", "road"),
     ("thu", 9, "tempo", "road"), ("fri", 6, "easy", "treadmill"), ("sat", 8, "easy", "trail"),
     ("sun", 16, "long", "road")],
    # the long-run spike
    [("tue", 10, "easy", "road"), ("wed", 7, "easy", "road"), ("thu", 9, "intervals", "track"),
     ("sat", 8, "easy", "trail"), ("sun", 33, "long", "road")],
    # cut-back
    [("tue", 6, "recovery", "road"), ("thu", 6, "easy", "road"), ("sat", 5, "easy", "treadmill"),
     ("sun", 10, "long", "road")],
    # rebuild
    [("tue", 7, "easy", "road"), ("thu", 8, "tempo", "road"), ("sat", 6, "easy", "trail"),
     ("sun", 13, "long", "road")],
    [("tue", 8, "easy", "road"), ("wed", 6, "easy", "road"), ("thu", 8, "intervals", "track"),
     ("sat", 6, "easy", "trail"), ("sun", 14, "long", "road")],
    [("tue", 8, "easy", "road"), ("wed", 6, "easy", "treadmill"), ("thu", 8, "tempo", "road"),
     ("sat", 7, "easy", "road"), ("sun", 15, "long", "road")],
    [("tue", 8, "easy", "road"), ("wed", 7, "easy", "road"), ("thu", 8, "intervals", "track"),
     ("sat", 7, "easy", "trail"), ("sun", 16, "long", "road")],
    [("tue", 8, "easy", "road"), ("wed", 7, "easy", "road"), ("thu", 9, "tempo", "road"),
     ("sat", 7, "easy", "treadmill"), ("sun", 17, "long", "road")],
    [("tue", 9, "easy", "road"), ("wed", 7, "easy", "road"), ("thu", 8, "intervals", "track"),
     ("sat", 8, "easy", "trail"), ("sun", 18, "long", "road")],
    [("tue", 9, "easy", "road"), ("wed", 7, "easy", "road"), ("thu", 9, "tempo", "road"),
     ("sat", 6, "easy", "road"), ("sun", 14, "long", "road")],
]


@dataclass(frozen=True)
class PlannedRun:
    index: int
    start_utc: datetime
    utc_offset_s: int
    km: float
    kind: str
    surface: str

    @property
    def file_name(self) -> str:
        local = self.start_utc + timedelta(seconds=self.utc_offset_s)
        return f"{local:%Y-%m-%d}-{self.kind}-{self.surface}.fit"


def plan() -> list[PlannedRun]:
    runs = []
    for week, sessions in enumerate(WEEKS):
        for day, km, kind, surface in sessions:
            hour = 9 if day in ("sat", "sun") else 7
            local = FIRST_MONDAY + timedelta(days=7 * week + DAYS[day], hours=hour)
            summer = local - timedelta(hours=2) < SUMMER_TIME_ENDS.replace(tzinfo=None)
            offset = 7200 if summer else 3600
            start = (local - timedelta(seconds=offset)).replace(tzinfo=UTC)
            runs.append(PlannedRun(len(runs), start, offset, float(km), kind, surface))
    return runs


def pace_profile(run: PlannedRun, distance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Target pace (s/km) and steady heart rate along the run."""
    pace, heart = EFFORT[run.kind]
    pace_at = np.full(distance.shape, float(pace))
    heart_at = np.full(distance.shape, float(heart))
    if run.kind == "intervals":  # 2 km warm-up, 400 m reps with 200 m jogs, cool-down
        in_reps = (distance > 2000) & (distance < run.km * 1000 - 1500)
        rep = in_reps & (((distance - 2000) % 600) < 400)
        pace_at[rep], heart_at[rep] = 225.0, 177.0
        pace_at[in_reps & ~rep], heart_at[in_reps & ~rep] = 380.0, 152.0
    if run.surface == "trail":
        pace_at *= 1.1
    return pace_at, heart_at


def simulate(run: PlannedRun) -> dict[str, np.ndarray]:
    """Per-second traces, then thinned to the recording interval."""
    rng = np.random.default_rng(run.index)
    mean_pace = EFFORT[run.kind][0] * (1.1 if run.surface == "trail" else 1.0)
    seconds = int(run.km * mean_pace * 1.15)
    distance = np.zeros(seconds)
    speed = np.zeros(seconds)
    heart = np.zeros(seconds)
    hr_now, travelled = 95.0, 0.0
    noise = rng.normal(0, 1, size=(seconds, 2))
    for t in range(seconds):
        pace, target_hr = pace_profile(run, np.array([travelled]))
        v = 1000.0 / pace[0] * (1 + 0.03 * noise[t, 0])
        travelled += v
        # Heart rate approaches its steady value with a ~40 s lag, drifting up
        # slowly over long efforts (cardiac drift).
        hr_now += (target_hr[0] + t / 600.0 - hr_now) / 40.0
        speed[t], distance[t] = v, travelled
        heart[t] = hr_now + 1.5 * noise[t, 1]
        if travelled >= run.km * 1000:
            break
    used = t + 1
    keep = np.arange(0, used, RECORD_EVERY_S)
    return {"t": keep.astype(np.float64), "distance": distance[keep], "speed": speed[keep],
            "heart_rate": np.round(heart[keep]), "elapsed": float(used)}


def route(surface: str, distance: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitude, longitude (degrees) and altitude (m) along each surface's course."""
    metres_per_deg_lat = 111_320.0
    metres_per_deg_lon = metres_per_deg_lat * math.cos(math.radians(HOME[0]))
    if surface == "treadmill":
        nan = np.full(distance.shape, np.nan)
        return nan, nan, nan
    if surface == "track":
        x, y = _oval(distance % 400.0)
        altitude = np.full(distance.shape, 4.0)
    elif surface == "trail":
        angle = 2 * np.pi * distance / 6000.0
        radius = 900 + 120 * np.sin(5 * angle)
        x, y = radius * np.cos(angle) + 3000, radius * np.sin(angle) - 2000
        altitude = 30 + 25 * np.sin(2 * np.pi * distance / 1500.0)
    else:
        angle = 2 * np.pi * distance / 5000.0
        x, y = 796 * np.cos(angle), 796 * np.sin(angle)
        altitude = 3 + 2 * np.sin(angle)
    return HOME[0] + y / metres_per_deg_lat, HOME[1] + x / metres_per_deg_lon, altitude


def _oval(position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A standard 400 m track: 84.39 m straights, bends of radius 36.5 m."""
    straight, radius = 84.39, 36.5
    bend = np.pi * radius
    x, y = np.zeros(position.shape), np.zeros(position.shape)
    s = position
    first = s < straight
    x[first], y[first] = s[first] - straight / 2, -radius
    s2 = s - straight
    second = ~first & (s2 < bend)
    a = s2[second] / radius - np.pi / 2
    x[second], y[second] = straight / 2 + radius * np.cos(a), radius * np.sin(a)
    s3 = s2 - bend
    third = ~first & ~second & (s3 < straight)
    x[third], y[third] = straight / 2 - s3[third], radius
    s4 = s3 - straight
    fourth = ~first & ~second & ~third
    a = s4[fourth] / radius + np.pi / 2
    x[fourth], y[fourth] = -straight / 2 + radius * np.cos(a), radius * np.sin(a)
    return x, y


def write_run(run: PlannedRun) -> bytes:
    trace = simulate(run)
    lat, lon, altitude = route(run.surface, trace["distance"])
    start = int(run.start_utc.timestamp()) - FIT_EPOCH_S
    stamps = start + trace["t"]
    end = start + int(trace["elapsed"])
    cadence = np.round(1000.0 / EFFORT[run.kind][0] * 2.7 + 78)  # strides/min
    writer = FitWriter()
    writer.message("file_id", type="activity", manufacturer="development", product=1,
                   serial_number=20260706, time_created=start,
                   product_name="loadwatch sample watch")
    writer.message("event", timestamp=start, event="timer", event_type="start")
    writer.records("record", {
        "timestamp": stamps,
        "position_lat": degrees_to_semicircles(lat),
        "position_long": degrees_to_semicircles(lon),
        "distance": trace["distance"],
        "enhanced_speed": trace["speed"],
        "enhanced_altitude": altitude,
        "heart_rate": trace["heart_rate"],
        "cadence": np.full(stamps.shape, cadence),
    })
    writer.message("event", timestamp=end, event="timer", event_type="stop_all")
    climb = np.diff(altitude)
    ascent = None if run.surface == "treadmill" else float(np.round(climb[climb > 0].sum()))
    writer.message(
        "session", timestamp=end, start_time=start, sport="running",
        sub_sport=SUB_SPORT[run.surface], total_elapsed_time=trace["elapsed"],
        total_timer_time=trace["elapsed"], total_distance=float(trace["distance"][-1]),
        avg_heart_rate=float(np.round(trace["heart_rate"].mean())),
        max_heart_rate=float(trace["heart_rate"].max()), avg_cadence=cadence,
        total_ascent=ascent,
        event="session", event_type="stop", first_lap_index=0, num_laps=1)
    writer.message("activity", timestamp=end, local_timestamp=end + run.utc_offset_s,
                   num_sessions=1, type="manual", event="activity", event_type="stop",
                   total_timer_time=trace["elapsed"])
    return writer.to_bytes()


# The runner's symptom diary, matching the load story: a niggle in the base
# weeks, groin pain with bone-stress signs right after the ramp and the 33 km
# spike, and an outer-hip ache once hills came back in the rebuild.
DIARY = [
    {"date": "2026-07-24", "side": "right", "location": "front_hip", "pain": 2,
     "onset": "gradual", "character": ["aching"], "when": ["after_run", "hip_flexion"],
     "signs": ["stiffness"], "trigger": "speedwork", "weeks": 0.5,
     "notes": "tight after the tempo run"},
    {"date": "2026-08-31", "side": "right", "location": "groin", "pain": 4,
     "onset": "gradual", "character": ["sharp"], "when": ["earlier_in_each_run", "walking"],
     "signs": [], "trigger": "mileage_increase", "weeks": 1,
     "notes": "started late in the long run, now aches walking to work"},
    {"date": "2026-09-19", "side": "left", "location": "outer_hip", "pain": 3,
     "onset": "gradual", "character": ["aching"], "when": ["hills_or_sprints"],
     "signs": ["tenderness"], "trigger": "hills", "weeks": 2,
     "notes": "sore to lie on after the trail run"},
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT.parent / "diary.json").write_text(json.dumps(DIARY, indent=2) + "\n")
    for old in OUT.glob("*.fit"):
        old.unlink()
    runs = plan()
    for run in runs:
        (OUT / run.file_name).write_bytes(write_run(run))
    print(f"wrote {len(runs)} runs to {OUT}")


if __name__ == "__main__":
    main()
