"""The weekly summary: one week as data, e-mailed once, and a club's due summaries."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from loadwatch.errors import LoadwatchError, UsageError
from loadwatch.metrics.calendar import week_of
from loadwatch.notify import Mailer, send, summary_message
from loadwatch.service import job_queue
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
    if not isinstance(week, date):
        raise UsageError(f"--week takes a date (YYYY-MM-DD), this or last, not {week!r}")
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


def send_due(store: Store, now: datetime | None = None) -> list[dict]:
    """Send every athlete whose summary is due their last finished week, once.

    Due: ``email`` and ``summary_day`` are set and today (in the athlete's
    zone) is that day of the week or later. A week already sent is not sent
    again; a failed send is retried on the next run; one athlete's failure
    does not stop the others. This process sends them all, one after the
    other (for cron and a local store); a team server's ``loadwatch worker``
    processes share them instead (:func:`due_summaries`, :func:`send_week`).

    Returns
    -------
    list of dict
        Per athlete: athlete, week_start, email, status (sent, not_due,
        already_sent, failed) and, when failed, error.
    """
    with Mailer() as mailer:
        return [_send_if_due(store, athlete, settings, now, mailer)
                for athlete, settings in _with_address(store)]


def queue_due(store: Store) -> bool:
    """Have the team server's workers send the due summaries now, not at the next hour.

    Queues the job that the schedule queues every hour (``SUMMARY_SCHEDULE``);
    False when one is already waiting.

    Raises
    ------
    UsageError
        A SQLite store: use :func:`send_due`.
    """
    return job_queue.defer(store, job_queue.QUEUE_SUMMARIES,
                           queueing_lock=job_queue.QUEUE_SUMMARIES)


def due_summaries(store: Store, now: datetime | None = None) -> list[tuple[str, str]]:
    """Each (athlete, week start) whose summary is due and not yet sent, in name order."""
    due = []
    for athlete, settings in _with_address(store):
        week = _due_week(settings, now)
        if week is not None and not store.summary_sent(athlete, week):
            due.append((athlete, week))
    return due


def send_week(store: Store, *, athlete: str, week: str, mailer: Mailer | None = None) -> str:
    """Send ``athlete``'s summary of the week starting ``week`` unless the ledger has it.

    The job of one athlete and week on a team server: run again after a
    worker died, it sends nothing the ledger records as sent.

    Returns
    -------
    str
        ``sent``, ``already_sent``, or ``no_address`` (the e-mail setting was removed).

    Raises
    ------
    LoadwatchError
        The SMTP server refused or could not be reached (recorded as failed;
        the queue tries again later).
    """
    settings = effective(store.settings(athlete))
    if not settings.email:
        return "no_address"
    if store.summary_sent(athlete, week):
        return "already_sent"
    summary = weekly_summary(store, athlete=athlete, week=week, settings=settings)
    email_summary(store, athlete=athlete, summary=summary, address=str(settings.email),
                  settings=settings, mailer=mailer)
    return "sent"


def _with_address(store: Store) -> list[tuple[str, Settings]]:
    """Athletes with an address and a summary day, and their effective settings."""
    chosen = []
    for athlete, stored in store.all_settings().items():  # one query for a whole club
        settings = effective(stored)
        if settings.email and settings.summary_day:
            chosen.append((athlete, settings))
    return chosen


def _due_week(settings: Settings, now: datetime | None) -> str | None:
    """The week start (ISO) whose summary is due today, None before the summary day."""
    today = local_today(settings, now)
    this_week = week_of(today, settings.week_start)
    offset = (WEEKDAYS.index(str(settings.summary_day))
              - WEEKDAYS.index(settings.week_start)) % 7
    if today < this_week + timedelta(days=offset):
        return None
    return (this_week - timedelta(days=7)).isoformat()


def _send_if_due(store: Store, athlete: str, settings: Settings, now: datetime | None,
                 mailer: Mailer | None = None) -> dict:
    week = _due_week(settings, now)
    last_week = (week_of(local_today(settings, now), settings.week_start)
                 - timedelta(days=7)).isoformat()
    result = {"athlete": athlete, "week_start": week or last_week, "email": settings.email}
    if week is None:
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
