"""An athlete's data as one zip of readable files, and back.

``export_athlete`` writes the zip: activities (CSV for a spreadsheet, JSON
exact), each activity's samples as CSV, the diary with its comments, the
settings, the summary ledger and every original file as it was imported.
``restore_export`` reads such a zip back into a store, in one transaction, so
that the athlete's data is what it was (the round trip is tested value by
value). ``loadwatch import`` recognises the zip by its ``manifest.json``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import numpy as np
import orjson

from loadwatch.errors import CorruptFile, LoadwatchError, UsageError
from loadwatch.importers.archives import MAX_MEMBER_BYTES, MAX_RATIO, ZIP_READ_ERRORS
from loadwatch.models import SAMPLE_COLUMNS, SAMPLE_UNITS
from loadwatch.plausible import activity_problems, clean_samples, implausible_fields
from loadwatch.samples_codec import decode_samples, deflate, encode_samples
from loadwatch.service import audit
from loadwatch.store import jsonio
from loadwatch.store.bundle import ACTIVITY_COLUMNS, Bundle, dump_bundle, restore_bundle
from loadwatch.store.store import Store

FORMAT = "loadwatch-export"
VERSION = 1
_DATETIMES = {"start_time", "created_at", "imported_at", "date", "at"}
README = """\
loadwatch export of one athlete's data (all times are UTC).

manifest.json        what this is, whose, when, and how many of each
settings.json        the athlete's settings
activities.csv       one row per activity (for a spreadsheet)
activities.json      the same rows with exact values; "sources" lists each one's files
samples/ID.csv       the samples of activity ID (columns and units in their header)
profiles.json        per-activity summaries loadwatch computed from the samples
sources.json         every imported file: name, format, size, SHA-256, when
originals/ID-NAME    each imported file as it was read (ID as in sources.json)
diary.json           symptom diary entries, each with its comments
summary_sends.json   the weekly summaries sent by e-mail
acknowledgements.json  red flags you said you had seen: rule, day, diary entry, who, when
Restore with: loadwatch import THIS.zip   (or --athlete NAME to restore under another name)
"""


def _jsonable(row: dict) -> dict:
    return {key: (value.isoformat() if isinstance(value, datetime) else value)
            for key, value in row.items()}


def _from_json(row: dict) -> dict:
    values = {key: (datetime.fromisoformat(value) if key in _DATETIMES and value else value)
              for key, value in row.items()}
    for key in _DATETIMES & values.keys() - {"start_time"}:
        if values[key] is None:  # a bookkeeping time lost to damage: the restore's own
            values[key] = datetime.now(UTC).replace(tzinfo=None)
    return values


def _dumps(value) -> str:
    """Strict JSON (a damaged store's NaN or infinity is written as null)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()


def _samples_csv(blob: bytes) -> str:
    samples = decode_samples(blob)
    names = [name for name in SAMPLE_COLUMNS if name in samples]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"{name} ({SAMPLE_UNITS[name]})" for name in names])
    columns = [samples[name] for name in names]
    for values in zip(*columns, strict=True):
        # repr keeps every digit, so the restore encodes the very same numbers.
        writer.writerow(["" if v != v else repr(float(v)) for v in values])
    return out.getvalue()


def _parsed(text: str) -> object:
    """Stored JSON as a value; text that is no JSON at all is kept as the text itself.

    An export so loses nothing, and `loadwatch check` names the row.
    """
    try:
        return jsonio.loads(text)
    except ValueError:
        return text


def _activities_csv(bundle: Bundle, sources: dict[int, list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*ACTIVITY_COLUMNS, "files"])
    for row in bundle.activities:
        writer.writerow([*(_jsonable(row)[name] for name in ACTIVITY_COLUMNS),
                         "; ".join(sources.get(row["id"], []))])
    return out.getvalue()


