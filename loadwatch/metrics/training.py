"""The whole picture: per-activity metrics, the daily series and the weeks.

Pure: a DataFrame of activities (with their profiles) and the athlete's
settings in, tidy DataFrames out (one number per cell). Running distance
counts runs only (FIT sport ``running``, whatever the sub-sport); rides and
swims count toward load only when the athlete sets
``count_cross_training_load``. A run the data-quality checks mark
(``metrics.quality``: a bike ride, a watch left on, GPS jumps) counts as
nothing, not even as a spike's reference, until the runner confirms or
corrects it (``counts_as_run``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from loadwatch.metrics import intensity, load, quality, ratios, volume
from loadwatch.metrics.calendar import activity_days, daily_totals, week_starts
from loadwatch.units import METRES_PER_KM
from loadwatch.vocabulary import INTENSITIES, SURFACES

if TYPE_CHECKING:
    from loadwatch.settings import Settings

RUNNING = "running"
# Tidy columns: seconds in each zone (per activity, heart-rate and pace; per
# week, whichever the week has), km per surface and the intensity shares.
HR_ZONE_COLUMNS = tuple(f"hr_zone_{z}_s" for z in range(1, intensity.ZONES + 1))
PACE_ZONE_COLUMNS = tuple(f"pace_zone_{z}_s" for z in range(1, intensity.ZONES + 1))
WEEK_ZONE_COLUMNS = tuple(f"zone_{z}_s" for z in range(1, intensity.ZONES + 1))
SURFACE_COLUMNS = {surface: f"surface_{surface}_km" for surface in SURFACES}
SHARE_COLUMNS = {name: f"{name}_share" for name in INTENSITIES}


def activity_metrics(activities: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Loads, spikes, surface, hills and zone times for each activity.

    Parameters
    ----------
    activities : pandas.DataFrame
        Columns ``start_time`` (UTC), ``sport``, ``distance_m`` (m),
        ``timer_s`` (s), ``avg_hr`` (bpm), ``rpe``, ``surface_override`` and
        the profile columns ``hr_seconds``, ``speed_seconds``, ``ngp_speed``
        (m/s), ``hill_share``, ``surface``, ``surface_source``.
    settings : Settings
        Heart rates, threshold speed, sex and ``count_cross_training_load``.

    Returns
    -------
    pandas.DataFrame
        The activities with the loads of :func:`load.session_loads`, the spikes
        of :func:`volume.run_spikes`, the surface the athlete chose (source
        ``user``) over the inferred one, seconds in heart-rate zones
        (``hr_zone_1_s`` ... ``hr_zone_5_s``) and pace zones
        (``pace_zone_1_s`` ...; NaN without settings or samples),
        ``quality_reasons`` and ``held_out`` (:func:`quality.quality_marks`),
        ``counts_as_run`` (a run not held out) and ``counts_toward_load``.
    """
    frame = activities.copy()
    frame = frame.join(quality.quality_marks(frame))
    frame["counts_as_run"] = (frame["sport"] == RUNNING) & ~frame["held_out"]
    frame = frame.join(load.session_loads(frame, settings))
    runs = frame[frame["counts_as_run"]]
    frame = frame.join(volume.run_spikes(runs[["start_time", "distance_m"]]))
    overridden = frame["surface_override"].notna()
    frame["surface"] = frame["surface_override"].where(overridden, frame["surface"])
    frame["surface_source"] = frame["surface_source"].where(~overridden, "user")
    hr_bounds = intensity.hr_zone_bounds(settings.max_hr, settings.threshold_hr)
    pace_bounds = intensity.pace_zone_bounds(settings.threshold_speed)
    for columns, maps, bounds in ((HR_ZONE_COLUMNS, frame["hr_seconds"], hr_bounds),
                                  (PACE_ZONE_COLUMNS, frame["speed_seconds"], pace_bounds)):
        table = intensity.zones_of_each(maps, bounds)
        for position, column in enumerate(columns):
            frame[column] = table[:, position]
    frame["counts_toward_load"] = (((frame["sport"] == RUNNING)
                                    | settings.count_cross_training_load) & ~frame["held_out"])
    return frame


