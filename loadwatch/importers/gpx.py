"""GPX 1.0 and 1.1 (and no version) to one activity per file.

A fast path reads the usual file (track points with UTC times) with the
standard library's C XML parser and numpy; anything else (times with other
offsets, malformed documents) is read by gpxpy, whose reading the corpus
tests compare against. Tracks and their segments are joined in order; no
distance is counted across a segment break. Heart rate, cadence and power come
from Garmin's TrackPointExtension (or any extension element of that name,
whatever its prefix). Points with impossible coordinates (OpenTracks' legacy
pause markers) are dropped; points without time still count toward distance.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from xml.etree.ElementTree import Element, ParseError, fromstring

import gpxpy
import gpxpy.gpx
import numpy as np

from loadwatch.errors import CorruptFile, NoActivity
from loadwatch.importers.sports import normalise_sport
from loadwatch.importers.track_math import (
    average_cadence,
    cumulative_distance,
    elevation_gain,
    moving_time,
)
from loadwatch.importers.xml_safety import clean_xml
from loadwatch.importers.xml_times import seconds_since
from loadwatch.models import SAMPLE_COLUMNS, Activity, ImportedActivity, ParsedFile

_EXTENSION_FIELDS = {"hr": "heart_rate", "heartrate": "heart_rate", "cad": "cadence",
                     "cadence": "cadence", "power": "power", "watts": "power"}
_EARLIEST_YEAR = 1990  # GPS watches date from the 1990s: earlier times are a broken clock


@dataclass
class _Track:
    """The points of a GPX file, whichever way it was read."""

    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    ele: list[float] = field(default_factory=list)
    times: list[datetime | str | None] = field(default_factory=list)
    speed: list[float] = field(default_factory=list)
    extras: dict[str, list[float]] = field(default_factory=lambda: {
        "heart_rate": [], "cadence": [], "power": []})
    segment_starts: list[int] = field(default_factory=list)
    dropped: int = 0
    name: str | None = None
    type: str | None = None
    doc_name: str | None = None
    doc_time: datetime | None = None
    creator: str | None = None
    routes: bool = False
    waypoints: bool = False


def read_gpx(data: bytes, *, source_name: str, content_hash: str) -> ParsedFile:
    """Read a GPX file's bytes into (at most) one activity."""
    document = clean_xml(data, source_name)
    track, decoder = _read_fast(document), "fast"
    if track is None:
        track, decoder = _read_with_gpxpy(document, source_name), "gpxpy"
    if not track.lat:
        what = (" (a route only)" if track.routes else
                " (waypoints only)" if track.waypoints else "")
        raise NoActivity(f"no recorded track points{what}")
    warnings = [f"{track.dropped} points with impossible coordinates (pause markers?) were "
                "left out"] if track.dropped else []
    samples, start = _samples(track, warnings)
    if start is None:
        start = track.doc_time if track.doc_time and track.doc_time.year >= _EARLIEST_YEAR \
            else None
        if start is None:
            raise NoActivity("no point carries a time, so the run cannot be placed on a day")
        warnings.append("no point carries a time; the file's own date is used")
    sport, sub_sport = normalise_sport(track.type)
    labels = {"sport": sport, "sub_sport": sub_sport,
              "name": track.name or track.doc_name or sport.replace("_", " ").capitalize(),
              "device": track.creator}
    parsed = ParsedFile("gpx", content_hash, warnings=warnings, decoder=decoder)
    activity = _activity(samples, start, labels, source_name, parsed)
    parsed.activities.append(ImportedActivity(activity, samples))
    return parsed


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_fast(document: bytes) -> _Track | None:
    """The common GPX, read with the C parser; None hands the file to gpxpy."""
    try:
        root = fromstring(document)
    except ParseError:
        return None
    if _local(root.tag) != "gpx":
        return None
    track = _Track(creator=root.get("creator"))
    for child in root:
        name = _local(child.tag)
        if name == "trk":
            _fast_track(child, track)
        elif name == "rte":
            track.routes = True
        elif name == "wpt":
            track.waypoints = True
        elif name == "metadata":  # GPX 1.1
            for item in child:
                _document_field(item, track)
        else:  # GPX 1.0 keeps name and time at the top
            _document_field(child, track)
    if any(t and not t.endswith("Z") for t in track.times):
        return None  # times with other offsets: gpxpy reads them
    return track


