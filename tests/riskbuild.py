"""Histories of runs for the risk tests, through the real load engine (no store).

``history([(day, km), ...])`` gives the frames ``risk_flags`` reads, made by
``metrics.training`` from activities as the store would hold them; ``flags``
runs the rules on them. Every run starts at 07:00 UTC and lasts 6 min/km.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd

from loadwatch.metrics.profile import profile_of
from loadwatch.metrics.training import activity_metrics, daily_metrics, weekly_metrics
from loadwatch.models import Activity
from loadwatch.risk import risk_flags
from loadwatch.settings import Settings
from loadwatch.store.activities import ACTIVITY_FIELDS

SETTINGS = Settings(timezone="UTC")


@dataclass(frozen=True)
class Frames:
    activities: pd.DataFrame
    days: pd.DataFrame
    weeks: pd.DataFrame
    settings: Settings


def history(runs: Iterable[tuple[date, float] | tuple[date, float, str]],
            settings: Settings = SETTINGS, today: date | None = None) -> Frames:
    """The frames of runs given as (day, km) or (day, km, surface)."""
    rows = []
    for number, run in enumerate(sorted(runs, key=lambda r: r[0]), start=1):
        day, km = run[0], run[1]
        activity = Activity(start_time=datetime.combine(day, time(7), tzinfo=UTC),
                            sport="running", sub_sport="street", distance_m=km * 1000.0,
                            timer_s=km * 360.0, elapsed_s=km * 360.0, avg_hr=140.0,
                            source_name=f"{number}.fit", content_hash=f"{number:064}",
                            surface_override=run[2] if len(run) > 2 else None)
        values = {field: getattr(activity, field, None) for field in ACTIVITY_FIELDS}
        shape = {k: v for k, v in profile_of(activity, {}).items() if k != "version"}
        rows.append({"id": number, "athlete": "me", **values, **shape})
    frame = pd.DataFrame(rows)
    frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True)
    last = today or max(r[0] for r in runs) + timedelta(days=1)
    activities = activity_metrics(frame, settings)
    days = daily_metrics(activities, settings, last)
    return Frames(activities, days, weekly_metrics(activities, days, settings, last), settings)


def flags(frames: Frames, diary=(), since: date | None = None):
    return risk_flags(frames.activities, frames.days, frames.weeks, list(diary), frames.settings,
                      since)


def weekly(start: date, weeks_km: Iterable[float], runs_a_week: int = 4,
           long_share: float = 0.35) -> list[tuple[date, float]]:
    """Runs making each week's distance: a long run on Sunday, the rest even (Tue, Thu, Sat)."""
    runs = []
    for number, km in enumerate(weeks_km):
        monday = start + timedelta(weeks=number)
        if km <= 0:
            continue
        long_km = km * long_share if runs_a_week > 1 else km
        others = runs_a_week - 1
        for day in (1, 3, 5)[:others]:
            runs.append((monday + timedelta(days=day), (km - long_km) / others))
        runs.append((monday + timedelta(days=6), long_km))
    return runs


def reasons(flag_list) -> list[tuple[str, str]]:
    return [(r["rule"], r["severity"]) for f in flag_list for r in f.as_dict()["reasons"]]
