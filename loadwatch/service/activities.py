"""Correcting activities: delete, merge, split, and checking the store's health.

Each function is one user action with typed keyword arguments; the CLI and
the dashboard map onto them and nothing else.
"""

from __future__ import annotations

import zlib
from dataclasses import replace

import numpy as np

from loadwatch.edits import EDITABLE, check_edit, parse_distance
from loadwatch.errors import EditRefused, LoadwatchError, NotFound, UsageError
from loadwatch.import_worker import prepare_parsed
from loadwatch.importers import read_file, unpack
from loadwatch.models import SAMPLE_COLUMNS, Activity, Samples
from loadwatch.plausible import FIELD_RANGES
from loadwatch.service import audit
from loadwatch.settings import effective
from loadwatch.store import Store
from loadwatch.store import corrections as store_corrections
from loadwatch.store.health import Finding, check_store
from loadwatch.units import METRES_PER


def edit_activity(store: Store, *, athlete: str, activity_id: int, surface: str | None = None,
                  rpe: float | str | None = None, sport: str | None = None,
                  name: str | None = None) -> Activity:
    """Correct what the watch got wrong or could not know; None leaves a field as it is.

    Parameters
    ----------
    surface : str, optional
        One of the surfaces (road, trail, track, grass, treadmill...).
    rpe : float or str, optional
        Session rating of perceived exertion, 0 to 10 (CR-10 scale).
    sport : str, optional
        A FIT sport name (running, cycling, walking...).
    name : str, optional
        The activity's name.

    Returns
    -------
    Activity
        The activity as stored now.

    Raises
    ------
    EditRefused
        A value that does not check (a UsageError): ``problems`` says why for
        each refused field, and nothing is saved.
    UsageError
        No such activity, or nothing to change.
    """
    given = {"surface": surface, "rpe": rpe, "sport": sport, "name": name}
    stored = store.activity(athlete, activity_id)
    changes, problems = {}, {}
    for key, value in given.items():
        if value is None or str(value) == "" or _unchanged(getattr(stored, STORED.get(key, key)),
                                                            value):
            # A value sent back as it is stored is no edit: a form that saves a new name
            # also sends the RPE of 0 an activity list brought in, which 1-10 would refuse.
            continue
        try:
            changes[key] = check_edit(key, str(value).strip())
        except EditRefused as refused:
            problems.update(refused.problems)
    if problems:
        raise EditRefused("not saved: " + "; ".join(f"{key} {why}" for key, why in
                                                      problems.items()), problems)
    if not changes:
        raise UsageError(f"nothing to change; you can set: {', '.join(EDITABLE)}")
    return store.update_activity(athlete, activity_id, changes)


# The Activity field an edit's key sets, where the names differ.
STORED = {"surface": "surface_override"}


def _unchanged(stored: object, value: float | str) -> bool:
    """Whether a field's value is the one stored (numbers compared as numbers)."""
    if stored is None:
        return False
    if isinstance(stored, float | int):
        try:
            return float(str(value).replace(",", ".")) == float(stored)
        except ValueError:
            return False
    return str(value).strip() == str(stored)


def correct_distance(store: Store, *, athlete: str, activity_id: int, distance: str) -> Activity:
    """Set an activity's distance to the right one (GPS jumps, a watch left on).

    It answers a data-quality mark (``metrics.quality``): the marks its
    samples made no longer hold, and the summary checks judge the new distance.

    Parameters
    ----------
    distance : str
        ``12.3`` in the athlete's unit, or ``12.3km``, ``7.6mi``, ``12300m``.

    Returns
    -------
    Activity
        The activity as stored now.

    Raises
    ------
    UsageError
        No such activity, or not a distance (more than 5,000 km is not one).
    """
    number, unit = parse_distance(distance)
    unit = unit or effective(store.settings(athlete)).units
    metres = number if unit == "m" else number * METRES_PER[unit]
    highest = FIELD_RANGES["distance_m"][1]
    if metres > highest:
        raise UsageError(f"bad distance {distance!r}: at most {highest / 1000:,.0f} km")
    return store.update_activity(athlete, activity_id,
                                 {"distance_m": metres, "quality_review": "corrected"})


