"""Session load on one scale: load points, 100 = one hour at threshold (TSS).

- Banister TRIMP (Morton, Fitz-Clarke & Banister 1990, J Appl Physiol
  69(3):1171-1177): sum of minutes x HRr x a x exp(b x HRr), HRr = (HR -
  rest) / (max - rest); men a = 0.64, b = 1.92; women a = 0.86, b = 1.67; sex
  not set: the men's constants (the output says so).
- hrTSS = 100 x TRIMP / TRIMP(60 minutes at lactate-threshold HR).
- rTSS = hours x IF^2 x 100, IF = NGP speed / threshold speed.
- Session RPE (Foster et al. 2001, J Strength Cond Res 15(1):109-115): RPE x
  minutes, converted at one hour at RPE 7 = 100 points (x 100 / 420).
- Otherwise duration at easy intensity, IF 0.75: 56.25 points an hour.
The fallback order is hrTSS, rTSS, session RPE, duration. sRPE and duration
points are approximations; the interface says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from loadwatch.settings import Settings

TRIMP_CONSTANTS = {"male": (0.64, 1.92), "female": (0.86, 1.67)}
SRPE_POINTS_PER_UNIT = 100 / 420
DEFAULT_INTENSITY_FACTOR = 0.75
LOAD_METHODS = ("hrtss", "rtss", "srpe", "duration")

FloatOrArray = float | np.ndarray


def trimp_constants(sex: str | None) -> tuple[float, float]:
    """Banister's weighting constants for the athlete's sex.

    Parameters
    ----------
    sex : {"male", "female"} or None
        The athlete's sex; the men's constants when None.

    Returns
    -------
    a, b : float
        Men 0.64 and 1.92, women 0.86 and 1.67 (Morton et al. 1990).
    """
    return TRIMP_CONSTANTS.get(sex or "male", TRIMP_CONSTANTS["male"])


def heart_rate_reserve(hr, resting_hr: float, max_hr: float) -> np.ndarray:
    """The fraction of heart-rate reserve, HRr = (HR - rest) / (max - rest).

    Parameters
    ----------
    hr : float or array_like
        Heart rate, bpm.
    resting_hr, max_hr : float
        Resting and maximum heart rate, bpm.

    Returns
    -------
    numpy.ndarray
        HRr (dimensionless), clipped to 0..1.
    """
    return np.clip((np.asarray(hr, dtype=float) - resting_hr) / (max_hr - resting_hr), 0, 1)


def banister_trimp(minutes, hrr, sex: str | None) -> np.ndarray:
    """Banister's training impulse: minutes x HRr x a x exp(b x HRr).

    The one implementation of the formula: every TRIMP loadwatch computes
    (a session's samples, its average heart rate, an hour at threshold) calls it.

    Parameters
    ----------
    minutes : float or array_like
        Time at each heart-rate reserve, min.
    hrr : float or array_like
        Fraction of heart-rate reserve (0-1), see :func:`heart_rate_reserve`.
    sex : {"male", "female"} or None
        Chooses the constants (:func:`trimp_constants`).

    Returns
    -------
    numpy.ndarray
        TRIMP (arbitrary units), element-wise.

    References
    ----------
    .. [1] Banister E.W. (1991). Modeling elite athletic performance. In
       Physiological Testing of Elite Athletes, Human Kinetics, 403-424.
    .. [2] Morton R.H., Fitz-Clarke J.R., Banister E.W. (1990). Modeling human
       performance in running. J Appl Physiol 69(3):1171-1177.
    """
    a, b = trimp_constants(sex)
    hrr = np.asarray(hrr, dtype=float)
    return np.asarray(minutes, dtype=float) * hrr * a * np.exp(b * hrr)


def trimp(seconds_at_hr: Mapping[int, float], resting_hr: float, max_hr: float,
          sex: str | None) -> float:
    """Banister TRIMP of one session from the time spent at each heart rate.

    Parameters
    ----------
    seconds_at_hr : mapping of int to float
        Heart rate (bpm) to time at it (s).
    resting_hr, max_hr : float
        Resting and maximum heart rate, bpm.
    sex : {"male", "female"} or None
        Chooses the constants (the men's when None).

    Returns
    -------
    float
        The sum of :func:`banister_trimp` over the heart rates.
    """
    bpm = np.fromiter(seconds_at_hr.keys(), dtype=float)
    minutes = np.fromiter(seconds_at_hr.values(), dtype=float) / 60
    return float(np.sum(banister_trimp(minutes, heart_rate_reserve(bpm, resting_hr, max_hr),
                                       sex)))


def _threshold_hour(threshold_hr: float, resting_hr: float, max_hr: float,
                    sex: str | None) -> float:
    """TRIMP of 60 minutes at the lactate-threshold heart rate."""
    return float(banister_trimp(60, heart_rate_reserve(threshold_hr, resting_hr, max_hr), sex))


def hrtss(trimp_value: FloatOrArray, threshold_hr: float, resting_hr: float, max_hr: float,
          sex: str | None) -> FloatOrArray:
    """Heart-rate training stress: TRIMP against an hour at threshold.

    Parameters
    ----------
    trimp_value : float or numpy.ndarray
        Session TRIMP (:func:`trimp`).
    threshold_hr, resting_hr, max_hr : float
        Lactate-threshold, resting and maximum heart rate, bpm.
    sex : {"male", "female"} or None
        Chooses the TRIMP constants.

    Returns
    -------
    float or numpy.ndarray
        Load points: 100 x TRIMP / TRIMP(60 minutes at threshold), so an hour
        at threshold is 100, as TrainingPeaks defines hrTSS.
    """
    return 100 * trimp_value / _threshold_hour(threshold_hr, resting_hr, max_hr, sex)


def rtss(hours: FloatOrArray, ngp_speed: FloatOrArray, threshold_speed: float) -> FloatOrArray:
    """Running training stress from pace.

    Parameters
    ----------
    hours : float or numpy.ndarray
        Moving time, h.
    ngp_speed : float or numpy.ndarray
        Normalised graded speed, m/s.
    threshold_speed : float
        Threshold speed, m/s.

    Returns
    -------
    float or numpy.ndarray
        Load points: hours x IF^2 x 100 with IF = NGP speed / threshold speed
        (an hour at threshold pace is 100).
    """
    return hours * (ngp_speed / threshold_speed) ** 2 * 100


def srpe(rpe: FloatOrArray, minutes: FloatOrArray) -> FloatOrArray:
    """Foster's session RPE.

    Parameters
    ----------
    rpe : float or numpy.ndarray
        Rating of perceived exertion, 0-10 (Borg CR10).
    minutes : float or numpy.ndarray
        Session duration, min.

    Returns
    -------
    float or numpy.ndarray
        Arbitrary units: RPE x minutes (Foster et al. 2001).
    """
    return rpe * minutes


def duration_points(hours: FloatOrArray) -> FloatOrArray:
    """Load points of easy running (IF 0.75) for a duration.

    Parameters
    ----------
    hours : float or numpy.ndarray
        Moving time, h.

    Returns
    -------
    float or numpy.ndarray
        hours x 0.75^2 x 100: 56.25 points an hour.
    """
    return hours * DEFAULT_INTENSITY_FACTOR ** 2 * 100


def flatten(maps: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat arrays from a Series of value -> seconds maps.

    Values may be numbers or their decimal text (JSON keeps map keys as text;
    numpy parses them here, faster than converting each map on reading).

    Parameters
    ----------
    maps : pandas.Series
        One mapping (or None) per row: a value (bpm, m/s) to time at it (s).

    Returns
    -------
    rows : numpy.ndarray
        The row position of each pair (int).
    values : numpy.ndarray
        The values (float).
    seconds : numpy.ndarray
        The times, s.
    """
    rows, values, seconds = [], [], []
    for row, mapping in enumerate(maps):
        if mapping:
            rows.extend([row] * len(mapping))
            values.extend(mapping.keys())
            seconds.extend(mapping.values())
    return (np.asarray(rows, dtype=np.int64), np.asarray(values, dtype=float),
            np.asarray(seconds, dtype=float))


def _trimps(activities: pd.DataFrame, hours: np.ndarray,
            settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """TRIMP and hrTSS of each activity (NaN without the heart-rate settings)."""
    count = len(activities)
    trimp_values, hrtss_values = np.full(count, np.nan), np.full(count, np.nan)
    rest, top, threshold = settings.resting_hr, settings.max_hr, settings.threshold_hr
    if not (rest and top):
        return trimp_values, hrtss_values
    rows, bpm, seconds = flatten(activities["hr_seconds"])
    impulses = banister_trimp(seconds / 60, heart_rate_reserve(bpm, rest, top), settings.sex)
    from_samples = np.bincount(rows, weights=impulses, minlength=count)
    has_samples = np.bincount(rows, minlength=count) > 0
    average = heart_rate_reserve(activities["avg_hr"].to_numpy(dtype=float), rest, top)
    from_average = banister_trimp(hours * 60, average, settings.sex)
    average_known = activities["avg_hr"].notna().to_numpy()
    trimp_values = np.where(has_samples, from_samples,
                            np.where(average_known, from_average, np.nan))
    if threshold:
        hrtss_values = np.asarray(hrtss(trimp_values, threshold, rest, top, settings.sex))
    return trimp_values, hrtss_values


def session_loads(activities: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Every computable load of each activity, and the one the fallback chain picks.

    Vectorised over activities: ten years of daily runs take milliseconds.

    Parameters
    ----------
    activities : pandas.DataFrame
        Columns ``timer_s`` (s), ``avg_hr`` (bpm), ``rpe`` (0-10), ``ngp_speed``
        (m/s) and ``hr_seconds`` (mapping bpm -> s, may be empty).
    settings : Settings
        Uses ``sex``, ``max_hr``, ``resting_hr``, ``threshold_hr`` (bpm) and
        ``threshold_speed`` (m/s).

    Returns
    -------
    pandas.DataFrame
        On the same index: ``trimp``, ``hrtss``, ``rtss``, ``srpe`` (each NaN
        when it cannot be computed), ``load`` (points, the first of hrTSS,
        rTSS, session RPE x 100/420 and easy-running duration points that is
        known), ``load_method`` and ``load_note`` (what to know about it).
    """
    count = len(activities)
    hours = activities["timer_s"].fillna(0).to_numpy(dtype=float) / 3600
    trimp_values, hrtss_values = _trimps(activities, hours, settings)
    speed = settings.threshold_speed
    ngp = activities["ngp_speed"].to_numpy(dtype=float)
    rtss_values = (np.where(ngp > 0, rtss(hours, ngp, speed), np.nan) if speed
                   else np.full(count, np.nan))
    srpe_values = np.asarray(srpe(activities["rpe"].to_numpy(dtype=float), hours * 60))
    load_values, methods = pick_loads([hrtss_values, rtss_values,
                                       srpe_values * SRPE_POINTS_PER_UNIT,
                                       np.asarray(duration_points(hours))])
    notes = [_note(method, settings.sex) for method in methods]
    return pd.DataFrame({"trimp": trimp_values, "hrtss": hrtss_values, "rtss": rtss_values,
                         "srpe": srpe_values, "load": load_values, "load_method": methods,
                         "load_note": notes}, index=activities.index)


def pick_loads(choices: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each activity's load: the first known of the fallback chain.

    Parameters
    ----------
    choices : list of numpy.ndarray
        Load points by method, in ``LOAD_METHODS`` order (hrTSS, rTSS, session
        RPE points, duration points); NaN where a method cannot say.

    Returns
    -------
    load, method : numpy.ndarray
        The first non-NaN value of each position, and its method's name
        ("duration" where none is known).
    """
    count = len(choices[0])
    load_values, methods = np.full(count, np.nan), np.full(count, "duration", dtype=object)
    for method, values in zip(LOAD_METHODS, choices, strict=True):
        take = np.isnan(load_values) & ~np.isnan(values)
        load_values[take], methods[take] = values[take], method
    return load_values, methods


def _note(method: str, sex: str | None) -> str | None:
    """What the user should know about how a load was estimated."""
    if method == "srpe":
        return "from session RPE (1 h at RPE 7 = 100 points): an approximation"
    if method == "duration":
        return ("no heart rate, pace or RPE: counted as easy running (56 points an hour), "
                "an approximation")
    if method == "hrtss" and not sex:
        return "TRIMP with the men's constants: set sex to use your own"
    return None
