"""Symptom diary entries: checked on the way in, salvaged on the way out (pure).

An entry's words come from ``loadwatch.vocabulary``; unknown words, dates no
calendar holds and impossible numbers are refused with what is valid. What an
entry calls for (conditions, red flags, urgency) is ``loadwatch.triage``;
:class:`TriagedEntry` is an entry with its triage, as the diary view lists it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from loadwatch.errors import EntryRefused, UsageError
from loadwatch.metrics.exact import EPSILON
from loadwatch.plausible import EARLIEST_START, latest_start
from loadwatch.triage import TrainingContext, Triage, triage
from loadwatch.triage.context import still_open, training_context
from loadwatch.vocabulary import (
    ACWR_CAUTION,
    ACWR_DANGER,
    CHARACTERS,
    LOCATIONS,
    ONSETS,
    SIDES,
    SIGNS,
    TRIGGERS,
    WHEN,
)

__all__ = ["Entry", "TrainingContext", "Triage", "TriagedEntry", "entry_from_dict",
           "entry_key", "load_context", "make_entry", "salvaged_entry", "still_open",
           "training_context", "triage"]

# How long symptoms can have lasted: ten years (a longer value is a typing error).
MAX_WEEKS = 520


@dataclass(frozen=True)
class Entry:
    """One symptom diary entry.

    Attributes
    ----------
    date : datetime.date
        The day of the entry.
    location : str
        Where it hurts (``vocabulary.LOCATIONS``).
    pain : int
        0-10.
    side, onset, trigger : str or None
        Words of ``vocabulary.SIDES``, ``ONSETS`` and ``TRIGGERS``.
    character, when, signs : tuple of str
        Words of ``vocabulary.CHARACTERS``, ``WHEN`` and ``SIGNS``.
    weeks : float or None
        How long it has lasted, weeks (0 to ``MAX_WEEKS``).
    notes : str or None
        Free text.
    worsening : bool
        The pain is getting worse.
    id : int or None
        The entry's id in the store, once stored.
    """

    date: date
    location: str
    pain: int
    side: str | None = None
    onset: str | None = None
    character: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    signs: tuple[str, ...] = ()
    trigger: str | None = None
    weeks: float | None = None
    notes: str | None = None
    worsening: bool = False
    id: int | None = None

    def as_dict(self) -> dict:
        """The entry as stored and printed: the date in ISO form, word lists as lists."""
        values = asdict(self)
        values["date"] = self.date.isoformat()
        for key in ("character", "when", "signs"):
            values[key] = list(values[key])
        return values


def _one(name: str, value, choices) -> None:
    if value is not None and value not in choices:
        raise UsageError(f"unknown {name} {value!r}; choose from {', '.join(choices)}")


def _many(name: str, values, choices) -> tuple[str, ...]:
    words = tuple(values or ())
    for word in words:
        _one(name, word, choices)
    return words


def make_entry(**values) -> Entry:
    """A checked diary entry.

    Parameters
    ----------
    **values
        The fields of :class:`Entry`; word lists as any sequence.

    Returns
    -------
    Entry
        The entry, a pain of 4.0 (from a JSON file) read as the whole number 4.

    Raises
    ------
    UsageError
        For an unknown word (naming the valid ones), a date before 1970 or
        after tomorrow, a pain that is not a whole number from 0 to 10, a
        missing location or a duration beyond ten years.
    """
    _one("side", values.get("side"), SIDES)
    _one("location", values.get("location"), LOCATIONS)
    _one("onset", values.get("onset"), ONSETS)
    _one("trigger", values.get("trigger"), TRIGGERS)
    day = values.get("date")
    if not isinstance(day, date) or not EARLIEST_START.date() <= day < latest_start().date():
        raise EntryRefused(f"a diary date must lie between 1970-01-01 and tomorrow, not {day}",
                           "date")
    pain = values.get("pain")
    if isinstance(pain, float) and pain.is_integer():
        pain = values["pain"] = int(pain)  # 4.0 from a JSON file is the whole number 4
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise EntryRefused("pain is needed: a whole number from 0 to 10" if pain is None else
                           f"pain must be a whole number from 0 to 10, not {pain!r}", "pain")
    if values.get("location") is None:
        raise EntryRefused(f"a location is needed; choose from {', '.join(LOCATIONS)}",
                           "location")
    weeks = values.get("weeks")
    if weeks is not None and not (isinstance(weeks, int | float) and 0 <= weeks <= MAX_WEEKS):
        raise UsageError(f"weeks must be a number from 0 to {MAX_WEEKS} (ten years), "
                         f"not {weeks!r}")
    return Entry(**{**values,
                    "character": _many("character", values.get("character"), CHARACTERS),
                    "when": _many("when", values.get("when"), WHEN),
                    "signs": _many("sign", values.get("signs"), SIGNS)})


@dataclass(frozen=True)
class TriagedEntry:
    """A stored diary entry with its triage and the load state before it.

    Attributes
    ----------
    entry : Entry
        The entry as it reads (salvaged when it no longer reads as stored).
    triage : Triage
        What it calls for, the training before it included.
    load_context : str or None
        The load before it, e.g. ``"began 9 days after distance ACWR passed
        1.5 (...)"``; None when nothing stood out.
    stored : mapping
        The entry as stored (with its ``id``): kept so the JSON output carries
        what the store holds, in its order.
    """

    entry: Entry
    triage: Triage
    load_context: str | None = None
    stored: Mapping[str, object] = field(default_factory=dict)

    @property
    def id(self) -> int | None:
        """The entry's id in the store."""
        return self.entry.id

    def as_dict(self) -> dict[str, object]:
        """The entry as ``loadwatch diary list --json`` prints it.

        Returns
        -------
        dict
            The stored fields, the entry's (as it reads), the triage's and
            ``load_context``.
        """
        return {**self.stored, **self.entry.as_dict(), **self.triage.as_dict(),
                "load_context": self.load_context}


