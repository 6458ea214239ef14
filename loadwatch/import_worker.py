"""The part of an import that runs in worker processes: read, parse, prepare.

Kept apart from ``loadwatch.service`` so that a worker imports only the importers and
numpy, not the store, pandas or the metrics engine: workers start in a
fraction of the time.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from loadwatch.errors import LoadwatchError, NoActivity, UnitsNeeded, UnsupportedFormat
from loadwatch.importers import content_hash, read_file, read_source, source_name, unpack
from loadwatch.importers.archives import ZIP_READ_ERRORS, Source
from loadwatch.importers.csv_formats import apply_strava_row, strava_row_activity
from loadwatch.importers.track_math import moving_time
from loadwatch.metrics.profile import profile_of
from loadwatch.models import Activity, ImportedActivity, ParsedFile, Samples
from loadwatch.plausible import clean_activity, clean_samples
from loadwatch.samples_codec import deflate, encode_samples


@dataclass
class Parsed:
    """A worker's answer for one file."""

    path: str
    status: str  # parsed | duplicate | skipped | failed
    parsed: ParsedFile | None = None
    message: str = ""
    size: int = 0
    needs_units: bool = False  # imports once told km or mi (an activity list)


_known_hashes: frozenset[str] = frozenset()
_options: dict = {}


def remember(hashes: frozenset[str], options: dict) -> None:
    """Keep the store's known file hashes and the import options for this process's parses."""
    global _known_hashes, _options
    _known_hashes, _options = hashes, options


def start_worker(hashes: frozenset[str], options: dict, importer: int) -> None:
    """Worker set-up: the known hashes and options, and exit when the importer is gone."""
    remember(hashes, options)
    exit_with(importer)


def exit_with(importer: int) -> None:
    """Exit this worker as soon as the process ``importer`` is gone."""

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


def parse_source(source: Source) -> Parsed:
    """Read and parse one source; never raises for a bad file."""
    if source.refused:
        return Parsed(source.path, "failed", message=source.refused)
    if source.row_only:
        return _parse_row(source)
    try:
        raw = read_source(source)
    except ZIP_READ_ERRORS as err:
        return Parsed(source.path, "failed",
                       message=f"cannot read: {getattr(err, 'strerror', None) or err}")
    except LoadwatchError as err:
        return Parsed(source.path, "failed", message=str(err))
    name = source_name(source)
    try:
        data = unpack(raw, name)
        digest = content_hash(data)
        if digest in _known_hashes:
            return Parsed(source.path, "duplicate", message="already imported", size=len(raw))
        parsed = read_file(data, name, digest, _options)
        if source.strava_row:
            apply_strava_row(parsed, source.strava_row)
        parsed.original = keep_original(raw, name)
    except Exception as err:  # a bad file, or a bug, must not lose the other files
        return _not_parsed(source.path, err, len(raw))
    return _prepared(source.path, parsed, len(raw))


def _not_parsed(path: str, err: Exception, size: int) -> Parsed:
    """What a file that could not be parsed reports: skipped, or failed and why."""
    if isinstance(err, NoActivity | UnsupportedFormat):
        return Parsed(path, "skipped", message=str(err), size=size)
    if isinstance(err, LoadwatchError):
        return Parsed(path, "failed", message=str(err), size=size,
                      needs_units=isinstance(err, UnitsNeeded))
    return Parsed(path, "failed", message=f"unexpected {type(err).__name__}: {err}", size=size)


def keep_original(raw: bytes, name: str) -> tuple[str, bytes]:
    """The file's bytes for the store; compressed here, in the worker, unless they are."""
    if name.lower().endswith((".gz", ".zip")):
        return "none", raw
    return "zlib", deflate(raw)


