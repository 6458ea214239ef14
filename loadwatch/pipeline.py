"""The wiring: files -> importers -> store -> metrics, risk and summaries.

``import_paths`` is the one import function; the CLI and the dashboard's
upload call it. Files are parsed in worker processes (both cores) while this
process writes each file's result to the store in its own transaction. One bad
file is reported with its name and reason and never stops the others.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from loadwatch.diary import TriagedEntry, entry_from_dict, load_context, salvaged_entry, triage
from loadwatch.errors import LoadwatchError, UsageError
from loadwatch.exchange import export_manifest, restore_export
from loadwatch.flags import Flag
from loadwatch.import_worker import (
    CHUNK,
    Parsed,
    exit_with,
    parse_chunk,
    parse_source,
    profile_of,
    remember,
    start_worker,
)
from loadwatch.importers.archives import Source, list_sources
from loadwatch.metrics.calendar import week_of
from loadwatch.metrics.profile import PROFILE_VERSION, profile_problem
from loadwatch.metrics.training import activity_metrics, daily_metrics, weekly_metrics
from loadwatch.models import FileResult
from loadwatch.notify import Mailer, send, summary_message
from loadwatch.risk import risk_flags
from loadwatch.settings import Settings, effective
from loadwatch.store import Store
from loadwatch.store.store import ACTIVITY_FIELDS
from loadwatch.summary import Summary, build_summary
from loadwatch.vocabulary import WEEKDAYS

log = logging.getLogger("loadwatch")

# Below this many files a process pool costs more than it saves.
_POOL_MIN_FILES = 8


def _parse_all(sources: list[Source], known: frozenset[str], options: dict,
               workers: int | None) -> Iterator[Parsed]:
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(sources) < _POOL_MIN_FILES or not _main_importable():
        remember(known, options)
        try:
            yield from map(parse_source, sources)
        finally:
            remember(frozenset(), {})
        return
    chunks = [sources[i:i + CHUNK] for i in range(0, len(sources), CHUNK)]
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(),
                                 initializer=start_worker,
                                 initargs=(known, options, os.getpid())) as pool:
            for future in [pool.submit(parse_chunk, chunk) for chunk in chunks]:
                answers = future.result()
                done += len(answers)
                yield from answers
    except BrokenProcessPool:
        # Workers could not start (a __main__ they cannot re-import, no
        # resources): parse what is left here rather than fail the import.
        yield from _parse_all(sources[done:], known, options, workers=1)


def _worker_context():
    """Workers from a fork server that has already imported the worker module.

    Not "fork": a forked worker would inherit the store's open database
    connections, and a killed importer's transaction would then stay open.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["loadwatch.import_worker"])
    return context


