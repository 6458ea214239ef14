"""``loadwatch worker``: a team server's job worker (imports of uploads, weekly summaries)."""

from __future__ import annotations

import logging

import click

from loadwatch.cli.context import example, open_store
from loadwatch.service.job_queue import QUEUES, run_worker


@click.command("worker", epilog=example(
    "loadwatch --db postgresql+psycopg://loadwatch@db.club.org/loadwatch worker "
    "--concurrency 4"))
@click.option("--concurrency", default=2, show_default=True, type=int,
              help="Jobs run at once by this worker (each in a thread).")
@click.option("--queue", "queues", multiple=True, type=click.Choice(QUEUES),
              help="Take jobs only from this queue (repeat for more); default all.")
@click.pass_context
def worker_command(ctx: click.Context, concurrency: int, queues: tuple[str, ...]) -> None:
    """Run jobs from a team server's queue until stopped (SIGTERM lets running jobs finish).

    Any number of workers, on any machines that reach the PostgreSQL store,
    share the queue. Installs the queue's tables on first start.
    """
    # A service's log: every line timed and named (not the commands' "Warning: ..." lines).
    ours = logging.getLogger("loadwatch")
    ours.handlers = [h for h in ours.handlers if not getattr(h, "loadwatch_cli", False)]
    ours.setLevel(logging.INFO)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    run_worker(open_store(ctx), concurrency=concurrency, queues=queues)


COMMANDS = (worker_command,)