def _document_field(element: Element, track: _Track) -> None:
    name = _local(element.tag)
    if name == "name":
        track.doc_name = element.text
    elif name == "time":
        track.doc_time = _as_datetime((element.text or "").strip())


def _fast_track(element: Element, track: _Track) -> None:
    for child in element:
        name = _local(child.tag)
        if name == "name" and track.name is None:
            track.name = child.text
        elif name == "type" and track.type is None:
            track.type = child.text
        elif name == "trkseg":
            first = len(track.lat)
            for point in child:
                if _local(point.tag) == "trkpt":
                    _fast_point(point, track)
            if len(track.lat) > first:
                track.segment_starts.append(first)


def _fast_point(point: Element, track: _Track) -> None:
    try:
        lat, lon = float(point.get("lat")), float(point.get("lon"))
    except (TypeError, ValueError):
        track.dropped += 1
        return
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        track.dropped += 1
        return
    values = {"ele": np.nan, "time": None, "speed": np.nan, "heart_rate": np.nan,
              "cadence": np.nan, "power": np.nan}
    for element in point.iter():
        key = _point_field(element.tag)
        text = element.text
        if key is None or not text:
            continue
        values[key] = text.strip() if key == "time" else _float(text)
    _append(track, lat, lon, values)


@lru_cache(maxsize=512)
def _point_field(tag: str) -> str | None:
    """Which value a point's element holds, by its tag (cached: tags repeat)."""
    name = _local(tag).split(":")[-1].lower()
    if name in ("time", "ele", "speed"):
        return name
    return _EXTENSION_FIELDS.get(name)


def _append(track: _Track, lat: float, lon: float, values: dict) -> None:
    track.lat.append(lat)
    track.lon.append(lon)
    track.ele.append(values["ele"])
    track.times.append(values["time"])
    track.speed.append(values["speed"])
    for column in ("heart_rate", "cadence", "power"):
        track.extras[column].append(values[column])


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return np.nan


def _read_with_gpxpy(document: bytes, source_name: str) -> _Track:
    try:
        gpx = gpxpy.parse(document.decode("utf-8", errors="replace"))
    except gpxpy.gpx.GPXException as err:
        raise CorruptFile(f"not readable as GPX: {err}", path=source_name) from err
    track = _Track(doc_name=gpx.name, doc_time=gpx.time, creator=gpx.creator,
                   routes=bool(gpx.routes), waypoints=bool(gpx.waypoints))
    if gpx.tracks:
        track.name, track.type = gpx.tracks[0].name, gpx.tracks[0].type
    for segment in itertools.chain.from_iterable(t.segments for t in gpx.tracks):
        first = len(track.lat)
        for point in segment.points:
            if not (-90 <= point.latitude <= 90 and -180 <= point.longitude <= 180):
                track.dropped += 1
                continue
            values = {"ele": np.nan if point.elevation is None else point.elevation,
                      "time": point.time, "speed": np.nan if point.speed is None else
                      point.speed, **_gpxpy_extensions(point)}
            _append(track, point.latitude, point.longitude, values)
        if len(track.lat) > first:
            track.segment_starts.append(first)
    return track


def _gpxpy_extensions(point) -> dict[str, float]:
    values = {"heart_rate": np.nan, "cadence": np.nan, "power": np.nan}
    for element in point.extensions or ():
        for node in element.iter():
            column = _EXTENSION_FIELDS.get(node.tag.rsplit("}", 1)[-1].split(":")[-1].lower())
            if column and node.text:
                values[column] = _float(node.text)
    return values


def _samples(track: _Track, warnings: list[str]):
    seconds, start = _seconds(track.times, warnings)
    lat, lon = np.array(track.lat), np.array(track.lon)
    samples = {"time": seconds, "lat": lat, "lon": lon,
               "altitude": np.array(track.ele, dtype=float),
               "speed": np.array(track.speed, dtype=float),
               "distance": _distance(lat, lon, seconds, track.segment_starts)}
    for column, values in track.extras.items():
        samples[column] = np.array(values, dtype=float)
    return {c: samples.get(c, np.full(len(lat), np.nan)) for c in SAMPLE_COLUMNS}, start


