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
- CTL, ATL and TSB as Coggan's performance-management chart, computed as
  GoldenCheetah's PMC does (time constants 42 and 7 days).

References
----------
.. [1] Gabbett T.J. (2016). The training-injury prevention paradox. Br J Sports
   Med 50:273-280.
.. [2] Lolli L. et al. (2019). Mathematical coupling causes spurious
   correlation within the conventional acute-to-chronic workload ratio
   calculations. Br J Sports Med 53:921-922.
.. [3] Williams S. et al. (2017). Better way to determine the acute:chronic
   workload ratio? Br J Sports Med 51:209-210.
.. [4] Foster C. (1998). Monitoring training in athletes with reference to
   overtraining syndrome. Med Sci Sports Exerc 30(7):1164-1168.
.. [5] Allen H., Coggan A. Training and Racing with a Power Meter (the
   performance-management chart); GoldenCheetah, src/Metrics/PMCData.cpp.
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
FITNESS_DAYS = 42  # CTL time constant
FATIGUE_DAYS = 7  # ATL time constant


def _from_day_28(values: pd.Series) -> pd.Series:
    positions = np.arange(len(values))
    return values.where(positions >= CHRONIC_DAYS - 1)


def _divide(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator).where(denominator != 0)


def acwr_coupled(daily: pd.Series) -> pd.Series:
    """Coupled rolling acute:chronic ratio (Gabbett 2016 [1]_).

    Parameters
    ----------
    daily : pandas.Series
        Daily load (points) or distance (m) on a complete daily index, rest days 0.

    Returns
    -------
    pandas.Series
        A / (C28 / 4), A the last 7 days' sum and C28 the last 28 days' (A
        included); NaN for the first 27 days and where C28 is 0.
    """
    acute = daily.rolling(ACUTE_DAYS, min_periods=1).sum()
    chronic = daily.rolling(CHRONIC_DAYS, min_periods=1).sum()
    return _from_day_28(_divide(acute, chronic / 4))


def acwr_uncoupled(daily: pd.Series) -> pd.Series:
    """Uncoupled rolling acute:chronic ratio (Lolli et al. 2019 [2]_).

    Parameters
    ----------
    daily : pandas.Series
        Daily load (points) or distance (m) on a complete daily index, rest days 0.

    Returns
    -------
    pandas.Series
        A / ((C28 - A) / 3): the chronic window without the acute week; NaN
        for the first 27 days and where the three weeks before hold nothing.
    """
    acute = daily.rolling(ACUTE_DAYS, min_periods=1).sum()
    chronic = daily.rolling(CHRONIC_DAYS, min_periods=1).sum()
    return _from_day_28(_divide(acute, (chronic - acute) / 3))


def ewma(daily: pd.Series, days: int) -> pd.Series:
    """Exponentially weighted moving average of Williams et al. 2017 [3]_.

    Parameters
    ----------
    daily : pandas.Series
        Daily values, complete daily index.
    days : int
        The time span N: 7 (acute) or 28 (chronic).

    Returns
    -------
    pandas.Series
        E_t = lambda L_t + (1 - lambda) E_{t-1} with lambda = 2 / (N + 1)
        (0.25 for 7 days, 0.069 for 28), seeded with the first day: E_0 = L_0.
    """
    return daily.ewm(alpha=2 / (days + 1), adjust=False).mean()


def acwr_ewma(daily: pd.Series) -> pd.Series:
    """EWMA acute:chronic ratio (Williams et al. 2017 [3]_), loadwatch's headline ratio.

    Parameters
    ----------
    daily : pandas.Series
        Daily load (points) or distance (m) on a complete daily index, rest days 0.

    Returns
    -------
    pandas.Series
        :func:`ewma` over 7 days divided by :func:`ewma` over 28; NaN for the
        first 27 days and where the chronic average is 0.
    """
    return _from_day_28(_divide(ewma(daily, ACUTE_DAYS), ewma(daily, CHRONIC_DAYS)))


def acwr_zone(value: float | None) -> str | None:
    """The zone of an acute:chronic ratio (after Gabbett 2016 [1]_).

    Parameters
    ----------
    value : float or None
        The ratio.

    Returns
    -------
    str or None
        ``low`` (below 0.8), ``sweet spot`` (0.8 to 1.3), ``caution`` (above
        1.3 to 1.5) or ``danger`` (above 1.5), the words and bounds of
        ``loadwatch.vocabulary``; None for a missing ratio.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    low, sweet_spot, caution, danger = ACWR_ZONES
    if below(value, ACWR_LOW):
        return low
    if not above(value, ACWR_CAUTION):
        return sweet_spot
    return caution if not above(value, ACWR_DANGER) else danger


def monotony_and_strain(daily: pd.Series, today, week_start: str = "monday") -> pd.DataFrame:
    """Weekly load, monotony and strain (Foster 1998 [4]_).

    Parameters
    ----------
    daily : pandas.Series
        Daily load, points, on a complete daily index.
    today : date-like
        Weeks ending after it are unfinished.
    week_start : str, default "monday"
        A word of ``vocabulary.WEEKDAYS``.

    Returns
    -------
    pandas.DataFrame
        Per ``week_start``: ``load`` (the week's total), ``monotony`` (mean /
        population SD of the 7 daily loads; NaN when the SD is 0 or the week
        is unfinished) and ``strain`` (load x monotony). Foster flagged
        monotony above 2.0.
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
    """Fitness, fatigue, form and ramp: Coggan's performance-management chart [5]_.

    Parameters
    ----------
    daily : pandas.Series
        Daily load, points, on a complete daily index.

    Returns
    -------
    pandas.DataFrame
        On the same index: ``ctl`` (fitness, time constant 42 days), ``atl``
        (fatigue, 7 days), ``tsb`` (form: yesterday's CTL - ATL) and ``ramp``
        (CTL_t - CTL_{t-7}). With a zero day before the first activity,
        CTL_t = L_t (1 - e^(-1/42)) + CTL_{t-1} e^(-1/42), ATL likewise with 7.
    """
    padded = pd.concat([pd.Series([0.0]), pd.Series(daily.to_numpy(dtype=float))],
                       ignore_index=True)
    ctl = padded.ewm(alpha=1 - math.exp(-1 / FITNESS_DAYS), adjust=False).mean().to_numpy()
    atl = padded.ewm(alpha=1 - math.exp(-1 / FATIGUE_DAYS), adjust=False).mean().to_numpy()
    frame = pd.DataFrame({"ctl": ctl[1:], "atl": atl[1:], "tsb": (ctl - atl)[:-1]},
                         index=daily.index)
    frame["ramp"] = frame["ctl"] - frame["ctl"].shift(7, fill_value=0.0)
    return frame
