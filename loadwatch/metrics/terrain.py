"""Grade-adjusted speed, normalised graded speed, hills and surface.

- Grade-adjusted speed after Minetti et al. 2002, J Appl Physiol 93:1039-1046:
  v x Cr(i) / Cr(0), Cr(i) = 155.4i^5 - 30.4i^4 - 43.3i^3 + 46.3i^2 + 19.5i +
  3.6 (J/kg/m), grade i as a fraction clamped to [-0.45, 0.45].
- NGP speed (for rTSS): 30-second rolling mean of grade-adjusted speed, raised
  to the 4th power, averaged, 4th root; the average speed without samples.
  Samples are put on a one-second grid of moving time first, whatever the
  file's sampling interval (1 s to a minute and more).
- Hills: the share of distance on grades steeper than +-5% (Rice et al. 2024:
  +-5% loads the tibia like level running, +-10-15% does not).
- Surface: road, trail, track, treadmill, grass, sand, mixed or unknown, with
  where the answer came from. Evidence that hard surfaces cause bone stress
  injury is weak; the mix is reported, not judged.
"""

from __future__ import annotations

import numpy as np

from loadwatch.metrics.moving import moving_steps

HILL_GRADE = 0.05
_GRADE_STEP_M = 10.0  # grades are measured over 10 m of distance


def minetti_cost(grade) -> np.ndarray:
    """Energy cost of running at a grade (Minetti et al. 2002).

    Parameters
    ----------
    grade : float or array_like
        Grade as a fraction (0.1 = 10% up), clamped to [-0.45, 0.45].

    Returns
    -------
    numpy.ndarray
        Cr(i) = 155.4i^5 - 30.4i^4 - 43.3i^3 + 46.3i^2 + 19.5i + 3.6, J/kg/m.

    References
    ----------
    .. [1] Minetti A.E. et al. (2002). Energy cost of walking and running at
       extreme uphill and downhill slopes. J Appl Physiol 93:1039-1046.
    """
    i = np.clip(np.asarray(grade, dtype=float), -0.45, 0.45)
    # The same polynomial in Horner's form: a fifth of the array operations.
    return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6


def grade_adjusted_speed(speed, grade) -> np.ndarray:
    """The speed on the flat that costs the same energy as ``speed`` at ``grade``.

    Parameters
    ----------
    speed : float or array_like
        Speed, m/s.
    grade : float or array_like
        Grade as a fraction.

    Returns
    -------
    numpy.ndarray
        speed x Cr(grade) / Cr(0), m/s (:func:`minetti_cost`).
    """
    return np.asarray(speed, dtype=float) * minetti_cost(grade) / minetti_cost(0.0)


def _one_second_grid(time: np.ndarray, distance: np.ndarray, altitude: np.ndarray):
    """Distance and altitude every second of moving time (pauses cut out).

    Pauses come from the file's own sampling (``loadwatch.metrics.moving``): a
    point a minute is a minute of running, interpolated, not a pause followed
    by a one-second sprint. Distance covered during a pause (walking on with
    the watch stopped) is left out too: it was not run at any speed.
    """
    keep = np.isfinite(time) & np.isfinite(distance)
    time, distance, altitude = time[keep], distance[keep], altitude[keep]
    if time.size < 2:
        return None
    steps = np.diff(time)
    moving = moving_steps(time, distance)
    # Several fixes within one second are one place, not a pause.
    advances = moving | (steps == 0)
    clock = np.concatenate([[0.0], np.cumsum(np.where(moving, steps, 0.0))])
    travelled = distance[0] + np.concatenate(
        [[0.0], np.cumsum(np.where(advances, np.diff(distance), 0.0))])
    grid = np.arange(0.0, clock[-1] + 1e-9, 1.0)
    on_grid_distance = np.interp(grid, clock, travelled)
    has_altitude = np.isfinite(altitude)
    on_grid_altitude = (np.interp(grid, clock[has_altitude], altitude[has_altitude])
                        if has_altitude.sum() >= 2 else np.zeros_like(grid))
    return on_grid_distance, on_grid_altitude


def _grades(distance: np.ndarray, altitude: np.ndarray) -> np.ndarray:
    """Grade per 1 s step, measured over the surrounding 10 m (noise otherwise)."""
    marks = np.arange(distance[0], distance[-1] + _GRADE_STEP_M, _GRADE_STEP_M)
    if marks.size < 2:
        return np.zeros(distance.size)
    heights = np.interp(marks, distance, altitude)
    step_grades = np.diff(heights) / _GRADE_STEP_M
    which = np.clip(np.searchsorted(marks, distance, side="right") - 1, 0, step_grades.size - 1)
    return step_grades[which]


def _adjusted_seconds(time, distance, altitude) -> np.ndarray | None:
    """Grade-adjusted speed (m/s) for every second of moving time."""
    grid = _one_second_grid(*(np.asarray(c, dtype=float) for c in (time, distance, altitude)))
    if grid is None or grid[0].size < 31:
        return None
    on_distance, on_altitude = grid
    grade = _grades(on_distance, on_altitude)[1:]
    return grade_adjusted_speed(np.diff(on_distance), grade)


