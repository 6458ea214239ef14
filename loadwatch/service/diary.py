"""The symptom diary: add, edit, delete and import entries, and coaches' comments.

Every write returns the entry with its triage, so each shell shows the urgency
at once. The rules themselves (words, red flags, conditions) live in
``loadwatch.diary``; this module only stores and composes.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from loadwatch import diary
from loadwatch.errors import DuplicateEntry, NotFound, UsageError
from loadwatch.service import audit
from loadwatch.service.reports import athlete_today, training, triaged
from loadwatch.store import Store
from loadwatch.triage import Triage

# The fields a diary file's items may carry; anything else (a listing's triage,
# its load context) is what loadwatch printed, not what the runner wrote.
DIARY_KEYS = frozenset(diary.ENTRY_KEYS - {"id"})


@dataclass(frozen=True)
class Recorded:
    """An entry as it now stands, with its triage (``id`` None when not stored)."""

    entry: diary.Entry
    triage: Triage
    id: int | None = None

    def as_dict(self) -> dict:
        """The entry, its id and its triage in one JSON-ready mapping."""
        values = self.entry.as_dict()
        if self.id is not None:
            values["id"] = self.id
        return {**values, **self.triage.as_dict()}


def check_entry(store: Store | None = None, *, athlete: str | None = None,
                values: Mapping[str, Any]) -> Recorded:
    """Triage an entry without storing it.

    Parameters
    ----------
    store : Store, optional
        With ``athlete``: the training before the entry counts (a ramp makes
        bone-stress signs urgent), as when the entry is stored.
    athlete : str, optional
        Whose training.
    values : mapping
        Entry fields (see :class:`loadwatch.diary.Entry`); ``date`` as a date
        or an ISO string, default the athlete's local today; None means not given.

    Returns
    -------
    Recorded
        The checked entry and its triage.

    Raises
    ------
    UsageError
        An unknown word, a pain outside 0-10, a date outside 1970 to tomorrow.
    """
    today = athlete_today(store, athlete=athlete) if store is not None and athlete else None
    entry = _entry(values, today=today)
    return Recorded(entry, _triage(store, athlete, entry))


def add_entry(store: Store, *, athlete: str, values: Mapping[str, Any]) -> Recorded:
    """Store a new entry; see :func:`check_entry` for ``values`` and errors.

    Raises
    ------
    DuplicateEntry
        The diary already holds the same entry (:func:`duplicate_of`).
    """
    entry = _entry(values, today=athlete_today(store, athlete=athlete))
    if (same := duplicate_of(store, athlete=athlete, entry=entry)) is not None:
        raise DuplicateEntry(same["id"], same["date"])
    entry_id = store.add_entry(athlete, entry.as_dict())
    return Recorded(entry, _triage(store, athlete, entry), entry_id)


def edit_entry(store: Store, *, athlete: str, entry_id: int,
               changes: Mapping[str, Any], replace: bool = False) -> Recorded:
    """Change an entry: only the fields given (not None) change.

    With ``replace`` the entry becomes ``changes``: a field not given (None) is
    cleared, the date alone is kept when not given (the dashboard's form).

    Raises
    ------
    UsageError
        No such entry, or the changed entry does not check.
    """
    current = stored_entry(store, athlete=athlete, entry_id=entry_id)
    entry = _entry(changes, base={"date": current["date"]} if replace else current)
    store.replace_entry(athlete, entry_id, entry.as_dict())
    return Recorded(entry, _triage(store, athlete, entry), entry_id)


def _triage(store: Store | None, athlete: str | None, entry: diary.Entry) -> Triage:
    """The entry's triage, with the athlete's training before it when known."""
    if store is None or not athlete:
        return diary.triage(entry)
    return triaged(entry, training(store, athlete=athlete))


def stored_entry(store: Store, *, athlete: str, entry_id: int) -> dict:
    """One entry as stored (with its ``id``).

    Raises
    ------
    NotFound
        The athlete has no such entry.
    """
    current = next((e for e in store.entries(athlete) if e["id"] == entry_id), None)
    if current is None:
        raise NotFound(f"{athlete} has no diary entry {entry_id}")
    return current


def delete_entry(store: Store, *, athlete: str, entry_id: int) -> None:
    """Delete an entry (and its comments).

    Raises
    ------
    UsageError
        No such entry.
    """
    store.delete_entry(athlete, entry_id)
    audit.record(store, "deletion", subject=athlete, detail=f"diary entry {entry_id}")


def add_comment(store: Store, *, athlete: str, entry_id: int, author: str, text: str) -> int:
    """A coach's (or the athlete's) comment on an entry; returns its id.

    Raises
    ------
    UsageError
        No such entry, or an empty or over-long text.
    """
    return store.add_comment(athlete, entry_id, author, text)


def import_entries(store: Store, *, athlete: str, items: list[dict]) -> tuple[int, int]:
    """Add the checked entries that are not already there.

    Parameters
    ----------
    items : list of dict
        Entries as ``diary list --json`` prints them (extra keys are ignored).

    Returns
    -------
    (int, int)
        Entries added, entries already there.

    Raises
    ------
    UsageError
        One entry does not check: nothing is added, the runner fixes that one.
    """
    entries = []
    for number, item in enumerate(items, start=1):
        try:
            entries.append(diary.entry_from_dict({k: v for k, v in item.items()
                                                  if k in DIARY_KEYS}))
        except UsageError as err:
            raise UsageError(f"diary entry {number}: {err}; nothing was added") from err
    known = {_content(e) for e in store.entries(athlete)}
    added = 0
    for entry in entries:
        if diary.entry_key(entry) in known:
            continue
        store.add_entry(athlete, entry.as_dict())
        known.add(diary.entry_key(entry))
        added += 1
    return added, len(entries) - added


def duplicate_of(store: Store, *, athlete: str, entry: diary.Entry) -> dict | None:
    """The stored entry that is the same as ``entry`` (``diary.entry_key``), or None.

    The one test of "already there": :func:`add_entry` refuses such an entry,
    :func:`import_entries` skips it.
    """
    key = diary.entry_key(entry)
    return next((e for e in store.entries(athlete) if _content(e) == key), None)


def import_diary_file(store: Store, *, athlete: str, path: Path) -> tuple[int, int]:
    """Add the entries of a diary JSON file; see :func:`import_entries`.

    Raises
    ------
    UsageError
        The file is not a JSON list of diary entries.
    """
    items = read_diary_file(path)
    if items is None:
        raise UsageError(f"{path}: not a JSON list of diary entries")
    return import_entries(store, athlete=athlete, items=items)


def read_diary_file(path: Path) -> list[dict] | None:
    """The entries of a diary JSON file, or None when the file is not one."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(raw, list) and raw and all(
            isinstance(item, dict) and {"date", "location", "pain"} <= set(item)
            for item in raw):
        return raw
    return None


def _content(stored: Mapping[str, Any]) -> object:
    """A stored entry's content as a checked entry reads it (``diary.entry_key``).

    So an entry stored before a field existed (the key absent) equals the same
    entry with the field's default; a damaged stored entry matches no entry.
    """
    with contextlib.suppress(UsageError, KeyError, TypeError, ValueError):
        return diary.entry_key(diary.entry_from_dict(dict(stored)))
    return json.dumps(dict(stored), sort_keys=True, default=str)


def _entry(values: Mapping[str, Any], base: Mapping[str, Any] | None = None,
           today: date | None = None) -> diary.Entry:
    """The checked entry; a date not given is ``today`` (the athlete's local day)."""
    given = {k: v for k, v in values.items() if v is not None and k in DIARY_KEYS}
    merged = {k: v for k, v in {**(base or {}), **given}.items() if k in DIARY_KEYS}
    day = merged.get("date") or today or date.today()
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise UsageError(f"not a date: {day!r} (YYYY-MM-DD)") from None
    for key in ("character", "when", "signs"):
        merged[key] = tuple(merged.get(key) or ())
    return diary.make_entry(**{**merged, "date": day})
