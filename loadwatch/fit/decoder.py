"""A fast FIT decoder with a fitparse fallback.

The fast path walks the message stream once in Python, only noting where each
data message starts, then decodes every record message of one definition at
once: their bytes are gathered into one numpy array and viewed through a
structured dtype built from the definition (the "precompiled layout"), and the
FIT profile's scale and offset are applied to whole columns. The few summary
messages (file_id, session, lap, activity, device_info) are decoded one by one.

What the fast path does not implement (compressed-timestamp headers, the
compressed_speed_distance field, array-valued record fields) is handed over to
fitparse, which decodes the whole file instead (``decoder`` says which ran).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

from loadwatch.errors import CorruptFile
from loadwatch.fit import profile
from loadwatch.fit.crc import crc16, crc16_py
from loadwatch.fit.decoded import (
    RECORD_COLUMNS,
    RECORD_SOURCES,
    SUMMARY_FIELDS,
    DecodedFit,
    empty_records,
    finish_records,
)
from loadwatch.fit.fallback import decode_with_fitparse


class HandOver(Exception):
    """The fast path met something it does not implement; fitparse takes over."""


def _field_sources() -> dict[int, tuple[str, object]]:
    """Record field number -> (column, FieldSpec) for every kept field."""
    sources = {}
    for column, names in RECORD_SOURCES.items():
        for name in names:
            spec = profile.field_named("record", name)
            sources[spec.number] = (column, spec)
    return sources


_RECORD_NUM = profile.message_number("record")
_RECORD_FIELDS = _field_sources()
_COMPRESSED_SPEED_DISTANCE = profile.field_named("record", "compressed_speed_distance").number
_SUMMARY_NUMS = {profile.message_number(n): n for n in SUMMARY_FIELDS}


class _Definition:
    """One definition message: its layout and where its data messages start."""

    __slots__ = ("big_endian", "fields", "global_num", "offsets", "size")

    def __init__(self, global_num: int, big_endian: bool, fields: list, size: int, keep: bool):
        self.global_num = global_num
        self.big_endian = big_endian
        self.fields = fields  # (field number, size, base type number, offset)
        self.size = size
        self.offsets: list[int] | None = [] if keep else None


@dataclass
class _Scan:
    definitions: list[_Definition] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: bool = False


def decode_fit(data: bytes) -> DecodedFit:
    """Decode a FIT file's bytes; fitparse takes over what the fast path can't."""
    try:
        return decode_fast(data)
    except HandOver as reason:
        decoded = decode_with_fitparse(data)
        decoded.decoder = f"fitparse ({reason})"
        return decoded


def decode_fast(data: bytes) -> DecodedFit:
    """Decode with the fast path only; raises HandOver where it can't."""
    scan = _Scan()
    pos = 0
    while pos < len(data) and not scan.stopped:
        try:
            header_size, data_size = _read_file_header(data, pos, scan)
        except CorruptFile:
            if pos == 0:
                raise
            scan.warnings.append(f"ignored {len(data) - pos} bytes after the data at byte {pos}: "
                                 "not a chained FIT file")
            break
        start, end = pos + header_size, pos + header_size + data_size
        if end + 2 > len(data):
            scan.warnings.append(f"file is truncated: {end + 2 - len(data)} bytes missing "
                                 "at its end; importing what it holds")
        _scan_messages(data, start, min(end, len(data)), scan)
        if end + 2 <= len(data) and not scan.stopped:
            stored = struct.unpack_from("<H", data, end)[0]
            if crc16(memoryview(data)[pos:end]) != stored:
                scan.warnings.append("file CRC mismatch: the file is damaged; "
                                     "importing what it holds")
        pos = end + 2
    return _assemble(data, scan)


def _read_file_header(data: bytes, pos: int, scan: _Scan) -> tuple[int, int]:
    if len(data) - pos < 12:
        raise CorruptFile("too short for a FIT file header", offset=pos)
    header_size = data[pos]
    if header_size < 12 or data[pos + 8:pos + 12] != b".FIT":
        raise CorruptFile("not a FIT file (no .FIT signature in the header)", offset=pos)
    data_size = struct.unpack_from("<I", data, pos + 4)[0]
    if header_size >= 14:
        stored = struct.unpack_from("<H", data, pos + 12)[0]
        if stored and crc16_py(data[pos:pos + 12]) != stored:
            scan.warnings.append(f"file header CRC mismatch at byte {pos}")
    return header_size, data_size


