"""Heart-rate and pace settings estimated from the athlete's recorded runs, with how.

The numbers come from ``loadwatch.metrics.estimates`` (the highest heart rate
held for 10 s; Friel's 30-minute test on the fastest hard half hour); this
module reads the runs of the last 12 months and words each estimate, or why
there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np

from loadwatch.errors import LoadwatchError
from loadwatch.metrics import estimates
from loadwatch.metrics.training import RUNNING
from loadwatch.models import Samples
from loadwatch.service.settings import athlete_settings
from loadwatch.settings import Settings, setting_problem
from loadwatch.store import Store
from loadwatch.units import format_pace

PERIOD_DAYS = 365
PERIOD = "the runs of the 12 months up to your latest run"
ESTIMATED = ("max_hr", "threshold_pace", "threshold_hr")


@dataclass(frozen=True)
class Estimate:
    """A setting estimated from the runs, or why it is not.

    Attributes
    ----------
    key : str
        The setting (``max_hr``, ``threshold_pace``, ``threshold_hr``).
    value : str or None
        The value to store, as ``settings set`` takes it (``"178"``,
        ``"4:32/km"``); None when the data does not support an estimate.
    how : str
        How it was estimated, or why there is none.
    """

    key: str
    value: str | None
    how: str


def estimate_settings(store: Store, *, athlete: str) -> list[Estimate]:
    """Maximum heart rate, threshold pace and threshold heart rate from the runs.

    Reads the samples of the athlete's runs of the 365 days up to their
    latest run. See ``loadwatch.metrics.estimates`` for the methods.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str

    Returns
    -------
    list of Estimate
        One per key of ``ESTIMATED``, in that order; an estimate is offered
        (``value`` set) only when it is a value ``settings set`` accepts.
    """
    settings = athlete_settings(store, athlete=athlete)[1]
    runs = _runs(store, athlete)
    if not runs:
        return [Estimate(key, None, "No runs yet: import some first.") for key in ESTIMATED]
    latest = max(run.start for run in runs.values())
    recent = {key: run for key, run in runs.items()
              if run.start > latest - timedelta(days=PERIOD_DAYS)}
    found = estimates.estimate({key: _samples(store, key) for key, run in recent.items()
                                if run.heart_rate}, settings.max_hr)
    if found.peak_hr is None:
        return [Estimate(key, None, _no_heart_rate(recent)) for key in ESTIMATED]
    return [_max_hr(found, recent, settings), *_threshold(found, recent, settings)]


def _no_heart_rate(recent: dict[int, Run]) -> str:
    """Why no estimate: no heart rate at all, or only each run's average (an activity list)."""
    if any(run.heart_rate for run in recent.values()):
        # A CSV list's average and maximum cannot show a rate held for 10 seconds
        # or a 30-minute effort: the estimates need the second-by-second record.
        return (f"Needs heart rate second by second (FIT, GPX or TCX files): {PERIOD} "
                "have only each run's average or maximum, as activity lists give them.")
    return f"Needs heart rate: none of {PERIOD} recorded it."


class Run(NamedTuple):
    """What the words need of a run: its start (UTC) and name; whether it has heart rate."""

    start: datetime
    name: str | None
    heart_rate: bool


def _runs(store: Store, athlete: str) -> dict[int, Run]:
    """The athlete's runs by id (read as columns: ten years take milliseconds)."""
    columns = store.activity_columns(athlete)
    rows = zip(columns["id"], columns["sport"], columns["start_time"], columns["name"],
               columns["avg_hr"], columns["max_hr"], strict=True)
    return {key: Run(start.replace(tzinfo=UTC), name, avg is not None or top is not None)
            for key, sport, start, name, avg, top in rows if sport == RUNNING}


def _samples(store: Store, activity_id: int) -> Samples:
    """An activity's samples; none when they cannot be decoded (``loadwatch check``)."""
    try:
        return store.samples(activity_id)
    except LoadwatchError:
        return {name: np.zeros(0) for name in ("time", "distance", "heart_rate")}


def _run(run: Run, settings: Settings) -> str:
    """A run as the runner knows it: ``your run “Track running” of 2026-08-13``."""
    day = run.start.astimezone(ZoneInfo(settings.timezone)).date()
    return "your run " + (f"“{run.name}” " if run.name else "") + f"of {day.isoformat()}"


def _offered(key: str, value: str, how: str) -> Estimate:
    """The estimate, when ``settings set`` accepts it; else why not."""
    problem = setting_problem(key, value)
    if problem is not None:
        return Estimate(key, None, f"{how} That is not a value loadwatch accepts ({problem}).")
    return Estimate(key, value, how)


def _max_hr(found: estimates.RunEstimates, runs: dict[int, Run],
            settings: Settings) -> Estimate:
    value = round(found.peak_hr or 0)
    how = (f"The highest heart rate you held for 10 seconds in {PERIOD} (a shorter spike "
           f"does not count): {value} bpm, in {_run(runs[found.peak_run or 0], settings)}. "
           "Your maximum is at least this; only an all-out effort reaches it.")
    return _offered("max_hr", str(value), how)


def _threshold(found: estimates.RunEstimates, runs: dict[int, Run],
               settings: Settings) -> list[Estimate]:
    reference = (f"your maximum heart rate, {settings.max_hr} bpm" if settings.max_hr
                 else f"the highest heart rate seen, {round(found.peak_hr or 0)} bpm")
    hard = f"at least 85% of {reference}: {round(found.hard_hr or 0)} bpm"
    effort = found.effort
    if effort is None or found.effort_run is None:
        why = (f"No hard 30 minutes in {PERIOD} (30 minutes averaging {hard}). A 30-minute "
               "time trial, run alone and all out (Friel's test), gives one.")
        return [Estimate("threshold_pace", None, why), Estimate("threshold_hr", None, why)]
    start = round(effort.start_s / 60)
    where = f"minutes {start}-{start + 30} of {_run(runs[found.effort_run], settings)}"
    pace = format_pace(effort.speed, settings.units)
    caveat = ("From training rather than an all-out test: if that run was not a race-hard "
              "effort, your threshold {} is {}.")
    pace_how = (f"Friel's 30-minute test on your training: the average pace of the fastest "
                f"30 minutes of a hard run (averaging {hard}) in {PERIOD}, {pace} over "
                f"{where}. {caveat.format('pace', 'faster')}")
    hr = round(effort.tail_heart_rate)
    hr_how = (f"Friel's 30-minute test: the average heart rate of the last 20 minutes of the "
              f"same effort ({where}), {hr} bpm. {caveat.format('heart rate', 'higher')}")
    return [_offered("threshold_pace", pace, pace_how), _offered("threshold_hr", str(hr), hr_how)]
