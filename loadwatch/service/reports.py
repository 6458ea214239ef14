"""An athlete's state, composed once: training, diary, flags and comments.

``athlete_report`` is the one composition the CLI, the weekly summary and the
dashboard all read, so they cannot disagree (a red flag in the diary shows
everywhere, runs or not).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from loadwatch.diary import (
    Entry,
    TriagedEntry,
    entry_from_dict,
    load_context,
    salvaged_entry,
    training_context,
    triage,
)
from loadwatch.errors import LoadwatchError
from loadwatch.flags import Acknowledgement, Flag
from loadwatch.metrics.profile import PROFILE_VERSION, profile_of, profile_problem
from loadwatch.metrics.training import (
    activity_metrics,
    counted_runs,
    daily_metrics,
    weekly_metrics,
)
from loadwatch.risk import risk_flags
from loadwatch.settings import Settings, effective
from loadwatch.store import Store
from loadwatch.store.store import ACTIVITY_FIELDS
from loadwatch.triage import Triage

log = logging.getLogger("loadwatch")


@dataclass(frozen=True)
class Training:
    """Everything the load engine says about one athlete, as DataFrames.

    Attributes
    ----------
    settings : Settings
        The effective settings the numbers were computed with.
    activities : DataFrame
        One row per activity with its load, spike band, surface, zones
        (``metrics.training.activity_metrics``).
    days : DataFrame
        One row per calendar day (DatetimeIndex): distance, load, ACWR, CTL/ATL/TSB.
    weeks : DataFrame
        One row per week (index: its first day): distance, change, bands, load,
        km per surface, intensity shares, zone times (tidy columns).
    """

    settings: Settings
    activities: pd.DataFrame
    days: pd.DataFrame
    weeks: pd.DataFrame


@dataclass(frozen=True)
class Report:
    """One athlete's state on one day, as every shell shows it.

    Attributes
    ----------
    athlete : str
    today : date
        The athlete's local date the report was computed for.
    training : Training
    diary : list of TriagedEntry
        Each entry with its triage and the load state before it.
    flags : list of Flag
        Risk flags from load and diary, most severe first.
    comments : dict
        Comments by diary entry id.
    acknowledgements : list of Acknowledgement
        The red flags the runner said they had seen, oldest first.
    """

    athlete: str
    today: date
    training: Training
    diary: list[TriagedEntry]
    flags: list[Flag]
    comments: dict[int, list[dict]] = field(default_factory=dict)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)

    @property
    def has_runs(self) -> bool:
        """Whether any activity is stored (flags and diary may exist without)."""
        return not self.training.activities.empty


# A day this process takes as today for everyone (the demo's: its sample data
# end on a fixed day, and a demo weeks after it would show only an empty week).
_pinned_today: date | None = None


def pin_today(day: date | None) -> None:
    """Take ``day`` as today in this process, for every athlete; None for the real today.

    Only ``loadwatch demo`` pins the day: a real store always follows the clock.
    """
    global _pinned_today
    _pinned_today = day


def local_today(settings: Settings, now: datetime | None = None) -> date:
    """Today's date in the zone of ``settings.timezone`` (at ``now`` if given).

    The day :func:`pin_today` set, if any, unless ``now`` is given.
    """
    if _pinned_today is not None and now is None:
        return _pinned_today
    zone = ZoneInfo(settings.timezone)
    return (now.astimezone(zone) if now else datetime.now(zone)).date()


def athlete_today(store: Store, *, athlete: str) -> date:
    """Today's date where the athlete lives (their ``timezone`` setting)."""
    return local_today(effective(store.settings(athlete)))


def athlete_report(store: Store, *, athlete: str, today: date | None = None,
                   since: date | None = None, settings: Settings | None = None) -> Report:
    """Training, diary, risk flags and comments of ``athlete``, composed once.

    Parameters
    ----------
    store : Store
        Read only: an unknown athlete gives an empty report and is not created.
    athlete : str
    today : date, optional
        The last day of the daily series; default today in the athlete's zone.
    since : date, optional
        Keep only flags dated on or after this day.
    settings : Settings, optional
        The athlete's effective settings, when the caller has them already.

    Returns
    -------
    Report
    """
    view = training(store, athlete=athlete, today=today, settings=settings)
    diary = diary_view(store, athlete=athlete, view=view)
    flags = risk_flags(view.activities, view.days, view.weeks, diary, view.settings, since)
    return Report(athlete, today or local_today(view.settings), view, diary, flags,
                  store.comments(athlete),
                  [acknowledgement(row) for row in store.acknowledgements(athlete)])


def acknowledgement(row: dict) -> Acknowledgement:
    """A stored acknowledgement (``Store.acknowledgements``) as the typed value."""
    at = row["at"] or datetime(1970, 1, 1)  # a time no calendar holds (a hand edit)
    return Acknowledgement(row["rule"], date.fromisoformat(row["day"]), row["entry_id"],
                           row["author"], at, row["note"])


def athlete_names(store: Store) -> list[str]:
    """Every athlete in the store, by name."""
    return store.athletes()


