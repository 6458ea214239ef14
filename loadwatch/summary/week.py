"""The weekly summary as data: :class:`Summary`, built from the frames, the diary and the flags.

A red flag stands above everything and replaces the training suggestion with
"see a clinician". Distances are km here; the renderers write the athlete's
units.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from loadwatch.diary import still_open
from loadwatch.flags import Flag
from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.metrics.ahead import (
    FitnessRamp,
    LongRunLimit,
    fitness_ramp,
    long_run_limit,
    run_distances,
)
from loadwatch.metrics.json_rows import intensity_mix, surface_km
from loadwatch.summary.ahead import (
    AcwrReading,
    Suggestion,
    acwr_reading,
    first_weeks_back,
    suggestion,
)
from loadwatch.vocabulary import URGENCY_TEXT

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry
    from loadwatch.settings import Settings

__all__ = ["AcwrReading", "ClinicianNote", "DiaryNote", "Suggestion", "Summary",
           "build_summary", "suggestion"]


@dataclass(frozen=True)
class DiaryNote:
    """A diary entry of the week as the summary lists it (its top three conditions)."""

    date: datetime.date
    location: str
    pain: int
    urgency: str
    conditions: tuple[tuple[str, str], ...] = ()  # (id, name)

    def as_dict(self) -> dict[str, object]:
        """``date`` (ISO), ``location``, ``pain``, ``urgency`` and ``conditions`` (id, name)."""
        return {"date": self.date.isoformat(), "location": self.location, "pain": self.pain,
                "urgency": self.urgency,
                "conditions": [{"id": i, "name": name} for i, name in self.conditions]}


@dataclass(frozen=True)
class ClinicianNote:
    """A diary red flag of an earlier week that is still open (no later all-clear entry)."""

    title: str
    why: str

    def as_dict(self) -> dict[str, str]:
        """``{"title": ..., "why": ...}``."""
        return {"title": self.title, "why": self.why}


@dataclass(frozen=True)
class Summary:
    """Everything the weekly summary says. Distances in km, whatever the units.

    Attributes
    ----------
    week_start, week_end : datetime.date
        The week's first and last local day.
    units, timezone : str
        The athlete's distance unit (for the text) and time zone.
    distance_km, runs : float, int
        The week's running.
    previous_distance_km, previous_runs : float or None, int or None
        The week before's.
    four_week_average_km : float or None
        The mean of the four weeks before (None with fewer).
    change_pct, band, exceeds_10pct : float, str, bool or None
        The change on the week before, its band and the 10% verdict.
    longest_run_km, spike_ratio, spike_band : float, float, str or None
        The week's longest run and its biggest single-run spike.
    acwr : AcwrReading or None
        The ratio on the week's last day.
    intensity : mapping of str to float or None
        Shares of easy, moderate and hard time.
    surface_km : mapping of str to float
        km per surface.
    flags : tuple of Flag
        The week's risk flags but its red flags.
    diary : tuple of DiaryNote
        The week's diary entries.
    red_flags : tuple of Flag or ClinicianNote
        Urgent flags, the week's diary warning signs and those of earlier
        weeks still open: they come first.
    long_run : LongRunLimit or None
        The longest run of the 30 days to the week's end, and the longest next
        run within 10% of it (``metrics.ahead.long_run_limit``).
    ramp : FitnessRamp or None
        The ramp rate of fitness on the week's last day, CTL points a week.
    dashboard_url : str or None
        A link to the dashboard.
    suggestion : Suggestion
        Next week, with its distance range (``summary.ahead.suggestion``).
    """

    week_start: datetime.date
    week_end: datetime.date
    units: str
    timezone: str
    distance_km: float
    runs: int
    previous_distance_km: float | None
    previous_runs: int | None
    four_week_average_km: float | None
    change_pct: float | None
    band: str | None
    exceeds_10pct: bool | None
    longest_run_km: float | None
    spike_ratio: float | None
    spike_band: str | None
    acwr: AcwrReading | None
    intensity: Mapping[str, float] | None
    surface_km: Mapping[str, float]
    flags: tuple[Flag, ...]
    diary: tuple[DiaryNote, ...]
    red_flags: tuple[Flag | ClinicianNote, ...]
    long_run: LongRunLimit | None
    ramp: FitnessRamp | None
    dashboard_url: str | None
    suggestion: Suggestion

    def as_dict(self) -> dict[str, object]:
        """The summary as ``loadwatch summary --format json`` prints it."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(
            week_start=self.week_start.isoformat(), week_end=self.week_end.isoformat(),
            acwr=None if self.acwr is None else self.acwr.as_dict(),
            intensity=None if self.intensity is None else dict(self.intensity),
            surface_km=dict(self.surface_km), flags=[f.as_dict() for f in self.flags],
            diary=[d.as_dict() for d in self.diary],
            red_flags=[r.as_dict() for r in self.red_flags],
            long_run=None if self.long_run is None else self.long_run.as_dict(),
            ramp=None if self.ramp is None else self.ramp.as_dict())
        suggested = values.pop("suggestion")
        return {**values, "not_a_diagnosis": NOT_A_DIAGNOSIS,
                "suggestion": suggested.as_dict()}