def counted_runs(activities: pd.DataFrame) -> pd.Series:
    """Which activities count as running: runs not held out by a data-quality mark.

    Parameters
    ----------
    activities : pandas.DataFrame
        As :func:`activity_metrics` returns it (a frame without
        ``counts_as_run`` counts every ``running`` activity).

    Returns
    -------
    pandas.Series
        Booleans on the frame's index.
    """
    if "counts_as_run" in activities:
        return activities["counts_as_run"].astype(bool)
    return activities["sport"] == RUNNING


def without_held_out(activities: pd.DataFrame) -> pd.DataFrame:
    """The activities without the runs a data-quality mark holds out (``metrics.quality``).

    Parameters
    ----------
    activities : pandas.DataFrame
        As :func:`activity_metrics` returns it (a frame without ``held_out``
        is returned whole).

    Returns
    -------
    pandas.DataFrame
        The rows not held out, in their order: what the risk rules read.
    """
    if "held_out" not in activities:
        return activities
    return activities[~activities["held_out"].astype(bool)]


def daily_metrics(activities: pd.DataFrame, settings: Settings, today: date) -> pd.DataFrame:
    """One row per calendar day from the first activity to ``today``.

    Parameters
    ----------
    activities : pandas.DataFrame
        As :func:`activity_metrics` returns it.
    settings : Settings
        The time zone that makes the days.
    today : datetime.date
        The last day of the series.

    Returns
    -------
    pandas.DataFrame
        On a daily index: ``distance_km`` (running, km), ``load`` (points),
        ``acute_load`` and ``chronic_load`` (7- and 28-day EWMA), the three
        acute:chronic ratios on load (``acwr_ewma``, ``acwr_coupled``,
        ``acwr_uncoupled``) and on distance (``distance_acwr_*``), ``ctl``,
        ``atl``, ``tsb`` and ``ramp`` (:func:`ratios.performance`).
    """
    if activities.empty:
        return pd.DataFrame(columns=DAILY_COLUMNS)
    days = activity_days(activities, settings.timezone)
    runs = counted_runs(activities)
    counted = activities["counts_toward_load"]
    every_day = pd.DatetimeIndex(
        daily_totals(days, pd.Series(0.0, index=activities.index), today).index)
    distance = _on(days[runs], activities.loc[runs, "distance_m"], every_day, today)
    points = _on(days[counted], activities.loc[counted, "load"], every_day, today)
    frame = pd.DataFrame({"distance_km": distance / METRES_PER_KM, "load": points,
                          "acute_load": ratios.ewma(points, ratios.ACUTE_DAYS),
                          "chronic_load": ratios.ewma(points, ratios.CHRONIC_DAYS)},
                         index=every_day)
    for name, function in (("ewma", ratios.acwr_ewma), ("coupled", ratios.acwr_coupled),
                           ("uncoupled", ratios.acwr_uncoupled)):
        frame[f"acwr_{name}"] = function(points)
        frame[f"distance_acwr_{name}"] = function(distance)
    return frame.join(ratios.performance(points))


DAILY_COLUMNS = ["distance_km", "load", "acute_load", "chronic_load", "acwr_ewma",
                 "distance_acwr_ewma", "acwr_coupled",
                 "distance_acwr_coupled", "acwr_uncoupled", "distance_acwr_uncoupled",
                 "ctl", "atl", "tsb", "ramp"]


def _on(days: pd.Series, values: pd.Series, index: pd.DatetimeIndex, today: date) -> pd.Series:
    totals = daily_totals(days, values, today) if len(days) else pd.Series(dtype=float)
    return totals.reindex(index, fill_value=0.0)


