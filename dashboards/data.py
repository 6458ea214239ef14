"""The dashboard's only data access: each athlete's report, computed once.

Each athlete's snapshot (training frames, diary, flags) is computed once per
data version and day, then kept in this process (the most recent
``CACHED_ATHLETES``) and in the store's view cache, where a team server's
other workers find it instead of computing it again. Figures are built once
per snapshot and shared the same way.

The view cache holds zlib-compressed JSON (``dashboards.viewjson``): frames
with their dtypes and index, figures as plotly's JSON. What a worker reads
back equals what the first one computed; a payload that is damaged, of another
layout or not one of ours is a cache miss, and nothing read from it runs code.
"""

from __future__ import annotations

import dataclasses
import logging
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from threading import Lock, Thread
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson
import pandas as pd
import plotly

from dashboards import viewjson
from loadwatch.diary import Entry, TriagedEntry
from loadwatch.flags import Acknowledgement, Flag, Reason
from loadwatch.service import views
from loadwatch.service.listings import activity_listing
from loadwatch.service.reports import Training, athlete_report, athlete_today
from loadwatch.settings import Settings
from loadwatch.triage import ConditionMatch, RedFlag, TrainingContext, Triage

if TYPE_CHECKING:
    from loadwatch.store import Store

log = logging.getLogger("loadwatch")
# Snapshots kept per process: a team server's worker serves many athletes and
# must not hold every one of them in memory.
CACHED_ATHLETES = 64
# Views saved by another pandas or plotly (an upgrade mid-way) are ignored, and
# so (loadwatch.service.views) are those of another loadwatch or store schema:
# raise SNAPSHOT_LAYOUT when Snapshot's contents or their JSON change.
SNAPSHOT_LAYOUT = 8
VIEW_LAYOUT = f"{SNAPSHOT_LAYOUT} json pandas {pd.__version__} plotly {plotly.__version__}"
PAYLOAD_KIND = "loadwatch-view"
# Per-activity maps the metrics have already summarised; the pages never read them.
SPENT_COLUMNS = ("hr_seconds", "speed_seconds")
FRAMES = ("activities", "days", "weeks")
TEXT_ARRAY_MIN = 16  # shorter lists of text stay lists
# The typed results a snapshot holds: the only types read back from the view cache.
SNAPSHOT_TYPES = {cls.__name__: cls for cls in (Settings, Flag, Reason, TriagedEntry, Entry,
                                                Triage, ConditionMatch, RedFlag, TrainingContext,
                                                Acknowledgement)}


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
    memo: dict[str, Any] = field(default_factory=dict)  # other views, this process only
    acknowledgements: list[Acknowledgement] = field(default_factory=list)  # red flags seen

    @property
    def today(self) -> date:
        """The athlete's local day the snapshot was computed for."""
        return date.fromisoformat(self.key[1]) if self.key else date.today()


def snapshot_to_json(snapshot: Snapshot) -> dict:
    """A snapshot's contents as JSON values (its figures and memo are not part of it)."""
    view = snapshot.view
    return {"settings": viewjson.to_json(view.settings, SNAPSHOT_TYPES),
            **{name: viewjson.frame_to_json(getattr(view, name)) for name in FRAMES},
            "diary": viewjson.to_json(snapshot.diary, SNAPSHOT_TYPES),
            "flags": viewjson.to_json(snapshot.flags, SNAPSHOT_TYPES),
            "comments": [[entry, viewjson.to_json(comments)]
                         for entry, comments in snapshot.comments.items()],
            "acknowledgements": viewjson.to_json(snapshot.acknowledgements, SNAPSHOT_TYPES)}


def snapshot_from_json(value: dict, key: tuple[int | None, str], athlete: str) -> Snapshot:
    """The snapshot :func:`snapshot_to_json` wrote."""
    view = Training(viewjson.from_json(value["settings"], SNAPSHOT_TYPES),
                    *(viewjson.frame_from_json(value[name]) for name in FRAMES))
    comments = {int(entry): viewjson.from_json(items) for entry, items in value["comments"]}
    return Snapshot(view, viewjson.from_json(value["diary"], SNAPSHOT_TYPES),
                    viewjson.from_json(value["flags"], SNAPSHOT_TYPES), comments, key, athlete,
                    acknowledgements=viewjson.from_json(value["acknowledgements"],
                                                        SNAPSHOT_TYPES))


def text_arrays(value: Any) -> Any:
    """Plotly's JSON with its long lists of text (dates, mostly) as numpy text arrays.

    Dash writes a numpy text array in one call but walks a list item by item
    (35,000 items for the Load page of ten years: a third of its time).
    """
    if isinstance(value, dict):
        return {k: text_arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) > TEXT_ARRAY_MIN and all(type(v) is str for v in value):
            return np.array(value, dtype=str)
        return [text_arrays(v) for v in value]
    return value