def _parse_row(source: Source) -> Parsed:
    """A Strava export row without a file: a summary activity."""
    row = source.strava_row
    digest = content_hash(json.dumps(row["cells"]).encode())
    if digest in _known_hashes:
        return Parsed(source.path, "duplicate", message="already imported")
    try:
        activity = strava_row_activity(row, "activities.csv", _options)
    except LoadwatchError as err:
        return Parsed(source.path, "skipped", message=str(err))
    why = "a manual entry" if not row["filename"] else f"its file {row['filename']} is not here"
    parsed = ParsedFile("csv", digest, [ImportedActivity(replace(activity, content_hash=digest))],
                        warnings=[f"imported from the export's activities.csv ({why})"],
                        decoder="csv:strava")
    return _prepared(source.path, parsed, 0)


def _prepared(path: str, parsed: ParsedFile, size: int) -> Parsed:
    prepare_parsed(parsed)
    if not parsed.activities:
        return Parsed(path, "failed", size=size,
                      message="; ".join(parsed.warnings) or "no activity left to import")
    return Parsed(path, "parsed", parsed=parsed, size=size)


def prepare_parsed(parsed: ParsedFile) -> None:
    """Make a parsed file ready to save: plausible values, encoded samples, profiles."""
    _make_plausible(parsed)
    for item in parsed.activities:
        # Encoding and profiling here spread the work over the workers, and
        # the importer receives a small blob instead of the sample arrays.
        item.encoded = encode_samples(item.samples)
        item.profile = profile_of(item.activity, item.samples)
        item.samples = {}


def _make_plausible(parsed: ParsedFile) -> None:
    """Drop what no device could record, each drop noted where it happened."""
    kept = []
    for number, item in enumerate(parsed.activities, start=1):
        where = _where(parsed, item.activity, number)
        item.samples, notes = clean_samples(item.samples, where)
        parsed.warnings.extend(notes)
        activity, notes = clean_activity(item.activity, where)
        parsed.warnings.extend(notes)
        if activity is None:
            continue
        filled, notes = _filled_from_samples(item.activity, activity, item.samples, where)
        parsed.warnings.extend(notes)
        # What the samples gave is checked like the rest (a rebuilt distance
        # over a rebuilt time can still be faster than anyone moves).
        item.activity, notes = clean_activity(filled, where)
        parsed.warnings.extend(notes)
        kept.append(item)
    parsed.activities = kept


def _filled_from_samples(before: Activity, after: Activity, samples: Samples,
                         where: str) -> tuple[Activity, list[str]]:
    """Totals the checks dropped, computed again from the (checked) samples.

    A file whose summary was made from one impossible point (a heart rate of
    4294967295 in the average) still holds a good recording: the summary is
    rebuilt from what remains rather than lost.
    """
    time = samples.get("time")
    if time is None or len(time) < 2:
        return after, []
    # Computed only for the totals the checks dropped (moving time is not cheap).
    found = {"avg_hr": lambda: _finite(np.nanmean, samples.get("heart_rate")),
             "max_hr": lambda: _finite(np.nanmax, samples.get("heart_rate")),
             "distance_m": lambda: _finite(np.nanmax, samples.get("distance")),
             "elapsed_s": lambda: float(time[-1] - time[0]),
             "timer_s": lambda: moving_time(time, samples.get("distance"))}
    dropped = [name for name in found
               if getattr(before, name) is not None and getattr(after, name) is None]
    changes = {name: value for name in dropped if (value := found[name]()) is not None}
    if not changes:
        return after, []
    names = ", ".join(name.removesuffix("_m").removesuffix("_s").replace("_", " ")
                      for name in changes)
    at = f"{where}: " if where else ""
    return replace(after, **changes), [f"{at}{names} computed again from the samples"]


def _finite(reduce, values) -> float | None:
    if values is None or not np.isfinite(values).any():
        return None
    return float(reduce(values))


def _where(parsed: ParsedFile, activity: Activity, number: int) -> str:
    if parsed.source_format == "csv":
        return f"row {activity.session_index}"
    return f"session {number}" if len(parsed.activities) > 1 else ""


def parse_chunk(sources: Sequence[Source]) -> list[Parsed]:
    """Parse a worker's share of the files, each answer on its own."""
    return [parse_source(source) for source in sources]


