"""GPX and TCX files of the corpus against what gpxpy and a plain XML read of them
found (MANIFEST.tsv): distance within 1%, start within 2 s, or a stated reason."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from loadwatch.errors import CorruptFile, NoActivity
from loadwatch.importers import read_file
from tests.conftest import CORPUS, corpus_dir, corpus_rows

# Where loadwatch reads a different distance than gpxpy on purpose.
GPX_DISTANCE_EXCEPTIONS = {
    "gpx/OpenTracks__legacy_gpx_pause_resume.gpx": "pause markers at latitude 100/200 dropped",
    "gpx/gpxpy__first_and_last_elevation.gpx": "195 km jumps between points are not running",
    "gpx/gpxpy__cerknicko-jezero.gpx": "a 184 m GPS jump in 2 s is not counted",
    "gpx/gpxpy__cerknicko-jezero-no-creator.gpx": "the same 184 m jump",
    "gpx/gpxpy__cerknicko-jezero-with-elevations-zero.gpx": "the same 184 m jump",
    "gpx/gpxpy__cerknicko-jezero-without-elevations.gpx": "the same 184 m jump",
}


def _rows(suffix: str) -> list:
    return corpus_rows(lambda row: row["file"].endswith(suffix))


def _read(row):
    corpus_dir("gpx")
    path = CORPUS / row["file"]
    return read_file(path.read_bytes(), path.name)


@pytest.mark.parametrize("row", _rows(".gpx"))
def test_gpx_files_agree_with_gpxpy(row):
    notes = row["notes"]
    points = int(re.search(r"points=(\d+)", notes)[1])
    length = float(re.search(r"length_2d=([\d.]+) m", notes)[1])
    start = re.search(r"start=([^;]*);", notes)[1]
    untimed = int(re.search(r"points_without_time=(\d+)", notes)[1])
    if points == 0:
        with pytest.raises(NoActivity):
            _read(row)
        return
    try:
        parsed = _read(row)
    except NoActivity:
        parsed = None
    if parsed is None:
        assert untimed == points  # only files without any time may be left out
        return
    (item,) = parsed.activities
    activity = item.activity
    if row["file"] not in GPX_DISTANCE_EXCEPTIONS and length > 10:
        assert activity.distance_m == pytest.approx(length, rel=0.01)
    if start != "None" and not start.startswith("19"):
        expected = datetime.fromisoformat(start)
        if expected.tzinfo:
            assert abs((activity.start_time - expected).total_seconds()) <= 2


@pytest.mark.parametrize("row", _rows(".tcx"))
def test_tcx_files_agree_with_their_laps(row):
    notes = row["notes"]
    if "XML parse ERROR" in notes:
        with pytest.raises(CorruptFile) as caught:
            _read(row)
        assert caught.value.line == 4653  # where the unbound prefix is
        return
    parsed = _read(row)
    count = int(re.search(r"activities=(\d+)", notes)[1])
    assert len(parsed.activities) == count
    activity = parsed.activities[0].activity
    laps = float(re.search(r"lap DistanceMeters sum=([\d.]+) m", notes)[1])
    assert activity.distance_m == pytest.approx(laps, rel=0.01)
    first = datetime.fromisoformat(re.search(r"first Id=(\S+?);", notes)[1].replace("Z",
                                                                                  "+00:00"))
    assert abs((activity.start_time - first).total_seconds()) <= 2
    if "HR yes" in notes:
        assert activity.avg_hr is not None


def test_gpx_heart_rate_and_cadence_under_any_prefix():
    corpus_dir("gpx")
    for name, prefix in (("runpandas__garmin_connect.gpx", "ns3"),
                         ("runpandas__nike_run.gpx", "gpxtpx")):
        (item,) = read_file((CORPUS / "gpx" / name).read_bytes(), name).activities
        assert item.activity.avg_hr, prefix
    (item,) = read_file((CORPUS / "gpx" / "runpandas__garmin_connect.gpx").read_bytes(),
                        "g.gpx").activities
    assert (item.samples["cadence"] > 0).any()


def test_strava_numeric_gpx_type_is_running():
    corpus_dir("gpx")
    (item,) = read_file((CORPUS / "gpx" / "runpandas__stopped_example.gpx").read_bytes(),
                        "s.gpx").activities
    assert item.activity.sport == "running"


def test_treadmill_tcx_without_position_is_a_treadmill_run():
    text = b"""  <?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="running"><Id>2024-01-01T07:00:00Z</Id>
  <Lap StartTime="2024-01-01T07:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds>
   <DistanceMeters>2000</DistanceMeters><Track>
   <Trackpoint><Time>2024-01-01T07:00:00Z</Time><DistanceMeters>0</DistanceMeters>
     <HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
   <Trackpoint><Time>2024-01-01T07:10:00Z</Time><DistanceMeters>2000</DistanceMeters>
     <HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>
  </Track></Lap></Activity></Activities></TrainingCenterDatabase>"""
    (item,) = read_file(text, "treadmill.tcx").activities  # whitespace before <?xml
    from loadwatch.metrics.profile import profile_of

    assert item.activity.distance_m == 2000
    assert item.activity.sport == "running"
    assert profile_of(item.activity, item.samples)["surface"] == "treadmill"


def test_xml_with_entities_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;">]><gpx><trk><name>&lol2;</name></trk></gpx>')
    with pytest.raises(CorruptFile, match="DTD or entity"):
        read_file(bomb, "bomb.gpx")


@pytest.mark.parametrize("row", _rows(".gpx"))
def test_gpx_fast_path_reads_what_gpxpy_reads(row):
    from loadwatch.importers import gpx
    from loadwatch.importers.xml_safety import clean_xml

    corpus_dir("gpx")
    document = clean_xml((CORPUS / row["file"]).read_bytes(), row["file"])
    fast = gpx._read_fast(document)
    if fast is None:
        return  # handed to gpxpy (times with offsets)
    reference = gpx._read_with_gpxpy(document, row["file"])
    assert fast.lat == reference.lat
    assert fast.lon == reference.lon
    assert fast.segment_starts == reference.segment_starts
    assert fast.dropped == reference.dropped
    assert [gpx._as_datetime(t) for t in fast.times] == [
        gpx._as_datetime(t) for t in reference.times]
    for column in ("heart_rate", "cadence", "power"):
        assert fast.extras[column] == pytest.approx(reference.extras[column], nan_ok=True)
    assert fast.ele == pytest.approx(reference.ele, nan_ok=True)
