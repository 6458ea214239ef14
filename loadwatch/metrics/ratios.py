"""Acute:chronic ratios, monotony and strain, fitness, fatigue and form.

All take a daily Series (load points or metres) on a complete daily index,
rest days 0, starting on the first activity's day.

- Coupled rolling ACWR (Gabbett 2016, BJSM 50:273-280): A / (C28 / 4).
- Uncoupled rolling ACWR (Lolli et al. 2019, BJSM 53:921-922): A / ((C28 - A) / 3).
- EWMA ACWR (Williams et al. 2017, BJSM 51:209-210): lambda = 2 / (N + 1),
  N = 7 and 28, both seeded with the first day's value. The headline figure.
  Every ratio is null until the series holds 28 days, and when its
  denominator is 0. The ratio is contested (Impellizzeri et al. 2020, 2021;
  Lolli 2019): say so wherever it is shown.
- Monotony and strain (Foster 1998, MSSE 30(7):1164-1168).
- CTL, ATL and TSB as GoldenCheetah's PMC (src/Metrics/PMCData.cpp).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from loadwatch.metrics.calendar import week_starts
from loadwatch.metrics.exact import above, below
from loadwatch.vocabulary import ACWR_CAUTION, ACWR_DANGER, ACWR_LOW, ACWR_ZONES

CHRONIC_DAYS = 28
ACUTE_DAYS = 7


def _from_day_28(values: pd.Series) -> pd.Series:
    positions = np.arange(len(values))
    return values.where(positions >= CHRONIC_DAYS - 1)


def _divide(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator).where(denominator != 0)


def acwr_coupled(daily: pd.Series) -> pd.Series:
    """A / (C28 / 4): A the last 7 days' sum, C28 the last 28 days' (A included)."""
    acute = daily.rolling(ACUTE_DAYS, min_periods=1).sum()
    chronic = daily.rolling(CHRONIC_DAYS, min_periods=1).sum()
    return _from_day_28(_divide(acute, chronic / 4))


def acwr_uncoupled(daily: pd.Series) -> pd.Series:
    """A / ((C28 - A) / 3): the chronic window without the acute week."""
    acute = daily.rolling(ACUTE_DAYS, min_periods=1).sum()
    chronic = daily.rolling(CHRONIC_DAYS, min_periods=1).sum()
    return _from_day_28(_divide(acute, (chronic - acute) / 3))


def ewma(daily: pd.Series, days: int) -> pd.Series:
    """E_t = lambda L_t + (1 - lambda) E_{t-1}, lambda = 2/(days+1), E_0 = L_0."""
    return daily.ewm(alpha=2 / (days + 1), adjust=False).mean()


def acwr_ewma(daily: pd.Series) -> pd.Series:
    """EWMA acute (7) over EWMA chronic (28), both seeded with the first day."""
    return _from_day_28(_divide(ewma(daily, ACUTE_DAYS), ewma(daily, CHRONIC_DAYS)))


def acwr_zone(value: float | None) -> str | None:
    """Low (< 0.8), sweet spot (0.8-1.3), caution (1.3-1.5], danger (> 1.5)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    low, sweet_spot, caution, danger = ACWR_ZONES
    if below(value, ACWR_LOW):
        return low
    if not above(value, ACWR_CAUTION):
        return sweet_spot
    return caution if not above(value, ACWR_DANGER) else danger


def monotony_and_strain(daily: pd.Series, today, week_start: str = "monday") -> pd.DataFrame:
    """Per week: total load, monotony (mean / population SD of 7 daily loads) and strain.

    Monotony is null when the SD is 0 (all days equal) and for the current,
    unfinished week (its last days have not happened yet). Strain = the
    week's load x monotony. Foster flagged monotony above 2.0.
    """
    if daily.empty:
        return pd.DataFrame(columns=["load", "monotony", "strain"],
                            index=pd.DatetimeIndex([], name="week_start"))
    first = week_starts(daily.index[:1], week_start)[0]
    weeks = -(-((daily.index[-1] - first).days + 1) // 7)
    days = pd.date_range(first, periods=7 * weeks, freq="D")
    # Days before the first activity are rest days; days after the series end
    # have not happened (they only make the last week unfinished).
    loads = daily.reindex(days, fill_value=0.0).to_numpy(dtype=float).reshape(weeks, 7)
    totals = loads.sum(axis=1)
    spread = loads.std(axis=1, ddof=0)
    finished = days[6::7] <= pd.Timestamp(today)
    with np.errstate(divide="ignore", invalid="ignore"):
        monotony = np.where(finished & (spread > 0), loads.mean(axis=1) / spread, np.nan)
    return pd.DataFrame({"load": totals, "monotony": monotony, "strain": totals * monotony},
                        index=pd.DatetimeIndex(days[::7], name="week_start"))


def performance(daily: pd.Series) -> pd.DataFrame:
    """CTL (42-day), ATL (7-day), TSB (yesterday's CTL - ATL) and ramp (CTL_t - CTL_{t-7}).

    Exponential decay with a zero day before the first activity:
    CTL_t = L_t (1 - e^(-1/42)) + CTL_{t-1} e^(-1/42), ATL likewise with 7.
    """
    padded = pd.concat([pd.Series([0.0]), pd.Series(daily.to_numpy(dtype=float))],
                       ignore_index=True)
    ctl = padded.ewm(alpha=1 - math.exp(-1 / 42), adjust=False).mean().to_numpy()
    atl = padded.ewm(alpha=1 - math.exp(-1 / 7), adjust=False).mean().to_numpy()
    frame = pd.DataFrame({"ctl": ctl[1:], "atl": atl[1:], "tsb": (ctl - atl)[:-1]},
                         index=daily.index)
    frame["ramp"] = frame["ctl"] - frame["ctl"].shift(7, fill_value=0.0)
    return frame
