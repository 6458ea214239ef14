"""The dashboard's only data access: frames computed once, through the pipeline."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

from loadwatch.pipeline import Training, diary_view, training
from loadwatch.risk import risk_flags
from loadwatch.store import Store

# Snapshots kept per process: a team server's worker serves many athletes and
# must not hold every one of them in memory.
CACHED_ATHLETES = 64


@dataclass
class Snapshot:
    """Everything the pages show for one athlete, computed together."""

    view: Training
    diary: list[dict]
    flags: list[dict]
    comments: dict[int, list[dict]] = field(default_factory=dict)
    version: int | None = None


@dataclass
class DashboardData:
    """Caches each athlete's snapshot until the athlete's data changes.

    The store's data version is checked on every use (one small query), so
    a change made by another process (an import from the command line, a
    save in another server worker) shows on the next page.
    """

    store: Store
    _cache: OrderedDict[str, Snapshot] = field(default_factory=OrderedDict)
    _lock: Lock = field(default_factory=Lock)

    def athletes(self) -> list[str]:
        return self.store.athletes() or ["me"]

    def snapshot(self, athlete: str) -> Snapshot:
        version = self.store.data_version(athlete)
        with self._lock:
            cached = self._cache.get(athlete)
            if cached is not None and cached.version == version:
                self._cache.move_to_end(athlete)
                return cached
            view = training(self.store, athlete)
            diary = diary_view(self.store, athlete, view)
            flags = risk_flags(view.activities, view.days, view.weeks, diary,
                               view.settings) if not view.weeks.empty else []
            snapshot = Snapshot(view, diary, flags, self.store.comments(athlete), version)
            self._cache[athlete] = snapshot
            while len(self._cache) > CACHED_ATHLETES:
                self._cache.popitem(last=False)
            return snapshot

    def refresh(self, athlete: str | None = None) -> None:
        with self._lock:
            if athlete is None:
                self._cache.clear()
            else:
                self._cache.pop(athlete, None)
