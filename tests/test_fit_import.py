"""FIT files to activities: every corpus file accounted for, and edge cases."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import numpy as np
import pytest

from loadwatch.errors import CorruptFile, NoActivity
from loadwatch.fit.profile import FIT_EPOCH_S
from loadwatch.importers.fit import read_fit
from tests.conftest import CORPUS, corpus_dir, corpus_rows
from tests.fitbuild import START, run_file


def _manifest_rows() -> list:
    return corpus_rows(lambda row: row["file"].startswith("fit/"))


_SESSION = re.compile(r"session(\d+): sport=(\S+) sub_sport=(\S+) total_distance=(\S+) "
                      r"total_timer_time=(\S+) start_time=([0-9: -]+?)(?:;|$)")


def expected(row: dict) -> dict:
    """What loadwatch should make of a corpus file, from what fitparse read (the notes)."""
    notes = row["notes"]
    file_type = re.search(r"file_id\.type=(\w+)", notes).group(1)
    sports = [s.split("/")[0] for s in row["sport"].split("+")] if row["sport"] else []
    if file_type != "activity":
        return {"status": "skipped"}
    if "records without timestamp" in notes and "NO session" in notes:
        return {"status": "skipped"}
    keys = ("n", "sport", "sub_sport", "distance", "timer", "start")
    sessions = [dict(zip(keys, m.groups(), strict=True)) for m in _SESSION.finditer(notes)]
    unique = {(s["sport"], s["distance"], s["start"])
              for s in sessions if s["sport"] != "transition"}
    # The notes list the first sessions and "(+N more sessions)"; the sport
    # column names each sport once, so a sport not yet listed is a further activity.
    more = re.search(r"\(\+(\d+) more sessions\)", notes)
    unseen = set(sports) - {s["sport"] for s in sessions} - {"transition"}
    count = len(unique) + (min(int(more.group(1)), len(unseen)) if more else 0)
    return {"status": "imported", "count": max(count, 1),
            "sessions": [s for s in sessions if s["sport"] != "transition"]}


@pytest.mark.parametrize("row", _manifest_rows())
def test_every_corpus_fit_file_is_accounted_for(row):
    corpus_dir("fit")
    want = expected(row)
    data = (CORPUS / row["file"]).read_bytes()
    if want["status"] == "skipped":
        with pytest.raises(NoActivity):
            read_fit(data, source_name=row["file"], content_hash="h")
        return
    parsed = read_fit(data, source_name=row["file"], content_hash="h")
    assert len(parsed.activities) == want["count"]
    by_start = {a.activity.start_time.strftime("%Y-%m-%d %H:%M:%S"): a.activity
                for a in parsed.activities}
    for session in want["sessions"]:
        if not session["start"].startswith(("19", "20")):
            continue  # a device counter: loadwatch recovers a date fitparse does not
        activity = by_start[session["start"].strip()]
        assert activity.sport == session["sport"]
        if session["distance"] != "None":
            assert activity.distance_m == pytest.approx(float(session["distance"]), abs=0.01)
        if session["timer"] != "None":
            assert activity.timer_s == pytest.approx(float(session["timer"]), abs=0.001)


def test_multisport_file_gives_one_activity_per_session_without_transitions():
    data = (corpus_dir("fit") / "fitparse__sample_mulitple_header.fit").read_bytes()
    parsed = read_fit(data, source_name="tri.fit", content_hash="h")
    assert [a.activity.sport for a in parsed.activities] == ["swimming", "cycling", "running"]
    # session_index is the session's place in the file (transitions at 1 and 3).
    assert [a.activity.session_index for a in parsed.activities] == [0, 2, 4]
    assert parsed.activities[0].activity.name != parsed.activities[2].activity.name
    # Each session keeps only its own records.
    run = parsed.activities[2]
    assert run.samples["time"][0] >= 0
    assert run.samples["time"][-1] <= run.activity.elapsed_s + 60


def test_file_cut_before_its_session_gets_totals_from_records():
    data = (corpus_dir("fit") / "fitparse__nick.fit").read_bytes()
    (item,) = read_fit(data, source_name="nick.fit", content_hash="h").activities
    assert item.activity.distance_m == pytest.approx(113_550.87 - 0.0, rel=0.01)
    assert item.activity.elapsed_s == pytest.approx(16_723, abs=1)
    assert any("totals computed from records" in w for w in item.activity.warnings)


def test_device_counter_start_is_recovered_from_the_local_clock():
    data = (corpus_dir("fit") / "fitparse__antfs-dump.63.fit").read_bytes()
    (item,) = read_fit(data, source_name="antfs.fit", content_hash="h").activities
    assert item.activity.start_time.year == 2012
    assert item.activity.utc_offset_s is None
    assert any("device counter" in w for w in item.activity.warnings)


def test_counter_start_without_a_clock_is_a_clear_error():
    data = run_file(60, start=5000, session_start=5000, local_offset=None)
    with pytest.raises(CorruptFile, match="device counter"):
        read_fit(data, source_name="x.fit", content_hash="h")


def test_record_far_in_the_future_adds_no_distance():
    stamps = START + np.arange(600, dtype=np.float64)
    stamps[300] = START + 80 * 365 * 86400  # one record decoded as a date decades ahead
    (item,) = read_fit(run_file(600, stamps=stamps), source_name="x.fit",
                       content_hash="h").activities
    assert len(item.samples["time"]) == 599
    assert item.samples["time"].max() == 599


def test_records_running_backwards_are_dropped_without_inventing_distance():
    stamps = START + np.arange(600, dtype=np.float64)
    stamps[400:410] -= 200  # the clock jumps back for ten records
    (item,) = read_fit(run_file(600, stamps=stamps, session=False), source_name="x.fit",
                       content_hash="h").activities
    assert np.all(np.diff(item.samples["time"]) >= 0)
    assert item.activity.distance_m == pytest.approx(599 * 3.0)
    assert any("ran backwards" in w for w in item.activity.warnings)


def test_local_offset_and_totals_come_from_the_file():
    (item,) = read_fit(run_file(600, local_offset=-5 * 3600), source_name="x.fit",
                       content_hash="h").activities
    activity = item.activity
    assert activity.start_time == datetime.fromtimestamp(START + FIT_EPOCH_S, tz=UTC)
    assert activity.utc_offset_s == -5 * 3600
    assert activity.local_start.isoformat().endswith("-05:00")
    assert activity.distance_m == pytest.approx(599 * 3.0)
    assert activity.avg_hr == 150


@pytest.mark.parametrize("file_type", ["course", "settings", "workout"])
def test_non_activity_files_are_skipped_with_the_reason(file_type):
    with pytest.raises(NoActivity, match=file_type):
        read_fit(run_file(10, file_type=file_type), source_name="x.fit", content_hash="h")
