"""The dashboard's only data access: each athlete's report, computed once.

Each athlete's snapshot (training frames, diary, flags) is computed once per
data version and day, then kept in this process (the most recent
``CACHED_ATHLETES``) and in the store's view cache, where a team server's
other workers find it instead of computing it again. Figures are built once
per snapshot.
"""

from __future__ import annotations

import dataclasses
import pickle
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

import pandas as pd
import plotly

from loadwatch import __version__
from loadwatch.diary import TriagedEntry
from loadwatch.flags import Flag
from loadwatch.service.reports import Training, athlete_report, athlete_today
from loadwatch.store import Store

# Snapshots kept per process: a team server's worker serves many athletes and
# must not hold every one of them in memory.
CACHED_ATHLETES = 64
# Views saved by another loadwatch, pandas or plotly (an upgrade mid-way) are ignored:
# raise SNAPSHOT_LAYOUT when Snapshot's contents change.
SNAPSHOT_LAYOUT = 3
VIEW_FORMAT = zlib.crc32(f"{SNAPSHOT_LAYOUT} {__version__} {pd.__version__} "
                         f"{plotly.__version__}".encode()) & 0x7FFFFFFF
# Per-activity maps the metrics have already summarised; the pages never read them.
SPENT_COLUMNS = ("hr_seconds", "speed_seconds")


@dataclass
class Snapshot:
    """Everything the pages show for one athlete, computed together."""

    view: Training
    diary: list[TriagedEntry]
    flags: list[Flag]
    comments: dict[int, list[dict]] = field(default_factory=dict)
    key: tuple[int | None, str] | None = None  # data version, day
    athlete: str = ""
    figures: dict[str, dict] = field(default_factory=dict)


@dataclass
class DashboardData:
    """Caches each athlete's snapshot until their data (or the day) changes.

    The data version is read from the store on every use (one small query),
    so a change made by another process shows on the next page.
    """

    store: Store
    share: bool = True  # keep computed views in the store for other processes
    _cache: OrderedDict[str, Snapshot] = field(default_factory=OrderedDict)
    _lock: Lock = field(default_factory=Lock)

    def snapshot(self, athlete: str) -> Snapshot:
        """The athlete's snapshot, computed only when their data or the day changed."""
        key = (self.store.data_version(athlete), athlete_today(self.store, athlete).isoformat())
        with self._lock:
            cached = self._cache.get(athlete)
            if cached is not None and cached.key == key:
                self._cache.move_to_end(athlete)
                return cached
            snapshot = self._shared(athlete, "snapshot", key) or self._compute(athlete, key)
            self._cache[athlete] = snapshot
            while len(self._cache) > CACHED_ATHLETES:
                self._cache.popitem(last=False)
            return snapshot

    def figure(self, snapshot: Snapshot, name: str,
               build: Callable[[Snapshot], object]) -> dict:
        """The figure ``name`` of a snapshot, built on first use (here or in another worker)."""
        if name not in snapshot.figures:
            figure = self._shared(snapshot.athlete, f"figure:{name}", snapshot.key)
            if figure is None:
                figure = build(snapshot).to_plotly_json()
                self._share(snapshot.athlete, f"figure:{name}", snapshot.key, figure)
            snapshot.figures[name] = figure
        return snapshot.figures[name]

    def _shared(self, athlete: str, name: str, key):
        if not self.share or key[0] is None:
            return None
        payload = self.store.cached_view(athlete, name, (*key, VIEW_FORMAT))
        if payload is None:
            return None
        try:
            # Only loadwatch writes the view cache (a trusted store, like the rest of it).
            return pickle.loads(payload)
        except Exception:  # a damaged view is only a cache miss: compute it again
            return None

    def _share(self, athlete: str, name: str, key, value) -> None:
        if self.share and key[0] is not None:
            self.store.save_view(athlete, name, (*key, VIEW_FORMAT),
                                 pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _compute(self, athlete: str, key) -> Snapshot:
        # The same composition as the CLI's and the summary's: a red flag in the
        # diary shows here too, runs or not.
        report = athlete_report(self.store, athlete=athlete, today=date.fromisoformat(key[1]))
        view = report.training
        activities = view.activities.drop(columns=[c for c in SPENT_COLUMNS
                                                   if c in view.activities])
        snapshot = Snapshot(dataclasses.replace(view, activities=activities), report.diary,
                            report.flags, report.comments, key, athlete)
        self._share(athlete, "snapshot", key, snapshot)
        return snapshot
