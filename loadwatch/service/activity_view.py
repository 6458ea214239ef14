"""One activity as its page shows it: the recording, its splits and its time in zones.

A read, with typed keyword arguments like every use case; the numbers come
from ``metrics.splits`` (pure), the zones from the athlete's settings as the
load engine reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loadwatch.metrics.intensity import hr_zone_bounds, pace_zone_bounds
from loadwatch.metrics.load import SRPE_POINTS_PER_UNIT, duration_points, pick_loads, srpe
from loadwatch.metrics.moving import moving_seconds
from loadwatch.metrics.splits import speed_zone_times, splits, zone_times
from loadwatch.models import Activity, Samples
from loadwatch.service.activities import recording
from loadwatch.settings import Settings, effective
from loadwatch.store import Store
from loadwatch.units import METRES_PER

# How the zones were drawn: heart-rate zones from the threshold heart rate
# (Friel) or from the maximum (Edwards), pace zones from the threshold pace.
ZONE_SOURCES = ("threshold_hr", "max_hr", "threshold_pace")


@dataclass(frozen=True)
class ActivityDetail:
    """One activity with what its page shows beyond its row of the listing.

    Attributes
    ----------
    activity : Activity
        As stored.
    samples : dict of str to numpy.ndarray
        Its recording (empty columns for a row of an activity list).
    moving_s : float or None
        Moving time, s: from the recording (pauses left out, ``metrics.moving``),
        else the stored timer time.
    splits : pandas.DataFrame
        ``metrics.splits.splits`` per km or mile (the athlete's unit); empty
        without a recorded distance.
    zones : pandas.DataFrame or None
        ``metrics.splits.zone_times`` (bounds in bpm, or m/s for pace zones);
        None when the settings or the recording give none.
    zone_source : str or None
        A word of ``ZONE_SOURCES``: what the zones were drawn from.
    """

    activity: Activity
    samples: Samples
    moving_s: float | None
    splits: pd.DataFrame
    zones: pd.DataFrame | None
    zone_source: str | None


def activity_detail(store: Store, *, athlete: str, activity_id: int,
                    settings: Settings | None = None) -> ActivityDetail:
    """An activity's recording, moving time, splits and time in zones.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str
        Whose activity.
    activity_id : int
        Which.
    settings : Settings, optional
        The athlete's effective settings (units, heart rates, threshold
        pace) as already read; default read now.

    Returns
    -------
    ActivityDetail
        Heart-rate zones when the recording has heart rate and a threshold or
        maximum heart rate is set; else pace zones when it has speed and a
        threshold pace is set; else none.

    Raises
    ------
    UsageError
        No such activity of ``athlete``.
    """
    activity, samples = recording(store, athlete=athlete, activity_id=activity_id)
    settings = settings or effective(store.settings(athlete))
    time = samples.get("time", np.zeros(0))
    distance = samples.get("distance")
    found = (splits(time, distance, samples.get("heart_rate"), samples.get("altitude"),
                    METRES_PER[settings.units])
             if distance is not None and len(time) else splits(np.zeros(0), np.zeros(0)))
    zones, source = recording_zones(samples, settings)
    moving = moving_seconds(time, distance) if len(time) >= 2 else None
    if moving and activity.elapsed_s:
        # Counted from the samples, moving time can pass the watch's elapsed time by
        # the last sample's second or two; a runner reads that as an error.
        moving = min(moving, activity.elapsed_s)
    return ActivityDetail(activity, samples, moving or activity.timer_s, found, zones, source)


def recording_zones(samples: Samples, settings: Settings) -> tuple[pd.DataFrame | None,
                                                                   str | None]:
    """Time in zones of a recording and what they were drawn from (None, None: no zones)."""
    time = samples.get("time", np.zeros(0))
    if len(time) < 2:
        return None, None
    heart_rate, speed = samples.get("heart_rate"), samples.get("speed")
    bounds = hr_zone_bounds(settings.max_hr, settings.threshold_hr)
    if bounds and heart_rate is not None and (np.nan_to_num(heart_rate) > 0).any():
        source = "threshold_hr" if settings.threshold_hr else "max_hr"
        return zone_times(heart_rate, time, bounds, samples.get("distance")), source
    bounds = pace_zone_bounds(settings.threshold_speed)
    if bounds and speed is not None and (np.nan_to_num(speed) > 0).any():
        return speed_zone_times(speed, time, bounds, samples.get("distance")), "threshold_pace"
    return None, None


def load_after_rpe(computed: pd.Series, rpe: float | None) -> tuple[float, str]:
    """One activity's load once its RPE changed, without computing the history again.

    Only session RPE reads the RPE: the activity's heart-rate and pace loads,
    computed with the rest of its history, stay as they were, and the
    fallback chain (``metrics.load.pick_loads``) picks again. The page shows
    this at once; every other number follows when the history is computed
    anew (the dashboard starts that in the background).

    Parameters
    ----------
    computed : pandas.Series
        The activity's row of the training view's activities (``timer_s`` in s,
        ``hrtss`` and ``rtss`` in load points, NaN when unknown).
    rpe : float or None
        The RPE now stored (1-10), or None.

    Returns
    -------
    load, method : float, str
        Load points and the method that gave them (``metrics.load.LOAD_METHODS``).
    """
    hours = float(computed["timer_s"] or 0) / 3600
    session = np.nan if rpe is None else float(srpe(rpe, hours * 60)) * SRPE_POINTS_PER_UNIT
    loads, methods = pick_loads([np.array([float(computed["hrtss"])]),
                                 np.array([float(computed["rtss"])]), np.array([session]),
                                 np.array([float(duration_points(hours))])])
    return float(loads[0]), str(methods[0])