def _main_importable() -> bool:
    """Workers re-import ``__main__``; they cannot when it is stdin or a notebook."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


def count_sources(paths: list[str | Path]) -> int:
    """How many results an import of ``paths`` will report (for a progress bar)."""
    exports = [p for p in paths if str(p).lower().endswith(".zip") and export_manifest(p)]
    return len(exports) + len(list_sources([p for p in paths if p not in exports]))


def import_paths(store: Store, athlete: str, paths: list[str | Path], *,
                 progress: Callable[[FileResult], None] | None = None,
                 workers: int | None = None, units: str | None = None,
                 exports_as_exported: bool = False) -> list[FileResult]:
    """Import files, folders and archives for ``athlete``; one FileResult per file.

    ``units`` (km or mi) is needed only for activity lists that do not say
    which they use (Garmin Connect's Activities.csv). A loadwatch export zip
    is restored whole, for ``athlete`` or, with ``exports_as_exported``, for
    the athlete it was exported from.
    """
    sources, results = [], []
    restored, paths = _restore_exports(store, athlete, paths, exports_as_exported)
    for result in restored:
        results.append(result)
        if progress:
            progress(result)
    for source in list_sources(paths):
        diary_result = _import_diary_file(store, athlete, source)
        if diary_result is None:
            sources.append(source)
        else:
            results.append(diary_result)
            if progress:
                progress(diary_result)
    if not sources:
        return results
    known = frozenset(store.known_hashes(athlete))
    options = {"units": units, "timezone": effective(store.settings(athlete)).timezone}
    for answer in _parse_all(sources, known, options, workers):
        result = _store_one(store, athlete, answer)
        results.append(result)
        if progress:
            progress(result)
    return results


def _restore_exports(store: Store, athlete: str, paths: list[str | Path],
                     as_exported: bool) -> tuple[list[FileResult], list[str | Path]]:
    """Restore the export zips among ``paths``; the other paths, to import as usual."""
    results, rest = [], []
    for path in paths:
        manifest = export_manifest(path) if str(path).lower().endswith(".zip") else None
        if manifest is None:
            rest.append(path)
            continue
        try:
            done = restore_export(store, path, None if as_exported else athlete)
        except LoadwatchError as err:
            results.append(FileResult(str(path), "failed", message=str(err)))
            continue
        left_out = "".join(f"; left out, no reader accepts it: {why}"
                           for why in done["left_out"])
        results.append(FileResult(str(path), "imported", activities=done["activity_ids"], message=(
            f"loadwatch export restored for {done['athlete']}: {done['activities']} "
            f"activities, {done['diary_entries']} diary entries, {done['files']} files"
            f"{left_out}")))
    return results, rest


def _store_one(store: Store, athlete: str, answer: Parsed) -> FileResult:
    if answer.status != "parsed":
        return FileResult(answer.path, answer.status, message=answer.message)
    parsed = answer.parsed
    try:
        saved = store.save_file(athlete, parsed, source_name=answer.path.rsplit("/", 1)[-1],
                                size_bytes=answer.size)
    except LoadwatchError as err:
        return FileResult(answer.path, "failed", message=str(err))
    except Exception as err:  # a bug must not stop the other files: report it
        log.exception("saving %s failed", answer.path)
        return FileResult(answer.path, "failed",
                          message=f"unexpected {type(err).__name__}: {err}")
    if saved is None:
        return FileResult(answer.path, "duplicate", message="already imported")
    notes = [f"same run as activity {activity_id}, merged ("
             + ("this file's richer record kept)" if replaced else "the earlier record kept)")
             for activity_id, replaced in saved.merged]
    if not saved.new:
        return FileResult(answer.path, "duplicate", [i for i, _ in saved.merged],
                          "; ".join(notes))
    count = len(saved.new)
    message = "; ".join([f"{count} activit{'y' if count == 1 else 'ies'}", *notes,
                         *parsed.warnings])
    return FileResult(answer.path, "imported", activities=saved.new, message=message)


@dataclass
class Training:
    """Everything the load engine says about one athlete, as DataFrames."""

    settings: Settings
    activities: pd.DataFrame
    days: pd.DataFrame
    weeks: pd.DataFrame


def athlete_today(store: Store, athlete: str) -> date:
    """Today's date where the athlete lives (their ``timezone`` setting)."""
    return _local_today(effective(store.settings(athlete)))


def training(store: Store, athlete: str, today: date | None = None,
             settings: Settings | None = None) -> Training:
    """Per-activity metrics, the daily series and the weeks for ``athlete``.

    ``settings``: the athlete's effective settings when the caller has them.
    """
    settings = settings or effective(store.settings(athlete))
    today = today or _local_today(settings)
    frame = _activity_frame(store, athlete)
    if frame.empty:
        return Training(settings, frame, pd.DataFrame(), pd.DataFrame())
    try:
        metrics = activity_metrics(frame, settings)
    except (TypeError, ValueError, KeyError, AttributeError):
        # A stored profile no reader accepts (a hand edit): each is checked now,
        # the bad ones computed again from the samples. Only then, to keep the
        # everyday read fast.
        metrics = activity_metrics(_activity_frame(store, athlete, strict=True), settings)
    days = daily_metrics(metrics, settings, today)
    weeks = weekly_metrics(metrics, days, settings, today)
    return Training(settings, metrics, days, weeks)


def _activity_frame(store: Store, athlete: str, *, strict: bool = False) -> pd.DataFrame:
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
                   for a in store.activities(athlete) if a.id not in profiles}
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


