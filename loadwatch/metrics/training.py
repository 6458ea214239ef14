"""The whole picture: per-activity metrics, the daily series and the weeks.

Pure: a DataFrame of activities (with their profiles) and the athlete's
settings in, DataFrames out. Running distance counts runs only (FIT sport
``running``, whatever the sub-sport); rides and swims count toward load only
when the athlete sets ``count_cross_training_load``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from loadwatch.metrics import intensity, load, ratios, volume
from loadwatch.metrics.calendar import activity_days, daily_totals, week_starts

RUNNING = "running"


def activity_metrics(activities: pd.DataFrame, settings: Mapping[str, object]) -> pd.DataFrame:
    """Loads, spikes, surface, hills and zone times for each activity.

    Needs ``start_time`` (UTC), ``sport``, ``distance_m``, ``timer_s``,
    ``avg_hr``, ``rpe``, ``surface_override`` and the profile columns
    ``hr_seconds``, ``speed_seconds``, ``ngp_speed``, ``hill_share``,
    ``surface``, ``surface_source``.
    """
    frame = activities.copy()
    frame = frame.join(load.session_loads(frame, settings))
    runs = frame[frame["sport"] == RUNNING]
    frame = frame.join(volume.run_spikes(runs[["start_time", "distance_m"]]))
    overridden = frame["surface_override"].notna()
    frame["surface"] = frame["surface_override"].where(overridden, frame["surface"])
    frame["surface_source"] = frame["surface_source"].where(~overridden, "user")
    hr_bounds = intensity.hr_zone_bounds(settings.get("max_hr"), settings.get("threshold_hr"))
    pace_bounds = intensity.pace_zone_bounds(settings.get("threshold_speed"))
    frame["time_in_hr_zones_s"] = intensity.zones_of_each(frame["hr_seconds"], hr_bounds)
    frame["time_in_pace_zones_s"] = intensity.zones_of_each(frame["speed_seconds"], pace_bounds)
    frame["counts_toward_load"] = (frame["sport"] == RUNNING) | bool(
        settings.get("count_cross_training_load"))
    return frame


def daily_metrics(activities: pd.DataFrame, settings: Mapping[str, object],
                  today: date) -> pd.DataFrame:
    """One row per calendar day from the first activity to ``today``.

    Columns: ``distance_km`` (running), ``load`` (points), the three ACWRs on
    load and on distance, ``ctl``, ``atl``, ``tsb`` and ``ramp``.
    """
    if activities.empty:
        return pd.DataFrame(columns=DAILY_COLUMNS)
    days = activity_days(activities, str(settings["timezone"]))
    runs = activities["sport"] == RUNNING
    counted = activities["counts_toward_load"]
    every_day = daily_totals(days, pd.Series(0.0, index=activities.index), today).index
    distance = _on(days[runs], activities.loc[runs, "distance_m"], every_day, today)
    points = _on(days[counted], activities.loc[counted, "load"], every_day, today)
    frame = pd.DataFrame({"distance_km": distance / 1000, "load": points,
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


def weekly_metrics(activities: pd.DataFrame, daily: pd.DataFrame,
                   settings: Mapping[str, object], today: date) -> pd.DataFrame:
    """One row per week: distance and its change, runs, load, monotony, mix."""
    week_start = str(settings["week_start"])
    if daily.empty:
        return pd.DataFrame()
    weeks = volume.weekly_volume(daily["distance_km"] * 1000, week_start)
    weeks = weeks.join(ratios.monotony_and_strain(daily["load"], today, week_start))
    runs = activities[activities["sport"] == RUNNING].copy()
    runs["week_start"] = week_starts(activity_days(runs, str(settings["timezone"])),
                                     week_start)
    grouped = runs.groupby("week_start")
    weeks["runs"] = grouped.size().reindex(weeks.index, fill_value=0)
    weeks["longest_run_km"] = (grouped["distance_m"].max() / 1000).reindex(weeks.index)
    # The week's biggest single-run spike, with the band it was given.
    spikes = runs.loc[runs["spike_ratio"].notna(), ["week_start", "spike_ratio", "spike_band"]]
    biggest = spikes.sort_values("spike_ratio", kind="stable").groupby("week_start").last()
    weeks["spike_ratio"] = biggest["spike_ratio"].reindex(weeks.index)
    weeks["spike_band"] = biggest["spike_band"].reindex(weeks.index)
    weeks["surface_km"] = _surface_km(runs, weeks.index)
    zone_seconds = _zone_seconds(runs)
    weeks["intensity"] = pd.Series([intensity.intensity_split(zone_seconds[w])
                                    if w in zone_seconds else None for w in weeks.index],
                                   index=weeks.index, dtype=object)
    weeks["zone_seconds"] = pd.Series([zone_seconds.get(w) for w in weeks.index],
                                      index=weeks.index, dtype=object)
    weeks["hill_share"] = _hill_share(runs, weeks.index)
    weeks["distance_km"] = weeks.pop("distance_m") / 1000
    return weeks


def _surface_km(runs: pd.DataFrame, index: pd.Index) -> pd.Series:
    """Per week, surface -> km of running."""
    table = (runs.groupby(["week_start", "surface"])["distance_m"].sum() / 1000).unstack()
    names = [str(k) for k in table.columns]
    rows = {week: {k: float(v) for k, v in zip(names, row, strict=True) if v == v}  # not NaN
            for week, row in zip(table.index, table.to_numpy(), strict=True)}
    return pd.Series([rows.get(week, {}) for week in index], index=index, dtype=object)


def _zone_seconds(runs: pd.DataFrame) -> dict:
    """Per week, seconds in each of the five zones: heart-rate zones, else pace zones."""
    sums = {}
    for column in ("time_in_pace_zones_s", "time_in_hr_zones_s"):  # HR last: it wins
        zones = np.array([z if z else [0.0] * 5 for z in runs[column]], dtype=float)
        totals = pd.DataFrame(zones.reshape(-1, 5), index=runs.index).groupby(
            runs["week_start"]).sum()
        for week, row in zip(totals.index, totals.to_numpy(), strict=True):
            if row.sum() > 0:
                sums[week] = row.tolist()
    return sums


def _hill_share(runs: pd.DataFrame, index: pd.Index) -> pd.Series:
    """Per week, the distance-weighted share of running on hills (NaN when unknown)."""
    known = runs[runs["hill_share"].notna()]
    weighted = (known["hill_share"] * known["distance_m"]).groupby(known["week_start"]).sum()
    distance = known.groupby("week_start")["distance_m"].sum()
    return (weighted / distance.where(distance > 0)).reindex(index).astype(float)
