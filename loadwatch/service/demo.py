"""The demo: the sample data in a store, with the sample runner's settings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from loadwatch.models import FileResult
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import local_today
from loadwatch.service.settings import change_settings
from loadwatch.settings import effective
from loadwatch.store import Store

# The sample runner (sample_data/make_samples.py) lives in Amsterdam; with their
# heart rates and threshold pace set, every load is hrTSS and every zone chart full.
DEMO_SETTINGS = {"timezone": "Europe/Amsterdam", "max_hr": "190", "resting_hr": "50",
                 "threshold_hr": "170", "threshold_pace": "4:30/km"}


def load_demo(store: Store, *, athlete: str, folder: str | Path,
              workers: int | None = None) -> list[FileResult]:
    """Import the sample data for ``athlete`` and set the sample runner's settings.

    Parameters
    ----------
    store : Store
        A store of its own (the demo's temporary one).
    athlete : str
    folder : str or Path
        The sample data folder of a clone (runs and diary).
    workers : int, optional
        Parsing processes; default one per core.

    Returns
    -------
    list of FileResult
        What became of each file.
    """
    results = import_paths(store, athlete=athlete, paths=[folder], workers=workers)
    change_settings(store, athlete=athlete, changes=DEMO_SETTINGS)
    return results


def demo_day(store: Store, *, athlete: str) -> date | None:
    """The day of the demo's last run, in the athlete's zone; None without runs.

    ``loadwatch demo`` takes it as today: the sample data end on a fixed day,
    and a demo opened weeks later would show an empty week and a resting runner.
    Never later than the real today.
    """
    runs = store.activities(athlete)
    if not runs:
        return None
    settings = effective(store.settings(athlete))
    last = max(local_today(settings, run.start_time) for run in runs)
    return min(last, local_today(settings, datetime.now(UTC)))
