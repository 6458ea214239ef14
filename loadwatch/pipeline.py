"""The wiring: files -> importers -> store (and, later, metrics and risk).

``import_paths`` is the one import function; the CLI (and later the dashboard's
upload) call it. Files are parsed in worker processes (both cores) while this
process writes each file's result to the store in its own transaction. One bad
file is reported with its name and reason and never stops the others.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from loadwatch.errors import LoadwatchError, NoActivity, UnsupportedFormat
from loadwatch.importers import content_hash, read_file, read_source, source_name, unpack
from loadwatch.importers.archives import ZIP_READ_ERRORS, Source, list_sources
from loadwatch.importers.csv_formats import apply_strava_row, strava_row_activity
from loadwatch.metrics.profile import PROFILE_VERSION, activity_profile
from loadwatch.metrics.training import activity_metrics, daily_metrics, weekly_metrics
from loadwatch.models import Activity, FileResult, ImportedActivity, ParsedFile, Samples
from loadwatch.samples_codec import encode_samples
from loadwatch.settings import effective
from loadwatch.store import Store
from loadwatch.store.store import vars_of

# Below this many files a process pool costs more than it saves.
_POOL_MIN_FILES = 8


@dataclass
class _Parsed:
    """A worker's answer for one file."""

    path: str
    status: str  # parsed | duplicate | skipped | failed
    parsed: ParsedFile | None = None
    message: str = ""
    size: int = 0


_known_hashes: frozenset[str] = frozenset()
_options: dict = {}


def _remember(hashes: frozenset[str], options: dict) -> None:
    global _known_hashes, _options
    _known_hashes, _options = hashes, options


def _start_worker(hashes: frozenset[str], options: dict, importer: int) -> None:
    """Worker set-up: the known hashes and options, and exit when the importer is gone."""
    _remember(hashes, options)

    def watch_importer() -> None:
        # A killed importer cannot tell its workers to stop (their parent is
        # multiprocessing's fork server, which they keep alive): without this
        # they would wait for work forever.
        while True:
            time.sleep(0.5)
            try:
                os.kill(importer, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # the pid exists (owned by someone else): keep waiting

    threading.Thread(target=watch_importer, daemon=True).start()


def parse_source(source: Source) -> _Parsed:
    """Read and parse one source; never raises for a bad file."""
    if source.refused:
        return _Parsed(source.path, "failed", message=source.refused)
    if source.row_only:
        return _parse_row(source)
    try:
        raw = read_source(source)
    except ZIP_READ_ERRORS as err:
        return _Parsed(source.path, "failed",
                       message=f"cannot read: {getattr(err, 'strerror', None) or err}")
    except LoadwatchError as err:
        return _Parsed(source.path, "failed", message=str(err))
    name = source_name(source)
    try:
        data = unpack(raw, name)
        digest = content_hash(data)
        if digest in _known_hashes:
            return _Parsed(source.path, "duplicate", message="already imported", size=len(raw))
        parsed = read_file(data, name, digest, _options)
        if source.strava_row:
            apply_strava_row(parsed, source.strava_row)
    except (NoActivity, UnsupportedFormat) as err:
        return _Parsed(source.path, "skipped", message=str(err), size=len(raw))
    except LoadwatchError as err:
        return _Parsed(source.path, "failed", message=str(err), size=len(raw))
    except Exception as err:  # a bug must not lose the other files: report it
        return _Parsed(source.path, "failed", message=f"unexpected {type(err).__name__}: {err}",
                       size=len(raw))
    return _prepared(source.path, parsed, len(raw))


def _parse_row(source: Source) -> _Parsed:
    """A Strava export row without a file: a summary activity."""
    row = source.strava_row
    digest = content_hash(json.dumps(row["cells"]).encode())
    if digest in _known_hashes:
        return _Parsed(source.path, "duplicate", message="already imported")
    try:
        activity = strava_row_activity(row, "activities.csv", _options)
    except LoadwatchError as err:
        return _Parsed(source.path, "skipped", message=str(err))
    why = "a manual entry" if not row["filename"] else f"its file {row['filename']} is not here"
    parsed = ParsedFile("csv", digest, [ImportedActivity(replace(activity, content_hash=digest))],
                        warnings=[f"imported from the export's activities.csv ({why})"],
                        decoder="csv:strava")
    return _prepared(source.path, parsed, 0)


def _prepared(path: str, parsed: ParsedFile, size: int) -> _Parsed:
    for item in parsed.activities:
        # Encoding and profiling here spread the work over the workers, and
        # the importer receives a small blob instead of the sample arrays.
        item.encoded = encode_samples(item.samples)
        item.profile = profile_of(item.activity, item.samples)
        item.samples = {}
    return _Parsed(path, "parsed", parsed=parsed, size=size)


def _parse_all(sources: list[Source], known: frozenset[str], options: dict,
               workers: int | None) -> Iterator[_Parsed]:
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(sources) < _POOL_MIN_FILES or not _main_importable():
        _remember(known, options)
        try:
            yield from map(parse_source, sources)
        finally:
            _remember(frozenset(), {})
        return
    # Not "fork": a forked worker would inherit the store's open database
    # connections, and a killed importer's transaction would then stay open.
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    chunks = [sources[i:i + _CHUNK] for i in range(0, len(sources), _CHUNK)]
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers,
                                 mp_context=multiprocessing.get_context(method),
                                 initializer=_start_worker,
                                 initargs=(known, options, os.getpid())) as pool:
            for future in [pool.submit(_parse_chunk, chunk) for chunk in chunks]:
                answers = future.result()
                done += len(answers)
                yield from answers
    except BrokenProcessPool:
        # Workers could not start (a __main__ they cannot re-import, no
        # resources): parse what is left here rather than fail the import.
        yield from _parse_all(sources[done:], known, options, workers=1)


