"""The FIT codec: CRC, the fast decoder against fitparse, the writer."""

from __future__ import annotations

import os

import numpy as np
import pytest

from loadwatch.errors import CorruptFile
from loadwatch.fit import decode_fit
from loadwatch.fit.crc import crc16, crc16_numpy, crc16_py
from loadwatch.fit.decoded import RECORD_COLUMNS
from loadwatch.fit.decoder import HandOver, decode_fast
from loadwatch.fit.fallback import decode_with_fitparse
from tests.conftest import SAMPLE_RUNS, corpus_dir
from tests.fitbuild import START, run_file


def test_crc_matches_the_crc16_arc_check_value():
    # The catalogue check value of CRC-16/ARC (the FIT CRC) over "123456789".
    assert crc16_py(b"123456789") == 0xBB3D
    assert crc16(b"123456789") == 0xBB3D
    assert crc16_numpy(b"123456789") == 0xBB3D


@pytest.mark.parametrize("size", [2047, 2048, 4096, 65_537, 300_001])
def test_vectorised_and_native_crc_equal_bytewise_crc(size):
    data = np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes()
    assert crc16(data) == crc16_numpy(data) == crc16_py(data)
    assert crc16(memoryview(data)[1:]) == crc16_py(data[1:])


def _fit_files():
    return sorted(p for p in corpus_dir("fit").iterdir() if p.suffix.lower() == ".fit")


def _corpus_names():
    folder = SAMPLE_RUNS.parent.parent.parent / "shared" / "corpus" / "fit"
    return sorted(p.name for p in folder.glob("*.fit")) if folder.is_dir() else ["(absent)"]


@pytest.mark.parametrize("name", _corpus_names())
def test_fast_path_agrees_with_fitparse_or_hands_over(name):
    path = corpus_dir("fit") / name
    data = path.read_bytes()
    try:
        fast = decode_fast(data)
    except HandOver:
        assert decode_fit(data).decoder.startswith("fitparse")
        return
    reference = decode_with_fitparse(data)
    # Where fitparse gave up early (damaged files), compare what both read.
    assert fast.record_count >= reference.record_count
    count = reference.record_count
    for column in RECORD_COLUMNS:
        ours, theirs = fast.records[column][:count], reference.records[column][:count]
        if column == "timestamp":
            np.testing.assert_array_equal(ours, theirs)
        else:
            np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9, err_msg=column)
    if fast.record_count == reference.record_count:
        assert fast.sessions == reference.sessions
        assert fast.laps == reference.laps
        assert fast.file_id == reference.file_id
        assert fast.activity == reference.activity


def test_sample_files_decode_identically_with_fitparse():
    data = sorted(SAMPLE_RUNS.glob("*.fit"))[0].read_bytes()
    fast, reference = decode_fast(data), decode_with_fitparse(data)
    assert fast.warnings == []
    assert reference.warnings == []
    for column in RECORD_COLUMNS:
        np.testing.assert_allclose(fast.records[column], reference.records[column], atol=1e-9)
    assert fast.sessions == reference.sessions
    assert fast.laps == reference.laps


def test_writer_output_round_trips_in_profile_units():
    decoded = decode_fast(run_file(120, speed=2.5))
    assert decoded.record_count == 120
    assert decoded.records["timestamp"][0] == START
    assert decoded.records["speed"][5] == pytest.approx(2.5)
    assert decoded.records["distance"][-1] == pytest.approx(119 * 2.5)
    assert decoded.records["lat"][0] == pytest.approx(52.0, abs=1e-6)
    assert decoded.sessions[0]["sport"] == "running"
    assert decoded.sessions[0]["sub_sport"] == "street"


def test_damaged_crc_is_a_warning_and_data_is_kept():
    data = bytearray(run_file(60))
    data[-1] ^= 0xFF
    decoded = decode_fit(bytes(data))
    assert any("CRC mismatch" in w for w in decoded.warnings)
    assert decoded.record_count == 60


def test_truncated_file_keeps_complete_messages():
    data = run_file(300)
    decoded = decode_fit(data[: len(data) // 2])
    assert 0 < decoded.record_count < 300
    assert any("truncated" in w for w in decoded.warnings)
    assert decoded.sessions == []  # the session came after the cut


def test_garbage_is_a_corrupt_file_with_its_offset():
    with pytest.raises(CorruptFile) as caught:
        decode_fit(os.urandom(64).replace(b".FIT", b"xxxx"))
    assert caught.value.offset == 0
    assert "byte 0" in str(caught.value)
