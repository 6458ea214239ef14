"""FIT files to activities: one activity per session.

Totals come from the session message; a file cut off before its session (or
one that never wrote one) gets totals computed from its records. Record
timestamps that run backwards or jump far ahead are dropped rather than
turned into distance, and start times that are device counters rather than
dates are recovered from the activity message's local clock where possible.
A session without a start time is placed by its end minus its elapsed time,
its first lap or its first record.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from loadwatch.errors import CorruptFile, NoActivity
from loadwatch.fit import DecodedFit, decode_fit
from loadwatch.fit.profile import FIT_EPOCH_S, FIT_MIN_DATE, product_name
from loadwatch.importers.track_math import (
    average_cadence,
    cumulative_distance,
    elevation_gain,
    moving_time,
)
from loadwatch.models import SAMPLE_COLUMNS, Activity, ImportedActivity, ParsedFile

# Records this far outside a session's time span belong to no session.
_WINDOW_SLACK_S = 60
# Without a session, records more than this apart start a new cluster; the
# largest cluster is the activity (a glitch days ahead is not).
_CLUSTER_GAP_S = 6 * 3600
_NOT_ACTIVITIES = {"transition"}


def read_fit(data: bytes, *, source_name: str, content_hash: str) -> ParsedFile:
    """Read a FIT file's bytes into activities with samples."""
    decoded = decode_fit(data)
    parsed = ParsedFile("fit", content_hash, warnings=list(decoded.warnings),
                        decoder=decoded.decoder)
    if decoded.file_type not in (None, "activity"):
        raise NoActivity(f"a FIT {decoded.file_type} file, not an activity")
    stamps, shift, note = _real_timestamps(decoded)
    if note:
        parsed.warnings.append(note)
    spans = _session_spans(decoded, stamps, shift, parsed.warnings)
    if not spans:
        raise NoActivity("no session and no timestamped records: nothing to import")
    for index, (session, mask) in enumerate(spans):
        imported = _activity(decoded, session, mask, stamps, index, source_name, parsed)
        if imported is not None:
            parsed.activities.append(imported)
    if not parsed.activities:
        raise NoActivity("only transition sessions: nothing to import")
    return parsed


def _real_timestamps(decoded: DecodedFit) -> tuple[np.ndarray, int, str | None]:
    """Record timestamps as FIT seconds on the real clock, -1 where unusable.

    Some devices (old Forerunners over ANT-FS) stamp everything with a
    counter since power-on. The activity message then still carries
    ``local_timestamp`` (a date) next to ``timestamp`` (the counter), which
    gives the shift to local time; the UTC offset stays unknown.
    """
    stamps = decoded.records["timestamp"].copy()
    starts = [s.get("start_time") for s in decoded.sessions if s.get("start_time") is not None]
    valid = stamps[stamps >= 0]
    # Records dated on the real clock outvote a session start that is not: that
    # start is then treated as missing and placed from the session's other times.
    dated_records = bool(valid.size) and np.median(valid) >= FIT_MIN_DATE
    counter_clock = not dated_records and (
        (bool(starts) and min(starts) < FIT_MIN_DATE)
        or (not starts and bool(valid.size) and valid.max() < FIT_MIN_DATE))
    if not counter_clock:
        stamps[stamps < FIT_MIN_DATE] = -1
        return stamps, 0, None
    activity = decoded.activity or {}
    local, counter = activity.get("local_timestamp"), activity.get("timestamp")
    if local is None or counter is None or local < FIT_MIN_DATE or counter >= FIT_MIN_DATE:
        raise CorruptFile("the start time is a device counter, not a date, and the file "
                          "holds nothing that turns it into one")
    shift = local - counter
    stamps = np.where((stamps >= 0) & (stamps < FIT_MIN_DATE), stamps + shift, -1)
    return stamps, shift, ("start time recorded as a device counter; recovered from the "
                           "device's local clock (time zone unknown)")


def _session_spans(decoded: DecodedFit, stamps: np.ndarray, shift: int,
                   warnings: list[str]) -> list[tuple[dict, np.ndarray]]:
    """Each session (or one built from the records) with a mask of its records."""
    sessions = _unique_sessions(decoded.sessions, warnings)
    if not sessions:
        mask = _largest_cluster(stamps)
        if not mask.any():
            return []
        warnings.append("no session message (file cut off?): totals computed from records")
        return [({"start_time": int(stamps[mask][0])}, _monotonic(stamps, mask, warnings))]
    sessions = _placed_sessions(sessions, decoded.laps, stamps, shift, warnings)
    spans = []
    for i, session in enumerate(sessions):
        start = session["start_time"]
        following = [s["start_time"] for s in sessions[i + 1:]]
        end = start + (session.get("total_elapsed_time") or session.get("total_timer_time")
                       or float("inf")) + _WINDOW_SLACK_S
        if following:
            end = min(end, min(following))
        # Records just before the first session still belong to it; later
        # sessions start where the one before them ended.
        low = start - _WINDOW_SLACK_S if i == 0 else start
        mask = (stamps >= low) & (stamps < end)
        spans.append((session, _monotonic(stamps, mask, warnings)))
    return spans


