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
from loadwatch.metrics.json_rows import intensity_mix, surface_km
from loadwatch.metrics.ratios import acwr_zone
from loadwatch.vocabulary import ACWR_RAISED_ZONES, URGENCY_TEXT

if TYPE_CHECKING:
    from loadwatch.diary import TriagedEntry
    from loadwatch.settings import Settings

CUT_BACK = 0.75  # a cut-back week: about a quarter less


@dataclass(frozen=True)
class AcwrReading:
    """The EWMA acute:chronic load ratio on the week's last day, and its zone."""

    value: float
    zone: str

    def as_dict(self) -> dict[str, object]:
        """``{"value": ..., "zone": ...}``."""
        return {"value": self.value, "zone": self.zone}


@dataclass(frozen=True)
class Suggestion:
    """Next week: its kind, the words, and a distance range (km) when there is one.

    ``kind`` is ``see_clinician``, ``restart``, ``cut_back``, ``hold`` or ``build``.
    """

    kind: str
    text: str
    low_km: float | None = None
    high_km: float | None = None

    def as_dict(self) -> dict[str, object]:
        """``kind``, ``low_km`` and ``high_km`` (when there is a range), ``text``."""
        distance = {} if self.low_km is None else {"low_km": self.low_km,
                                                  "high_km": self.high_km}
        return {"kind": self.kind, **distance, "text": self.text}


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
    dashboard_url : str or None
        A link to the dashboard.
    suggestion : Suggestion
        Next week.
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
            red_flags=[r.as_dict() for r in self.red_flags])
        suggested = values.pop("suggestion")
        return {**values, "not_a_diagnosis": NOT_A_DIAGNOSIS,
                "suggestion": suggested.as_dict()}


def build_summary(week_start: datetime.date, days: pd.DataFrame, weeks: pd.DataFrame,
                  diary: list[TriagedEntry], flags: list[Flag], settings: Settings) -> Summary:
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

    Returns
    -------
    Summary
        A week without runs (or without any data) still has its summary.
    """
    start = pd.Timestamp(week_start)
    end = start + pd.Timedelta(days=6)
    first, last = start.date(), end.date()
    week = _row(weeks, start)
    previous = _row(weeks, start - pd.Timedelta(days=7))
    week_flags = tuple(f for f in flags if f.date and first <= f.date <= last)
    entries = [e for e in diary if first <= e.entry.date <= last]
    red = _red_flags(week_flags, diary, first, last)
    distance, acwr = _float(week, "distance_km", 0.0) or 0.0, _acwr(days, end)
    return Summary(
        week_start=first, week_end=last, units=settings.units, timezone=settings.timezone,
        distance_km=distance, runs=int(week["runs"]) if week is not None else 0,
        previous_distance_km=_float(previous, "distance_km"),
        previous_runs=int(previous["runs"]) if previous is not None else None,
        four_week_average_km=_four_week_average(weeks, start),
        change_pct=_float(week, "change_pct"), band=_text(week, "band"),
        exceeds_10pct=None if week is None or _missing(week["exceeds_10pct"]) else bool(
            week["exceeds_10pct"]),
        longest_run_km=_float(week, "longest_run_km"), spike_ratio=_float(week, "spike_ratio"),
        spike_band=_text(week, "spike_band"), acwr=acwr,
        intensity=None if week is None else intensity_mix(week),
        surface_km={} if week is None else surface_km(week),
        flags=tuple(f for f in week_flags if not f.is_red),
        diary=tuple(_note(e) for e in entries), red_flags=red,
        dashboard_url=settings.dashboard_url,
        suggestion=suggestion(distance, week_flags, acwr, bool(red)))


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


def _acwr(days: pd.DataFrame, end: pd.Timestamp) -> AcwrReading | None:
    if days.empty or end not in days.index:
        return None
    value = float(days["acwr_ewma"].to_numpy()[days.index.get_loc(end)])
    if _missing(value):
        return None
    return AcwrReading(value, str(acwr_zone(value)))


def suggestion(distance_km: float, flags: tuple[Flag, ...], acwr: AcwrReading | None,
               red_flag: bool) -> Suggestion:
    """Next week: a distance range that respects the flags, a cut-back, or a clinician.

    Parameters
    ----------
    distance_km : float
        This week's running, km.
    flags : tuple of Flag
        This week's risk flags.
    acwr : AcwrReading or None
        The ratio on the week's last day.
    red_flag : bool
        Whether a red flag stands.

    Returns
    -------
    Suggestion
        See a clinician when a red flag stands (never a plan instead); a
        restart after a week without runs; a cut-back (70-75% of this week)
        after a high flag or an ACWR in the caution or danger zone; hold (90-100%)
        after a caution flag; else build gently (100-110%, the 10% rule of thumb).
    """
    if red_flag:
        return Suggestion("see_clinician", "See a clinician before you run again: a red flag "
                                           "stands. No training plan replaces that visit.")
    if distance_km == 0:
        return Suggestion("restart", "No runs this week. If you are healthy, restart with "
                                     "short easy runs below your last normal week.")
    severities = {f.severity for f in flags}
    if "high" in severities or (acwr is not None and acwr.zone in ACWR_RAISED_ZONES):
        return Suggestion("cut_back", "Take a cut-back week: this week raised high-level flags.",
                          distance_km * 0.7, distance_km * CUT_BACK)
    if "caution" in severities:
        return Suggestion("hold", "Hold your distance this week: no increase until the flags "
                                  "clear.", distance_km * 0.9, distance_km)
    return Suggestion("build", "You can build gently: stay within 10% of this week.",
                      distance_km, distance_km * 1.1)