def activity(store: Store, *, athlete: str, activity_id: int) -> Activity:
    """One of the athlete's activities, as stored.

    Raises
    ------
    UsageError
        The athlete has no such activity, or no reader accepts its stored row.
    """
    return store.activity(athlete, activity_id)


def recording(store: Store, *, athlete: str, activity_id: int) -> tuple[Activity, Samples]:
    """One activity and its samples, for its page.

    Samples that cannot be decoded (a damaged blob) come back as empty columns,
    so the activity's summary still shows.

    Raises
    ------
    UsageError
        No such activity of ``athlete``.
    """
    activity = store.activity(athlete, activity_id)
    try:
        samples = store.samples(activity_id)
    except LoadwatchError:
        samples = {name: np.zeros(0) for name in SAMPLE_COLUMNS}
    return activity, samples


def delete_activity(store: Store, *, athlete: str, activity_id: int) -> list[int]:
    """Delete one activity; importing its file again brings it back."""
    deleted = store_corrections.delete_activities(store, athlete, [activity_id])
    audit.record(store, "deletion", subject=athlete, detail=f"activity {activity_id}")
    return deleted


def activities_from_source(store: Store, *, athlete: str, source_name: str) -> list[int]:
    """Ids of the activities read from files named ``source_name``."""
    return store_corrections.activities_from(store, athlete, source_name)


def delete_source(store: Store, *, athlete: str, source_name: str) -> list[int]:
    """Delete every activity read from files named ``source_name`` (a file name, no folder)."""
    ids = store_corrections.activities_from(store, athlete, source_name)
    if not ids:
        raise NotFound(f"{athlete} has no activity from a file named {source_name!r} "
                         "(give the file name as `loadwatch activities --json` lists it in "
                         "sources)")
    deleted = store_corrections.delete_activities(store, athlete, ids)
    audit.record(store, "deletion", subject=athlete, detail=f"activities of {source_name}")
    return deleted


def merge_activities(store: Store, *, athlete: str, keep_id: int, other_id: int) -> None:
    """Merge ``other_id`` into ``keep_id`` (the same run recorded twice)."""
    store_corrections.merge_activities(store, athlete, keep_id, other_id)


def split_activity(store: Store, *, athlete: str, activity_id: int) -> list[int]:
    """Undo a wrong merge: each file merged into the activity becomes its own activity again.

    The activity keeps the record of the file it was saved from; every other
    file is read again from the bytes kept in the store. Returns the new ids.
    """
    activity = store.activity(athlete, activity_id)
    sources = store_corrections.sources_of(store, athlete, activity_id)
    if len(sources) < 2:
        raise UsageError(f"activity {activity_id} was read from one file only: nothing to split")
    options = {"units": None, "timezone": effective(store.settings(athlete)).timezone}
    new_ids = []
    for source in sources:
        items = _read_again(store, athlete, source, options)
        if any(item.activity.content_hash == activity.content_hash for item in items):
            continue  # the file the activity's record came from stays with it
        nearest = min(items, key=lambda item: abs(item.activity.start_time
                                                  - activity.start_time), default=None)
        if nearest is None:
            raise UsageError(f"{source.name}: no activity in it can be split off")
        new_ids.append(store_corrections.split_off(store, athlete, activity_id, source.id,
                                                   nearest))
    return new_ids


def _read_again(store: Store, athlete: str, source, options: dict) -> list:
    kept = store_corrections.original_bytes(store, athlete, source.id)
    if kept is None:
        raise UsageError(f"{source.name} was imported before loadwatch kept files: import it "
                         "again after deleting the activity")
    compression, data = kept
    raw = zlib.decompress(data) if compression == "zlib" else data
    try:
        parsed = read_file(unpack(raw, source.name), source.name, source.content_hash, options)
    except LoadwatchError as err:
        raise UsageError(f"{source.name} cannot be read again: {err}") from err
    prepare_parsed(parsed)
    return [replace(item, activity=replace(item.activity, id=None)) for item in parsed.activities]


def check(store: Store, *, athlete: str | None = None, repair: bool = False) -> list[Finding]:
    """Rows no reader accepts (all athletes unless one is named); mended with ``repair``."""
    return check_store(store, athlete=athlete, repair=repair)