def _placed_sessions(sessions: list[dict], laps: list[dict], stamps: np.ndarray, shift: int,
                     warnings: list[str]) -> list[dict]:
    """Copies of the sessions, each with a real ``start_time`` (FIT seconds).

    A session without a usable start_time is placed from, in order: its end
    (``timestamp``) minus ``total_elapsed_time``, its first lap's start_time,
    its first record. Some watches and converters leave the field out; the
    records still hold the run, so the file is not refused while any of these
    is known.
    """
    placed, after = [], -1
    for i, original in enumerate(sessions):
        session = dict(original)
        start = _clock(session.get("start_time"), shift)
        if start is None:
            start, source = _derived_start(session, i, laps, stamps, shift, after)
            if start is None:
                raise CorruptFile(f"session {i + 1} has no usable start time")
            warnings.append(f"session {i + 1} has no start time; placed by {source}")
        session["start_time"] = start
        placed.append(session)
        after = _clock(session.get("timestamp"), shift) or start
    return placed


def _derived_start(session: dict, index: int, laps: list[dict], stamps: np.ndarray,
                   shift: int, after: int) -> tuple[int | None, str | None]:
    """(start in FIT seconds, where it came from) for a session without start_time.

    ``after``: where the session before this one ended (records and laps
    before it belong to that one).
    """
    end, elapsed = _clock(session.get("timestamp"), shift), session.get("total_elapsed_time")
    if end is not None and elapsed is not None and _clock(end - elapsed, 0) is not None:
        return round(end - elapsed), "its end time minus its elapsed time"
    lap_index = session.get("first_lap_index")
    candidates = [laps[lap_index]] if lap_index is not None and lap_index < len(laps) else laps
    for lap in candidates:
        lap_start = _clock(lap.get("start_time"), shift)
        if lap_start is not None and lap_start >= after:
            return lap_start, "its first lap's start time"
    own = (stamps > after) & (stamps >= FIT_MIN_DATE)
    if end is not None:
        own &= stamps <= end + _WINDOW_SLACK_S
    if own.any():
        return int(stamps[own].min()), "its first record"
    return None, None


def _clock(fit_seconds, shift: int) -> int | None:
    """A FIT time on the real clock (counter times moved by ``shift``), else None."""
    if fit_seconds is None:
        return None
    value = int(fit_seconds)
    if shift and 0 <= value < FIT_MIN_DATE:
        value += shift
    return value if value >= FIT_MIN_DATE else None


def _unique_sessions(sessions: list[dict], warnings: list[str]) -> list[dict]:
    seen, unique = set(), []
    for session in sessions:
        # The end time tells apart sessions that lack a start time.
        key = (session.get("start_time"), session.get("timestamp"), session.get("sport"),
               session.get("total_distance"))
        if key in seen:
            warnings.append("a session is repeated in the file; imported once")
            continue
        seen.add(key)
        unique.append(session)
    return unique


def _largest_cluster(stamps: np.ndarray) -> np.ndarray:
    valid = stamps >= 0
    if not valid.any():
        return valid
    ordered = np.sort(stamps[valid])
    breaks = np.flatnonzero(np.diff(ordered) > _CLUSTER_GAP_S)
    edges = np.concatenate([[0], breaks + 1, [ordered.size]])
    sizes = np.diff(edges)
    best = int(np.argmax(sizes))
    low, high = ordered[edges[best]], ordered[edges[best + 1] - 1]
    return valid & (stamps >= low) & (stamps <= high)


def _monotonic(stamps: np.ndarray, mask: np.ndarray, warnings: list[str]) -> np.ndarray:
    """Drop records whose time runs backwards, so no distance is invented."""
    index = np.flatnonzero(mask)
    if index.size < 2:
        return mask
    values = stamps[index]
    ahead = np.maximum.accumulate(values)
    keep = np.concatenate([[True], values[1:] >= ahead[:-1]])
    dropped = int((~keep).sum())
    if dropped:
        warnings.append(f"{dropped} records whose time ran backwards were left out")
        mask = mask.copy()
        mask[index[~keep]] = False
    return mask


