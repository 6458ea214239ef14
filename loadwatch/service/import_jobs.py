"""Imports that run in the background and report each file as it finishes.

The dashboard's upload starts a job (:func:`start_upload`, or
:func:`start_import` for files already on disk) and polls
:func:`import_progress`: how many files of how many are done, and the result
of each so far. The import is :func:`~loadwatch.service.imports.import_paths`
unchanged, so one bad file still loses nothing and says why.

Where jobs live: a job runs in a thread of the process that started it (one
worker, jobs queue behind each other) and writes its progress after each file
to a small JSON record in :func:`jobs_folder`, so any process of the same
machine reads it (a team server's gunicorn workers answer each other's
polls). Nothing else keeps state: a later issue can move the running to a
task queue (procrastinate on PostgreSQL) behind the same three functions.

Uploaded bytes are staged under the job's id, each file under its own name
(``0003/Activities.csv``), so every message names the file as the runner
does; they are deleted once imported, or kept while a file waits for its
distance unit (:func:`import_again`), at most ``STAGED_FOR``.

A job is its athlete's: :func:`import_progress` and :func:`import_again`
answer only for the athlete who started it (a shell passes the athlete its
access policy allows to write), and its id is 128 random bits.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from loadwatch.errors import NotFound, UsageError
from loadwatch.models import FileResult
from loadwatch.service.imports import count_sources, import_paths
from loadwatch.store import Store

log = logging.getLogger("loadwatch")

STAGED_FOR = 3600.0  # seconds an upload waiting for an answer is kept
_JOB_ID = re.compile(r"[0-9a-f]{32}")
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loadwatch-import")
_LOCK = threading.Lock()  # one writer of a record at a time in this process


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


def jobs_folder() -> Path:
    """Where job records and staged uploads live (``LOADWATCH_JOBS_DIR``, else the temp dir)."""
    folder = Path(os.environ.get("LOADWATCH_JOBS_DIR")
                  or Path(tempfile.gettempdir()) / "loadwatch-jobs")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def start_import(store: Store, *, athlete: str, paths: Sequence[str | Path],
                 units: str | None = None, names: Mapping[str, str] | None = None) -> str:
    """Start importing ``paths`` for ``athlete`` in the background.

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
    return _start(store, athlete, [Path(p) for p in paths], units,
                  {str(k): v for k, v in (names or {}).items()}, None)


def start_upload(store: Store, *, athlete: str, files: Sequence[tuple[str, bytes]],
                 units: str | None = None) -> str:
    """Stage uploaded files (name and bytes each) and import them in the background.

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
    _sweep()
    job = secrets.token_hex(16)
    staged: dict[str, str] = {}
    for index, (name, payload) in enumerate(files):
        target = _upload_folder(job) / f"{index:04}" / _safe_name(name)
        target.parent.mkdir(parents=True)
        target.write_bytes(payload)
        staged[str(target)] = target.name
    return _start(store, athlete, [Path(p) for p in staged], units, staged, job, job=job)


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
    _record(upload, athlete)  # theirs, or NotFound
    folder = _upload_folder(upload) / f"{int(file):04}"
    staged = next(folder.iterdir(), None) if folder.is_dir() else None
    if staged is None:
        raise NotFound("that upload's file is no longer kept: upload it again")
    return _start(store, athlete, [staged], units, {str(staged): staged.name}, upload)


def import_progress(job: str, *, athlete: str) -> ImportProgress:
    """How far ``athlete``'s import ``job`` is.

    Raises
    ------
    NotFound
        No such job, or not ``athlete``'s (the two are not told apart).
    """
    record = _record(job, athlete)
    results = [FileResult(**r) for r in record["results"]]
    return ImportProgress(job, record["total"], results, record["files"], record["finished"],
                          record["error"])


def _start(store: Store, athlete: str, paths: list[Path], units: str | None,
           names: dict[str, str], upload: str | None, job: str | None = None) -> str:
    job = job or secrets.token_hex(16)
    record: dict = {"athlete": athlete, "total": None, "results": [], "files": [],
              "finished": False, "error": "", "upload": upload, "started": time.time()}
    _write(job, record)
    future: Future = _EXECUTOR.submit(_run, store, job, record, paths, units, names)
    future.add_done_callback(_log_failure)
    return job


def _run(store: Store, job: str, record: dict, paths: list[Path], units: str | None,
         names: dict[str, str]) -> None:
    """The job itself: count, import, write progress after each file, tidy the upload."""

    def progress(result: FileResult) -> None:
        file = _named(result, names)
        record["results"].append(result.as_dict())
        record["files"].append(file)
        _write(job, record)

    try:
        record["total"] = count_sources(list(paths))
        _write(job, record)
        import_paths(store, athlete=record["athlete"], paths=list(paths), units=units,
                     progress=progress)
    except Exception as err:  # a broken store or a bug: the runner must hear of it
        log.exception("import job %s failed", job)
        record["error"] = f"the import stopped: {err}"
    record["finished"] = True
    _write(job, record)
    if record["upload"] is not None:
        _tidy(job, record)


def _named(result: FileResult, names: dict[str, str]) -> int | None:
    """Name ``result`` as the runner does; the index of the upload's file it came from."""
    for staged, shown in names.items():
        if result.path == staged or result.path.startswith(staged + "!"):
            result.path = shown + result.path[len(staged):]
            result.message = result.message.replace(staged, shown)
            folder = Path(staged).parent.name
            return int(folder) if folder.isdigit() else None
    return None


def _tidy(job: str, record: dict) -> None:
    """Delete the upload's files this job read, unless one waits for its unit."""
    folder = _upload_folder(record["upload"])
    waiting = {f for f, r in zip(record["files"], record["results"], strict=True)
               if r["needs_units"]}
    with _LOCK:
        # The upload's own job read every file (some gave no result: hidden, empty
        # folders); a job of import_again only its one.
        read = ({int(p.name) for p in folder.glob("[0-9]*")} if record["upload"] == job
                else set(record["files"]) - {None})
        for index in read - waiting:
            shutil.rmtree(folder / f"{index:04}", ignore_errors=True)
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _sweep() -> None:
    """Forget uploads and jobs older than ``STAGED_FOR`` (a page left without answering)."""
    oldest = time.time() - STAGED_FOR
    root = jobs_folder()
    for item in [*root.glob("*.json"), *(root / "uploads").glob("*")]:
        try:
            if item.stat().st_mtime < oldest:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        except OSError:
            pass  # another process tidied it first


def _upload_folder(upload: str) -> Path:
    return jobs_folder() / "uploads" / upload


def _safe_name(name: str) -> str:
    """The last part of a browser's file name; never a path of its own."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    if base in ("", ".", ".."):
        return "file"
    return base[-150:]


def _record(job: str, athlete: str) -> dict:
    if not _JOB_ID.fullmatch(job or ""):
        raise NotFound("no such import")
    try:
        record = json.loads((jobs_folder() / f"{job}.json").read_text())
    except (OSError, ValueError) as err:
        raise NotFound("no such import") from err
    if record.get("athlete") != athlete:
        raise NotFound("no such import")
    return record


def _write(job: str, record: dict) -> None:
    """Replace the job's record whole (a reader never sees half of one)."""
    with _LOCK:
        target = jobs_folder() / f"{job}.json"
        partial = target.with_suffix(f".{threading.get_ident()}.part")
        partial.write_text(json.dumps(record))
        os.replace(partial, target)


def _log_failure(future: Future) -> None:
    if future.exception() is not None:
        log.error("import job failed", exc_info=future.exception())
