"""Terrain and intensity rules: jumps in hill or hard running, and a change of surface.

Lower-evidence heuristics, so info: a week with 10 points more hill running
or 15 points more hard running than the four weeks before it, and a week
whose surface mix moved by more than 40 points, a switch to a surface never
run on before included (in a week with a known surface, one not run on is a
share of 0, not unknown). Distance of unknown surface is no change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pandas as pd

from loadwatch.metrics.exact import EPSILON
from loadwatch.metrics.training import SHARE_COLUMNS, SURFACE_COLUMNS
from loadwatch.risk.cards import Finding
from loadwatch.risk.context import Context

HILL_JUMP = 0.10
HARD_JUMP = 0.15
SURFACE_JUMP = 0.4


def intensity_jumps(weeks: pd.DataFrame, context: Context, since: date) -> Iterator[Finding]:
    """More hills or hard running than the four weeks before (info)."""
    for column, limit, conditions in (
            ("hill_share", HILL_JUMP, ("gluteal_tendinopathy", "iliopsoas_bursitis",
                                       "hip_flexor_strain")),
            (SHARE_COLUMNS["hard"], HARD_JUMP, ("hip_flexor_strain", "gluteal_tendinopathy"))):
        values = weeks[column].astype(float)
        before = values.shift(1).rolling(4, min_periods=2).mean()
        for start, value, base in zip(pd.DatetimeIndex(values.index), values.tolist(),
                                      before.tolist(), strict=True):
            if (start.date() < since or value != value or base != base
                    or value - base <= limit + EPSILON):
                continue
            what = "hills" if column == "hill_share" else "hard running"
            yield Finding(start.date() + timedelta(days=6), start.date(), "overuse", "info",
                          f"{column}_jump", f"More {what} than usual",
                          f"{value:.0%} of the week of {start:%d %b} was {what}, against "
                          f"{base:.0%} in the weeks before.", "hills",
                          context.week_ids.get(start.date(), ()), conditions,
                          f"Add {what} gradually; strengthen the hips (monster walks, "
                          "single-leg deadlifts).")


def surface_change(weeks: pd.DataFrame, context: Context, since: date) -> Iterator[Finding]:
    """A week whose surface mix moved by more than 40 points (info)."""
    shares = _shares(weeks)
    # In a week with a known surface, a surface not run on is a share of 0, not
    # unknown: a switch to a surface never used before is the largest change.
    known = shares.notna().any(axis=1)
    shares.loc[known] = shares.loc[known].fillna(0.0)
    before = shares.shift(1).rolling(4, min_periods=2).mean()
    changes = shares - before
    peaks = changes.abs().max(axis=1, skipna=True)
    for start in peaks.index[peaks > SURFACE_JUMP + EPSILON]:
        if start.date() < since:
            continue
        surface = changes.loc[start].idxmax()  # the surface the week moved to
        share_before = before.loc[start, surface]
        was = ("a surface you had not run on in the weeks before" if share_before <= EPSILON
               else f"against {share_before:.0%} before")
        yield Finding(start.date() + timedelta(days=6), start.date(), "overuse", "info",
                      "surface_change", f"Abrupt change of surface ({surface})",
                      f"{shares.loc[start, surface]:.0%} of the week of {start:%d %b} was on "
                      f"{surface}, {was}. (A lower-evidence heuristic.)", "surface",
                      context.week_ids.get(start.date(), ()), ("hip_pointer",),
                      "Change surfaces over a few weeks; take care on technical trails.")


def _shares(weeks: pd.DataFrame) -> pd.DataFrame:
    """Each known surface's share of each week's running (NaN in a week without one)."""
    surfaces = sorted(s for s in SURFACE_COLUMNS if s != "unknown")
    known = weeks[[SURFACE_COLUMNS[s] for s in surfaces]].set_axis(surfaces, axis=1)
    total = known.sum(axis=1)
    return known.div(total.where(total > 0), axis=0)
