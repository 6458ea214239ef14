"""Importing: files, folders, archives, watch exports, loadwatch exports and diary files.

``import_paths`` is the one import function; the CLI and the dashboard's upload
call it. Files are parsed, checked, encoded and profiled in worker processes
(both cores), several files a task, while this process saves them in batches:
one transaction a batch, one savepoint a file. One bad file is reported with
its name and reason, rolls back alone and never stops the others.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from loadwatch.errors import LoadwatchError
from loadwatch.import_worker import Parsed, parse_chunk, parse_source, remember, start_worker
from loadwatch.importers.archives import Source, list_sources
from loadwatch.models import FileResult
from loadwatch.service import workers as pool
from loadwatch.service.diary import import_entries, read_diary_file
from loadwatch.service.exchange import export_manifest, restore_export
from loadwatch.settings import effective
from loadwatch.store import FileToSave, Outcome, SaveResult, Store

log = logging.getLogger("loadwatch")

# Files saved in one transaction: a commit costs as much as saving a file,
# and a kill loses at most the batch under way (importing again completes it).
BATCH_FILES = 64
# ... and at most this many bytes of files held waiting for their batch.
BATCH_BYTES = 64 * 2**20


def count_sources(paths: list[str | Path]) -> int:
    """How many results an import of ``paths`` will report (for a progress bar).

    Parameters
    ----------
    paths : list of str or Path
        Files, folders and archives, as given to :func:`import_paths`.

    Returns
    -------
    int
        One per file found, one per loadwatch export.
    """
    exports = [p for p in paths if _is_export(p)]
    return len(exports) + len(list_sources([p for p in paths if p not in exports]))


def import_paths(store: Store, *, athlete: str, paths: list[str | Path],  # noqa: PLR0913
                 progress: Callable[[FileResult], None] | None = None,
                 workers: int | None = None, units: str | None = None,
                 exports_as_exported: bool = False,
                 batch_files: int | None = None) -> list[FileResult]:
    """Import files, folders and archives for ``athlete``; one FileResult per file.

    Parameters
    ----------
    store : Store
        Where the activities go.
    athlete : str
        Whose files these are (created on the first import).
    paths : list of str or Path
        FIT (also .fit.gz), GPX, TCX, CSV activity lists, diary JSON files,
        folders and zip archives (Strava and Garmin exports, loadwatch exports).
    progress : callable, optional
        Called with each file's result as soon as it is final: stored (its
        batch committed), or found a duplicate, skipped or failed.
    workers : int, optional
        Parsing processes; default one per core.
    units : {"km", "mi"}, optional
        For activity lists that do not say which they use and whose numbers
        do not tell (Garmin Connect's Activities.csv).
    exports_as_exported : bool
        Restore a loadwatch export for the athlete it was exported from
        rather than for ``athlete``.
    batch_files : int, optional
        Files saved in one transaction (default BATCH_FILES). A caller that
        records each result durably as ``progress`` hears of it passes 1: a
        kill then never leaves a stored file unrecorded beyond the one saved.

    Returns
    -------
    list of FileResult
        In the order the files were read: imported, duplicate, skipped or
        failed, each with its message.
    """
    results: list[FileResult] = []

    def report(result: FileResult) -> None:
        results.append(result)
        if progress:
            progress(result)

    for result in _results(store, athlete, paths, units=units, workers=workers,
                           exports_as_exported=exports_as_exported,
                           batch_files=batch_files or BATCH_FILES):
        report(result)
    return results


def _results(store: Store, athlete: str, paths: list[str | Path], *, units: str | None,
             workers: int | None, exports_as_exported: bool,
             batch_files: int) -> Iterator[FileResult]:
    """Each file's result as soon as it is stored: exports, diary files, then activities."""
    rest = []
    for path in paths:
        if _is_export(path):
            yield _restore(store, athlete, path, exports_as_exported)
        else:
            rest.append(path)
    sources = []
    for source in list_sources(rest):
        diary_result = _import_diary_file(store, athlete, source)
        if diary_result is None:
            sources.append(source)
        else:
            yield diary_result
    if sources:
        known = frozenset(store.known_hashes(athlete))
        options = {"units": units, "timezone": effective(store.settings(athlete)).timezone}
        for batch in _batches(_parse_all(sources, known, options, workers), batch_files):
            yield from _store_batch(store, athlete, batch)


def _batches(answers: Iterator[Parsed], files: int) -> Iterator[list[Parsed]]:
    """Consecutive answers, up to ``files`` files or BATCH_BYTES bytes a batch."""
    batch: list[Parsed] = []
    held = 0
    for answer in answers:
        batch.append(answer)
        held += answer.size
        if len(batch) >= files or held >= BATCH_BYTES:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _is_export(path: str | Path) -> bool:
    return str(path).lower().endswith(".zip") and export_manifest(path) is not None


def _parse_all(sources: list[Source], known: frozenset[str], options: dict,
               asked: int | None) -> Iterator[Parsed]:
    size = pool.pool_size(asked, len(sources))
    if size == 1:
        remember(known, options)
        try:
            yield from map(parse_source, sources)
        finally:
            remember(frozenset(), {})
        return
    done = 0
    try:
        chunks = pool.in_chunks(sources, pool.chunk_size(len(sources), size))
        for answer in pool.run_in_pool(parse_chunk, chunks, workers=size, initializer=start_worker,
                                          initargs=(known, options, os.getpid()),
                                          preload="loadwatch.import_worker"):
            done += 1
            yield answer
    except pool.BrokenProcessPool:
        # Workers could not start (a __main__ they cannot re-import, no
        # resources): parse what is left here rather than fail the import.
        yield from _parse_all(sources[done:], known, options, 1)


def _restore(store: Store, athlete: str, path: str | Path, as_exported: bool) -> FileResult:
    """Restore one loadwatch export zip, whole."""
    try:
        done = restore_export(store, path=path, athlete=None if as_exported else athlete)
    except LoadwatchError as err:
        return FileResult(str(path), "failed", message=str(err))
    left_out = "".join(f"; left out, no reader accepts it: {why}" for why in done["left_out"])
    if done["comments_dropped"]:
        left_out += (f"; {done['comments_dropped']} diary comments by other people dropped "
                     "(a restore keeps only your own, unless an admin restores)")
    if done["acknowledgements_dropped"]:
        left_out += (f"; {done['acknowledgements_dropped']} red-flag acknowledgements by "
                     "other people dropped (a restore keeps only your own, unless an admin "
                     "restores)")
    return FileResult(str(path), "imported", activities=done["activity_ids"], message=(
        f"loadwatch export restored for {done['athlete']}: {done['activities']} "
        f"activities, {done['diary_entries']} diary entries, {done['files']} files{left_out}"))


def _store_batch(store: Store, athlete: str, batch: list[Parsed]) -> list[FileResult]:
    """Save the parsed files of ``batch`` in one transaction; a result per answer, in order."""
    parsed = [answer for answer in batch if answer.status == "parsed" and answer.parsed]
    outcomes = iter(store.save_files(athlete, [
        FileToSave(answer.parsed, answer.path.rsplit("/", 1)[-1], answer.size)
        for answer in parsed if answer.parsed is not None]))
    return [_result(answer, next(outcomes)) if answer.status == "parsed" and answer.parsed
            else FileResult(answer.path, answer.status, message=answer.message,
                            needs_units=answer.needs_units)
            for answer in batch]


def _result(answer: Parsed, outcome: Outcome) -> FileResult:
    if isinstance(outcome, LoadwatchError):
        return FileResult(answer.path, "failed", message=str(outcome))
    if not isinstance(outcome, SaveResult):
        return FileResult(answer.path, "duplicate", message="already imported")
    notes = [f"same run as activity {activity_id}, merged ("
             + ("this file's richer record kept)" if replaced else "the earlier record kept)")
             for activity_id, replaced in outcome.merged]
    if not outcome.new:
        return FileResult(answer.path, "duplicate", [i for i, _ in outcome.merged],
                          "; ".join(notes))
    count = len(outcome.new)
    warnings = answer.parsed.warnings if answer.parsed else []
    message = "; ".join([f"{count} activit{'y' if count == 1 else 'ies'}", *notes, *warnings])
    return FileResult(answer.path, "imported", activities=outcome.new, message=message)


def _import_diary_file(store: Store, athlete: str, source: Source) -> FileResult | None:
    """A diary JSON among imported files adds its entries; None for anything else."""
    if source.members or not source.file.lower().endswith(".json"):
        return None
    items = read_diary_file(Path(source.file))
    if items is None:
        return None
    try:
        added, existing = import_entries(store, athlete=athlete, items=items)
    except LoadwatchError as err:
        return FileResult(source.path, "failed", message=f"diary: {err}")
    status = "imported" if added else "duplicate"
    return FileResult(source.path, status,
                      message=f"{added} diary entries added, {existing} already there")