def graded_speeds(time, distance, altitude,
                  average_speed: float | None = None) -> tuple[float | None, float | None]:
    """Normalised graded speed and mean grade-adjusted speed of one activity.

    Parameters
    ----------
    time, distance, altitude : array_like
        Samples: s, cumulative m, m.
    average_speed : float, optional
        The activity's average speed, m/s, used when the samples cannot give one.

    Returns
    -------
    ngp : float or None
        The 30-second rolling mean of grade-adjusted speed, to the 4th power,
        averaged, 4th root (m/s), on a one-second grid of moving time.
    gap : float or None
        The mean grade-adjusted speed, the activity's flat-ground pace (m/s).
    """
    adjusted = _adjusted_seconds(time, distance, altitude)
    if adjusted is None:
        return average_speed, average_speed
    rolling = np.convolve(adjusted, np.ones(30) / 30, mode="valid")
    return float(np.mean(rolling**4) ** 0.25), float(adjusted.mean())


def ngp_speed(time, distance, altitude, average_speed: float | None = None) -> float | None:
    """Normalised graded speed of one activity (the first of :func:`graded_speeds`).

    Parameters
    ----------
    time, distance, altitude : array_like
        Samples: s, cumulative m, m.
    average_speed : float, optional
        Used when the samples cannot give a speed, m/s.

    Returns
    -------
    float or None
        NGP speed, m/s.
    """
    return graded_speeds(time, distance, altitude, average_speed)[0]


def hill_share(distance, altitude) -> float | None:
    """The share of distance on grades steeper than +-5% (after Rice et al. 2024).

    Parameters
    ----------
    distance, altitude : array_like
        Cumulative distance and altitude, m.

    Returns
    -------
    float or None
        0-1, grades measured over 10 m of distance; None without altitude or
        over 10 m of distance or less.
    """
    distance, altitude = np.asarray(distance, dtype=float), np.asarray(altitude, dtype=float)
    keep = np.isfinite(distance) & np.isfinite(altitude)
    if keep.sum() < 2:
        return None
    distance, altitude = distance[keep], altitude[keep]
    order = np.argsort(distance, kind="stable")
    distance, altitude = distance[order], altitude[order]
    marks = np.arange(distance[0], distance[-1], _GRADE_STEP_M)
    if marks.size < 2:
        return None
    grades = np.diff(np.interp(marks, distance, altitude)) / _GRADE_STEP_M
    return float(np.mean(np.abs(grades) > HILL_GRADE))


# Sub-sports (FIT), activity types and name words that say where a run was.
_SUB_SPORT_SURFACE = {"treadmill": "treadmill", "indoor_running": "treadmill",
                      "virtual_activity": "treadmill", "trail": "trail", "track": "track",
                      "street": "road", "road": "road"}
_NAME_WORDS = {
    "treadmill": ("treadmill", "laufband", "tapis", "cinta", "tapis roulant", "loopband",
                  "løbebånd", "löpband", "tredemølle", "passadeira", "esteira"),
    "trail": ("trail", "sentier", "sendero", "sentiero", "terräng", "terreng", "bosloop"),
    "track": ("track", "bahn", "piste", "pista", "baan", "bane", "bana"),
    "grass": ("grass", "gras", "herbe", "césped", "cesped", "erba", "græs", "gräs"),
    "sand": ("sand", "beach", "strand", "plage", "playa", "spiaggia", "praia", "areia"),
}


def infer_surface(sub_sport: str | None, name: str | None, has_position: bool,
                  distance_m: float | None, lat=None, lon=None, *,
                  has_samples: bool = True) -> tuple[str, str]:
    """Where a run was, and how loadwatch knows.

    Parameters
    ----------
    sub_sport, name : str or None
        The file's sub-sport (FIT) and the activity's name.
    has_position : bool
        Whether the recording has GPS positions.
    distance_m : float or None
        The activity's distance, m.
    lat, lon : array_like, optional
        Positions, degrees (for the shape of a 400 m track).
    has_samples : bool, default True
        False for a summary without samples (a row of an activity list).

    Returns
    -------
    surface : str
        A word of ``vocabulary.SURFACES``.
    source : str
        ``sub_sport``, ``name``, ``no_position`` (a recording without positions
        is a treadmill run), ``geometry`` (a 400 m oval) or ``none``.
    """
    if sub_sport in _SUB_SPORT_SURFACE and sub_sport != "street":
        return _SUB_SPORT_SURFACE[sub_sport], "sub_sport"
    words = (name or "").lower()
    for surface, keywords in _NAME_WORDS.items():
        if any(word in words for word in keywords):
            return surface, "name"
    if not has_position and distance_m and has_samples:
        return "treadmill", "no_position"
    if lat is not None and _is_track_oval(np.asarray(lat, float), np.asarray(lon, float),
                                          distance_m):
        return "track", "geometry"
    if sub_sport == "street":
        return "road", "sub_sport"
    return "unknown", "none"


def _is_track_oval(lat: np.ndarray, lon: np.ndarray, distance_m: float | None) -> bool:
    """Laps inside a standard 400 m track's footprint (about 160 x 75 m)."""
    keep = np.isfinite(lat) & np.isfinite(lon)
    if keep.sum() < 30 or not distance_m or distance_m < 1200:
        return False
    lat, lon = lat[keep], lon[keep]
    north = (lat - lat.mean()) * 111_320.0
    east = (lon - lon.mean()) * 111_320.0 * np.cos(np.radians(lat.mean()))
    # Points inside a 200 x 100 m footprint, however turned, span at most its
    # diagonal (224 m) east-west and north-south: a wider run is no track,
    # and needs no decomposition (most runs end here).
    if max(np.ptp(east), np.ptp(north)) > 230.0:
        return False
    points = np.column_stack([east, north])
    # The footprint's long and short axes, whatever the track's orientation.
    axes = np.linalg.svd(points - points.mean(axis=0), full_matrices=False)[2]
    spans = np.ptp(points @ axes.T, axis=0)
    return 140 <= spans[0] <= 200 and 60 <= spans[1] <= 100
