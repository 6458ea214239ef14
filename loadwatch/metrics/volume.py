"""Weekly running distance, the 10% rule and its bands, and single-run spikes.

- Weekly change c = (W_t - W_{t-1}) / W_{t-1} * 100; null for the first week
  and after a zero week. The 10% rule (Runner's World, "Hip pain after
  running"; a rule of thumb, Buist et al. 2008, Am J Sports Med 36:33-39) is
  exceeded when c > 10.
- Bands after Nielsen et al. 2014, JOSPT 44(10):739-747, whose lowest group is
  "less than 10% or regression", split here at zero: regression (c < 0), <10%
  (0 <= c <= 10: an unchanged week is no regression), 10-30% (10 < c <= 30),
  >30% (c > 30).
- Single-run spikes after Frandsen et al. 2025, BJSM 59(17):1203-1210: a run's
  distance over the longest run in the 30 days before it.
Boundaries are judged exactly on whole metres (``loadwatch.metrics.exact``).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pandas as pd

from loadwatch.metrics.calendar import week_starts
from loadwatch.metrics.exact import percent_change
from loadwatch.vocabulary import CHANGE_BANDS, SPIKE_BANDS

SPIKE_WINDOW = pd.Timedelta(days=30)


def change_band(change: Fraction | None) -> str | None:
    """Nielsen et al. 2014's band of a weekly change.

    Parameters
    ----------
    change : fractions.Fraction or None
        Weekly change, percent, exact (:func:`exact.percent_change`).

    Returns
    -------
    str or None
        ``regression`` (c < 0), ``<10%`` (0 <= c <= 10), ``10-30%`` (10 < c <=
        30) or ``>30%`` (c > 30); None when the change is undefined.
    """
    if change is None:
        return None
    regression, small, medium, large = CHANGE_BANDS
    if change < 0:
        return regression
    if change <= 10:
        return small
    return medium if change <= 30 else large


def _band_of(run_m: int, longest_m: int) -> str:
    """``spike_band(Fraction(run_m, longest_m))`` in integer arithmetic."""
    reference, small, moderate, large = SPIKE_BANDS
    if 10 * run_m <= 11 * longest_m:
        return reference
    if 10 * run_m <= 13 * longest_m:
        return small
    return moderate if run_m <= 2 * longest_m else large


def spike_band(spike: Fraction | None) -> str | None:
    """Frandsen et al. 2025's band of a single-run spike ratio.

    Parameters
    ----------
    spike : fractions.Fraction or None
        A run's distance over the longest run of the 30 days before it, exact.

    Returns
    -------
    str or None
        ``reference`` (up to 1.10), ``small`` (to 1.30), ``moderate`` (to 2.00)
        or ``large`` (above); None without a ratio.
    """
    if spike is None:
        return None
    reference, small, moderate, large = SPIKE_BANDS
    if spike <= Fraction(11, 10):
        return reference
    if spike <= Fraction(13, 10):
        return small
    return moderate if spike <= 2 else large


def weekly_volume(daily_m: pd.Series, week_start: str = "monday") -> pd.DataFrame:
    """Weekly running distance with its change, its band and the 10% verdict.

    Parameters
    ----------
    daily_m : pandas.Series
        Running distance per day, m, on a daily index (rest days 0).
    week_start : str, default "monday"
        A word of ``vocabulary.WEEKDAYS``.

    Returns
    -------
    pandas.DataFrame
        Per ``week_start``: ``distance_m``, ``change_pct`` (percent, NaN when
        undefined), ``band`` (:func:`change_band`), ``exceeds_10pct`` (bool or
        None) and ``vs_4wk_avg_pct`` (against the mean of the previous four
        weeks; NaN until four weeks exist or when that mean is 0).
    """
    starts = week_starts(daily_m.index, week_start)
    weekly = daily_m.groupby(starts).sum().rename("distance_m").to_frame()
    weekly.index.name = "week_start"
    distances = weekly["distance_m"].tolist()
    changes = [None] + [percent_change(now, before)
                        for before, now in itertools.pairwise(distances)]
    weekly["change_pct"] = [np.nan if c is None else float(c) for c in changes]
    weekly["band"] = [change_band(c) for c in changes]
    weekly["exceeds_10pct"] = [None if c is None else bool(c > 10) for c in changes]
    previous_mean = weekly["distance_m"].shift(1).rolling(4, min_periods=4).mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        versus = (weekly["distance_m"] - previous_mean) / previous_mean * 100
    weekly["vs_4wk_avg_pct"] = versus.where(previous_mean > 0)
    return weekly


def run_spikes(runs: pd.DataFrame) -> pd.DataFrame:
    """Each run's single-run spike ratio and band (Frandsen et al. 2025).

    Parameters
    ----------
    runs : pandas.DataFrame
        ``start_time`` (UTC) and ``distance_m`` (m), one row per run.

    Returns
    -------
    pandas.DataFrame
        On the same index: ``spike_ratio``, the run's distance over the
        longest run in ``[start - 30 days, start)`` (the run itself excluded;
        NaN without an earlier run in that window), judged in whole metres,
        and ``spike_band`` (:func:`spike_band`).
    """
    order = runs.sort_values("start_time", kind="stable")
    if order.empty:
        return pd.DataFrame({"spike_ratio": [], "spike_band": []}, index=order.index)
    times = pd.to_datetime(order["start_time"], utc=True).dt.tz_localize(None).to_numpy()
    # Whole metres, as ``exact.ratio`` judges them (round half to even, like round()).
    whole = np.round(np.nan_to_num(order["distance_m"].to_numpy(dtype=float))).astype(np.int64)
    low = np.searchsorted(times, times - SPIKE_WINDOW.to_timedelta64(), side="left")
    high = np.minimum(np.searchsorted(times, times, side="left"),  # runs strictly before
                      np.arange(len(times)))
    longest = np.array([whole[a:b].max() if b > a else -1 for a, b in
                        zip(low, high, strict=True)], dtype=np.int64)
    ratios = np.full(len(times), np.nan)
    known = longest > 0
    ratios[known] = whole[known] / longest[known]  # float(Fraction(a, b)) == a / b here
    bands = [None if top <= 0 else _band_of(metres_run, top)
             for metres_run, top in zip(whole, longest, strict=True)]
    result = pd.DataFrame({"spike_ratio": ratios, "spike_band": bands}, index=order.index)
    return result.reindex(runs.index)
