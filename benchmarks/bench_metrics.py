"""How long the load engine takes on ten years of daily runs.

Run: ``python benchmarks/bench_metrics.py [--years 10]``. Builds a fresh SQLite
store holding one run a day (each with an hour of heart-rate and speed
samples and its profile), then times:
- the pure metrics (per activity, daily series, weeks) on the loaded frame;
- ``service.reports.training()`` end to end: reading activities, profiles and
  settings from the store, then the metrics.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from loadwatch.metrics.profile import profile_of
from loadwatch.metrics.training import activity_metrics, daily_metrics, weekly_metrics
from loadwatch.models import Activity, ImportedActivity, ParsedFile
from loadwatch.samples_codec import encode_samples
from loadwatch.service.reports import activity_frame, training
from loadwatch.settings import effective
from loadwatch.store import Store

SETTINGS = {"timezone": "Europe/Amsterdam", "max_hr": "190", "resting_hr": "50",
            "threshold_hr": "170", "threshold_pace": "4:30/km"}


def fill(store: Store, days: int) -> None:
    rng = np.random.default_rng(1)
    first = datetime(2016, 1, 4, 6, tzinfo=UTC)
    for day in range(days):
        seconds = int(rng.integers(1800, 5400))
        t = np.arange(0, seconds, 5, dtype=float)
        speed = 2.8 + 0.3 * rng.standard_normal(t.size)
        samples = {"time": t, "speed": speed, "distance": np.cumsum(speed * 5),
                   "heart_rate": np.round(140 + 8 * rng.standard_normal(t.size)),
                   "altitude": 10 + 5 * np.sin(t / 300)}
        activity = Activity(start_time=first + timedelta(days=day), sport="running",
                            sub_sport="street", distance_m=float(samples["distance"][-1]),
                            timer_s=float(seconds), elapsed_s=float(seconds), avg_hr=140.0,
                            source_name=f"{day}.fit", content_hash=f"{day:064}")
        item = ImportedActivity(activity, encoded=encode_samples(samples),
                                profile=profile_of(activity, samples))
        store.save_file("me", ParsedFile("fit", activity.content_hash, [item]),
                        source_name=activity.source_name, size_bytes=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    days = 365 * args.years
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/m.db") as store:
        started = time.perf_counter()
        fill(store, days)
        store.set_settings("me", SETTINGS)
        print(f"{days} daily runs stored in {time.perf_counter() - started:.1f} s")
        today = date(2016, 1, 4) + timedelta(days=days)
        settings = effective(SETTINGS)
        frame = activity_frame(store, "me")
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            metrics = activity_metrics(frame, settings)
            daily = daily_metrics(metrics, settings, today)
            weekly_metrics(metrics, daily, settings, today)
            timings.append(time.perf_counter() - started)
        print(f"pure metrics (activities, {len(daily)} days, weeks): best "
              f"{min(timings):.3f} s of 5")
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            training(store, athlete="me", today=today)
            timings.append(time.perf_counter() - started)
        print(f"training() from the store, end to end: best {min(timings):.3f} s of 5")


if __name__ == "__main__":
    main()