def diary_view(store: Store, athlete: str,
               view: Training | None = None) -> list[TriagedEntry]:
    """Every diary entry with its triage and the load state before it."""
    view = view or training(store, athlete)
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
        result.append(TriagedEntry(entry, triage(entry), load_context(entry.date, view.days),
                                   stored))
    return result


def _diary_and_flags(store: Store, athlete: str, view: Training,
                     since: date | None = None) -> tuple[list[TriagedEntry], list[Flag]]:
    """The diary view and the risk flags (dated ``since`` or later) of a training view."""
    diary = diary_view(store, athlete, view)
    return diary, risk_flags(view.activities, view.days, view.weeks, diary, view.settings,
                             since)


def risk_report(store: Store, athlete: str, start: date | None = None) -> list[Flag]:
    """Risk flags from load and diary, most severe first; from ``start`` when given."""
    _, flags = _diary_and_flags(store, athlete, training(store, athlete))
    if start is not None:
        flags = [f for f in flags if f.date and f.date >= start]
    return flags


DIARY_KEYS = {"date", "side", "location", "pain", "onset", "character", "when", "signs",
              "trigger", "weeks", "notes", "worsening"}


def add_diary_entries(store: Store, athlete: str, items: list[dict]) -> tuple[int, int]:
    """Add checked diary entries that are not already there; (added, already there)."""
    entries = []
    for number, item in enumerate(items, start=1):
        try:
            entries.append(entry_from_dict({k: v for k, v in item.items() if k in DIARY_KEYS}))
        except UsageError as err:  # nothing is added: the runner fixes the one entry
            raise UsageError(f"diary entry {number}: {err}; nothing was added") from err
    known = {json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True)
             for e in store.entries(athlete)}
    added = 0
    for entry in entries:
        values = {k: v for k, v in entry.as_dict().items() if k != "id"}
        if json.dumps(values, sort_keys=True) in known:
            continue
        store.add_entry(athlete, entry.as_dict())
        added += 1
    return added, len(entries) - added


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


def _import_diary_file(store: Store, athlete: str, source: Source) -> FileResult | None:
    """A diary JSON among imported files adds its entries; None for anything else."""
    if source.members or not source.file.lower().endswith(".json"):
        return None
    items = read_diary_file(Path(source.file))
    if items is None:
        return None
    try:
        added, existing = add_diary_entries(store, athlete, items)
    except LoadwatchError as err:
        return FileResult(source.path, "failed", message=f"diary: {err}")
    status = "imported" if added else "duplicate"
    return FileResult(source.path, status,
                      message=f"{added} diary entries added, {existing} already there")


def _local_today(settings: Settings, now: datetime | None = None) -> date:
    zone = ZoneInfo(settings.timezone)
    return (now.astimezone(zone) if now else datetime.now(zone)).date()


def summary_week(week: str | date | None, settings: Settings,
                 now: datetime | None = None) -> date:
    """The first day of the week asked for: a date in it, ``this`` or ``last`` (default)."""
    today = _local_today(settings, now)
    this_week = week_of(today, settings.week_start)
    if week in (None, "last"):
        return this_week - timedelta(days=7)
    if week == "this":
        return this_week
    if isinstance(week, str):
        try:
            week = date.fromisoformat(week)
        except ValueError:
            raise UsageError(f"--week takes a date (YYYY-MM-DD), this or last, not {week!r}") \
                from None
    if not date(1970, 1, 1) <= week <= today + timedelta(days=366):
        raise UsageError(f"--week takes a date from 1970 to a year from now, not {week}")
    return week_of(week, settings.week_start)


def weekly_summary(store: Store, athlete: str, week: str | date | None = None,
                   now: datetime | None = None, settings: Settings | None = None) -> Summary:
    """The summary of one week, as data (render it with ``summary.RENDERERS``)."""
    settings = settings or effective(store.settings(athlete))
    start = summary_week(week, settings, now)
    # A future week still needs its days in the series.
    view = training(store, athlete, today=max(_local_today(settings, now),
                                              start + timedelta(days=6)), settings=settings)
    diary, flags = _diary_and_flags(store, athlete, view, since=start)
    return build_summary(start, view.days, view.weeks, diary, flags, view.settings)


