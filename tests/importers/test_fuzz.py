"""Mutated real files of every format end cleanly: a status and a reason, no crash."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loadwatch.import_worker import parse_source
from loadwatch.importers.archives import Source
from tests.conftest import CORPUS, SAMPLE_RUNS

SEEDS = {
    "fit": SAMPLE_RUNS / "2026-07-09-tempo-road.fit",
    "gpx": CORPUS / "gpx" / "runpandas__garmin_connect.gpx",
    "tcx": CORPUS / "tcx" / "runpandas__run_garmin.tcx",
    "csv": CORPUS / "csv" / "StravaData__activities.csv",
}


@st.composite
def mutations(draw, data: bytes) -> bytes:
    """Flip, delete, insert or cut bytes of a real file."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        action = draw(st.sampled_from(["flip", "delete", "insert", "cut"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif action == "cut":
            del data[at:]
    return bytes(data)


def _outcome(path: Path) -> str:
    result = parse_source(Source(str(path), str(path)))
    assert result.status in ("parsed", "duplicate", "skipped", "failed")
    assert result.status == "parsed" or result.message
    # "unexpected ..." is how a bug in a reader is reported: never acceptable here.
    assert "unexpected" not in result.message, result.message
    return result.status


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_mutated_files_end_cleanly(kind, tmp_path_factory):
    seed = SEEDS[kind]
    if not seed.is_file():
        pytest.skip(f"{seed} is absent (../shared ships beside the project only in CI)")
    folder = tmp_path_factory.mktemp(kind)

    @settings(max_examples=100, deadline=5000, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(mutations(seed.read_bytes()))
    def check(mutated: bytes) -> None:
        for name, data in ((f"x.{kind}", mutated),
                           (f"x.{kind}.gz", gzip.compress(mutated, mtime=0))):
            target = folder / name
            target.write_bytes(data)
            _outcome(target)

    check()


def test_mutated_zip_ends_cleanly(tmp_path):
    seed = tmp_path / "seed.zip"
    with zipfile.ZipFile(seed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("run.fit", SEEDS["fit"].read_bytes())
    data = seed.read_bytes()

    @settings(max_examples=100, deadline=5000, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutations(data))
    def check(mutated: bytes) -> None:
        target = tmp_path / "m.zip"
        target.write_bytes(mutated)
        from loadwatch.importers.archives import list_sources

        for source in list_sources([target]):
            result = parse_source(source)
            assert result.status in ("parsed", "duplicate", "skipped", "failed")
            assert "unexpected" not in result.message, result.message

    check()


def test_an_xml_declaration_naming_no_real_encoding_is_a_clear_failure(tmp_path):
    """Found by the fuzz test: a mutated declaration once gave 'unexpected LookupError'."""
    target = tmp_path / "enc.gpx"
    target.write_text('<?xml version="1.0" encoding="TTF-8"?><gpx version="1.1"><trk><trkseg>'
                      '<trkpt lat="1" lon="1"><time>2024-01-01T00:00:00Z</time></trkpt>'
                      "</trkseg></trk></gpx>")
    result = parse_source(Source(str(target), str(target)))
    assert result.status == "failed"
    assert "encoding" in result.message
    assert "unexpected" not in result.message


def test_a_fit_file_cut_inside_a_run_of_records_imports_what_it_holds(tmp_path):
    """Found by the fuzz test: a cut right after a record's header byte, in a run of
    records of one type, once gave 'unexpected IndexError'. Every cut point of a
    real file's last records is tried."""
    data = SEEDS["fit"].read_bytes()
    target = tmp_path / "cut.fit"
    # The sample watch writes its records as local type 2: cut right after each
    # such header byte, so that one cut lands just past a long run of records.
    for cut in [i + 1 for i, byte in enumerate(data) if byte == 0x02]:
        target.write_bytes(data[:cut])
        result = parse_source(Source(str(target), str(target)))
        assert "unexpected" not in result.message, (cut, result.message)
        assert result.status in ("parsed", "failed", "skipped")