def risk_report(store: Store, *, athlete: str, start: date | None = None) -> list[Flag]:
    """Risk flags from load and diary, most severe first; dated ``start`` or later."""
    flags = athlete_report(store, athlete=athlete).flags
    if start is not None:
        flags = [f for f in flags if f.date and f.date >= start]
    return flags


def training(store: Store, *, athlete: str, today: date | None = None,
             settings: Settings | None = None) -> Training:
    """Per-activity metrics, the daily series and the weeks for ``athlete``.

    Parameters
    ----------
    today : date, optional
        The last day of the daily series; default today in the athlete's zone.
    settings : Settings, optional
        The athlete's effective settings when the caller has them.
    """
    settings = settings or effective(store.settings(athlete))
    today = today or local_today(settings)
    frame = activity_frame(store, athlete)
    if frame.empty:
        return Training(settings, frame, pd.DataFrame(), pd.DataFrame())
    try:
        metrics = activity_metrics(frame, settings)
    except (TypeError, ValueError, KeyError, AttributeError):
        # A stored profile no reader accepts (a hand edit): each is checked now,
        # the bad ones computed again from the samples. Only then, to keep the
        # everyday read fast.
        metrics = activity_metrics(activity_frame(store, athlete, strict=True), settings)
    days = daily_metrics(metrics, settings, today)
    weeks = weekly_metrics(metrics, days, settings, today)
    return Training(settings, metrics, days, weeks)


def diary_view(store: Store, *, athlete: str,
               view: Training | None = None) -> list[TriagedEntry]:
    """Every diary entry with its triage and the load state before it."""
    view = view or training(store, athlete=athlete)
    result = []
    for stored in store.entries(athlete):
        try:
            entry = entry_from_dict(stored)
        except (LoadwatchError, KeyError, TypeError, ValueError) as err:
            # Written by an older version or by hand: its red flags must still show.
            salvaged = salvaged_entry(stored)
            if salvaged is None:
                log.warning("diary entry %s is left out: %s (loadwatch diary edit %s)",
                            stored.get("id"), err, stored.get("id"))
                continue
            entry, changed = salvaged
            log.warning("diary entry %s cannot be read as stored (%s): shown without %s; "
                        "correct it with `loadwatch diary edit %s`", stored.get("id"), err,
                        ", ".join(changed), stored.get("id"))
        result.append(_triaged_entry(entry, view, stored))
    return result


def _triaged_entry(entry: Entry, view: Training, stored: dict) -> TriagedEntry:
    """The entry, its triage and the load before it (the ramp its triage saw, else the ratio)."""
    result = triaged(entry, view)
    ramp = result.context.ramp
    before = load_context(entry.date, view.days) or (f"within 14 days of {ramp}" if ramp else None)
    return TriagedEntry(entry, result, before, stored)


def triaged(entry: Entry, view: Training) -> Triage:
    """An entry's triage with the training before it (one urgency in every shell).

    Parameters
    ----------
    entry : Entry
        A checked diary entry.
    view : Training
        The athlete's training (:func:`training`).

    Returns
    -------
    Triage
        Bone-stress signs within 14 local days of a ramp are urgent.
    """
    runs = view.activities
    if not runs.empty:
        runs = runs[counted_runs(runs)]
    return triage(entry, training_context(entry.date, view.weeks, runs,
                                          view.settings.timezone))


def activity_frame(store: Store, athlete: str, *, strict: bool = False) -> pd.DataFrame:
    """The athlete's activities with their profiles, oldest first: what the metrics read.

    Profiles missing or of an older version are computed from the samples
    and saved; with ``strict`` a stored profile no reader accepts is too.
    """
    columns = store.activity_columns(athlete)
    if not columns["id"]:
        return pd.DataFrame()
    profiles = store.profiles(athlete, PROFILE_VERSION)
    if strict:
        for activity_id, profile in list(profiles.items()):
            if (problem := profile_problem(profile)) is not None:
                log.warning("activity %s: its stored profile is damaged (%s); computed "
                            "again", activity_id, problem)
                del profiles[activity_id]
    if not profiles.keys() >= set(columns["id"]):
        # Imported before profiles existed, profiles of an older version, or a
        # damaged one (dropped on reading).
        missing = {a.id: profile_of(a, _samples_or_none(store, a.id))
                   for a in store.activities(athlete)
                   if a.id is not None and a.id not in profiles}
        store.save_profiles(athlete, missing)
        profiles.update(missing)
    # Built column-wise: a dict per row cost a club's --send-due 13 ms an athlete.
    frame = pd.DataFrame({"id": columns["id"], "athlete": athlete,
                          **{name: columns[name] for name in ACTIVITY_FIELDS}})
    shapes = pd.DataFrame.from_records([profiles[i] for i in columns["id"]])
    frame = pd.concat([frame, shapes.drop(columns=["version"], errors="ignore")], axis=1)
    frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True)
    return frame.sort_values("start_time", kind="stable").reset_index(drop=True)


def _samples_or_none(store: Store, activity_id: int) -> dict:
    """An activity's samples; none (with a warning) when they cannot be decoded."""
    try:
        return store.samples(activity_id)
    except Exception as err:  # damaged samples must not hide the summary
        log.warning("activity %s: its samples cannot be read (%s); its summary is used "
                    "(loadwatch check --repair)", activity_id, err)
        return {}
