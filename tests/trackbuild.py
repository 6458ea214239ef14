"""Synthetic runs for tests: one run at 1 Hz, resampled, paused, written as GPX or TCX."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)
_RADIUS_M = 1500.0  # the run goes round a big circle: chords at a minute stay true
_M_PER_DEG = 111_320.0


def synthetic_run(seconds: int = 2400, *, stop_at: int | None = None, stop_s: int = 0,
                  record_stop: bool = True, moved_m: float = 0.0) -> dict[str, np.ndarray]:
    """A run at 1 Hz: 5-minute blocks at 2.8 and 3.5 m/s over gentle hills.

    Heart rate (bpm) and cadence (strides a minute) follow the pace. With
    ``stop_at``, the runner stands still for ``stop_s`` seconds after that
    many seconds of running: recorded point by point (``record_stop``) or
    not at all (the watch paused, a gap in the track), having walked on
    ``moved_m`` metres meanwhile.
    """
    t = np.arange(seconds + 1, dtype=float)
    fast = (t // 300) % 2 == 1
    speed = np.where(fast, 3.5, 2.8)
    run = {"time": t, "distance": np.concatenate([[0.0], np.cumsum(speed[1:])]),
           "heart_rate": np.where(fast, 162.0, 138.0) + 4 * np.sin(t / 90),
           "cadence": np.where(fast, 88.0, 82.0)}
    if stop_at is not None:
        run = _with_stop(run, stop_at, stop_s, record_stop)
        run["distance"][run["time"] > stop_at + stop_s] += moved_m
    angle = run["distance"] / _RADIUS_M
    run["lat"] = 52.0 + _RADIUS_M * np.sin(angle) / _M_PER_DEG
    run["lon"] = 5.0 + _RADIUS_M * (1 - np.cos(angle)) / (_M_PER_DEG * np.cos(np.radians(52)))
    run["ele"] = 20.0 + 8.0 * np.sin(2 * np.pi * run["distance"] / 2000.0)
    return run


def _with_stop(run: dict, at: int, seconds: int, recorded: bool) -> dict:
    before = {k: v[: at + 1] for k, v in run.items()}
    after = {k: v[at + 1:] for k, v in run.items()}
    after["time"] = after["time"] + seconds
    parts = [before]
    if recorded:
        standing = {k: np.full(seconds, v[-1]) for k, v in before.items()}
        standing["time"] = before["time"][-1] + np.arange(1, seconds + 1, dtype=float)
        standing["cadence"] = np.zeros(seconds)  # standing: no steps
        parts.append(standing)
    parts.append(after)
    return {k: np.concatenate([p[k] for p in parts]) for k in run}


def resample(run: dict, every: int | str, seed: int = 1) -> dict:
    """The points a device keeping one every ``every`` seconds would write (the
    last one always); ``"smart"``: Garmin-like smart recording, 1-10 s apart."""
    time = run["time"]
    if every == "smart":
        steps = np.random.default_rng(seed).integers(1, 11, time.size)
        wanted = np.cumsum(np.concatenate([[0], steps]))
        keep = np.isin(time - time[0], wanted)
    else:
        keep = (time - time[0]) % int(every) == 0
    keep[-1] = True
    return {k: v[keep] for k, v in run.items()}


def _stamp(seconds: float) -> str:
    return (START + timedelta(seconds=float(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx_text(run: dict, cadence: bool = True) -> str:
    """The run as GPX 1.1 with Garmin's TrackPointExtension (hr, cad)."""
    points = []
    for i in range(run["time"].size):
        cad = f"<gpxtpx:cad>{run['cadence'][i]:.0f}</gpxtpx:cad>" if cadence else ""
        points.append(
            f'<trkpt lat="{run["lat"][i]:.7f}" lon="{run["lon"][i]:.7f}">'
            f"<ele>{run['ele'][i]:.1f}</ele><time>{_stamp(run['time'][i])}</time>"
            "<extensions><gpxtpx:TrackPointExtension>"
            f"<gpxtpx:hr>{run['heart_rate'][i]:.0f}</gpxtpx:hr>{cad}"
            "</gpxtpx:TrackPointExtension></extensions></trkpt>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="tests" '
            'xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx='
            '"http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            "<trk><type>running</type><trkseg>" + "".join(points) + "</trkseg></trk></gpx>")


def tcx_text(run: dict, lap_cadence: float | None = None) -> str:
    """The run as one TCX lap with RunCadence per trackpoint (and on the lap, if given)."""
    points = "".join(
        f"<Trackpoint><Time>{_stamp(run['time'][i])}</Time>"
        f"<DistanceMeters>{run['distance'][i]:.2f}</DistanceMeters>"
        f"<HeartRateBpm><Value>{run['heart_rate'][i]:.0f}</Value></HeartRateBpm>"
        f"<Extensions><ns3:TPX><ns3:RunCadence>{run['cadence'][i]:.0f}</ns3:RunCadence>"
        "</ns3:TPX></Extensions></Trackpoint>" for i in range(run["time"].size))
    lap_extension = ("" if lap_cadence is None else
                     f"<Extensions><ns3:LX><ns3:AvgRunCadence>{lap_cadence:.0f}"
                     "</ns3:AvgRunCadence></ns3:LX></Extensions>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns='
            '"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3='
            '"http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>'
            f'<Activity Sport="Running"><Id>{_stamp(0)}</Id><Lap StartTime="{_stamp(0)}">'
            f"<Track>{points}</Track>{lap_extension}</Lap></Activity></Activities>"
            "</TrainingCenterDatabase>")