def _scan_messages(data: bytes, pos: int, end: int, scan: _Scan) -> None:
    """Walk the messages in ``data[pos:end]``, noting each kept message's offset."""
    local: list[_Definition | None] = [None] * 16
    as_array = np.frombuffer(data, dtype=np.uint8)
    previous = -1
    while pos < end:
        header = data[pos]
        if header == previous:  # a second data message of one type in a row
            pos, whole = _skip_run(as_array, pos, end, local[header & 0x0F])
            previous = header if whole else -1
            continue
        if header & 0x80:
            raise HandOver("compressed timestamp headers")
        if header & 0x40:
            try:
                definition, pos = _read_definition(data, pos, end, header)
            except CorruptFile as err:
                return _stop(scan, str(err))
            local[header & 0x0F] = definition
            scan.definitions.append(definition)
            continue
        definition = local[header & 0x0F]
        if definition is None:
            return _stop(scan, f"data message for undefined local type {header & 0x0F} "
                         f"at byte {pos}")
        following = pos + 1 + definition.size
        if following > end:
            return _stop(scan, f"last message cut off at byte {pos}")
        if definition.offsets is not None:
            definition.offsets.append(pos + 1)
        pos = following
        previous = header


def _skip_run(as_array: np.ndarray, pos: int, end: int,
              definition: _Definition) -> tuple[int, bool]:
    """Take a run of data messages that all have the header byte at ``pos``.

    Watches write long runs of record messages of one local type. If the bytes
    at pos, pos + step, pos + 2 step... all equal this header, each of those is
    such a message (a definition's header differs), so numpy finds the run's
    length at once instead of a Python step per message. The look-ahead is
    bounded so that short runs cost little; returns the new position and
    whether the whole window was one run (so the caller tries again).
    """
    step = definition.size + 1
    count = min((end - pos) // step, _RUN_WINDOW)
    if count == 0:  # not one whole message left: the caller reports the cut
        return pos, False
    headers = as_array[pos:pos + count * step:step]
    mismatches = np.flatnonzero(headers != headers[0])
    run = int(mismatches[0]) if mismatches.size else count
    if definition.offsets is not None:
        definition.offsets.extend(range(pos + 1, pos + 1 + run * step, step))
    return pos + run * step, run == _RUN_WINDOW


_RUN_WINDOW = 512


def _stop(scan: _Scan, reason: str) -> None:
    scan.warnings.append(f"stopped reading: {reason}; importing what came before")
    scan.stopped = True


def _read_definition(data: bytes, pos: int, end: int, header: int) -> tuple[_Definition, int]:
    cursor = _definition_end(data, pos, end, header)
    layout = _LAYOUTS.get(data[pos:cursor])
    if layout is None:
        layout = _parse_layout(data, pos, header)
        if len(_LAYOUTS) < _LAYOUT_CACHE_SIZE:
            _LAYOUTS[data[pos:cursor]] = layout
    global_num, big_endian, fields, size, keep = layout
    return _Definition(global_num, big_endian, fields, size, keep), cursor


# Watches repeat the same few definitions in every file and often within one;
# their parsed layouts are kept by their bytes (the header byte included).
_LAYOUTS: dict[bytes, tuple] = {}
_LAYOUT_CACHE_SIZE = 4096


def _definition_end(data: bytes, pos: int, end: int, header: int) -> int:
    cursor = pos + 6
    if cursor > end or cursor + 3 * data[pos + 5] > end:
        raise CorruptFile("definition message cut off", offset=pos)
    cursor += 3 * data[pos + 5]
    if header & 0x20:  # developer fields
        if cursor + 1 > end or cursor + 1 + 3 * data[cursor] > end:
            raise CorruptFile("definition message cut off", offset=pos)
        cursor += 1 + 3 * data[cursor]
    return cursor


def _parse_layout(data: bytes, pos: int, header: int) -> tuple:
    big_endian = data[pos + 2] == 1
    global_num, count = struct.unpack_from(">HB" if big_endian else "<HB", data, pos + 3)
    cursor = pos + 6
    fields, offset = [], 0
    for i in range(count):
        num, size, base = data[cursor + 3 * i: cursor + 3 * i + 3]
        fields.append((num, size, base, offset))
        offset += size
    cursor += 3 * count
    if header & 0x20:  # developer fields: their sizes count, their contents are not kept
        offset += sum(data[cursor + 1 + 3 * i + 1] for i in range(data[cursor]))
    keep = global_num == _RECORD_NUM or global_num in _SUMMARY_NUMS
    if global_num == _RECORD_NUM and any(f[0] == _COMPRESSED_SPEED_DISTANCE for f in fields):
        raise HandOver("compressed speed and distance")
    return global_num, big_endian, tuple(fields), offset, keep


def _assemble(data: bytes, scan: _Scan) -> DecodedFit:
    decoded = DecodedFit(warnings=scan.warnings)
    buffer = np.frombuffer(data, dtype=np.uint8)
    record_parts = []
    for definition in scan.definitions:
        if not definition.offsets:
            continue
        if definition.global_num == _RECORD_NUM:
            record_parts.append(_decode_records(buffer, definition, decoded.warnings))
        else:
            _decode_summaries(data, definition, decoded)
    decoded.records = _concat_records(record_parts)
    _sort_summaries(decoded)
    return decoded


def _decode_records(buffer: np.ndarray, definition: _Definition, warnings: list[str]):
    offsets = np.asarray(definition.offsets, dtype=np.int64)
    rows = buffer[offsets[:, None] + np.arange(definition.size)]
    columns: dict[str, np.ndarray] = {}
    for num, size, base_num, offset in definition.fields:
        if num not in _RECORD_FIELDS:
            continue
        column, spec = _RECORD_FIELDS[num]
        base = profile.BASE_TYPES.get(base_num, profile.BYTE)
        if size != base.size:
            if size % base.size == 0:
                raise HandOver(f"array-valued record field {spec.name}")
            _warn_once(warnings, f"record field {spec.name} has a size ({size}) that does not "
                       f"fit its type {base.name}; its values are ignored")
            continue
        raw = np.ascontiguousarray(rows[:, offset:offset + size]).view(
            profile.numpy_dtype(base, definition.big_endian)).ravel()
        values = _scaled(raw, base, spec)
        if column in columns:  # a better source was already read: fill its gaps
            best = columns[column]
            columns[column] = np.where(np.isnan(best), values, best)
        else:
            columns[column] = values
    return offsets, columns


def _scaled(raw: np.ndarray, base, spec) -> np.ndarray:
    if base.name.startswith("float"):
        values = raw.astype(np.float64)
    else:
        values = raw.astype(np.float64)
        values[raw == base.invalid] = np.nan
    if spec.scale:
        values /= spec.scale
    if spec.offset:
        values -= spec.offset
    return values


def _warn_once(warnings: list[str], message: str) -> None:
    if message not in warnings:
        warnings.append(message)


def _concat_records(parts) -> dict[str, np.ndarray]:
    if not parts:
        return empty_records()
    offsets = np.concatenate([p[0] for p in parts])
    order = np.argsort(offsets, kind="stable")
    records = {}
    for column in RECORD_COLUMNS:
        pieces = [p[1].get(column, np.full(len(p[0]), np.nan)) for p in parts]
        records[column] = np.concatenate(pieces)[order]
    return finish_records(records)


def _decode_summaries(data: bytes, definition: _Definition, decoded: DecodedFit) -> None:
    name = _SUMMARY_NUMS[definition.global_num]
    wanted = SUMMARY_FIELDS[name]
    specs = {num: spec for num, spec in profile.fields_of(name).items() if spec.name in wanted}
    endian = ">" if definition.big_endian else "<"
    target = {"file_id": None, "activity": None, "session": decoded.sessions,
              "lap": decoded.laps, "device_info": decoded.device_infos,
              "sport": decoded.sports}[name]
    for start in definition.offsets:
        message = {"_offset": start}
        for num, size, base_num, offset in definition.fields:
            spec = specs.get(num)
            if spec is None:
                continue
            message[spec.name] = _summary_value(data, start + offset, size, base_num, spec, endian)
        if name == "file_id" and not decoded.file_id:
            decoded.file_id = message
        elif name == "activity":
            decoded.activity = message
        elif target is not None:
            target.append(message)


def _summary_value(data: bytes, pos: int, size: int, base_num: int, spec, endian: str):
    base = profile.BASE_TYPES.get(base_num, profile.BYTE)
    chunk = data[pos:pos + size]
    if base.name == "string":
        text = chunk.split(b"\0", 1)[0].decode("utf-8", errors="replace")
        return text or None
    if size != base.size or base.name == "byte":
        return None  # arrays and raw bytes: nothing loadwatch keeps
    raw = struct.unpack(endian + base.fmt, chunk)[0]
    if raw == base.invalid or raw != raw:  # raw != raw: a float NaN
        return None
    if spec.enum is not None:
        return spec.enum.get(raw, raw)
    value = raw
    if spec.scale:
        value = value / spec.scale
    if spec.offset:
        value = value - spec.offset
    return value


def _sort_summaries(decoded: DecodedFit) -> None:
    for messages in (decoded.sessions, decoded.laps, decoded.device_infos, decoded.sports):
        messages.sort(key=lambda m: m["_offset"])
        for message in messages:
            message.pop("_offset", None)
    decoded.file_id.pop("_offset", None)
    if decoded.activity:
        decoded.activity.pop("_offset", None)

