"""Decode a FIT file with fitparse, into the same DecodedFit as the fast path.

Used for what the fast path hands over, and by the differential test as the
reference. fitparse stops at the first damaged message; what it read before
that is kept and the reason becomes a warning.
"""

from __future__ import annotations

import io

import numpy as np
from fitparse import FitFile
from fitparse.utils import FitParseError

from loadwatch.fit.decoded import (
    RECORD_COLUMNS,
    RECORD_SOURCES,
    SUMMARY_FIELDS,
    DecodedFit,
    finish_records,
)


def decode_with_fitparse(data: bytes) -> DecodedFit:
    """Decode ``data`` with fitparse (CRC not enforced: damage becomes a warning)."""
    decoded = DecodedFit(decoder="fitparse")
    rows: dict[str, list] = {c: [] for c in RECORD_COLUMNS}
    try:
        for message in FitFile(io.BytesIO(data), check_crc=False).get_messages():
            _take(message, decoded, rows)
    except (FitParseError, EOFError, ValueError, KeyError, IndexError, TypeError) as err:
        decoded.warnings.append(f"stopped reading: {type(err).__name__}: {err}; "
                                "importing what came before")
    records = {c: np.asarray(v, dtype=np.float64) for c, v in rows.items()}
    decoded.records = finish_records(records)
    return decoded


def _take(message, decoded: DecodedFit, rows: dict[str, list]) -> None:
    name = message.name
    if name == "record":
        values = _record_values(message)
        for column in RECORD_COLUMNS:
            value = values.get(column)
            rows[column].append(np.nan if value is None else _number(value))
    elif name in SUMMARY_FIELDS:
        wanted = SUMMARY_FIELDS[name]
        summary = {}
        for data in message.fields:
            # A subfield (avg_running_cadence) is kept under its field's name.
            name_ = data.parent_field.name if data.parent_field else data.name
            if data.field is not None and name_ in wanted:
                summary[name_] = data.raw_value if name_ in _RAW_FIELDS else data.value
        if name == "file_id":
            decoded.file_id = decoded.file_id or summary
        elif name == "activity":
            decoded.activity = summary
        else:
            lists = {"session": decoded.sessions, "lap": decoded.laps,
                     "device_info": decoded.device_infos,
                     "sport": decoded.sports}
            lists[name].append(summary)


# Kept as FIT numbers (seconds, product ids), as the fast path keeps them.
_RAW_FIELDS = {"timestamp", "start_time", "time_created", "local_timestamp", "product"}


def _record_values(message) -> dict[str, object]:
    by_name: dict[str, object] = {}
    for data in message.fields:
        # A field the message really holds beats one expanded from a component.
        if data.value is None or (data.name in by_name and data.field_def is None):
            continue
        by_name[data.name] = data.raw_value if data.name == "timestamp" else data.value
    values = {}
    for column, names in RECORD_SOURCES.items():
        for name in names:
            if by_name.get(name) is not None:
                values[column] = by_name[name]
                break
    return values


def _number(value) -> float:
    if isinstance(value, (tuple, list)):
        value = value[0] if value else None
    try:
        return float(value)
    except (TypeError, ValueError):
        return np.nan