def _seconds(times: list, warnings: list[str]) -> tuple[np.ndarray, datetime | None]:
    fast = _utc_seconds(times, warnings)
    if fast is not None:
        return fast
    moments = [_as_datetime(t) for t in times]
    bogus = sum(1 for m in moments if m is not None and m.year < _EARLIEST_YEAR)
    if bogus:
        warnings.append(f"{bogus} points carry impossible dates (before {_EARLIEST_YEAR}); "
                        "their times are ignored")
    known = [m for m in moments if m is not None and m.year >= _EARLIEST_YEAR]
    if not known:
        return np.full(len(times), np.nan), None
    start = min(known)
    missing = len(times) - len(known)
    if missing:
        warnings.append(f"{missing} of {len(times)} points have no time")
    return np.array([np.nan if m is None or m.year < _EARLIEST_YEAR else
                     (m - start).total_seconds() for m in moments]), start


def _utc_seconds(times: list, warnings: list[str]):
    """All stamps as 'YYYY-MM-DDTHH:MM:SSZ' (or missing), in one numpy pass; else None."""
    if not all(t is None or (isinstance(t, str) and t.endswith("Z")) for t in times):
        return None
    try:
        stamps = np.array([t[:-1] if t else "NaT" for t in times], dtype="datetime64[ms]")
    except ValueError:
        return None  # an impossible date (2020-02-30): the general path names the point
    real = stamps >= np.datetime64(f"{_EARLIEST_YEAR}-01-01")
    if not real.any():
        return None  # let the general path say what is wrong
    start_stamp = stamps[real].min()
    start = datetime.fromisoformat(str(start_stamp)).replace(tzinfo=UTC)
    seconds = seconds_since([t if ok else None for t, ok in zip(times, real, strict=True)],
                            start)
    if seconds is None:
        return None
    if (~real & ~np.isnat(stamps)).any():
        return None  # bogus dates: the general path reports them
    missing = int(np.isnan(seconds).sum())
    if missing:
        warnings.append(f"{missing} of {len(times)} points have no time")
    return seconds, start


def _as_datetime(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # GPX times are UTC


def _distance(lat, lon, seconds, segment_starts) -> np.ndarray:
    """Cumulative distance, restarting the step count at each segment break."""
    total = np.zeros(len(lat))
    offset = 0.0
    bounds = [*segment_starts, len(lat)]
    for begin, end in itertools.pairwise(bounds):
        part = np.nan_to_num(cumulative_distance(lat[begin:end], lon[begin:end],
                                                 seconds[begin:end]))
        total[begin:end] = offset + part
        offset = total[end - 1]
    return total


def _activity(samples: dict, start: datetime, labels: dict, source_name: str,
              parsed: ParsedFile) -> Activity:
    """The track's activity; ``labels``: sport, sub_sport, name and device."""
    time = samples["time"]
    timed = time[np.isfinite(time)]
    heart = samples["heart_rate"][samples["heart_rate"] > 0]
    distance = float(samples["distance"][-1]) if len(samples["distance"]) else None
    return Activity(
        start_time=start.astimezone(UTC), **labels,
        utc_offset_s=_offset(start), distance_m=distance,
        timer_s=moving_time(time, samples["distance"]),
        elapsed_s=float(timed.max() - timed.min()) if timed.size else None,
        elevation_gain_m=elevation_gain(samples["altitude"]),
        avg_hr=float(heart.mean()) if heart.size else None,
        max_hr=float(heart.max()) if heart.size else None,
        avg_cadence=average_cadence(samples["cadence"], time, samples["distance"]),
        source_format="gpx", source_name=source_name,
        content_hash=parsed.content_hash, warnings=tuple(parsed.warnings))


def _offset(start: datetime) -> int | None:
    """The offset written in the file's times, when it is not plain UTC."""
    offset = start.utcoffset()
    return int(offset.total_seconds()) if offset else None