def _main_importable() -> bool:
    """Workers re-import ``__main__``; they cannot when it is stdin or a notebook."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


# Files per task sent to a worker: fewer round trips, still even sharing.
_CHUNK = 4


def _parse_chunk(sources: list[Source]) -> list[_Parsed]:
    return [parse_source(source) for source in sources]


def count_sources(paths: list[str | Path]) -> int:
    """How many results an import of ``paths`` will report (for a progress bar)."""
    return len(list_sources(paths))


def import_paths(store: Store, athlete: str, paths: list[str | Path], *,
                 progress: Callable[[FileResult], None] | None = None,
                 workers: int | None = None, units: str | None = None) -> list[FileResult]:
    """Import files, folders and archives for ``athlete``; one FileResult per file.

    ``units`` (km or mi) is needed only for activity lists that do not say
    which they use (Garmin Connect's Activities.csv).
    """
    sources = list_sources(paths)
    known = frozenset(store.known_hashes(athlete))
    options = {"units": units, "timezone": effective(store.settings(athlete))["timezone"]}
    results = []
    for answer in _parse_all(sources, known, options, workers):
        result = _store_one(store, athlete, answer)
        results.append(result)
        if progress:
            progress(result)
    return results


def _store_one(store: Store, athlete: str, answer: _Parsed) -> FileResult:
    if answer.status != "parsed":
        return FileResult(answer.path, answer.status, message=answer.message)
    parsed = answer.parsed
    try:
        saved = store.save_file(athlete, parsed, source_name=answer.path.rsplit("/", 1)[-1],
                                size_bytes=answer.size)
    except LoadwatchError as err:
        return FileResult(answer.path, "failed", message=str(err))
    if saved is None:
        return FileResult(answer.path, "duplicate", message="already imported")
    notes = [f"same run as activity {activity_id}, merged ("
             + ("this file's richer record kept)" if replaced else "the earlier record kept)")
             for activity_id, replaced in saved.merged]
    if not saved.new:
        return FileResult(answer.path, "duplicate", [i for i, _ in saved.merged],
                          "; ".join(notes))
    count = len(saved.new)
    message = "; ".join([f"{count} activit{'y' if count == 1 else 'ies'}", *notes,
                         *parsed.warnings])
    return FileResult(answer.path, "imported", activities=saved.new, message=message)


def profile_of(activity: Activity, samples: Samples) -> dict:
    """The settings-free summary of one activity that the metrics start from."""
    return activity_profile(samples, sub_sport=activity.sub_sport, name=activity.name,
                            distance_m=activity.distance_m, timer_s=activity.timer_s)


@dataclass
class Training:
    """Everything the load engine says about one athlete, as DataFrames."""

    settings: dict
    activities: pd.DataFrame
    days: pd.DataFrame
    weeks: pd.DataFrame


def training(store: Store, athlete: str, today: date | None = None) -> Training:
    """Per-activity metrics, the daily series and the weeks for ``athlete``."""
    settings = effective(store.settings(athlete))
    today = today or datetime.now(ZoneInfo(str(settings["timezone"]))).date()
    frame = _activity_frame(store, athlete)
    if frame.empty:
        return Training(settings, frame, pd.DataFrame(), pd.DataFrame())
    metrics = activity_metrics(frame, settings)
    days = daily_metrics(metrics, settings, today)
    weeks = weekly_metrics(metrics, days, settings, today)
    return Training(settings, metrics, days, weeks)


def _activity_frame(store: Store, athlete: str) -> pd.DataFrame:
    activities = store.activities(athlete)
    profiles = store.profiles(athlete, PROFILE_VERSION)
    missing = {a.id: profile_of(a, store.samples(a.id)) for a in activities
               if a.id not in profiles}
    if missing:  # imported before profiles existed, or profiles of an older version
        store.save_profiles(athlete, missing)
        profiles.update(missing)
    rows = []
    for activity in activities:
        row = vars_of(activity)
        row.update({k: v for k, v in profiles[activity.id].items() if k != "version"})
        rows.append(row)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True)
        frame = frame.sort_values("start_time", kind="stable").reset_index(drop=True)
    return frame
