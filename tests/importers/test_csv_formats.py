"""Activity lists: Strava, Garmin Connect and loadwatch's own training log."""

from __future__ import annotations

import math

import pytest

from loadwatch.errors import UnsupportedFormat
from loadwatch.importers.csv_formats import duration_seconds, read_csv
from tests.conftest import CORPUS, corpus_dir


def _read(data: bytes, **options):
    return read_csv(data, source_name="list.csv", content_hash="h", options=options)


def test_strava_csv_with_repeated_columns_and_multiline_descriptions():
    corpus_dir("csv")
    parsed = _read((CORPUS / "csv" / "Strava_Analysis__activities.csv").read_bytes())
    assert len(parsed.activities) == 610  # 1416 physical lines, 610 rows
    first = parsed.activities[0].activity
    # "Oct 6, 2022, 11:19:20 PM" (UTC); Distance 2.43 (km, display) and 2432.77 (m)
    assert first.start_time.isoformat() == "2022-10-06T23:19:20+00:00"
    assert first.distance_m == pytest.approx(2432.77, abs=0.01)
    assert (first.sport, first.timer_s, first.max_hr) == ("running", 971.0, 177.0)
    sports = {a.activity.sport for a in parsed.activities}
    assert {"running", "walking", "training", "hiking"} <= sports


def test_old_strava_csv_in_metres():
    corpus_dir("csv")
    parsed = _read((CORPUS / "csv" / "StravaData__activities.csv").read_bytes())
    assert len(parsed.activities) == 128
    ride = parsed.activities[0].activity
    assert (ride.sport, ride.distance_m, ride.elapsed_s) == ("cycling", 43057.4, 9462.0)


def test_garmin_csv_unit_told_from_cadence_and_thousands_separators():
    corpus_dir("csv")
    data = (CORPUS / "csv" / "running_stats__Activities.csv").read_bytes()
    parsed = _read(data, timezone="Asia/Kathmandu")  # no --units: cadence x stride tells km
    assert len(parsed.activities) == 760
    assert any(w.startswith("distances read in km") for w in parsed.warnings)
    first = parsed.activities[0].activity
    assert first.distance_m == pytest.approx(13_780)
    assert first.timer_s == 1 * 3600 + 52 * 60 + 24  # Moving Time 01:52:24
    # "2024-09-07 15:13:23" is local time in Kathmandu (UTC+5:45)
    assert first.start_time.isoformat() == "2024-09-07T09:28:23+00:00"
    assert first.utc_offset_s == 5 * 3600 + 45 * 60
    assert {a.activity.sub_sport for a in parsed.activities} >= {"treadmill", "trail"}
    in_miles = _read(data, units="mi")  # the user's --units still wins, with a word
    assert in_miles.activities[0].activity.distance_m == pytest.approx(13.78 * 1609.344)
    assert any(w.startswith("--units mi given, but") for w in in_miles.warnings)
    for item in parsed.activities:  # 'NaN' cells and 00:NaN:NaN durations are no value
        for value in (item.activity.distance_m, item.activity.timer_s, item.activity.avg_hr,
                      item.activity.elapsed_s, item.activity.elevation_gain_m):
            assert value is None or math.isfinite(value)


def test_german_garmin_header_with_its_unit():
    data = ("Aktivitätstyp,Datum,Titel,Distanz (km),Zeit,Ø Herzfrequenz\n"
            "Laufen,2024-03-01 07:00:00,Morgenlauf,\"10,5\",00:55:00,150\n").encode()
    (item,) = _read(data, timezone="Europe/Berlin").activities
    activity = item.activity
    assert (activity.sport, activity.distance_m, activity.timer_s) == ("running", 10500, 3300)
    assert activity.avg_hr == 150
    assert activity.start_time.hour == 6


def test_training_log_with_units_durations_and_unknown_columns():
    data = (b"date,distance_mi,duration,sport,rpe,surface,shoe\n"
            b"2024-05-01,3.1,0:30:00,,6,grass,Pegasus\n"
            b"2024-05-03T18:00:00+02:00,5,2700,Trail Run,,,\n")
    first, second = (i.activity for i in _read(data, timezone="UTC").activities)
    assert first.distance_m == pytest.approx(3.1 * 1609.344)
    assert (first.timer_s, first.rpe, first.surface_override) == (1800, 6, "grass")
    assert first.sport == "running"  # the log's default
    assert "Pegasus" in first.name  # unknown columns are kept as notes
    assert (second.sub_sport, second.timer_s) == ("trail", 2700)
    assert second.start_time.isoformat() == "2024-05-03T16:00:00+00:00"


def test_unknown_csv_and_opentracks_points_are_skipped_with_a_reason():
    with pytest.raises(UnsupportedFormat, match="columns loadwatch does not know"):
        _read(b"a,b\n1,2\n")
    corpus_dir("csv")
    with pytest.raises(UnsupportedFormat, match="export GPX from OpenTracks"):
        _read((CORPUS / "csv" / "OpenTracks__csv_export.csv").read_bytes())


@pytest.mark.parametrize(("text", "seconds"), [
    ("3600", 3600), ("1:00:00", 3600), ("45:10", 2710), ("00:04:24.5", 264.5), ("--", None),
])
def test_durations(text, seconds):
    assert duration_seconds(text) == seconds


def test_a_list_without_a_sport_column_is_a_runners_log():
    """Date, distance, time and title only: runs (they count), not 'generic' activities."""
    data = b"Date,Distance,Time,Title\n2024-09-09 07:00:00,10.0,00:50:00,Tempo\n"
    (item,) = _read(data, units="km").activities
    assert item.activity.sport == "running"
    with_column = (b"Activity Type,Date,Distance,Time,Title\n"
                   b",2024-09-09 07:00:00,10.0,00:50:00,Tempo\n")
    (unknown,) = _read(with_column, units="km").activities
    assert unknown.activity.sport == "generic"  # a column left empty says nothing
