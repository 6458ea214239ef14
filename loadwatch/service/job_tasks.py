"""The jobs a ``loadwatch worker`` runs: imports, weekly summaries and upkeep.

Each task only maps a job's arguments onto a use case; the store is the
worker's own (``additional_context``), the same for every job it runs.
Summaries: a periodic job (``SUMMARY_SCHEDULE``) queues one job per athlete
whose summary is due, locked by athlete and week, so that two workers never
queue or send the same week twice; the ledger stays the judge of what was
sent. A failed send is retried with growing waits.
"""

from __future__ import annotations

import logging
import threading

import procrastinate
from procrastinate import JobContext, RetryStrategy

from loadwatch.errors import LoadwatchError
from loadwatch.notify import Mailer
from loadwatch.service import import_jobs, summaries
from loadwatch.service.job_queue import (
    IMPORT,
    QUEUE_SUMMARIES,
    RETRY_STALLED,
    SEND_SUMMARY,
    STALLED_AFTER,
    STALLED_SCHEDULE,
    SUMMARY_SCHEDULE,
    defer_with,
)
from loadwatch.store import Store

log = logging.getLogger("loadwatch")

# An SMTP server down: tried again after 1, 2, 4, 8 and 16 minutes, then left to the
# next week's run (the ledger says failed).
SEND_RETRY = RetryStrategy(max_attempts=6, exponential_wait=60,
                           retry_exceptions={LoadwatchError})
_mailers = threading.local()  # one SMTP session per worker thread, kept open


def _store(context: JobContext) -> Store:
    return context.additional_context["store"]


def _mailer() -> Mailer:
    if not hasattr(_mailers, "mailer"):
        _mailers.mailer = Mailer()
    return _mailers.mailer


def register(app: procrastinate.App) -> None:
    """Add loadwatch's tasks (and their schedules) to ``app``."""

    @app.task(name=IMPORT, queue="imports", pass_context=True)
    def import_upload(context: JobContext, job: str, files: list[int] | None = None,
                      units: str | None = None) -> None:
        import_jobs.import_staged(_store(context), job=job, files=files, units=units)

    @app.periodic(cron=SUMMARY_SCHEDULE, periodic_id="summaries")
    @app.task(name=QUEUE_SUMMARIES, queue="summaries", pass_context=True,
              queueing_lock=QUEUE_SUMMARIES)
    def queue_due_summaries(context: JobContext, timestamp: int | None = None) -> int:
        queued = 0
        for athlete, week in summaries.due_summaries(_store(context)):
            queued += defer_with(context.app, SEND_SUMMARY, athlete=athlete, week=week,
                                 queueing_lock=f"summary:{athlete}:{week}",
                                 lock=f"summary:{athlete}")
        return queued

    @app.task(name=SEND_SUMMARY, queue="summaries", pass_context=True, retry=SEND_RETRY)
    def send_summary(context: JobContext, athlete: str, week: str) -> str:
        return summaries.send_week(_store(context), athlete=athlete, week=week,
                                   mailer=_mailer())

    @app.periodic(cron=STALLED_SCHEDULE, periodic_id="stalled")
    @app.task(name=RETRY_STALLED, queue="upkeep", queueing_lock=RETRY_STALLED,
              pass_context=True)
    async def retry_stalled_jobs(context: JobContext, timestamp: int | None = None) -> int:
        # A worker killed mid-job (SIGKILL, a lost machine) leaves its jobs "doing";
        # they run again once its heartbeat is STALLED_AFTER seconds old.
        stalled = await context.app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=STALLED_AFTER)
        for job in stalled:
            log.warning("job %s (%s) of a worker that stopped answering runs again",
                        job.id, job.task_name)
            await context.app.job_manager.retry_job(job)
        return len(list(stalled))