def _activity(decoded: DecodedFit, session: dict, mask: np.ndarray, stamps: np.ndarray,
              index: int, source_name: str, parsed: ParsedFile) -> ImportedActivity | None:
    """Session ``index`` as an activity (its hash and warnings are the file's, ``parsed``)."""
    sport = session.get("sport") or "generic"
    if sport in _NOT_ACTIVITIES:
        return None
    start = int(session["start_time"])
    samples = _samples(decoded, mask, stamps, start)
    totals = _totals(session, samples)
    activity = Activity(
        start_time=_utc(start),
        utc_offset_s=_utc_offset(decoded),
        sport=str(sport),
        sub_sport=_text(session.get("sub_sport")),
        name=_name(decoded, sport, session.get("sub_sport"), len(decoded.sessions) > 1),
        device=_device(decoded),
        source_format="fit",
        source_name=source_name,
        content_hash=parsed.content_hash,
        session_index=index,
        warnings=tuple(parsed.warnings),
        **totals,
    )
    return ImportedActivity(activity, samples)


def _samples(decoded: DecodedFit, mask: np.ndarray, stamps: np.ndarray, start: int):
    records = decoded.records
    samples = {"time": (stamps[mask] - start).astype(np.float64)}
    for column in SAMPLE_COLUMNS[1:]:
        samples[column] = records[column][mask]
    if np.isnan(samples["distance"]).all() and not np.isnan(samples["lat"]).all():
        samples["distance"] = cumulative_distance(samples["lat"], samples["lon"], samples["time"])
    return samples


def _totals(session: dict, samples) -> dict:
    """Session totals, each computed from the records when the session lacks it."""
    time, distance, heart_rate = samples["time"], samples["distance"], samples["heart_rate"]
    finite = distance[np.isfinite(distance)]
    # Computed only when needed: the climb walk is the slow one.
    from_records = {
        "distance_m": lambda: float(finite[-1] - finite[0]) if finite.size else None,
        "timer_s": lambda: moving_time(time, distance),
        "elapsed_s": lambda: float(time[-1] - time[0]) if time.size else None,
        "elevation_gain_m": lambda: elevation_gain(samples["altitude"]),
        "avg_hr": lambda: _nan_stat(np.nanmean, heart_rate[heart_rate > 0]),
        "max_hr": lambda: _nan_stat(np.nanmax, heart_rate[heart_rate > 0]),
        "avg_cadence": lambda: average_cadence(samples["cadence"], time, distance),
    }
    from_session = {
        "distance_m": session.get("total_distance"),
        "timer_s": session.get("total_timer_time"),
        "elapsed_s": session.get("total_elapsed_time"),
        "elevation_gain_m": session.get("total_ascent"),
        # Some apps write 0 for "no heart rate".
        "avg_hr": session.get("avg_heart_rate") or None,
        "max_hr": session.get("max_heart_rate") or None,
        "avg_cadence": session.get("avg_cadence") or None,
    }
    return {key: _number(from_session[key]) if from_session[key] is not None else compute()
            for key, compute in from_records.items()}


def _nan_stat(function, values: np.ndarray) -> float | None:
    values = values[np.isfinite(values)]
    return float(function(values)) if values.size else None


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _utc(fit_seconds: int) -> datetime:
    return datetime.fromtimestamp(fit_seconds + FIT_EPOCH_S, tz=UTC)


def _utc_offset(decoded: DecodedFit) -> int | None:
    """The local offset from the activity message, when it is a real zone offset."""
    activity = decoded.activity or {}
    local, utc = activity.get("local_timestamp"), activity.get("timestamp")
    if local is None or utc is None or min(local, utc) < FIT_MIN_DATE:
        return None
    offset = int(local) - int(utc)
    # Zone offsets are whole quarter hours within ±14 h.
    return offset if abs(offset) <= 14 * 3600 and offset % 900 == 0 else None


def _device(decoded: DecodedFit) -> str | None:
    file_id = decoded.file_id
    if file_id.get("product_name"):
        return str(file_id["product_name"])
    manufacturer = file_id.get("manufacturer")
    if manufacturer is None and file_id.get("product") is None:
        return None
    return product_name(manufacturer, file_id.get("product"))


def _name(decoded: DecodedFit, sport, sub_sport, multisport: bool) -> str:
    """The name the device gave the sport profile, else one made from the sport."""
    for message in decoded.sports:
        same_sport = message.get("sport") == sport and message.get("sub_sport") == sub_sport
        if message.get("name") and (same_sport or not multisport):
            return str(message["name"])
    label = str(sport).replace("_", " ")
    if sub_sport and sub_sport not in ("generic", "street"):
        variant = str(sub_sport).replace("_", " ")
        label = variant if label in variant else f"{variant} {label}"
    return label[:1].upper() + label[1:]


def _text(value) -> str | None:
    return None if value is None else str(value)
