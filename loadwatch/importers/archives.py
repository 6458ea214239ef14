"""What an import is made of, as a list of sources to read one by one.

Files, folders, zip archives (nested too) and Strava bulk exports.

Archives are read in memory by member name, never extracted, so a member
called ``../../etc/passwd`` is only a name. Limits refuse zip bombs: a member
larger than MAX_MEMBER_BYTES once inflated, or inflating more than
MAX_RATIO times, and archives over MAX_ARCHIVE_BYTES in all. A refused member
is a failed source with the limit named; the rest of the archive goes on.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from loadwatch.errors import CorruptFile
from loadwatch.importers.csv_formats import strava_export_rows
from loadwatch.importers.sniff import ZIP_MAGIC

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_ARCHIVE_BYTES = 8 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_NESTING = 3
# What reading a damaged archive can raise (a bad deflate stream is a zlib
# error, an encrypted or exotic member a RuntimeError or NotImplementedError).
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
                   NotImplementedError, ValueError, OSError)


@dataclass(frozen=True)
class Source:
    """One thing to read: a file, or a member of (nested) zips, or a CSV row."""

    path: str  # as the user sees it: "export.zip!activities/1.fit.gz"
    file: str  # the file on disk
    members: tuple[str, ...] = ()  # zip member names, outermost first
    strava_row: dict | None = field(default=None, hash=False, compare=False)
    row_only: bool = False  # the row is the activity (a manual entry, or a missing file)
    refused: str | None = None  # why it is not read at all


def list_sources(paths: list[str | Path]) -> list[Source]:
    """Every source below the given files and folders, in a stable order."""
    sources: list[Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            sources.extend(_folder(path))
        else:
            sources.extend(_file(path))
    return sources


def _hidden(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any((p.startswith(".") and p not in (".", "..")) or p == "__MACOSX" for p in parts)


def _folder(folder: Path) -> list[Source]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        files.extend(Path(root) / n for n in sorted(names) if not _hidden(n))
    relative = {f.relative_to(folder).as_posix(): f for f in files}
    export = _strava_export(relative, lambda name: relative[name].read_bytes())
    sources = []
    for name, file in relative.items():
        if export and name == export.csv_name:
            continue
        sources.extend(_file(file, row=export.row_for(name) if export else None))
    if export:
        sources.extend(export.row_sources(str(folder), str(folder / export.csv_name), (),
                                          separator="/"))
    return sources


def _file(path: Path, row: dict | None = None) -> list[Source]:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return [Source(str(path), str(path), strava_row=row)]  # reading reports the error
    if head != ZIP_MAGIC:
        return [Source(str(path), str(path), strava_row=row)]
    try:
        with zipfile.ZipFile(path) as archive:
            return _archive(archive, str(path), str(path), ())
    except (*ZIP_READ_ERRORS, CorruptFile) as err:
        return [Source(str(path), str(path), refused=f"damaged zip archive: {err}")]


def _archive(archive: zipfile.ZipFile, shown: str, file: str,
             chain: tuple[str, ...]) -> list[Source]:
    members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
    total = sum(m.file_size for m in members)
    if total > MAX_ARCHIVE_BYTES:
        raise CorruptFile(f"inflates to {total // 2**20} MiB, over the "
                          f"{MAX_ARCHIVE_BYTES // 2**30} GiB limit for one archive")
    names = {m.filename: m for m in members}
    export = _strava_export(names, lambda name: archive.read(name))
    sources: list[Source] = []
    for member in members:
        where = f"{shown}!{member.filename}"
        refusal = _refusal(member)
        if refusal:
            sources.append(Source(where, file, (*chain, member.filename), refused=refusal))
            continue
        if export and member.filename == export.csv_name:
            continue
        row = export.row_for(member.filename) if export else None
        sources.extend(_member(archive, member, where, file, (*chain, member.filename), row))
    if export:
        sources.extend(export.row_sources(shown, file, chain))
    return sources


def _refusal(member: zipfile.ZipInfo) -> str | None:
    if member.file_size > MAX_MEMBER_BYTES:
        return (f"inflates to {member.file_size // 2**20} MiB, over the "
                f"{MAX_MEMBER_BYTES // 2**20} MiB limit for one file")
    if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
        return (f"compressed {member.file_size // member.compress_size}:1, over the "
                f"{MAX_RATIO}:1 limit (a zip bomb?)")
    return None


def _member(archive, member, where, file, chain, row) -> list[Source]:
    is_zip = member.filename.lower().endswith(".zip")
    if not is_zip:
        return [Source(where, file, chain, strava_row=row)]
    if len(chain) > MAX_NESTING:
        return [Source(where, file, chain, refused=f"zips nested more than {MAX_NESTING} deep")]
    try:
        with zipfile.ZipFile(io.BytesIO(archive.read(member))) as inner:
            return _archive(inner, where, file, chain)
    except (*ZIP_READ_ERRORS, CorruptFile) as err:
        return [Source(where, file, chain, refused=f"damaged zip archive: {err}")]


@dataclass
class _StravaExport:
    csv_name: str
    rows_by_file: dict[str, dict]
    other_rows: list[tuple[int, dict]]
    present: set[str]

    def row_for(self, name: str) -> dict | None:
        return self.rows_by_file.get(name)

    def row_sources(self, shown: str, file: str, chain: tuple[str, ...],
                    separator: str = "!") -> list[Source]:
        """Manual entries (no file) and rows whose file the export lacks."""
        missing = [(row["_row"], row) for name, row in self.rows_by_file.items()
                   if name not in self.present]
        return [Source(f"{shown}{separator}{self.csv_name}#row{number}", file,
                       (*chain, self.csv_name) if chain or separator == "!" else (),
                       strava_row=row, row_only=True)
                for number, row in sorted([*self.other_rows, *missing], key=lambda r: r[0])]


def _strava_export(names, read) -> _StravaExport | None:
    """A Strava bulk export: activities.csv beside an activities/ folder."""
    candidates = [n for n in names if PurePosixPath(n).name == "activities.csv"]
    for csv_name in candidates:
        prefix = str(PurePosixPath(csv_name).parent)
        prefix = "" if prefix == "." else prefix + "/"
        if not any(n.startswith(prefix + "activities/") for n in names):
            continue
        try:
            rows = strava_export_rows(read(csv_name))
        except (CorruptFile, *ZIP_READ_ERRORS):
            continue
        if rows is None:
            continue
        by_file, others = {}, []
        for number, row in rows:
            filename = row.get("filename")
            if filename:
                by_file[prefix + filename] = {**row, "_row": number}
            else:
                others.append((number, {**row, "_row": number}))
        return _StravaExport(csv_name, by_file, others, set(names))
    return None
