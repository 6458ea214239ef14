"""Finding and mending stored rows that a reader would not accept.

Versions before the plausibility checks could store a NaN inside JSON, an
infinite distance or a date in the year 9999; one such row made every read of
the athlete fail. :func:`check_store` lists every such row with the reason,
and with ``repair`` mends it: an implausible number becomes no value, JSON is
rewritten strictly, a damaged profile is dropped (it is computed again from
the samples), and an activity that cannot be placed on a calendar is removed
(importing its file again brings it back once the file is fixed). Diary
entries are never removed: one that cannot be parsed at all is reported and
kept as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from loadwatch.diary import entry_from_dict
from loadwatch.errors import LoadwatchError
from loadwatch.metrics.profile import profile_problem
from loadwatch.plausible import activity_problems, implausible_fields, start_problem
from loadwatch.samples_codec import decode_samples, encode_samples
from loadwatch.settings import setting_problem
from loadwatch.store import jsonio, schema
from loadwatch.store.athletes import touch
from loadwatch.store.corrections import drop_activity, mark_incomplete
from loadwatch.store.store import Store


@dataclass(frozen=True)
class Finding:
    """One stored row no reader accepts, and what was (or would be) done."""

    athlete: str
    what: str  # "activity 12", "diary entry 3", ...
    problem: str
    action: str  # what --repair does, or did

    def as_dict(self) -> dict:
        """The finding as ``check --json`` prints it."""
        return {"athlete": self.athlete, "what": self.what, "problem": self.problem,
                "action": self.action}


def check_store(store: Store, *, athlete: str | None = None,
                repair: bool = False) -> list[Finding]:
    """Every unreadable row of ``athlete`` (default: every athlete); mended with ``repair``.

    Parameters
    ----------
    store : the open store.
    athlete : one athlete's name, or None for all.
    repair : mend what is found, each athlete in one transaction.

    Returns
    -------
    The findings, in the order found; empty when the store is sound.
    """
    names = [athlete] if athlete is not None else store.athletes()
    findings = []
    for name in names:
        athlete_id = store.athlete_id(name, create=False)
        if athlete_id is None:
            continue
        with store.engine.begin() as conn:
            found = [*_activities(conn, name, athlete_id, repair),
                     *_profiles(conn, name, athlete_id, repair),
                     *_settings(conn, name, athlete_id, repair),
                     *_diary(conn, name, athlete_id),
                     *_json_columns(conn, name, athlete_id, repair),
                     *_samples(conn, name, athlete_id, repair)]
            if repair and found:
                touch(conn, athlete_id)
        findings.extend(found)
    return findings


def _activities(conn, athlete: str, athlete_id: int, repair: bool) -> list[Finding]:
    table = schema.activities
    findings = []
    for row in conn.execute(select(table).where(table.c.athlete_id == athlete_id)).mappings():
        problems = activity_problems(row)
        if not problems:
            continue
        what = f"activity {row['id']} ({row['source_name']})"
        if start_problem(row["start_time"]) or not row["sport"]:
            findings.append(Finding(athlete, what, "; ".join(problems), "removed"))
            if repair:
                mark_incomplete(conn, row["id"])
                drop_activity(conn, row["id"])
            continue
        changes = implausible_fields(row)
        emptied = [name for name, value in changes.items() if value is None]
        cleaned = [name for name, value in changes.items() if value is not None]
        action = "; ".join([*([f"set to no value: {', '.join(emptied)}"] if emptied else []),
                            *([f"control characters removed: {', '.join(cleaned)}"]
                              if cleaned else [])]) or "nothing to mend here"
        findings.append(Finding(athlete, what, "; ".join(problems), action))
        if repair and changes:
            conn.execute(table.update().where(table.c.id == row["id"]).values(**changes))
            conn.execute(schema.activity_profiles.delete().where(
                schema.activity_profiles.c.activity_id == row["id"]))
    return findings


def _profiles(conn, athlete: str, athlete_id: int, repair: bool) -> list[Finding]:
    """Profiles that are JSON but not a usable profile (a hand edit).

    Dropped on repair, computed again from the samples on the next read.
    """
    table = schema.activity_profiles
    findings = []
    query = select(table.c.activity_id, table.c.data).where(table.c.athlete_id == athlete_id)
    for activity_id, text in conn.execute(query).all():
        try:
            problem = profile_problem(jsonio.loads(text))
        except ValueError:
            continue  # not JSON at all: reported with the JSON columns
        if problem is None:
            continue
        findings.append(Finding(athlete, f"profile of activity {activity_id}", problem,
                                "dropped; computed again from the samples"))
        if repair:
            conn.execute(table.delete().where(table.c.activity_id == activity_id))
    return findings


def _settings(conn, athlete: str, athlete_id: int, repair: bool) -> list[Finding]:
    table = schema.athlete_settings
    findings = []
    query = select(table.c.key, table.c.value).where(table.c.athlete_id == athlete_id)
    for key, value in conn.execute(query).all():
        problem = setting_problem(key, value)
        if problem is None:
            continue
        findings.append(Finding(athlete, f"setting {key}", problem,
                                "removed (its default applies)"))
        if repair:
            conn.execute(table.delete().where(table.c.athlete_id == athlete_id,
                                              table.c.key == key))
    return findings


def _diary(conn, athlete: str, athlete_id: int) -> list[Finding]:
    """Diary entries that parse but say something no reader accepts (a pain of NaN).

    Never changed here: a symptom the runner wrote must not be guessed at, and
    a red flag in it must not be lost. The runner corrects it by hand.
    """
    table = schema.diary_entries
    findings = []
    query = select(table.c.id, table.c.data).where(table.c.athlete_id == athlete_id)
    for entry_id, text in conn.execute(query).all():
        problem = _entry_problem(text)
        if problem:
            findings.append(Finding(athlete, f"diary entry {entry_id}", problem,
                                    f"kept as it is: correct it with `loadwatch diary edit "
                                    f"{entry_id}`"))
    return findings


def _entry_problem(text: str) -> str | None:
    """Why a stored diary entry cannot be read as an entry.

    None when it can, or when it is not JSON at all: that is reported with the
    JSON columns.
    """
    try:
        values = jsonio.loads(text)
    except ValueError:
        return None
    if not isinstance(values, dict):
        return "not an entry"
    try:
        entry_from_dict({k: v for k, v in values.items() if k != "id"})
    except (LoadwatchError, KeyError, TypeError, ValueError) as err:
        return str(err)
    return None


# (table, id column, JSON column, label, what to do with text that is no JSON at all)
_JSON_COLUMNS = (
    (schema.activity_profiles, "activity_id", "data", "profile of activity", "drop"),
    (schema.activities, "id", "warnings", "import notes of activity", "empty"),
    (schema.source_files, "id", "warnings", "import notes of file", "empty"),
    (schema.diary_entries, "id", "data", "diary entry", "keep"),
)


def _json_columns(conn, athlete: str, athlete_id: int, repair: bool) -> list[Finding]:
    findings = []
    for table, key, column, label, fallback in _JSON_COLUMNS:
        query = select(table.c[key], table.c[column]).where(table.c.athlete_id == athlete_id)
        for row_id, text in conn.execute(query).all():
            if text is None or jsonio.is_valid(text):
                continue
            if table is schema.diary_entries and _entry_problem(text):
                continue  # not rewritten: _diary reports it, to be corrected by hand
            finding, values = _mend_json(text, fallback)
            findings.append(Finding(athlete, f"{label} {row_id}", *finding))
            if repair and values is not None:
                _apply(conn, table, key, row_id, column, values)
    return findings


def _mend_json(text: str, fallback: str) -> tuple[tuple[str, str], object]:
    """((problem, action), what to write: a value, ``_DROP``, or None to leave it)."""
    try:
        value = jsonio.loads(text)
    except ValueError:
        actions = {"drop": ("dropped; computed again from the samples", _DROP),
                   "empty": ("emptied", []),
                   "keep": ("kept as it is (not readable; see the note in the README)", None)}
        action, values = actions[fallback]
        return ("not JSON at all", action), values
    return ("JSON with NaN or Infinity (written by an older version)",
            "rewritten with those as no value"), value


_DROP = object()


def _apply(conn, table, key: str, row_id: int, column: str, value: object) -> None:
    where = table.c[key] == row_id
    if value is _DROP:
        conn.execute(table.delete().where(where))
    else:
        conn.execute(table.update().where(where).values({column: jsonio.dumps(value)}))


def _samples(conn, athlete: str, athlete_id: int, repair: bool) -> list[Finding]:
    table = schema.activity_samples
    findings = []
    query = select(table.c.activity_id, table.c.data).where(table.c.athlete_id == athlete_id)
    for activity_id, blob in conn.execute(query).all():
        try:
            decode_samples(bytes(blob))
        except Exception as err:  # any failure: the blob is unusable
            findings.append(Finding(athlete, f"samples of activity {activity_id}",
                                    f"not decodable ({type(err).__name__})",
                                    "replaced by no samples (the summary stays)"))
            if repair:
                conn.execute(table.update().where(table.c.activity_id == activity_id).values(
                    sample_count=0, data=encode_samples({})))
    return findings