def weekly_metrics(activities: pd.DataFrame, daily: pd.DataFrame, settings: Settings,
                   today: date) -> pd.DataFrame:
    """One row per week: distance and its change, runs, load, monotony, mix.

    Parameters
    ----------
    activities : pandas.DataFrame
        As :func:`activity_metrics` returns it.
    daily : pandas.DataFrame
        As :func:`daily_metrics` returns it.
    settings : Settings
        The time zone and week start that make the weeks.
    today : datetime.date
        Weeks ending after it are unfinished (no monotony yet).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``week_start``: the columns of :func:`volume.weekly_volume`
        (with ``distance_km``, km, for its metres) and
        :func:`ratios.monotony_and_strain`, ``runs``, ``longest_run_km`` (km),
        the week's biggest ``spike_ratio`` and its ``spike_band``, km on each
        surface (``surface_road_km`` ... one per ``vocabulary.SURFACES``, 0
        when none), the shares of easy, moderate and hard time
        (``easy_share``, ``moderate_share``, ``hard_share``, 0-1, NaN without
        zone time), seconds in each zone (``zone_1_s`` ... ``zone_5_s``:
        heart-rate zones, else pace zones; NaN when neither) and
        ``hill_share`` (0-1).
        Empty without days.
    """
    if daily.empty:
        return pd.DataFrame()
    weeks = volume.weekly_volume(daily["distance_km"] * METRES_PER_KM, settings.week_start)
    weeks = weeks.join(ratios.monotony_and_strain(daily["load"], today, settings.week_start))
    runs = activities[counted_runs(activities)].copy()
    runs["week_start"] = week_starts(activity_days(runs, settings.timezone),
                                     settings.week_start)
    grouped = runs.groupby("week_start")
    weeks["runs"] = grouped.size().reindex(weeks.index, fill_value=0)
    weeks["longest_run_km"] = (grouped["distance_m"].max() / METRES_PER_KM).reindex(weeks.index)
    weeks = weeks.join(_biggest_spikes(runs, weeks.index)).join(_surface_km(runs, weeks.index))
    zones = _zone_seconds(runs, weeks.index)
    for name, share in zip(INTENSITIES, intensity.split_shares(zones.to_numpy()), strict=True):
        weeks[SHARE_COLUMNS[name]] = share
    weeks = weeks.join(zones)
    weeks["hill_share"] = _hill_share(runs, weeks.index)
    weeks["distance_km"] = weeks.pop("distance_m") / METRES_PER_KM
    return weeks


def _biggest_spikes(runs: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Per week, the biggest single-run spike ratio and the band it was given."""
    spikes = runs.loc[runs["spike_ratio"].notna(), ["week_start", "spike_ratio", "spike_band"]]
    biggest = spikes.sort_values("spike_ratio", kind="stable").groupby("week_start").last()
    return biggest[["spike_ratio", "spike_band"]].reindex(index)


def _surface_km(runs: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Per week, km of running on each surface (0 where none)."""
    table = (runs.groupby(["week_start", "surface"])["distance_m"].sum() / METRES_PER_KM).unstack()
    table = table.reindex(index=index, columns=list(SURFACES)).fillna(0.0)
    return table.rename(columns=SURFACE_COLUMNS).rename_axis(columns=None)


def _zone_seconds(runs: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Per week, seconds in each of the five zones: heart-rate zones, else pace zones."""
    result = pd.DataFrame(np.nan, index=index, columns=list(WEEK_ZONE_COLUMNS))
    for columns in (PACE_ZONE_COLUMNS, HR_ZONE_COLUMNS):  # HR last: it wins
        totals = runs[list(columns)].fillna(0.0).groupby(runs["week_start"]).sum()
        totals = totals[totals.sum(axis=1) > 0].reindex(index).dropna()
        result.loc[totals.index] = totals.to_numpy()
    return result


def _hill_share(runs: pd.DataFrame, index: pd.Index) -> pd.Series:
    """Per week, the distance-weighted share of running on hills (NaN when unknown)."""
    known = runs[runs["hill_share"].notna()]
    weighted = (known["hill_share"] * known["distance_m"]).groupby(known["week_start"]).sum()
    distance = known.groupby("week_start")["distance_m"].sum()
    return (weighted / distance.where(distance > 0)).reindex(index).astype(float)
