"""Imports that run in the background and report each file as it finishes.

The dashboard's upload starts a job (:func:`start_upload_pieces`, each file
read a piece at a time as the web route streams it in; :func:`start_upload`
with bytes in hand; :func:`start_import` for files already on disk) and polls
:func:`import_progress`: how many files of how many are done, and the result
of each so far. The import is :func:`~loadwatch.service.imports.import_paths`
unchanged, so one bad file still loses nothing and says why.

Where jobs run and live depends on the store. A local store (SQLite, one
user): the job runs in a thread of the process that started it (jobs queue
behind each other) and keeps its record and staged files in a folder
(:mod:`~loadwatch.service.job_folder`). A team server (PostgreSQL): the
upload's files and the job's record are kept in the database
(:mod:`loadwatch.store.jobs`) and the job is queued for ``loadwatch worker``
(:mod:`~loadwatch.service.job_queue`), so that the web worker that received
the upload is free at once, any worker on any machine imports it, and any
web worker answers the polls. Files of :func:`start_import` are on this
machine's disk: this process reads them, in both modes.

A job is its athlete's: :func:`import_progress` and :func:`import_again`
answer only for the athlete who started it (a shell passes the athlete its
access policy allows to write), and its id is 128 random bits.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loadwatch.errors import NotFound, UsageError
from loadwatch.models import FileResult
from loadwatch.service import audit, job_folder, job_queue
from loadwatch.service.imports import count_sources, import_paths
from loadwatch.store import Store

log = logging.getLogger("loadwatch")

STAGED_FOR = job_folder.STAGED_FOR
# A team server's upload may wait in the queue behind others: kept a day.
QUEUED_FOR = timedelta(days=1)
PIECE = 8 * 2**20  # bytes of an uploaded file per database row
_JOB_ID = re.compile(r"[0-9a-f]{32}")
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loadwatch-import")


@dataclass(frozen=True)
class ImportProgress:
    """How far an import job is.

    Attributes
    ----------
    job : str
        The job's id.
    total : int or None
        How many files the import reads (None while they are still being counted).
    results : list of FileResult
        Each finished file's result, in the order they finished, named as the
        runner named them (``export.zip!activities/123.fit``).
    files : list of int or None
        For each result, the index of the uploaded file it came from (None for
        a job of :func:`start_import`).
    finished : bool
        Whether the job is over.
    error : str
        Why the job stopped early, if it did (a file's problem is its result's).
    """

    job: str
    total: int | None
    results: list[FileResult]
    files: list[int | None] = field(default_factory=list)
    finished: bool = False
    error: str = ""

    @property
    def done(self) -> int:
        """How many files are done."""
        return len(self.results)


jobs_folder = job_folder.jobs_folder


def start_import(store: Store, *, athlete: str, paths: Sequence[str | Path],
                 units: str | None = None, names: Mapping[str, str] | None = None) -> str:
    """Start importing ``paths`` for ``athlete`` in the background (in this process).

    Parameters
    ----------
    store : Store
    athlete : str
        Whose files these are; only they read the job's progress.
    paths : list of str or Path
        As for :func:`~loadwatch.service.imports.import_paths`.
    units : {"km", "mi"}, optional
        For activity lists that cannot tell their distance unit.
    names : mapping of str to str, optional
        How the runner names each path (results and messages say that instead).

    Returns
    -------
    str
        The job's id, for :func:`import_progress`.
    """
    job = secrets.token_hex(16)
    record = _new_record(store, job, athlete, None)
    future: Future = _EXECUTOR.submit(_run, store, job, record, [Path(p) for p in paths],
                                      units, {str(k): v for k, v in (names or {}).items()})
    future.add_done_callback(_log_failure)
    return job


def start_upload(store: Store, *, athlete: str, files: Sequence[tuple[str, bytes]],
                 units: str | None = None) -> str:
    """Stage uploaded files (name and bytes each) and import them in the background.

    The same as :func:`start_upload_pieces` with each file's bytes whole.

    Parameters
    ----------
    store : Store
    athlete : str
    files : list of (str, bytes)
        Each file's name as the browser gave it (only its last part is used:
        names from a browser are untrusted) and its bytes.
    units : {"km", "mi"}, optional

    Returns
    -------
    str
        The job's id; also the upload's, for :func:`import_again`.
    """
    return start_upload_pieces(store, athlete=athlete, units=units,
                               files=((name, [payload]) for name, payload in files))


def start_upload_pieces(store: Store, *, athlete: str,
                        files: Iterable[tuple[str, Iterable[bytes]]],
                        units: str | None = None) -> str:
    """Stage uploaded files a piece at a time and import them in the background.

    No file is ever whole in memory: each piece is written (to the database
    in rows of ``PIECE`` bytes on a team server, to the jobs folder locally)
    before the next is read. On a team server the job then goes to the queue
    (``loadwatch worker`` imports it); locally to a thread.

    Parameters
    ----------
    store : Store
    athlete : str
    files : iterable of (str, iterable of bytes)
        Each file's name as the browser gave it (only its last part is used)
        and its bytes in pieces of any size, read in order.
    units : {"km", "mi"}, optional

    Returns
    -------
    str
        The job's id; also the upload's, for :func:`import_again`.
    """
    job = secrets.token_hex(16)
    if store.shared:
        store.import_jobs.sweep(_utc_now() - QUEUED_FOR)
        for index, (name, pieces) in enumerate(files):
            store.import_jobs.stage(job, athlete, index, job_folder.safe_name(name),
                                    job_folder.rechunked(pieces, PIECE))
        _new_record(store, job, athlete, job)
        job_queue.defer(store, job_queue.IMPORT, job=job, units=units)
        return job
    job_folder.sweep()
    staged = job_folder.stage_pieces(job, files)
    record = _new_record(store, job, athlete, job)
    future: Future = _EXECUTOR.submit(_run, store, job, record, [Path(p) for p in staged],
                                      units, staged)
    future.add_done_callback(_log_failure)
    return job


def import_again(store: Store, *, athlete: str, upload: str, file: int, units: str) -> str:
    """Import one file of an upload again with its distance unit; a new job's id.

    Raises
    ------
    NotFound
        No such upload of ``athlete``'s, or its files are gone (imported, or
        kept past ``STAGED_FOR``).
    UsageError
        ``units`` is neither km nor mi.
    """
    if units not in ("km", "mi"):
        raise UsageError("units: km or mi")
    _record(upload, athlete, store)  # theirs, or NotFound
    gone = NotFound("that upload's file is no longer kept: upload it again")
    job = secrets.token_hex(16)
    if store.shared:
        if int(file) not in store.import_jobs.staged(upload):
            raise gone
        _new_record(store, job, athlete, upload)
        job_queue.defer(store, job_queue.IMPORT, job=job, files=[int(file)], units=units)
        return job
    staged = job_folder.staged_file(upload, file)
    if staged is None:
        raise gone
    record = _new_record(store, job, athlete, upload)
    future: Future = _EXECUTOR.submit(_run, store, job, record, [staged], units,
                                      {str(staged): staged.name})
    future.add_done_callback(_log_failure)
    return job


def import_progress(job: str, *, athlete: str, store: Store | None = None) -> ImportProgress:
    """How far ``athlete``'s import ``job`` is.

    Parameters
    ----------
    job : str
    athlete : str
    store : Store, optional
        Where a team server keeps its jobs' records; without it (or with a
        local store) the jobs folder.

    Raises
    ------
    NotFound
        No such job, or not ``athlete``'s (the two are not told apart).
    """
    record = _record(job, athlete, store)
    results = [FileResult(**r) for r in record["results"]]
    return ImportProgress(job, record["total"], results, record["files"], record["finished"],
                          record["error"])


def import_staged(store: Store, *, job: str, files: list[int] | None = None,
                  units: str | None = None) -> None:
    """A job worker's part: import a team server's staged upload, as the job's record says.

    Parameters
    ----------
    store : Store
        The team server's store, holding the job's record and the upload's files.
    job : str
        The job (its record names the athlete and the upload).
    files : list of int, optional
        Which of the upload's files (:func:`import_again`); default all still kept.
    units : {"km", "mi"}, optional

    Run again after a worker died mid-job, files the first attempt stored keep
    the result it reported (not "already imported").
    """
    raw = store.import_jobs.record(job)
    if raw is None:
        log.warning("import job %s has no record (swept?): nothing to do", job)
        return
    record = json.loads(raw)
    if record["finished"]:  # killed while tidying up: the import itself is done
        store.import_jobs.drop_staged(record["upload"], _read_but_waiting(record, files))
        return
    # Run again (a worker died mid-job) when the first attempt had counted the files.
    earlier = dict(zip([r["path"] for r in record["results"]],
                       zip(record["results"], record["files"], strict=True), strict=True)
                   ) if record["total"] is not None else None
    record.update(total=None, results=[], files=[], finished=False, error="")
    upload = record["upload"]
    kept = store.import_jobs.staged(upload)
    chosen = [f for f in (files if files is not None else kept) if f in kept]
    with tempfile.TemporaryDirectory(prefix="loadwatch-upload-") as folder:
        names = {}
        for index in chosen:
            target = Path(folder) / f"{index:04}" / kept[index]
            target.parent.mkdir()
            with target.open("wb") as handle:
                for piece in store.import_jobs.pieces(upload, index):
                    handle.write(piece)
            names[str(target)] = kept[index]
        _run(store, job, record, [Path(p) for p in names], units, names, earlier)
    store.import_jobs.drop_staged(upload, _read_but_waiting(record, chosen))


def _read_but_waiting(record: dict, read: list[int] | None) -> set[int]:
    """The files a finished job read, less those waiting for their distance unit."""
    waiting = {f for f, r in zip(record["files"], record["results"], strict=True)
               if r["needs_units"]}
    return set(read if read is not None else record["files"]) - waiting - {None}


def _new_record(store: Store, job: str, athlete: str, upload: str | None) -> dict:
    # Who uploaded: the job acts as them, not as whoever runs the worker (a
    # restore keeps only the comments its restorer may sign, by this).
    by = audit.actor()
    record: dict = {"athlete": athlete, "total": None, "results": [], "files": [],
                    "finished": False, "error": "", "upload": upload, "started": time.time(),
                    "by": {"name": by.name, "address": by.address, "admin": by.admin}}
    _write(store, job, record)
    return record


def _import(store: Store, job: str, record: dict, paths: list[Path], units: str | None,
            progress: Callable[[FileResult], None]) -> None:
    record["total"] = count_sources(list(paths))
    _write(store, job, record)
    # One file a transaction: each result is in the job's record as soon
    # as its file is stored, so a worker killed mid-job leaves no stored
    # file whose result the retry could only call "already imported".
    import_paths(store, athlete=record["athlete"], paths=list(paths), units=units,
                 progress=progress, batch_files=1)


def _run(store: Store, job: str, record: dict, paths: list[Path], units: str | None,
         names: dict[str, str], earlier: dict[str, tuple[dict, int | None]] | None = None,
         ) -> None:
    """The job itself: count, import, write progress after each file, tidy the upload."""

    def progress(result: FileResult) -> None:
        file = _named(result, names)
        entry = result.as_dict()
        before = (earlier or {}).get(result.path)
        if before is not None and result.status == "duplicate":
            entry, file = before  # stored by an attempt that was cut short: its own words
        elif earlier is not None and _stored_by_this_job(store, record, result):
            # Stored by the attempt cut short, killed before it could say so.
            entry = {**entry, "status": "imported",
                     "message": "imported (by this import's first attempt, which was cut short)"}
        record["results"].append(entry)
        record["files"].append(file)
        _write(store, job, record)

    # A record without "by" (queued before it was kept) acts as its athlete, never as admin.
    by = record.get("by") or {"name": record["athlete"], "address": None, "admin": False}
    try:
        with audit.acting(str(by["name"]), by.get("address"), admin=by.get("admin") is True):
            _import(store, job, record, paths, units, progress)
    except Exception as err:  # a broken store or a bug: the runner must hear of it
        log.exception("import job %s failed", job)
        record["error"] = f"the import stopped: {err}"
    record["finished"] = True
    _write(store, job, record)
    if record["upload"] is not None and not store.shared:
        job_folder.tidy(job, record)


def _stored_by_this_job(store: Store, record: dict, result: FileResult) -> bool:
    """A file reported "already imported" that the job's own earlier attempt stored."""
    if result.status != "duplicate" or result.activities:  # merged into another file's run
        return False
    name = result.path.rsplit("/", 1)[-1]
    if any(r["path"].rsplit("/", 1)[-1] == name for r in record["results"]):
        return False  # the same file twice in one upload: the second is a duplicate
    since = datetime.fromtimestamp(record["started"], UTC).replace(tzinfo=None)
    return store.stored_since(record["athlete"], name, since)


def _named(result: FileResult, names: dict[str, str]) -> int | None:
    """Name ``result`` as the runner does; the index of the upload's file it came from."""
    for staged, shown in names.items():
        if result.path == staged or result.path.startswith(staged + "!"):
            result.path = shown + result.path[len(staged):]
            result.message = result.message.replace(staged, shown)
            folder = Path(staged).parent.name
            return int(folder) if folder.isdigit() else None
    return None


def _record(job: str, athlete: str, store: Store | None) -> dict:
    if not _JOB_ID.fullmatch(job or ""):
        raise NotFound("no such import")
    if store is not None and store.shared:
        raw = store.import_jobs.record(job)
        record = None if raw is None else json.loads(raw)
    else:
        record = job_folder.read(job)
    if record is None or record.get("athlete") != athlete:
        raise NotFound("no such import")
    return record


def _write(store: Store, job: str, record: dict) -> None:
    """Replace the job's record whole, where its store keeps records."""
    if store.shared:
        store.import_jobs.save_record(job, record["athlete"], json.dumps(record))
    else:
        job_folder.write(job, record)


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _log_failure(future: Future) -> None:
    if future.exception() is not None:
        log.error("import job failed", exc_info=future.exception())