def entry_from_dict(values: dict) -> Entry:
    """An entry from its stored form.

    Parameters
    ----------
    values : dict
        ``Entry.as_dict()`` as stored, with ``id``.

    Returns
    -------
    Entry
        The checked entry (:func:`make_entry`).

    Raises
    ------
    UsageError
        For a date that is not ``YYYY-MM-DD``, unknown fields or what
        :func:`make_entry` refuses.
    """
    try:
        day = date.fromisoformat(str(values.get("date")))
    except ValueError:
        raise EntryRefused(f"not a date: {values.get('date')!r} (YYYY-MM-DD)", "date") from None
    unknown = set(values) - ENTRY_KEYS
    if unknown:
        raise UsageError(f"unknown diary fields: {', '.join(sorted(unknown))}")
    return make_entry(**{**values, "date": day})


ENTRY_KEYS = frozenset(Entry.__dataclass_fields__)


def entry_key(entry: Entry) -> tuple:
    """What makes two entries the same one (a file imported, then typed in again).

    The same day, location, side and pain, the same words (onset, trigger, and
    the same character, when and signs words in any order), the same duration
    and worsening, and the same notes in any case and spacing (blank notes
    are none). The
    id is not compared: it is where an entry is stored, not what it says.

    Parameters
    ----------
    entry : Entry
        A checked entry.

    Returns
    -------
    tuple
        Equal for entries that are the same one.
    """
    return (entry.date, entry.location, entry.side, entry.pain, entry.onset, entry.trigger,
            frozenset(entry.character), frozenset(entry.when), frozenset(entry.signs),
            entry.weeks, entry.worsening, " ".join((entry.notes or "").casefold().split()))


def salvaged_entry(values: dict) -> tuple[Entry, list[str]] | None:
    """A stored entry that no longer reads, kept readable for its red flags.

    An unreadable pain becomes 0 (its own flag cannot be known), an impossible
    duration none, unknown fields and words are dropped.

    Parameters
    ----------
    values : dict
        The entry as stored.

    Returns
    -------
    tuple of (Entry, list of str) or None
        The entry and what was changed to read it; None when even that does
        not give an entry (no date or location).
    """
    changed = []
    fixed = {k: v for k, v in values.items() if k in ENTRY_KEYS}
    if len(fixed) < len(values):
        changed.append("unknown fields")
    pain = fixed.get("pain")
    if not (isinstance(pain, int | float) and not isinstance(pain, bool) and 0 <= pain <= 10
            and float(pain).is_integer()):
        changed.append(f"pain {pain!r}")
        fixed["pain"] = 0
    weeks = fixed.get("weeks")
    if weeks is not None and not (isinstance(weeks, int | float) and 0 <= weeks <= MAX_WEEKS):
        changed.append(f"weeks {weeks!r}")
        fixed["weeks"] = None
    for key, words in (("character", CHARACTERS), ("when", WHEN), ("signs", SIGNS)):
        kept = [w for w in fixed.get(key) or () if w in words]
        if len(kept) < len(fixed.get(key) or ()):
            changed.append(f"unknown {key} words")
        fixed[key] = kept
    try:
        return entry_from_dict(fixed), changed
    except UsageError:
        return None


def load_context(entry_day: date, days: pd.DataFrame) -> str | None:
    """The load state before a diary entry, in words.

    Parameters
    ----------
    entry_day : datetime.date
        The entry's day.
    days : pandas.DataFrame
        The daily series (``metrics.training.daily_metrics``), with
        ``distance_acwr_ewma``.

    Returns
    -------
    str or None
        E.g. ``"began 9 days after distance ACWR passed 1.5 (on 03 Mar, peak
        1.60)"``: the last episode of the distance ratio above 1.5 (else 1.3)
        that began at most 28 days before the entry; None when there is none.
    """
    if days.empty or "distance_acwr_ewma" not in days:
        return None
    before = days[days.index <= pd.Timestamp(entry_day)]["distance_acwr_ewma"].dropna()
    for line in (ACWR_DANGER, ACWR_CAUTION):
        above = before[before > line + EPSILON]
        if len(above):
            crossed = above.index[-1]
            first = crossed
            for day in reversed(above.index):  # back to the start of that episode
                if (first - day).days > 1:
                    break
                first = day
            gap = (pd.Timestamp(entry_day) - first).days
            if gap > 28:
                return None  # too long ago to be the load state "before" the entry
            return (f"began {gap} day{'' if gap == 1 else 's'} after distance ACWR passed {line} "
                    f"(on {first:%d %b}, peak {above.loc[first:crossed].max():.2f})")
    return None
