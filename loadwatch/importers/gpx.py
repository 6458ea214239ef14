"""GPX 1.0 and 1.1 (and no version) to one activity per file, with gpxpy.

Tracks and their segments are joined in time order; no distance is counted
across a segment break. Heart rate, cadence and power come from Garmin's
TrackPointExtension (or any extension element of that name, whatever its
prefix). Points with impossible coordinates (OpenTracks' legacy pause markers)
are dropped; points without time still count toward distance.
"""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC, datetime

import gpxpy
import gpxpy.gpx
import numpy as np

from loadwatch.errors import CorruptFile, NoActivity
from loadwatch.importers.sports import normalise_sport
from loadwatch.importers.track_math import cumulative_distance, elevation_gain, moving_time
from loadwatch.importers.xml_safety import clean_xml
from loadwatch.models import SAMPLE_COLUMNS, Activity, ImportedActivity, ParsedFile

_EXTENSION_FIELDS = {"hr": "heart_rate", "heartrate": "heart_rate", "cad": "cadence",
                     "cadence": "cadence", "power": "power", "watts": "power"}


def read_gpx(data: bytes, *, source_name: str, content_hash: str) -> ParsedFile:
    """Read a GPX file's bytes into (at most) one activity."""
    text = clean_xml(data, source_name).decode("utf-8", errors="replace")
    try:
        document = gpxpy.parse(text)
    except gpxpy.gpx.GPXException as err:
        raise CorruptFile(f"not readable as GPX: {err}", path=source_name) from err
    points, segment_starts, warnings = _points(document)
    if not points:
        what = (" (a route only)" if document.routes else
                " (waypoints only)" if document.waypoints else "")
        raise NoActivity(f"no recorded track points{what}")
    samples, start = _samples(points, segment_starts, warnings)
    if start is None:
        start = document.time if document.time and document.time.year >= 1990 else None
        if start is None:
            raise NoActivity("no point carries a time, so the run cannot be placed on a day")
        warnings.append("no point carries a time; the file's own date is used")
    track = document.tracks[0] if document.tracks else None
    sport, sub_sport = normalise_sport(track.type if track else None)
    activity = _activity(samples, start, sport, sub_sport,
                         (track.name if track else None) or document.name,
                         document.creator, source_name, content_hash, warnings)
    parsed = ParsedFile("gpx", content_hash, warnings=warnings, decoder="gpxpy")
    parsed.activities.append(ImportedActivity(activity, samples))
    return parsed


def _points(document):
    """All track points in order, where each segment starts, and warnings."""
    points, starts, dropped = [], [], 0
    for track in document.tracks:
        for segment in track.segments:
            kept = []
            for point in segment.points:
                if -90 <= point.latitude <= 90 and -180 <= point.longitude <= 180:
                    kept.append(point)
                else:
                    dropped += 1
            if kept:
                starts.append(len(points))
                points.extend(kept)
    warnings = [f"{dropped} points with impossible coordinates (pause markers?) were "
                "left out"] if dropped else []
    return points, starts, warnings


def _samples(points, segment_starts: list[int], warnings: list[str]):
    # GPS watches date from the 1990s: earlier times are a broken clock.
    times = [p.time if p.time is not None and p.time.year >= 1990 else None for p in points]
    bogus = sum(1 for p, t in zip(points, times, strict=True) if p.time is not None and t is None)
    if bogus:
        warnings.append(f"{bogus} points carry impossible dates (before 1990); their times "
                        "are ignored")
    known = [t for t in times if t is not None]
    start = min(known) if known else None
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=UTC)  # GPX times are UTC
        warnings.append("times carry no zone; read as UTC")
    missing = len(times) - len(known)
    if known and missing:
        warnings.append(f"{missing} of {len(times)} points have no time")
    seconds = np.array([np.nan if t is None else (_aware(t) - start).total_seconds()
                        for t in times]) if start else np.full(len(times), np.nan)
    lat = np.array([p.latitude for p in points], dtype=float)
    lon = np.array([p.longitude for p in points], dtype=float)
    samples = {"time": seconds, "lat": lat, "lon": lon,
               "altitude": np.array([np.nan if p.elevation is None else p.elevation
                                     for p in points], dtype=float),
               "distance": _distance(lat, lon, seconds, segment_starts)}
    speed = [getattr(p, "speed", None) for p in points]
    samples["speed"] = np.array([np.nan if s is None else s for s in speed], dtype=float)
    extras = _extension_values(points)
    for column in ("heart_rate", "cadence", "power"):
        samples[column] = extras[column]
    return {c: samples.get(c, np.full(len(points), np.nan)) for c in SAMPLE_COLUMNS}, start


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _distance(lat, lon, seconds, segment_starts) -> np.ndarray:
    """Cumulative distance, restarting the step count at each segment break."""
    total = np.zeros(len(lat))
    offset = 0.0
    bounds = [*segment_starts, len(lat)]
    for begin, end in itertools.pairwise(bounds):
        part = cumulative_distance(lat[begin:end], lon[begin:end], seconds[begin:end])
        part = np.nan_to_num(part)
        total[begin:end] = offset + part
        offset = total[end - 1]
    return total


def _extension_values(points) -> dict[str, np.ndarray]:
    values = {c: np.full(len(points), np.nan) for c in ("heart_rate", "cadence", "power")}
    for index, point in enumerate(points):
        for element in point.extensions or ():
            for node in element.iter():
                column = _EXTENSION_FIELDS.get(node.tag.rsplit("}", 1)[-1].split(":")[-1].lower())
                if column and node.text:
                    with contextlib.suppress(ValueError):
                        values[column][index] = float(node.text)
    return values


def _activity(samples, start, sport, sub_sport, name, creator, source_name, content_hash,
              warnings) -> Activity:
    time = samples["time"]
    timed = time[np.isfinite(time)]
    heart = samples["heart_rate"][samples["heart_rate"] > 0]
    distance = float(samples["distance"][-1]) if len(samples["distance"]) else None
    return Activity(
        start_time=start.astimezone(UTC), sport=sport, sub_sport=sub_sport,
        name=name or sport.replace("_", " ").capitalize(),
        utc_offset_s=_offset(start), distance_m=distance,
        timer_s=moving_time(np.sort(timed)) if timed.size else None,
        elapsed_s=float(timed.max() - timed.min()) if timed.size else None,
        elevation_gain_m=elevation_gain(samples["altitude"]),
        avg_hr=float(heart.mean()) if heart.size else None,
        max_hr=float(heart.max()) if heart.size else None,
        device=creator, source_format="gpx", source_name=source_name,
        content_hash=content_hash, warnings=tuple(warnings))


def _offset(start: datetime) -> int | None:
    """The offset written in the file's times, when it is not plain UTC."""
    offset = start.utcoffset()
    return int(offset.total_seconds()) if offset else None
