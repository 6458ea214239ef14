"""Risk flags: evidence-weighted rules over the load engine's frames and the diary (pure).

A flag (``loadwatch.flags.Flag``) is one card per event: every rule that
fires on the same week, its runs included, is one of the card's reasons, the
most severe deciding its severity (``risk.cards``). Each reason says what
happened with the numbers in the athlete's units, the evidence behind it (what
the study found, non-significance said) and what to do; the flag's ``kind``
names what that evidence covers. Red flags of the diary always come first.

The rules, strongest evidence first:

- Single-run spikes (Frandsen et al. 2025), the main distance signal: small
  and moderate a caution, large high; "building your reference" in the first
  30 days of history (``risk.distance``).
- Weekly change over 30% (Nielsen et al. 2014, p = .07): high on a stable base,
  else a caution; over 10% (the 10% rule; Buist et al. 2008 found no
  protection) info; after a (near-)zero week no percentage but distance.
- A return after three or more weeks off is its own mode: the first four weeks
  back are compared with the weeks before the break, with a suggested
  progression (``risk.context``, ``risk.distance``).
- The acute:chronic ratios (Williams et al. 2017; contested): at most a
  caution, never while the chronic load is too small to divide by
  (``risk.load``); monotony, strain (Foster 1998), rising weeks and days
  without rest; jumps in hill or hard running and a change of surface
  (``risk.terrain``), lower-evidence hints.
- Pain of 3/10 or more in the 14 days before, or a bone-stress profile
  (``settings.bone``), tightens the lines to 5% and 20% a week and ratios of
  1.2 and 1.4; the rule's name and the sentence quote the line in force.
- Every red flag of the diary, and running on after a stop-running entry
  (``triage.escalation``: the diary's triage decides their urgency).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from loadwatch.flags import Flag
from loadwatch.risk import context as risk_context
from loadwatch.risk.cards import cards
from loadwatch.risk.distance import spikes, weekly_change
from loadwatch.risk.load import acwr, monotony_strain, no_rest, rising_weeks
from loadwatch.risk.terrain import intensity_jumps, surface_change
from loadwatch.triage.escalation import diary_flags
from loadwatch.vocabulary import SEVERITY_ORDER

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry
    from loadwatch.settings import Settings

__all__ = ["Flag", "risk_flags"]


def risk_flags(activities: pd.DataFrame, days: pd.DataFrame, weeks: pd.DataFrame,
               diary: list[TriagedEntry], settings: Settings,
               since: date | None = None) -> list[Flag]:
    """Every risk flag, red flags and the most severe first, then by date.

    The rules still read the whole history (baselines, breaks, episodes) when
    ``since`` is given, so a flag is the same with or without it; ``since``
    only spares building the cards of older weeks (a weekly summary needs one
    week's).

    Parameters
    ----------
    activities : pandas.DataFrame
        As ``metrics.training.activity_metrics`` returns it (``sport``,
        ``start_time`` UTC, ``distance_m`` m, ``spike_ratio``, ``spike_band``,
        ``id``).
    days : pandas.DataFrame
        As ``daily_metrics`` returns it (``load``, ``distance_km``,
        ``acwr_ewma``, ``distance_acwr_ewma``).
    weeks : pandas.DataFrame
        As ``weekly_metrics`` returns it.
    diary : list of TriagedEntry
        The diary with its triage.
    settings : Settings
        The time zone and week start that place runs in weeks, the units of
        every sentence, the bone-stress profile.
    since : datetime.date, optional
        Keep only flags dated that day or later (and undated ones).

    Returns
    -------
    list of Flag
        Sorted by severity (urgent, high, caution, info), then date.
    """
    if weeks.empty:
        return _dated_from(diary_flags(diary, pd.DataFrame(), None), since)
    context = risk_context.build(activities, weeks, diary, settings)
    # A card is dated within its week: weeks ending before ``since`` have none to show.
    first_week = date.min if since is None else context.week(since)
    findings = [*spikes(context, first_week), *weekly_change(weeks, context, first_week),
                *acwr(days, context, first_week), *monotony_strain(weeks, context, first_week),
                *rising_weeks(weeks, context, first_week), *no_rest(days, context, first_week),
                *intensity_jumps(weeks, context, first_week),
                *surface_change(weeks, context, first_week)]
    recent_diary = diary if since is None else [e for e in diary if e.entry.date >= since]
    runs = activities[activities["sport"] == "running"]
    flags = [*cards(findings), *diary_flags(recent_diary, runs, settings)]
    return sorted(_dated_from(flags, since),
                  key=lambda f: (SEVERITY_ORDER[f.severity], f.date or date.min))


def _dated_from(flags: Iterable[Flag], since: date | None) -> list[Flag]:
    if since is None:
        return list(flags)
    return [f for f in flags if f.date is None or f.date >= since]
