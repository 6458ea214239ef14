"""The dashboard's only data access: frames computed once, through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

from loadwatch.pipeline import Training, diary_view, training
from loadwatch.risk import risk_flags
from loadwatch.store import Store


@dataclass
class Snapshot:
    """Everything the pages show for one athlete, computed together."""

    view: Training
    diary: list[dict]
    flags: list[dict]


@dataclass
class DashboardData:
    """Caches each athlete's snapshot; ``refresh`` after an import or an edit."""

    store: Store
    _cache: dict[str, Snapshot] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock)

    def athletes(self) -> list[str]:
        return self.store.athletes() or ["me"]

    def snapshot(self, athlete: str) -> Snapshot:
        with self._lock:
            if athlete not in self._cache:
                view = training(self.store, athlete)
                diary = diary_view(self.store, athlete, view)
                flags = risk_flags(view.activities, view.days, view.weeks, diary,
                                   view.settings) if not view.weeks.empty else []
                self._cache[athlete] = Snapshot(view, diary, flags)
            return self._cache[athlete]

    def refresh(self, athlete: str | None = None) -> None:
        with self._lock:
            if athlete is None:
                self._cache.clear()
            else:
                self._cache.pop(athlete, None)
