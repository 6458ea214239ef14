"""Importing a Strava bulk export of 1,000 runs: wall time and peak memory.

Run: ``python benchmarks/bench_strava_export.py [--runs 1000] [--seconds 3600]``.
Writes a Strava-style ``export_<id>.zip`` (``activities.csv`` plus
``activities/<n>.fit.gz``, ``.gpx`` and ``.tcx`` in turn, each a one-hour run
at one point a second), then imports it into a fresh SQLite store in a child
process and reports wall time and the peak memory of the importer and its
workers together.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import ROOT, one_hour_run

HEADER = ("Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
          "Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,"
          "Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,"
          "Perceived Exertion\n")


def _track(index: int, seconds: int):
    rng = np.random.default_rng(index)
    start = datetime(2026, 1, 5, 6, tzinfo=UTC) + timedelta(days=index)
    speed = 3.0 + 0.2 * rng.standard_normal(seconds)
    distance = np.cumsum(speed)
    angle = distance / 5000 * 2 * np.pi
    lat, lon = 52.09 + 0.007 * np.sin(angle), 5.12 + 0.011 * np.cos(angle)
    heart = np.round(145 + 5 * rng.standard_normal(seconds)).astype(int)
    return start, distance, lat, lon, heart


def gpx(index: int, seconds: int) -> bytes:
    start, _, lat, lon, heart = _track(index, seconds)
    points = "".join(
        f'<trkpt lat="{la:.7f}" lon="{lo:.7f}"><ele>10.0</ele>'
        f"<time>{(start + timedelta(seconds=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr>"
        f"</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for i, (la, lo, hr) in enumerate(zip(lat, lon, heart, strict=True)))
    return (f'<?xml version="1.0" encoding="UTF-8"?><gpx creator="StravaGPX" version="1.1" '
            f'xmlns="http://www.topografix.com/GPX/1/1" '
            f'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            f"<trk><name>Run {index}</name><type>9</type><trkseg>{points}</trkseg></trk>"
            f"</gpx>").encode()


def tcx(index: int, seconds: int) -> bytes:
    start, distance, lat, lon, heart = _track(index, seconds)
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    points = "".join(
        f"<Trackpoint><Time>{(start + timedelta(seconds=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
        f"</Time><Position><LatitudeDegrees>{la:.7f}</LatitudeDegrees><LongitudeDegrees>"
        f"{lo:.7f}</LongitudeDegrees></Position><AltitudeMeters>10.0</AltitudeMeters>"
        f"<DistanceMeters>{d:.1f}</DistanceMeters><HeartRateBpm><Value>{hr}</Value>"
        f"</HeartRateBpm></Trackpoint>"
        for i, (la, lo, d, hr) in enumerate(zip(lat, lon, distance, heart, strict=True)))
    return (f'  <?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase '
            f'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
            f'<Activities><Activity Sport="Running"><Id>{stamp}</Id><Lap StartTime="{stamp}">'
            f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{distance[-1]:.1f}"
            f"</DistanceMeters><Track>{points}</Track></Lap></Activity></Activities>"
            f"</TrainingCenterDatabase>").encode()


def fit_gz(index: int, seconds: int) -> bytes:
    return gzip.compress(one_hour_run(index + 5000, seconds), mtime=0)


def write_export(path: Path, runs: int, seconds: int) -> None:
    makers = [("fit.gz", fit_gz), ("gpx", gpx), ("tcx", tcx)]
    rows = [HEADER]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for index in range(runs):
            suffix, make = makers[index % 3]
            name = f"activities/{900000 + index}.{suffix}"
            archive.writestr(f"export_1/{name}", make(index, seconds))
            start = datetime(2026, 1, 5, 6) + timedelta(days=index)
            rows.append(f'{index},"{start:%b %d, %Y, %I:%M:%S %p}",Run {index},Run,,{seconds},'
                        f"10.8,160,50,false,,Shoes,{name},,,{seconds},{seconds},10800,5\n")
        archive.writestr("export_1/activities.csv", "".join(rows))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=3600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export_1.zip"
        started = time.perf_counter()
        write_export(export, args.runs, args.seconds)
        print(f"wrote {export.name}: {args.runs} runs of {args.seconds} s "
              f"({export.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s")
        command = [sys.executable, str(ROOT / "benchmarks" / "measure_import.py"),
                   f"sqlite:///{Path(tmp) / 'bench.db'}", str(export)]
        report = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        wall, peak_main, peak_tree, imported = report.split()
        print(f"import: {float(wall):.1f} s wall, {imported} activities, peak RSS "
              f"{float(peak_main):.0f} MiB (importer alone), {float(peak_tree):.0f} MiB "
              "(importer and workers together)")


if __name__ == "__main__":
    main()
