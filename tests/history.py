"""Training histories written as loadwatch's training-log CSV, for numbers worked by hand.

Every run is at 6:00 per km without heart rate, so its load is duration as easy
running: 56.25 points an hour (12 km: 1.2 h, 67.5 points).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

PACE_S_PER_KM = 360
POINTS_AN_HOUR = 56.25
STEADY_WEEK = ((1, 12.0), (3, 12.0), (6, 16.0))  # Tuesday, Thursday, Sunday: 40 km


def weeks_of(monday: date, *weeks: Iterable[tuple[int, float]]) -> list[tuple[date, float]]:
    """(day, km) of each run: ``weeks`` are (days after Monday, km) per week from ``monday``."""
    return [(monday + timedelta(days=7 * number + offset), km)
            for number, week in enumerate(weeks) for offset, km in week]


def write_log(path: Path, runs: list[tuple[date, float]]) -> Path:
    """A training-log CSV of ``runs`` (a date and km each), at 6:00 per km."""
    rows = [f"{day.isoformat()},{km},{round(km * PACE_S_PER_KM)}" for day, km in runs]
    path.write_text("date,distance_km,duration\n" + "\n".join(rows) + "\n")
    return path


def ctl_ramp(runs: list[tuple[date, float]], day: date) -> float:
    """CTL on ``day`` minus CTL seven days before, by the recursion itself.

    CTL_t = CTL_{t-1} + (L_t - CTL_{t-1}) (1 - e^(-1/42)) from a zero day before the
    first run, L_t the day's points (56.25 an hour).
    """
    loads: dict[date, float] = {}
    for run_day, km in runs:
        loads[run_day] = loads.get(run_day, 0.0) + km * PACE_S_PER_KM / 3600 * POINTS_AN_HOUR
    first = min(loads)
    ctl, history = 0.0, {}
    for offset in range((day - first).days + 1):
        today = first + timedelta(days=offset)
        ctl += (loads.get(today, 0.0) - ctl) * (1 - math.exp(-1 / 42))
        history[today] = ctl
    return history[day] - history.get(day - timedelta(days=7), 0.0)