def email_summary(store: Store, athlete: str, summary: Summary, address: str,
                  settings: Settings | None = None, mailer: Mailer | None = None) -> None:
    """Send one summary and record it in the ledger (sent or failed, with the reason)."""
    settings = settings or effective(store.settings(athlete))
    sender = settings.smtp_from or f"loadwatch@{settings.smtp_host or 'localhost'}"
    week = summary.week_start.isoformat()
    try:
        message = summary_message(summary, address, sender)
        if mailer is None:
            send(message, settings)
        else:
            mailer.send(message, settings)
    except LoadwatchError as err:
        store.record_send(athlete, week, address, "failed", str(err))
        raise
    store.record_send(athlete, week, address, "sent")


def send_due(store: Store, now: datetime | None = None,
             workers: int | None = None) -> list[dict]:
    """Send every athlete whose summary is due their last finished week, once.

    Due: ``email`` and ``summary_day`` are set and today (in the athlete's
    zone) is that day of the week or later. A week already sent is not sent
    again; a failed send is retried on the next run; one athlete's failure
    does not stop the others. Athletes are shared among ``workers`` processes
    (default: one per core).
    """
    due = []
    for athlete, stored in store.all_settings().items():  # one query for a whole club
        settings = effective(stored)
        if settings.email and settings.summary_day:
            due.append((athlete, settings))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(due) < _POOL_MIN_FILES or not _main_importable():
        with Mailer() as mailer:
            return [_send_if_due(store, athlete, settings, now, mailer)
                    for athlete, settings in due]
    # A club's summaries in parallel: each worker opens the store itself.
    chunks = [due[i:i + CHUNK] for i in range(0, len(due), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(),
                             initializer=_open_worker_store,
                             initargs=(store.url, os.getpid())) as pool:
        return [result for answers in pool.map(_send_chunk, chunks, [now] * len(chunks))
                for result in answers]


_worker_store: Store | None = None
_worker_mailer: Mailer | None = None


def _open_worker_store(url: str, parent: int) -> None:
    global _worker_store, _worker_mailer
    exit_with(parent)
    _worker_store, _worker_mailer = Store(url), Mailer()
    # A batch worker: the libraries it imported never become garbage, and a
    # collection every 700 allocations (Python's default) cost about 8% of a summary.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    # Say goodbye to the SMTP server when the pool ends this worker.
    multiprocessing.util.Finalize(None, _worker_mailer.close, exitpriority=10)


def _send_chunk(items: list[tuple[str, Settings]], now: datetime | None) -> list[dict]:
    return [_send_if_due(_worker_store, athlete, settings, now, _worker_mailer)
            for athlete, settings in items]


def _send_if_due(store: Store, athlete: str, settings: Settings, now: datetime | None,
                 mailer: Mailer | None = None) -> dict:
    today = _local_today(settings, now)
    this_week = week_of(today, settings.week_start)
    offset = (WEEKDAYS.index(str(settings.summary_day))
              - WEEKDAYS.index(settings.week_start)) % 7
    week = (this_week - timedelta(days=7)).isoformat()
    result = {"athlete": athlete, "week_start": week, "email": settings.email}
    if today < this_week + timedelta(days=offset):
        return {**result, "status": "not_due"}
    if store.summary_sent(athlete, week):
        return {**result, "status": "already_sent"}
    try:
        summary = weekly_summary(store, athlete, week, now, settings)
        email_summary(store, athlete, summary, str(settings.email), settings, mailer)
    except LoadwatchError as err:
        log.warning("summary for %s not sent: %s", athlete, err)
        return {**result, "status": "failed", "error": str(err)}
    except Exception as err:  # one athlete's bad data must not stop the club's e-mails
        log.exception("summary for %s failed", athlete)
        return {**result, "status": "failed", "error": f"unexpected {type(err).__name__}: {err}"}
    return {**result, "status": "sent"}
