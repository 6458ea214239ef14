"""Telling file formats apart from their bytes (and, for text, their names)."""

from __future__ import annotations

import zlib

from loadwatch.errors import CorruptFile

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
# A gzip member larger than this once inflated is refused (a "zip bomb").
MAX_INFLATED_BYTES = 512 * 1024 * 1024
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".csv", ".zip")


def gunzip(data: bytes, name: str) -> bytes:
    """Inflate a gzip file, refusing damaged or oversized ones."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        inflated = decompressor.decompress(data, MAX_INFLATED_BYTES)
    except zlib.error as err:
        raise CorruptFile(f"damaged gzip data: {err}", path=name) from err
    if decompressor.unconsumed_tail:
        raise CorruptFile(f"inflates to more than {MAX_INFLATED_BYTES // 2**20} MiB", path=name)
    if not decompressor.eof:
        raise CorruptFile("gzip data is cut off", path=name, offset=len(data))
    return inflated


def sniff(data: bytes, name: str) -> str:
    """``fit``, ``gpx``, ``tcx``, ``csv``, ``zip`` or ``unknown``."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    if data.startswith(ZIP_MAGIC):
        return "zip"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        if b"<gpx" in head:
            return "gpx"
        if b"<trainingcenterdatabase" in head:
            return "tcx"
    if b"<activities" in head or b"<activity " in head:
        return "tcx"  # a TCX fragment without its root element
    lower = name.lower().removesuffix(".gz")
    for suffix in ("csv", "gpx", "tcx"):
        if lower.endswith("." + suffix):
            return suffix  # the reader says what is wrong with it, and where
    return "unknown"

