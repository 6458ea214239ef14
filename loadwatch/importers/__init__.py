"""Reading activity files: format sniffing, folders, and the per-format readers.

``read_file`` turns one file's bytes into a ParsedFile or raises a typed
error; ``list_files`` expands folders. Neither touches the store.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from loadwatch.errors import CorruptFile, UnsupportedFormat
from loadwatch.importers.fit import read_fit
from loadwatch.importers.sniff import ACTIVITY_SUFFIXES, GZIP_MAGIC, gunzip, sniff
from loadwatch.models import ParsedFile

_LATER = {"gpx": "GPX", "tcx": "TCX", "csv": "CSV", "zip": "zip archive"}


def content_hash(data: bytes) -> str:
    """The identity of a file's content (after gunzip): SHA-256, hex."""
    return hashlib.sha256(data).hexdigest()


def unpack(data: bytes, name: str) -> bytes:
    """The file's content, inflated when it is gzipped."""
    return gunzip(data, name) if data.startswith(GZIP_MAGIC) else data


def read_file(data: bytes, name: str, digest: str | None = None) -> ParsedFile:
    """Parse the (already unpacked) bytes of one file named ``name``."""
    activity_name = is_activity_name(Path(name))
    if not data:
        if activity_name:
            raise CorruptFile("the file is empty", path=name)
        raise UnsupportedFormat("an empty file")
    kind = sniff(data, name)
    if kind == "unknown" and name.lower().removesuffix(".gz").endswith(".fit"):
        kind = "fit"  # named FIT but not one: the decoder says what is wrong, and where
    digest = digest or content_hash(data)
    if kind == "fit":
        try:
            return read_fit(data, source_name=name, content_hash=digest)
        except CorruptFile as err:
            err.path = err.path or name
            raise
    if kind in _LATER:
        raise UnsupportedFormat(f"{_LATER[kind]} files are not imported yet "
                                "(this version reads FIT and FIT.gz)")
    raise UnsupportedFormat("not an activity file loadwatch knows")


def is_activity_name(path: Path) -> bool:
    """Whether the name says activity file (so an unreadable one is a failure)."""
    return path.name.lower().removesuffix(".gz").endswith(ACTIVITY_SUFFIXES)


def list_files(paths: list[str | Path]) -> list[Path]:
    """Files named, and files below folders named (recursively, sorted).

    Hidden files and macOS resource forks (``__MACOSX``, ``._name``) are not
    activity files and are left out.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.append(path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
            found.extend(Path(folder) / f for f in sorted(files) if not f.startswith("."))
    return found
