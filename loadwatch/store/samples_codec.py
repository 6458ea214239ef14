"""A compact columnar encoding of one activity's samples, stored as one blob.

Layout: ``LWS1``, a little-endian uint32 header length, a JSON header (sample
count and, per column, its dtype and byte length), then the columns' bytes
compressed with zlib. Columns that are all missing are left out and come back
as NaN. Measured against a samples table (one row per sample) in
``benchmarks/bench_sample_storage.py``.
"""

from __future__ import annotations

import json
import struct
import zlib

import numpy as np

from loadwatch.errors import StoreError
from loadwatch.models import SAMPLE_COLUMNS, Samples

MAGIC = b"LWS1"
# Precision each column needs: float32 keeps heart rate, cadence, power, speed
# and altitude exact to well below what devices record; distance and position
# need float64 (float32 would round a 40 km distance to 4 mm, positions to 1 m).
_DTYPES = {"time": "<f8", "distance": "<f8", "lat": "<f8", "lon": "<f8",
           "speed": "<f4", "heart_rate": "<f4", "cadence": "<f4", "altitude": "<f4",
           "power": "<f4"}


def encode_samples(samples: Samples) -> bytes:
    """Encode samples (columns of equal length) as one compressed blob."""
    count = len(samples.get("time", ()))
    columns, chunks = [], []
    for name in SAMPLE_COLUMNS:
        values = samples.get(name)
        if values is None or len(values) != count or np.isnan(values).all():
            continue
        raw = np.ascontiguousarray(values, dtype=_DTYPES[name]).tobytes()
        columns.append([name, _DTYPES[name], len(raw)])
        chunks.append(raw)
    header = json.dumps({"n": count, "columns": columns}, separators=(",", ":")).encode()
    return MAGIC + struct.pack("<I", len(header)) + header + zlib.compress(b"".join(chunks), 1)


def decode_samples(blob: bytes) -> Samples:
    """Decode a blob written by :func:`encode_samples` into float64 columns."""
    if blob[:4] != MAGIC:
        raise StoreError("stored samples are not in a format this version reads")
    (length,) = struct.unpack_from("<I", blob, 4)
    header = json.loads(blob[8:8 + length])
    payload = zlib.decompress(blob[8 + length:])
    count, offset, samples = header["n"], 0, {}
    for name, dtype, size in header["columns"]:
        samples[name] = np.frombuffer(payload, dtype=dtype, count=size // np.dtype(dtype).itemsize,
                                      offset=offset).astype(np.float64)
        offset += size
    for name in SAMPLE_COLUMNS:
        samples.setdefault(name, np.full(count, np.nan))
    return samples
