"""TCX (Garmin Training Center) to activities: one per <Activity>.

Several activities or a multisport session in one file, whitespace before the
XML declaration (Strava and Polar write it), lower-case sport names, laps,
heart rate, cadence and the ActivityExtension's speed, run cadence and watts.
The average cadence comes from the laps, else from the trackpoints.
Treadmill runs carry distance without position. Parsed with the standard
library's C parser once ``clean_xml`` has refused any DTD.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from xml.etree.ElementTree import Element, ParseError, fromstring

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


@lru_cache(maxsize=256)
def _local(tag: str) -> str:
    """'{namespace}Name' -> 'Name' (tags repeat: cached)."""
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _find(element: Element, *path: str) -> Element | None:
    for name in path:
        found = _children(element, name)
        if not found:
            return None
        element = found[0]
    return element


def _text(element: Element, *path: str) -> str | None:
    found = _find(element, *path)
    return found.text.strip() if found is not None and found.text else None


def _number(element: Element, *path: str) -> float:
    text = _text(element, *path)
    try:
        return float(text) if text is not None else np.nan
    except ValueError:
        return np.nan


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_tcx(data: bytes, *, source_name: str, content_hash: str) -> ParsedFile:
    """Read a TCX file's bytes into its activities."""
    try:
        root = fromstring(clean_xml(data, source_name))
    except ParseError as err:
        line, column = err.position
        reason = str(err.msg).split(":", 1)[0]
        raise CorruptFile(f"not well-formed XML ({reason}, column {column})",
                          path=source_name, line=line) from err
    namespace = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    # iter() with a tag filters in C: a thousand times faster than testing names here.
    elements = list(root.iter(namespace + "Activity"))
    if not elements:
        kind = "courses" if any(_local(e.tag) == "Course" for e in root.iter()) else "nothing"
        raise NoActivity(f"no activities in this TCX file ({kind})")
    parsed = ParsedFile("tcx", content_hash, decoder="xml.etree")
    for index, element in enumerate(elements):
        activity = _activity(element, index, namespace, source_name, content_hash,
                             parsed.warnings)
        if activity is not None:
            parsed.activities.append(activity)
    if not parsed.activities:
        raise NoActivity("no activity in this TCX file has a start time")
    return parsed


def _activity(element: Element, index: int, namespace: str, source_name: str,
              content_hash: str, warnings: list[str]) -> ImportedActivity | None:
    laps = _children(element, "Lap")
    start = _time(_text(element, "Id")) or (_time(laps[0].get("StartTime")) if laps else None)
    if start is None:
        warnings.append(f"activity {index + 1} has no start time and was left out")
        return None
    sport, sub_sport = normalise_sport(element.get("Sport"))
    samples = _samples([p for lap in laps for p in lap.iter(namespace + "Trackpoint")],
                       start)
    lap_distance = _lap_total(laps, "DistanceMeters", index, warnings)
    lap_time = _lap_total(laps, "TotalTimeSeconds", index, warnings)
    finite_distance = samples["distance"][np.isfinite(samples["distance"])]
    heart = samples["heart_rate"][samples["heart_rate"] > 0]
    lap_maxima = [m for m in (_number(lap, "MaximumHeartRateBpm", "Value") for lap in laps)
                  if not np.isnan(m)]
    lap_max_hr = max(lap_maxima) if lap_maxima else np.nan
    time = samples["time"][np.isfinite(samples["time"])]
    creator = _text(element, "Creator", "Name")
    activity = Activity(
        start_time=start.astimezone(UTC), sport=sport, sub_sport=sub_sport,
        name=_text(element, "Notes") or sport.replace("_", " ").capitalize(),
        distance_m=float(lap_distance) if lap_distance > 0 else (
            float(finite_distance.max()) if finite_distance.size else None),
        timer_s=float(lap_time) if lap_time > 0 else moving_time(samples["time"],
                                                                  samples["distance"]),
        elapsed_s=float(time.max() - time.min()) if time.size else None,
        elevation_gain_m=elevation_gain(samples["altitude"]),
        avg_hr=float(heart.mean()) if heart.size else None,
        max_hr=float(heart.max()) if heart.size else (
            None if np.isnan(lap_max_hr) else float(lap_max_hr)),
        avg_cadence=_lap_cadence(laps) or average_cadence(samples["cadence"], samples["time"],
                                                          samples["distance"]),
        device=creator, source_format="tcx", source_name=source_name,
        content_hash=content_hash, session_index=index, warnings=tuple(warnings))
    return ImportedActivity(activity, samples)


def _lap_total(laps: list[Element], field: str, index: int, warnings: list[str]) -> float:
    """The laps' sum of ``field``; 0 (the track points decide) when a lap's is bad.

    A negative or non-numeric value in one lap must not shorten the whole run.
    """
    total = 0.0
    for number, lap in enumerate(laps, start=1):
        text = _text(lap, field)
        if text is None:
            continue
        value = _number(lap, field)
        if not np.isfinite(value) or value < 0:
            warnings.append(f"activity {index + 1}, lap {number}: {field} {text.strip()[:20]!r} "
                            "is not usable; totals taken from the track points")
            return 0.0
        total += value
    return total


def _lap_cadence(laps: list[Element]) -> float | None:
    """The laps' average cadence (rpm), weighted by their time when every lap says it.

    Bike laps carry ``Cadence``; running laps Garmin's ``LX/AvgRunCadence``
    (strides a minute, the unit FIT sessions use). None when no lap has one.
    """
    values, weights = [], []
    for lap in laps:
        value = _number(lap, "Cadence")
        if not value > 0:
            value = _number(lap, "Extensions", "LX", "AvgRunCadence")
        if value > 0:
            values.append(value)
            weights.append(_number(lap, "TotalTimeSeconds"))
    if not values:
        return None
    timed = all(w > 0 for w in weights)
    return float(np.average(values, weights=weights if timed else None))


_POINT_FIELDS = {"LatitudeDegrees": "lat", "LongitudeDegrees": "lon",
                 "AltitudeMeters": "altitude", "DistanceMeters": "distance",
                 "Cadence": "cadence", "RunCadence": "cadence", "Speed": "speed",
                 "Watts": "power"}


def _samples(points: list[Element], start: datetime) -> dict[str, np.ndarray]:
    """Sample columns from trackpoints, in one pass over each point's elements."""
    count = len(points)
    columns = {c: np.full(count, np.nan) for c in SAMPLE_COLUMNS}
    times: list[str | None] = [None] * count
    for i, point in enumerate(points):
        for element in point.iter():
            name = _local(element.tag)
            text = element.text
            if not text:
                continue
            if name == "Time":
                times[i] = text.strip()
            elif name == "Value":  # HeartRateBpm's only child
                columns["heart_rate"][i] = _float(text)
            elif name in _POINT_FIELDS:
                columns[_POINT_FIELDS[name]][i] = _float(text)
    columns["time"] = _seconds(times, start)
    if np.isnan(columns["distance"]).all() and np.isfinite(columns["lat"]).any():
        columns["distance"] = cumulative_distance(columns["lat"], columns["lon"],
                                                  columns["time"])
    return columns


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return np.nan


def _seconds(times: list[str | None], start: datetime) -> np.ndarray:
    fast = seconds_since(times, start.astimezone(UTC))
    if fast is not None:
        return fast
    moments = [_time(t) for t in times]
    return np.array([np.nan if m is None else (m - start).total_seconds() for m in moments])
