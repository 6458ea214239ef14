"""A team server's job queue: two real ``loadwatch worker`` processes on one PostgreSQL.

Each athlete's summary is sent once (to a real SMTP server), an upload is
imported once, and a worker killed in the middle of an import loses nothing:
the other worker runs the job again.
"""

from __future__ import annotations

import email
import signal
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from loadwatch.cli import main
from loadwatch.errors import UsageError
from loadwatch.service import job_queue
from loadwatch.service.import_jobs import import_progress, start_upload
from loadwatch.service.summaries import queue_due
from loadwatch.settings import effective
from loadwatch.store import Store
from tests.conftest import _empty_postgres, _postgres_url
from tests.fitbuild import run_file
from tests.queue_workers import clean_queue, queue_rows, start_worker, stop_worker, wait_for

pytestmark = pytest.mark.postgres

CLUB = [f"runner{i:02d}" for i in range(24)]
WAITING = "SELECT id FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"


class Inbox:
    """An aiosmtpd handler that keeps what arrives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server_store():
    url = _postgres_url()
    _empty_postgres(url)
    clean_queue(url)
    with Store(url) as store:
        yield store
    clean_queue(url)


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def workers(server_store, tmp_path):
    """Start workers on demand; every one is stopped when the test ends."""
    started = []

    def start():
        started.append(start_worker(server_store.url, tmp_path / "workers.log"))
        return started[-1]

    yield start
    for worker in started:
        stop_worker(worker)


def _club(store: Store, port: int) -> None:
    for name in CLUB:
        # Due every day: the summary day is the week's first.
        day = effective({}).week_start
        store.set_settings(name, {"email": f"{name}@example.org", "summary_day": day,
                                  "smtp_host": "127.0.0.1", "smtp_port": str(port),
                                  "smtp_starttls": "false"})


def test_two_workers_send_each_athletes_summary_once(server_store, smtp, workers, tmp_path):
    controller, inbox = smtp
    _club(server_store, controller.port)
    workers(), workers()
    assert queue_due(server_store)
    log = tmp_path / "workers.log"
    wait_for(lambda: len(inbox.messages) >= len(CLUB), "every summary sent", log)
    wait_for(lambda: not queue_rows(server_store.url, WAITING), "the queue emptied", log)
    # Asked again (a second hourly run, a second machine): the ledger has them all.
    result = CliRunner().invoke(main, ["--db", server_store.url, "summary", "--send-due",
                                       "--queue"])
    assert result.exit_code == 0, result.output
    wait_for(lambda: not queue_rows(server_store.url, WAITING), "the second run done", log)
    assert sorted(m["To"] for m in inbox.messages) == [f"{n}@example.org" for n in CLUB]
    for name in CLUB:
        assert [s["status"] for s in server_store.sends(name)] == ["sent"]


def test_an_athletes_week_is_queued_once(server_store):
    # No worker runs: the first job waits, so the second is refused by its queueing lock.
    lock = "summary:ann:2026-08-31"
    first = job_queue.defer(server_store, job_queue.SEND_SUMMARY, athlete="ann",
                            week="2026-08-31", queueing_lock=lock)
    second = job_queue.defer(server_store, job_queue.SEND_SUMMARY, athlete="ann",
                             week="2026-08-31", queueing_lock=lock)
    assert (first, second) == (True, False)
    assert len(queue_rows(server_store.url, WAITING)) == 1


def _runs(count: int) -> list[tuple[str, bytes]]:
    """``count`` different one-hour runs, a day apart."""
    return [(f"run{i:03d}.fit", run_file(3600, start=1_100_000_000 + i * 86_400))
            for i in range(count)]


def test_two_workers_import_an_upload_once(server_store, workers, tmp_path):
    workers(), workers()
    files = _runs(6)
    job = start_upload(server_store, athlete="ann", files=files)
    done = wait_for(lambda: _over(server_store, job), "the upload imported",
                    tmp_path / "workers.log")
    assert [r.status for r in done.results] == ["imported"] * len(files)
    assert len(server_store.activities("ann")) == len(files)
    assert server_store.import_jobs.staged(job) == {}


def _over(store, job):
    progress = import_progress(job, athlete="ann", store=store)
    return progress if progress.finished else None


def test_a_worker_killed_mid_import_loses_nothing(server_store, workers, tmp_path):
    log = tmp_path / "workers.log"
    first = workers()
    files = _runs(40)
    job = start_upload(server_store, athlete="ann", files=files)
    wait_for(lambda: import_progress(job, athlete="ann", store=server_store).done >= 2,
             "the first worker importing", log)
    second = workers()  # waiting for work, beside the busy one
    first.send_signal(signal.SIGKILL)
    first.wait()
    progress = import_progress(job, athlete="ann", store=server_store)
    assert not progress.finished  # it really was cut short
    done = wait_for(lambda: _over(server_store, job), "the other worker finishing it", log,
                    timeout=600)
    assert second.poll() is None
    assert done.total == done.done == len(files)
    assert [r.path for r in done.results] == [name for name, _ in files]
    # The files stored before the kill keep their result: imported, not "already there".
    assert [r.status for r in done.results] == ["imported"] * len(files)
    assert len(server_store.activities("ann")) == len(files)
    assert server_store.import_jobs.staged(job) == {}


def test_a_local_store_has_no_queue(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'local.db'}") as store, \
            pytest.raises(UsageError, match="PostgreSQL"):
        job_queue.run_worker(store)


def test_the_schedules_replace_the_cron_line(server_store):
    app = job_queue.queue_app(server_store)
    schedules = {p.task.name: p.cron for p in app.periodic_registry.periodic_tasks.values()}
    assert schedules == {job_queue.QUEUE_SUMMARIES: "0 * * * *",
                         job_queue.RETRY_STALLED: job_queue.STALLED_SCHEDULE}
