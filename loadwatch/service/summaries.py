"""The weekly summary: one week as data, e-mailed once, and a club's due summaries."""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing.util
import os
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from loadwatch.errors import LoadwatchError, UsageError
from loadwatch.metrics.calendar import week_of
from loadwatch.notify import Mailer, send, summary_message
from loadwatch.service import workers as pool
from loadwatch.service.reports import athlete_report, local_today
from loadwatch.settings import Settings, effective
from loadwatch.store import Store
from loadwatch.summary import Summary, build_summary
from loadwatch.vocabulary import WEEKDAYS

log = logging.getLogger("loadwatch")


def summary_week(week: str | date | None, settings: Settings,
                 now: datetime | None = None) -> date:
    """The first day of the week asked for.

    Parameters
    ----------
    week : str, date or None
        A date in the week (or its ISO string), ``"this"``, or ``"last"`` (default).
    settings : Settings
        Effective settings: ``timezone`` and ``week_start``.
    now : datetime, optional
        The moment "this week" is counted from; default now.

    Raises
    ------
    UsageError
        Not a date, or a date before 1970 or more than a year ahead.
    """
    today = local_today(settings, now)
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
    assert isinstance(week, date)
    if not date(1970, 1, 1) <= week <= today + timedelta(days=366):
        raise UsageError(f"--week takes a date from 1970 to a year from now, not {week}")
    return week_of(week, settings.week_start)


def weekly_summary(store: Store, *, athlete: str, week: str | date | None = None,
                   now: datetime | None = None, settings: Settings | None = None) -> Summary:
    """The summary of one week, as data (render it with ``summary.RENDERERS``).

    Parameters
    ----------
    week : str, date or None
        See :func:`summary_week`; default last week.
    now : datetime, optional
        The moment "last week" is counted from.
    settings : Settings, optional
        The athlete's effective settings, when the caller has them.

    Returns
    -------
    Summary
        The week's summary.
    """
    settings = settings or effective(store.settings(athlete))
    start = summary_week(week, settings, now)
    # A future week still needs its days in the series.
    today = max(local_today(settings, now), start + timedelta(days=6))
    report = athlete_report(store, athlete=athlete, today=today, since=start, settings=settings)
    view = report.training
    return build_summary(start, view.days, view.weeks, report.diary, report.flags,
                         view.settings, view.activities)


def email_summary(store: Store, *, athlete: str, summary: Summary, address: str,
                  settings: Settings | None = None, mailer: Mailer | None = None) -> None:
    """Send one summary and record it in the ledger (sent or failed, with the reason).

    Raises
    ------
    LoadwatchError
        The SMTP server refused or could not be reached (recorded as failed).
    """
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
    does not stop the others. Athletes are shared among worker processes
    (default: one per core).

    Returns
    -------
    list of dict
        Per athlete: athlete, week_start, email, status (sent, not_due,
        already_sent, failed) and, when failed, error.
    """
    due = []
    for athlete, stored in store.all_settings().items():  # one query for a whole club
        settings = effective(stored)
        if settings.email and settings.summary_day:
            due.append((athlete, settings))
    size = pool.pool_size(workers, len(due))
    if size == 1:
        with Mailer() as mailer:
            return [_send_if_due(store, athlete, settings, now, mailer)
                    for athlete, settings in due]
    # A club's summaries in parallel: each worker opens the store itself.
    return list(pool.run_in_pool(functools.partial(_send_chunk, now=now),
                                    pool.in_chunks(due), workers=size,
                                    initializer=_open_worker_store,
                                    initargs=(store.url, os.getpid()),
                                    preload="loadwatch.import_worker"))


_worker_store: Store | None = None
_worker_mailer: Mailer | None = None


def _open_worker_store(url: str, parent: int) -> None:
    from loadwatch.import_worker import exit_with

    global _worker_store, _worker_mailer
    exit_with(parent)
    _worker_store, _worker_mailer = Store(url), Mailer()
    # A batch worker: the libraries it imported never become garbage, and a
    # collection every 700 allocations (Python's default) cost about 8% of a summary.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    # Say goodbye to the SMTP server when the pool ends this worker.
    multiprocessing.util.Finalize(None, _worker_mailer.close, exitpriority=10)


def _send_chunk(items: Sequence[tuple[str, Settings]], now: datetime | None) -> list[dict]:
    assert _worker_store is not None
    return [_send_if_due(_worker_store, athlete, settings, now, _worker_mailer)
            for athlete, settings in items]


def _send_if_due(store: Store, athlete: str, settings: Settings, now: datetime | None,
                 mailer: Mailer | None = None) -> dict:
    today = local_today(settings, now)
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
        summary = weekly_summary(store, athlete=athlete, week=week, now=now, settings=settings)
        email_summary(store, athlete=athlete, summary=summary, address=str(settings.email),
                      settings=settings, mailer=mailer)
    except LoadwatchError as err:
        log.warning("summary for %s not sent: %s", athlete, err)
        return {**result, "status": "failed", "error": str(err)}
    except Exception as err:  # one athlete's bad data must not stop the club's e-mails
        log.exception("summary for %s failed", athlete)
        return {**result, "status": "failed", "error": f"unexpected {type(err).__name__}: {err}"}
    return {**result, "status": "sent"}
