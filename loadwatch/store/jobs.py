"""A team server's import jobs: their progress records and the uploads they read.

On PostgreSQL the web workers and the job workers share nothing but the
database: an upload's files are kept here (in pieces) until a job worker has
imported them, and the job's progress record is written here after each file
so that any web worker answers the Upload page's polls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import Engine, select, text

from loadwatch.store import schema
from loadwatch.store.athletes import Athletes
from loadwatch.store.engine import now

# Any number: the key of the advisory lock that serialises installing the queue's tables.
_QUEUE_SCHEMA_LOCK = 0x10AD_3A7C


class ImportJobs:
    """Progress records of import jobs and the staged files of uploads."""

    def __init__(self, engine: Engine, athletes: Athletes) -> None:
        self.engine = engine
        self.athletes = athletes

    def save_record(self, job: str, athlete: str, record: str) -> None:
        """Write the job's progress record (JSON text), replacing the last one whole."""
        athlete_id = self.athletes.ensure(athlete)
        table = schema.import_jobs
        with self.engine.begin() as conn:
            updated = conn.execute(table.update().where(table.c.id == job).values(
                record=record, updated_at=now())).rowcount
            if not updated:
                conn.execute(table.insert(), {"id": job, "athlete_id": athlete_id,
                                              "record": record, "updated_at": now()})

    def record(self, job: str) -> str | None:
        """The job's progress record (JSON text), None when there is none."""
        table = schema.import_jobs
        with self.engine.connect() as conn:
            return conn.execute(select(table.c.record).where(table.c.id == job)).scalar()

    def stage(self, upload: str, athlete: str, file: int, name: str,
              pieces: Iterable[bytes]) -> None:
        """Keep one uploaded file (its pieces in order) until a job has imported it."""
        athlete_id = self.athletes.ensure(athlete)
        with self.engine.begin() as conn:
            # One piece a statement, each read as the last is written: a 200 MB file
            # is never whole in memory, nor one parameter.
            for number, piece in enumerate(pieces):
                conn.execute(schema.staged_uploads.insert(), {
                    "upload": upload, "file": file, "piece": number,
                    "athlete_id": athlete_id, "name": name, "data": piece, "at": now()})

    def staged(self, upload: str) -> dict[int, str]:
        """The files of ``upload`` still kept: index -> name."""
        table = schema.staged_uploads
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.file, table.c.name).where(
                table.c.upload == upload, table.c.piece == 0).order_by(table.c.file))
            return {int(file): str(name) for file, name in rows}

    def pieces(self, upload: str, file: int) -> Iterator[bytes]:
        """The bytes of one staged file, a piece at a time (never all in memory)."""
        table = schema.staged_uploads
        number = 0
        while True:
            with self.engine.connect() as conn:
                piece = conn.execute(select(table.c.data).where(
                    table.c.upload == upload, table.c.file == file,
                    table.c.piece == number)).scalar()
            if piece is None:
                return
            yield bytes(piece)
            number += 1

    def drop_staged(self, upload: str, files: Iterable[int]) -> None:
        """Forget the staged ``files`` of ``upload`` (imported, or kept too long)."""
        table = schema.staged_uploads
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.upload == upload,
                                              table.c.file.in_(list(files))))

    def sweep(self, before: datetime) -> None:
        """Forget records and staged files older than ``before`` (naive UTC)."""
        with self.engine.begin() as conn:
            conn.execute(schema.staged_uploads.delete().where(
                schema.staged_uploads.c.at < before))
            conn.execute(schema.import_jobs.delete().where(
                schema.import_jobs.c.updated_at < before))


def ensure_tables(engine: Engine, marker: str, sql: str) -> bool:
    """Run ``sql`` once, when the table ``marker`` is missing; True when it ran.

    For the job queue's own tables (procrastinate's schema): two workers
    starting at once are serialised by a transaction-level advisory lock, so
    the second finds the tables made. PostgreSQL only.
    """
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _QUEUE_SCHEMA_LOCK})
        if conn.execute(text("SELECT to_regclass(:name)"), {"name": marker}).scalar():
            return False
        # The driver reads % as a placeholder mark: the schema's own are doubled.
        conn.exec_driver_sql(sql.replace("%", "%%"))
    return True
