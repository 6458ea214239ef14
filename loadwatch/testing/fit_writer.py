"""A FIT writer: test tooling for the sample data, the benchmarks and the tests.

Not part of loadwatch's API and never used to read or store data: loadwatch
itself only decodes FIT files (``loadwatch.fit``). Messages are given by
profile name with values in profile units (metres, seconds, m/s; enum values
by name); the writer looks up field numbers, base types, scales and offsets in
fitparse's profile. Record streams are encoded
column-wise with numpy, so a year of runs writes in seconds.
"""

from __future__ import annotations

import struct

import numpy as np

from loadwatch.fit import profile
from loadwatch.fit.crc import crc16, crc16_py

_PROTOCOL_VERSION = 0x20  # 2.0
_PROFILE_VERSION = 2132


def degrees_to_semicircles(degrees):
    """Positions as FIT stores them."""
    return np.round(np.asarray(degrees, dtype=np.float64) / profile.SEMICIRCLE_TO_DEG)


class FitWriter:
    """Builds one FIT file in memory; ``to_bytes()`` adds header and CRC."""

    def __init__(self) -> None:
        self._body = bytearray()
        self._local: dict[tuple, int] = {}

    def message(self, name: str, **values) -> None:
        """Append one message; ``None`` values are left out."""
        specs, payload = [], b""
        for key, value in values.items():
            if value is None:
                continue
            spec = profile.field_named(name, key)
            raw = _raw(spec, value)
            encoded = raw if isinstance(raw, bytes) else struct.pack("<" + spec.base.fmt, raw)
            specs.append((spec, len(encoded)))
            payload += encoded
        local = self._define(name, tuple(specs))
        self._body.append(local)
        self._body += payload

    def records(self, name: str, columns: dict[str, np.ndarray]) -> None:
        """Append one message per row of equal-length ``columns`` (NaN = invalid)."""
        specs = tuple(profile.field_named(name, key) for key in columns)
        local = self._define(name, tuple((spec, spec.base.size) for spec in specs))
        count = len(next(iter(columns.values())))
        dtype = np.dtype([("header", "u1")] + [(s.name, "<" + s.base.fmt) for s in specs])
        rows = np.zeros(count, dtype=dtype)
        rows["header"] = local
        for spec, values in zip(specs, columns.values(), strict=False):
            rows[spec.name] = _raw_column(spec, np.asarray(values, dtype=np.float64))
        self._body += rows.tobytes()

    def _define(self, name: str, specs: tuple) -> int:
        """The local number of a definition of (field spec, size) pairs."""
        key = (name, tuple((spec.number, size) for spec, size in specs))
        if key in self._local:
            return self._local[key]
        local = len(self._local) % 16
        # Reusing a local number redefines it; forget the old owner.
        self._local = {k: v for k, v in self._local.items() if v != local}
        self._local[key] = local
        self._body += struct.pack("<BBBHB", 0x40 | local, 0, 0,
                                  profile.message_number(name), len(specs))
        for spec, size in specs:
            self._body += struct.pack("<BBB", spec.number, size, spec.base.number)
        return local

    def to_bytes(self) -> bytes:
        """The whole file: a 14-byte header with its CRC, the messages, the file CRC."""
        header = struct.pack("<BBHI4s", 14, _PROTOCOL_VERSION, _PROFILE_VERSION,
                             len(self._body), b".FIT")
        header += struct.pack("<H", crc16_py(header))
        content = header + bytes(self._body)
        return content + struct.pack("<H", crc16(content))


def _raw(spec, value):
    if spec.enum is not None and isinstance(value, str):
        return profile.enum_number(spec.type_name, value)
    if spec.base.name == "string":
        return value.encode() + b"\0"
    scaled = (value + (spec.offset or 0)) * (spec.scale or 1)
    return round(scaled) if spec.base.fmt not in "fd" else scaled


def _raw_column(spec, values: np.ndarray) -> np.ndarray:
    scaled = np.round((values + (spec.offset or 0)) * (spec.scale or 1))
    return np.where(np.isnan(scaled), spec.base.invalid, scaled)
