"""Reading activity files: format sniffing, folders, and the per-format readers.

``read_file`` turns one file's bytes into a ParsedFile or raises a typed
error; ``read_source`` reads a file or an archive member (see ``archives``).
Nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath

from loadwatch.errors import CorruptFile, UnsupportedFormat
from loadwatch.importers.csv_formats import read_csv
from loadwatch.importers.fit import read_fit
from loadwatch.importers.gpx import read_gpx
from loadwatch.importers.sniff import ACTIVITY_SUFFIXES, GZIP_MAGIC, gunzip, sniff
from loadwatch.importers.tcx import read_tcx
from loadwatch.models import ParsedFile

# A single file larger than this is refused before it is read.
MAX_FILE_BYTES = 512 * 1024 * 1024


def content_hash(data: bytes) -> str:
    """The identity of a file's content (after gunzip): SHA-256, hex."""
    return hashlib.sha256(data).hexdigest()


def unpack(data: bytes, name: str) -> bytes:
    """The file's content, inflated when it is gzipped."""
    return gunzip(data, name) if data.startswith(GZIP_MAGIC) else data


def read_file(data: bytes, name: str, digest: str | None = None,
              options: dict | None = None) -> ParsedFile:
    """Parse the (already unpacked) bytes of one file named ``name``.

    ``options``: ``units`` (km or mi, for CSVs that do not say) and
    ``timezone`` (for CSV dates without an offset).
    """
    activity_name = is_activity_name(Path(name))
    if not data:
        if activity_name:
            raise CorruptFile("the file is empty", path=name)
        raise UnsupportedFormat("an empty file")
    kind = sniff(data, name)
    if kind == "unknown" and name.lower().removesuffix(".gz").endswith(".fit"):
        kind = "fit"  # named FIT but not one: the decoder says what is wrong, and where
    digest = digest or content_hash(data)
    readers = {"fit": read_fit, "gpx": read_gpx, "tcx": read_tcx}
    if kind in readers:
        return _read_track(readers[kind], data, name, digest)
    if kind == "csv":
        return read_csv(data, source_name=name, content_hash=digest, options=options or {})
    if kind == "zip":
        raise UnsupportedFormat("a zip file that is not an activity export (a KMZ?)")
    raise UnsupportedFormat("not an activity file loadwatch knows")


def _read_track(reader, data: bytes, name: str, digest: str) -> ParsedFile:
    """A FIT, GPX or TCX file; its errors name the file."""
    try:
        return reader(data, source_name=name, content_hash=digest)
    except CorruptFile as err:
        err.path = err.path or name
        raise
    except (LookupError, UnicodeError) as err:
        if reader is read_fit:  # a binary format: this is no encoding problem
            raise
        # An XML declaration naming no real encoding.
        raise CorruptFile(f"unreadable text encoding ({err})", path=name) from err


def read_source(source) -> bytes:
    """The bytes of a source: a file, or a member of (nested) zip archives."""
    if not source.members:
        if os.path.getsize(source.file) > MAX_FILE_BYTES:
            raise CorruptFile(f"larger than the {MAX_FILE_BYTES // 2**20} MiB limit for one "
                              "file", path=source.path)
        return Path(source.file).read_bytes()
    stat = os.stat(source.file)
    data = _open_archive(source.file, stat.st_mtime_ns, stat.st_size).read(source.members[0])
    for member in source.members[1:]:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            data = inner.read(member)
    return data


@lru_cache(maxsize=4)
def _open_archive(path: str, mtime_ns: int, size: int) -> zipfile.ZipFile:
    """An open archive, kept for the next member.

    Reading a large export's directory again for each of its thousand files
    would cost more than the files themselves. Keyed by modification time and
    size, so a changed file is opened afresh.
    """
    return zipfile.ZipFile(path)


def source_name(source) -> str:
    """The file name of a source, for messages and the activity's record."""
    return PurePosixPath(source.members[-1]).name if source.members else Path(source.file).name


def is_activity_name(path: Path) -> bool:
    """Whether the name says activity file (so an unreadable one is a failure)."""
    return path.name.lower().removesuffix(".gz").endswith(ACTIVITY_SUFFIXES)
