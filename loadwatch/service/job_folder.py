"""Where a local store's import jobs keep their records and uploads: a folder.

One machine, any process: a job's progress is a small JSON record in
:func:`jobs_folder`, replaced whole after each file, and an upload's files are
staged under the job's id, each under its own name (``0003/Activities.csv``),
so every message names the file as the runner does. They are deleted once
imported, or kept while a file waits for its distance unit, at most
``STAGED_FOR``. (A team server keeps both in its database instead:
:mod:`loadwatch.store.jobs`.)
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath

STAGED_FOR = 3600.0  # seconds an upload waiting for an answer is kept
_LOCK = threading.Lock()  # one writer of a record at a time in this process


def jobs_folder() -> Path:
    """Where job records and staged uploads live (``LOADWATCH_JOBS_DIR``, else the temp dir)."""
    folder = Path(os.environ.get("LOADWATCH_JOBS_DIR")
                  or Path(tempfile.gettempdir()) / "loadwatch-jobs")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def safe_name(name: str) -> str:
    """The last part of a browser's file name; never a path of its own."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    if base in ("", ".", ".."):
        return "file"
    return base[-150:]


def stage(upload: str, files: Sequence[tuple[str, bytes]]) -> dict[str, str]:
    """Write an upload's files under its id; staged path -> the name the runner gave."""
    return stage_pieces(upload, ((name, [payload]) for name, payload in files))


def stage_pieces(upload: str, files: Iterable[tuple[str, Iterable[bytes]]]) -> dict[str, str]:
    """:func:`stage` for files given in pieces, each written before the next is read."""
    staged: dict[str, str] = {}
    for index, (name, pieces) in enumerate(files):
        target = upload_folder(upload) / f"{index:04}" / safe_name(name)
        target.parent.mkdir(parents=True)
        with target.open("wb") as handle:
            for piece in pieces:
                handle.write(piece)
        staged[str(target)] = target.name
    return staged


def staged_file(upload: str, file: int) -> Path | None:
    """One staged file of ``upload``, None when it is no longer kept."""
    folder = upload_folder(upload) / f"{int(file):04}"
    return next(folder.iterdir(), None) if folder.is_dir() else None


def tidy(job: str, record: dict) -> None:
    """Delete the upload's files this job read, unless one waits for its unit."""
    folder = upload_folder(record["upload"])
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


def sweep() -> None:
    """Forget uploads and jobs older than ``STAGED_FOR`` (a page left without answering)."""
    oldest = time.time() - STAGED_FOR
    root = jobs_folder()
    for item in [*root.glob("*.json"), *(root / "uploads").glob("*")]:
        try:
            if item.stat().st_mtime < oldest:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        except OSError:
            pass  # another process tidied it first


def upload_folder(upload: str) -> Path:
    """The folder of one upload's staged files."""
    return jobs_folder() / "uploads" / upload


def read(job: str) -> dict | None:
    """The job's record, None when there is none (the id is checked by the caller)."""
    try:
        return json.loads((jobs_folder() / f"{job}.json").read_text())
    except (OSError, ValueError):
        return None


def write(job: str, record: dict) -> None:
    """Replace the job's record whole (a reader never sees half of one)."""
    with _LOCK:
        target = jobs_folder() / f"{job}.json"
        partial = target.with_suffix(f".{threading.get_ident()}.part")
        partial.write_text(json.dumps(record))
        os.replace(partial, target)


def rechunked(pieces: Iterable[bytes], size: int) -> Iterator[bytes]:
    """``pieces`` again as pieces of ``size`` bytes (the last one shorter); never one empty.

    A file of no bytes at all is one empty piece, so that it is still staged.
    """
    buffer = bytearray()
    sent = False
    for piece in pieces:
        buffer += piece
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
            sent = True
    if buffer or not sent:
        yield bytes(buffer)