def build_summary(week_start: datetime.date, days: pd.DataFrame, weeks: pd.DataFrame,
                  diary: list[TriagedEntry], flags: list[Flag], settings: Settings,
                  activities: pd.DataFrame | None = None) -> Summary:
    """Everything the weekly summary of one week says.

    Parameters
    ----------
    week_start : datetime.date
        The week's first day.
    days, weeks : pandas.DataFrame
        The daily series and the weeks (``metrics.training``).
    diary : list of TriagedEntry
        The diary with its triage (the week's entries are picked).
    flags : list of Flag
        Risk flags (the week's are picked).
    settings : Settings
        Units, time zone and the dashboard's address.
    activities : pandas.DataFrame, optional
        The activities (``metrics.training.activity_metrics``), for the
        longest next run; without them there is none.

    Returns
    -------
    Summary
        A week without runs (or without any data) still has its summary.
    """
    start = pd.Timestamp(week_start)
    end = start + pd.Timedelta(days=6)
    first, last = start.date(), end.date()
    week_flags = tuple(f for f in flags if f.date and first <= f.date <= last)
    red = _red_flags(week_flags, diary, first, last)
    numbers = _week_numbers(_row(weeks, start), _row(weeks, start - pd.Timedelta(days=7)))
    numbers["four_week_average_km"] = average = _four_week_average(weeks, start)
    returning = first_weeks_back(weeks, start)
    acwr = None if returning else acwr_reading(days, end)  # no ratio in the first weeks back
    runs = run_distances(activities if activities is not None else pd.DataFrame(),
                         settings.timezone)
    return Summary(
        week_start=first, week_end=last, units=settings.units, timezone=settings.timezone,
        **numbers, acwr=acwr, flags=tuple(f for f in week_flags if not f.is_red),
        diary=tuple(_note(e) for e in diary if first <= e.entry.date <= last), red_flags=red,
        long_run=long_run_limit(runs, last), ramp=fitness_ramp(days, last),
        dashboard_url=settings.dashboard_url,
        suggestion=suggestion(numbers["distance_km"], week_flags, acwr, bool(red), average,
                              returning))


def _week_numbers(week: dict[Any, Any] | None, previous: dict[Any, Any] | None
                  ) -> dict[str, Any]:
    """The summary's fields read off the week's row and the week before's."""
    return dict(
        distance_km=_float(week, "distance_km", 0.0) or 0.0,
        runs=int(week["runs"]) if week is not None else 0,
        previous_distance_km=_float(previous, "distance_km"),
        previous_runs=int(previous["runs"]) if previous is not None else None,
        change_pct=_float(week, "change_pct"), band=_text(week, "band"),
        exceeds_10pct=None if week is None or _missing(week["exceeds_10pct"]) else bool(
            week["exceeds_10pct"]),
        longest_run_km=_float(week, "longest_run_km"), spike_ratio=_float(week, "spike_ratio"),
        spike_band=_text(week, "spike_band"),
        intensity=None if week is None else intensity_mix(week),
        surface_km={} if week is None else surface_km(week))


def _red_flags(week_flags: tuple[Flag, ...], diary: list[TriagedEntry], first: datetime.date,
               last: datetime.date) -> tuple[Flag | ClinicianNote, ...]:
    """The week's red flags, then those of earlier entries still open."""
    return (*[f for f in week_flags if f.is_red],
            *[ClinicianNote(f"Still open from {e.entry.date:%d %b}",
                            f"{URGENCY_TEXT[e.triage.urgency]} {r.reason}")
              for e in still_open(diary, first, last) for r in e.triage.red_flags])


def _note(item: TriagedEntry) -> DiaryNote:
    entry = item.entry
    return DiaryNote(entry.date, entry.location, entry.pain, item.triage.urgency,
                     tuple((c.id, c.name) for c in item.triage.conditions[:3]))


def _row(frame: pd.DataFrame, start: pd.Timestamp) -> dict[Any, Any] | None:
    return frame.loc[start].to_dict() if start in frame.index else None


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _float(row, column: str, default: float | None = None) -> float | None:
    if row is None or _missing(row[column]):
        return default
    return float(row[column])


def _text(row, column: str) -> str | None:
    if row is None or _missing(row[column]) or pd.isna(row[column]):
        return None
    return str(row[column])


def _four_week_average(weeks: pd.DataFrame, start: pd.Timestamp) -> float | None:
    if weeks.empty:
        return None
    before = weeks[(weeks.index < start) & (weeks.index >= start - pd.Timedelta(weeks=4))]
    return float(before["distance_km"].mean()) if len(before) == 4 else None
