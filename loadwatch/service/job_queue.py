"""The team server's job queue: procrastinate on the store's own PostgreSQL.

A web worker stores what a job needs in the database and defers the job;
``loadwatch worker`` processes (any number, on any machines that reach the
database) take jobs from the queue. Nothing but the database is shared, so a
worker may die at any moment: workers write a heartbeat every
``HEARTBEAT`` seconds, and a periodic job puts the jobs of a worker silent for
``STALLED_AFTER`` seconds back in the queue (procrastinate leaves them
``doing`` otherwise). Every job is safe to run again: an import finds the
files already stored (and reports them as the first attempt did), a summary
checks the ledger before sending.

Local mode (SQLite) has no queue: its work runs in the process that asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from loadwatch.errors import UsageError
from loadwatch.store import Store

if TYPE_CHECKING:
    import procrastinate

# procrastinate (the ``server`` extra) is imported only when a queue is used:
# a local store never needs it.

QUEUES = ("imports", "summaries", "upkeep")
# The tasks, by name (defined in loadwatch.service.job_tasks).
IMPORT = "loadwatch.import_upload"
QUEUE_SUMMARIES = "loadwatch.queue_due_summaries"
SEND_SUMMARY = "loadwatch.send_summary"
RETRY_STALLED = "loadwatch.retry_stalled_jobs"
HEARTBEAT = 5.0  # seconds between a worker's heartbeats
STALLED_AFTER = 20.0  # seconds without a heartbeat after which a worker's jobs run again
# Hourly: an athlete's summary day begins at midnight in their own zone.
SUMMARY_SCHEDULE = "0 * * * *"
# Every 15 seconds (the sixth field is seconds): a killed worker's job waits at most
# STALLED_AFTER + 15 s for another worker.
STALLED_SCHEDULE = "* * * * * */15"


def queue_app(store: Store, *, connections: int = 1) -> procrastinate.App:
    """A procrastinate app on the store's database, knowing loadwatch's tasks.

    Parameters
    ----------
    store : Store
        A PostgreSQL store (see :attr:`Store.shared`).
    connections : int
        The most database connections the app may hold (a web worker only
        defers: one; a job worker one per job it runs, and its listener).

    Raises
    ------
    UsageError
        The store is a SQLite file: there is no queue in local mode.
    """
    _check_shared(store)
    import procrastinate

    from loadwatch.service import job_tasks  # the tasks call the use cases, which call here

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=store.libpq_url(), min_size=1, max_size=max(1, connections)))
    job_tasks.register(app)
    return app


def prepare_queue(store: Store) -> bool:
    """Install the queue's tables in the store's database unless they are there.

    Run by ``loadwatch worker`` and ``loadwatch serve --server`` as they start
    (several at once are serialised); returns True when they were installed.

    Raises
    ------
    UsageError
        The store is a SQLite file.
    """
    _check_shared(store)
    from procrastinate.schema import SchemaManager

    return store.ensure_queue_tables("procrastinate_jobs", SchemaManager.get_schema())


def defer(store: Store, task: str, *, queueing_lock: str | None = None,
          lock: str | None = None, **arguments: Any) -> bool:
    """Queue one job of ``task`` from a web worker or the command line.

    Parameters
    ----------
    store : Store
        A PostgreSQL store.
    task : str
        The task's name (see :mod:`loadwatch.service.job_tasks`).
    queueing_lock : str, optional
        At most one job with this lock waits in the queue; another is not queued.
    lock : str, optional
        Jobs with this lock run one at a time, in order.
    **arguments
        The task's keyword arguments (JSON values).

    Returns
    -------
    bool
        False when a job with ``queueing_lock`` was already waiting.
    """
    prepare_queue(store)
    with queue_app(store).open() as app:
        return defer_with(app, task, queueing_lock=queueing_lock, lock=lock, **arguments)


def defer_with(app: procrastinate.App, task: str, *, queueing_lock: str | None = None,
               lock: str | None = None, **arguments: Any) -> bool:
    """Queue one job through an open ``app`` (inside a job: its own app); see :func:`defer`."""
    from procrastinate.exceptions import AlreadyEnqueued

    try:
        app.configure_task(task, queueing_lock=queueing_lock, lock=lock).defer(**arguments)
    except AlreadyEnqueued:
        return False
    return True


def run_worker(store: Store, *, concurrency: int = 2, queues: Sequence[str] = ()) -> None:
    """Work through the queue until stopped (SIGINT or SIGTERM: running jobs finish first).

    Parameters
    ----------
    store : Store
        The team server's PostgreSQL store; the queue's tables are installed if missing.
    concurrency : int
        Jobs run at once, each in its own thread.
    queues : list of str
        Which queues to take jobs from (``QUEUES``); empty means all.

    Raises
    ------
    UsageError
        A SQLite store, a concurrency below 1 or an unknown queue.
    """
    if concurrency < 1:
        raise UsageError("--concurrency takes 1 or more")
    unknown = sorted(set(queues) - set(QUEUES))
    if unknown:
        raise UsageError(f"no queue called {', '.join(unknown)}; the queues are "
                         f"{', '.join(QUEUES)}")
    prepare_queue(store)
    app = queue_app(store, connections=concurrency + 2)
    app.run_worker(concurrency=concurrency, queues=list(queues) or None,
                   delete_jobs="successful", additional_context={"store": store},
                   update_heartbeat_interval=HEARTBEAT, stalled_worker_timeout=STALLED_AFTER)


def _check_shared(store: Store) -> None:
    if not store.shared:
        raise UsageError("jobs run through a queue only on a team server's PostgreSQL "
                         "store; a SQLite store does its work itself")