def figure_json(figure: Any) -> dict:
    """A plotly figure as JSON values; a figure built as a dict is taken as it is."""
    return figure if isinstance(figure, dict) else orjson.loads(figure.to_json())


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
    _preparing: Thread | None = None

    def prepare(self, athlete: str) -> None:
        """Compute ``athlete``'s snapshot in the background, so the first page need not wait."""
        self._preparing = Thread(target=self.snapshot, args=(athlete,), daemon=True)
        self._preparing.start()

    def ready(self) -> None:
        """Wait until :meth:`prepare` is done (before closing the store, say)."""
        if self._preparing is not None:
            self._preparing.join()

    def snapshot(self, athlete: str) -> Snapshot:
        """The athlete's snapshot, computed only when their data or the day changed."""
        today = athlete_today(self.store, athlete=athlete)
        key = (views.data_version(self.store, athlete=athlete), today.isoformat())
        with self._lock:
            cached = self._cache.get(athlete)
            if cached is not None and cached.key == key:
                self._cache.move_to_end(athlete)
                return cached
            snapshot = self._from_store(athlete, key) or self._compute(athlete, key)
            self._cache[athlete] = snapshot
            while len(self._cache) > CACHED_ATHLETES:
                self._cache.popitem(last=False)
            return snapshot

    def figure(self, snapshot: Snapshot, name: str,
               build: Callable[[Snapshot], Any]) -> dict:
        """The figure ``name`` of a snapshot as plotly's JSON, built on first use.

        ``build`` makes a plotly figure, or its JSON as a dict; another
        worker's copy is taken when the store has one.
        """
        if name not in snapshot.figures:
            figure = self._shared(snapshot.athlete, f"figure:{name}", snapshot.key)
            if not isinstance(figure, dict):
                figure = figure_json(build(snapshot))
                self._share(snapshot.athlete, f"figure:{name}", snapshot.key, figure)
            snapshot.figures[name] = text_arrays(figure)
        return snapshot.figures[name]

    def memo(self, snapshot: Snapshot, name: str, build: Callable[[], Any]) -> Any:
        """A view of the snapshot kept in this process only (a week's summary)."""
        if name not in snapshot.memo:
            snapshot.memo[name] = build()
        return snapshot.memo[name]

    def activity_rows(self, snapshot: Snapshot) -> dict[int, dict]:
        """The activities as ``loadwatch activities`` lists them, newest first, by id.

        The command line's rows (service: ``activity_listing``) made from the
        snapshot's numbers, so a page and the terminal cannot disagree.
        """
        return self.memo(snapshot, "activity_listing", lambda: {
            row["id"]: row for row in activity_listing(
                self.store, athlete=snapshot.athlete, view=snapshot.view).rows})

    def _from_store(self, athlete: str, key) -> Snapshot | None:
        value = self._shared(athlete, "snapshot", key)
        if value is None:
            return None
        try:
            return snapshot_from_json(value, key, athlete)
        except (KeyError, TypeError, ValueError, IndexError):
            return None  # of another shape: computed again

    def _shared(self, athlete: str, name: str, key) -> Any:
        """The JSON value another worker saved under this name and key, else None."""
        if not self.share or key[0] is None:
            return None
        payload = views.cached_view(self.store, athlete=athlete, name=name, key=key,
                                    layout=VIEW_LAYOUT)
        if payload is None:
            return None
        try:
            envelope = orjson.loads(zlib.decompress(payload))
            if envelope["kind"] != PAYLOAD_KIND or envelope["name"] != name or (
                    envelope["athlete"], envelope["key"]) != (athlete, list(key)):
                return None  # not ours, or not this view
            return envelope["value"]
        except (zlib.error, orjson.JSONDecodeError, KeyError, TypeError):
            return None  # a damaged view is only a miss: it is computed again

    def _share(self, athlete: str, name: str, key, value) -> None:
        if not self.share or key[0] is None:
            return
        envelope = {"kind": PAYLOAD_KIND, "name": name, "athlete": athlete, "key": list(key),
                    "value": value}
        views.save_view(self.store, athlete=athlete, name=name, key=key, layout=VIEW_LAYOUT,
                        payload=zlib.compress(orjson.dumps(envelope), 1))

    def _compute(self, athlete: str, key) -> Snapshot:
        # The same composition as the CLI's and the summary's: a red flag in the
        # diary shows here too, runs or not.
        report = athlete_report(self.store, athlete=athlete, today=date.fromisoformat(key[1]))
        view = report.training
        activities = view.activities.drop(columns=[c for c in SPENT_COLUMNS
                                                   if c in view.activities])
        snapshot = Snapshot(dataclasses.replace(view, activities=activities), report.diary,
                            report.flags, report.comments, key, athlete,
                            acknowledgements=report.acknowledgements)
        try:
            value = snapshot_to_json(snapshot)
        except TypeError as err:  # a value JSON cannot carry exactly: this worker keeps it
            log.warning("%s's view is not shared with other workers: %s", athlete, err)
        else:
            self._share(athlete, "snapshot", key, value)
        return snapshot