def export_athlete(store: Store, *, athlete: str, path: str | Path) -> dict[str, int]:
    """Write ``athlete``'s data to the zip ``path``; returns how many of each."""
    bundle = dump_bundle(store, athlete)
    names = {row["id"]: row["source_name"] for row in bundle.sources}
    files_of: dict[int, list[int]] = {}
    for activity_id, source_id in bundle.links:
        files_of.setdefault(activity_id, []).append(source_id)
    counts = {"activities": len(bundle.activities), "samples": len(bundle.samples),
              "files": len(bundle.sources), "originals": len(bundle.originals),
              "diary_entries": len(bundle.diary), "comments": len(bundle.comments),
              "acknowledgements": len(bundle.acknowledgements)}
    manifest = {"format": FORMAT, "version": VERSION, "athlete": athlete,
                "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "counts": counts}
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    # Written aside and renamed: an interrupted export never leaves a half zip under the name.
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("manifest.json", _dumps(manifest))
        archive.writestr("README.txt", README)
        archive.writestr("settings.json", _dumps(bundle.settings))
        archive.writestr("activities.csv", _activities_csv(bundle, {
            a: [names[s] for s in ids] for a, ids in files_of.items()}))
        archive.writestr("activities.json", _dumps([
            {**_jsonable(row), "sources": files_of.get(row["id"], [])}
            for row in bundle.activities]))
        for activity_id, blob in bundle.samples.items():
            try:
                text = _samples_csv(blob)
            except LoadwatchError:
                continue  # damaged samples (see `loadwatch check`): the summary is exported
            archive.writestr(f"samples/{activity_id}.csv", text)
        archive.writestr("profiles.json", _dumps({
            str(a): {"version": version, "profile": profile}
            for a, (version, data) in bundle.profiles.items()
            if isinstance(profile := _parsed(data), dict)}))
        archive.writestr("sources.json", _dumps([_jsonable(row) for row in bundle.sources]))
        for source_id, (compression, data) in bundle.originals.items():
            raw = zlib.decompress(data) if compression == "zlib" else data
            archive.writestr(f"originals/{source_id}-{PurePosixPath(names[source_id]).name}",
                             raw)
        _write_diary_and_ledgers(archive, bundle)
    partial.replace(target)
    audit.record(store, "export", subject=athlete)
    return counts


def _write_diary_and_ledgers(archive: zipfile.ZipFile, bundle: Bundle) -> None:
    """The diary with its comments, the summaries sent and the red flags acknowledged."""
    comments: dict[int, list[dict]] = {}
    for comment in bundle.comments:
        comments.setdefault(comment["entry_id"], []).append(_jsonable(comment))
    archive.writestr("diary.json", _dumps([
        {**_jsonable(row), "data": _parsed(row["data"]),
         "comments": comments.get(row["id"], [])} for row in bundle.diary]))
    archive.writestr("summary_sends.json", _dumps([_jsonable(r) for r in bundle.sends]))
    archive.writestr("acknowledgements.json", _dumps([
        _jsonable(r) for r in bundle.acknowledgements]))


def export_manifest(path: str | Path) -> dict | None:
    """The manifest when ``path`` is a loadwatch export zip, else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            if "manifest.json" not in archive.namelist():
                return None
            manifest = json.loads(_member(archive, "manifest.json"))
    except (OSError, ValueError, *ZIP_READ_ERRORS):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else None


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES or (
            info.compress_size and info.file_size / info.compress_size > MAX_RATIO):
        raise CorruptFile(f"member {name} is too large to read safely")
    return archive.read(name)


def _read_samples(text: str, name: str) -> bytes:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise CorruptFile("no header", path=name, row=1)
    columns = [cell.split(" (", 1)[0] for cell in rows[0]]
    unknown = set(columns) - set(SAMPLE_COLUMNS)
    if unknown:
        raise CorruptFile(f"unknown columns {sorted(unknown)}", path=name, row=1)
    values = np.full((len(rows) - 1, len(columns)), np.nan)
    for index, row in enumerate(rows[1:]):
        if len(row) != len(columns):
            raise CorruptFile(f"{len(row)} values, not {len(columns)}", path=name, row=index + 2)
        try:
            values[index] = [float(cell) if cell else np.nan for cell in row]
        except ValueError as err:
            raise CorruptFile(f"not a number: {err}", path=name, row=index + 2) from err
    samples, _dropped = clean_samples({name: values[:, i].copy()
                                       for i, name in enumerate(columns)}, name)
    return encode_samples(samples)


def read_export(path: str | Path) -> tuple[dict, Bundle]:
    """The manifest and bundle of an export zip; CorruptFile says which member is wrong."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(_member(archive, "manifest.json"))
        if manifest.get("version") != VERSION:
            raise UsageError(f"{path}: export version {manifest.get('version')} is not one "
                             f"this loadwatch reads ({VERSION})")
        try:
            bundle = _bundle(archive, lambda name: _member(archive, name))
            _check_signed(bundle.comments, "a diary comment", ("author", "text"))
            _check_signed(bundle.acknowledgements, "an acknowledgement", ("author", "rule"))
        except (KeyError, ValueError, TypeError, *ZIP_READ_ERRORS) as err:
            raise CorruptFile(f"not a complete loadwatch export ({err})", path=str(path)) from err
    return manifest, bundle


def _check_signed(rows: list[dict], what: str, keys: tuple[str, ...]) -> None:
    """Refuse rows without their signature or text (the store would refuse them mid-restore)."""
    for row in rows:
        for key in keys:
            value = row.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{what} without its {key}")


def _read_files(bundle: Bundle, names: list[str], read) -> None:
    """The samples and original files among the export's members, into ``bundle``."""
    for name in names:
        if name.endswith("/"):  # a folder's own entry (``zip -r`` writes them)
            continue
        if name.startswith("samples/") and name.endswith(".csv"):
            activity_id = int(PurePosixPath(name).stem)
            bundle.samples[activity_id] = _read_samples(read(name).decode("utf-8"), name)
        elif name.startswith("originals/"):
            source_id = int(PurePosixPath(name).name.split("-", 1)[0])
            raw = read(name)
            gz = name.lower().endswith((".gz", ".zip"))
            # Compressed as an import stores it: a restore gives back the same bytes.
            bundle.originals[source_id] = ("none", raw) if gz else ("zlib", deflate(raw))


def _bundle(archive: zipfile.ZipFile, read) -> Bundle:
    bundle = Bundle(settings=json.loads(read("settings.json")))
    activities = json.loads(read("activities.json"))
    bundle.activities = [_from_json({k: v for k, v in row.items() if k != "sources"})
                         for row in activities]
    # What no reader accepts (a damaged store's export, a hand edit) is not planted:
    # impossible numbers become no value, as `check --repair` does; an activity that
    # no calendar can place is left out, and its files are marked incomplete.
    for row in bundle.activities:
        row.update(implausible_fields(row))
        row["warnings"] = row.get("warnings") if jsonio.is_valid(row.get("warnings")) else "[]"
    # A hand-edited row may have no id: it is left out under None.
    bundle.left_out = {row.get("id"): "; ".join(problems)  # type: ignore[misc]
                       for row in bundle.activities if (problems := activity_problems(row))}
    bundle.activities = [row for row in bundle.activities if row.get("id") not in bundle.left_out]
    bundle.links = [(row["id"], source) for row in activities for source in row["sources"]
                    if row["id"] not in bundle.left_out]
    _read_files(bundle, archive.namelist(), read)
    bundle.profiles = {int(a): (item["version"], jsonio.dumps(item["profile"]))
                       for a, item in json.loads(read("profiles.json")).items()}
    bundle.sources = [_from_json(row) for row in json.loads(read("sources.json"))]
    lost_files = {source for activity_id, source in (
        (row["id"], source) for row in activities for source in row["sources"])
        if activity_id in bundle.left_out}
    for row in bundle.sources:
        row["complete"] = row["id"] not in lost_files
    for row in json.loads(read("diary.json")):
        for comment in row.pop("comments"):
            bundle.comments.append(_from_json(comment))
        bundle.diary.append(_from_json({**row, "data": jsonio.dumps(row["data"])}))
    bundle.sends = [_from_json(row) for row in json.loads(read("summary_sends.json"))]
    if "acknowledgements.json" in archive.namelist():  # older exports have none
        bundle.acknowledgements = [_from_json(row) for row in
                                   json.loads(read("acknowledgements.json"))]
    for activity_id in bundle.left_out:
        bundle.samples.pop(activity_id, None)
        bundle.profiles.pop(activity_id, None)
    return bundle


def restore_export(store: Store, *, path: str | Path, athlete: str | None = None) -> dict:
    """Restore an export zip as ``athlete`` (default: the athlete it was exported from).

    A zip is only what its sender says: diary comments and red-flag
    acknowledgements signed by anyone but the person restoring are dropped
    (``comments_dropped`` and ``acknowledgements_dropped`` say how many),
    unless an admin restores (or the store's owner, on the command line).
    """
    manifest, bundle = read_export(path)
    name = athlete or manifest["athlete"]
    restorer = audit.actor()
    dropped = _foreign_comments(bundle, restorer)
    acks_dropped = _foreign_acknowledgements(bundle, restorer)
    ids = restore_bundle(store, name, bundle)
    audit.record(store, "restore", subject=name,
                 detail=f"{len(ids)} activities, {dropped} comments by others dropped"
                        + (f", {acks_dropped} acknowledgements by others dropped"
                           if acks_dropped else ""))
    return {**manifest["counts"], "athlete": name, "activity_ids": sorted(ids.values()),
            "activities": len(ids), "comments": len(bundle.comments),
            "comments_dropped": dropped, "acknowledgements_dropped": acks_dropped,
            "left_out": [f"activity {old}: {why}" for old, why in bundle.left_out.items()]}


def _foreign_comments(bundle: Bundle, restorer: audit.Actor) -> int:
    """Drop the comments not written by ``restorer`` (none for an admin); how many."""
    bundle.comments, dropped = _signed_by(bundle.comments, restorer)
    return dropped


def _foreign_acknowledgements(bundle: Bundle, restorer: audit.Actor) -> int:
    """Drop the red flags' acknowledgements not signed by ``restorer``; how many.

    A forged "seen by admin" on a stress-fracture flag would read as a
    clinician's or coach's sign-off: only an admin's restore keeps others'.
    """
    bundle.acknowledgements, dropped = _signed_by(bundle.acknowledgements, restorer)
    return dropped


def _signed_by(rows: list[dict], restorer: audit.Actor) -> tuple[list[dict], int]:
    """The rows ``restorer`` signed (all of them for an admin), and how many others."""
    if restorer.admin:
        return rows, 0
    kept = [row for row in rows if row.get("author") == restorer.name]
    return kept, len(rows) - len(kept)
