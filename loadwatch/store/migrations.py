"""Ordered, recorded, idempotent schema migrations.

Each migration runs in its own transaction together with the row that records
it, so a crash leaves either both or neither. Running ``migrate`` again applies
only what is missing; two processes migrating at once are serialised by the
ledger's primary key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from loadwatch.store import schema

Migration = tuple[int, str, Callable[[Connection], None]]


def _initial_tables(conn: Connection) -> None:
    tables = [schema.athletes, schema.source_files, schema.activities, schema.activity_samples]
    schema.metadata.create_all(conn, tables=tables)


def _settings_profiles_and_edits(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.athlete_settings, schema.activity_profiles])
    # A store made by migration 1 of this version already has the columns
    # (its table definition is the current one); an older one gets them here.
    present = {c["name"] for c in inspect(conn).get_columns("activities")}
    for name, sql_type in (("rpe", "FLOAT"), ("surface_override", "VARCHAR(16)")):
        if name not in present:
            conn.execute(text(f"ALTER TABLE activities ADD COLUMN {name} {sql_type}"))


def _activity_sources(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.activity_sources])
    conn.execute(text("INSERT INTO activity_sources (activity_id, source_file_id, athlete_id) "
                      "SELECT id, source_file_id, athlete_id FROM activities "
                      "WHERE source_file_id IS NOT NULL"))


def _data_version(conn: Connection) -> None:
    present = {c["name"] for c in inspect(conn).get_columns("athletes")}
    if "data_version" not in present:
        conn.execute(text("ALTER TABLE athletes ADD COLUMN data_version INTEGER NOT NULL "
                          "DEFAULT 0"))


def _athlete_indexes(conn: Connection) -> None:
    # create_all made them already on a store born at this version.
    present = {table: {i["name"] for i in inspect(conn).get_indexes(table)}
               for table in schema.ATHLETE_INDEXES}
    for table, index in schema.ATHLETE_INDEXES.items():
        if index.name not in present[table]:
            index.create(conn)


def _deletions_and_wall_clock(conn: Connection) -> None:
    """Columns for deleting activities (``complete``) and zone-less start times."""
    added = {"source_files": ("complete", "BOOLEAN NOT NULL DEFAULT TRUE"),
             "activities": ("zone_assumed", "BOOLEAN NOT NULL DEFAULT FALSE")}
    for table, (column, definition) in added.items():
        present = {c["name"] for c in inspect(conn).get_columns(table)}
        if column not in present:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {definition}"))


def _quality_review(conn: Connection) -> None:
    """The runner's answer to a data-quality mark (confirmed or corrected)."""
    present = {c["name"] for c in inspect(conn).get_columns("activities")}
    if "quality_review" not in present:
        conn.execute(text("ALTER TABLE activities ADD COLUMN quality_review VARCHAR(16)"))


def _sessions_logins_and_audit(conn: Connection) -> None:
    """A session token per account, failed logins, and the audit log."""
    present = {c["name"] for c in inspect(conn).get_columns("users")}
    if "session_token" not in present:
        # Existing cookies name no token: everyone logs in once more after the upgrade.
        conn.execute(text("ALTER TABLE users ADD COLUMN session_token VARCHAR(64) NOT NULL "
                          "DEFAULT ''"))
    schema.metadata.create_all(conn, tables=[schema.login_failures, schema.audit_log])


def _staged_uploads_uncompressed(conn: Connection) -> None:
    # Uploads are mostly zips and FIT files: PostgreSQL's pglz squeezed a stored
    # (not deflated) 200 MB export at about 10 MB/s, holding the upload's request
    # 20 s; out of line without compression, the same pieces are stored in 2 s.
    if conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE staged_uploads ALTER COLUMN data SET STORAGE EXTERNAL"))


MIGRATIONS: list[Migration] = [
    (1, "athletes, source files, activities and samples", _initial_tables),
    (2, "athlete settings, activity profiles, RPE and surface entries",
     _settings_profiles_and_edits),
    (3, "every source file of an activity", _activity_sources),
    (4, "the symptom diary",
     lambda conn: schema.metadata.create_all(conn, tables=[schema.diary_entries])),
    (5, "the ledger of weekly summaries sent",
     lambda conn: schema.metadata.create_all(conn, tables=[schema.summary_sends])),
    (6, "team server accounts, coach assignments, diary comments",
     lambda conn: schema.metadata.create_all(conn, tables=[
         schema.users, schema.coach_athletes, schema.diary_comments, schema.server_secrets])),
    (7, "the original bytes of imported files",
     lambda conn: schema.metadata.create_all(conn, tables=[schema.source_originals])),
    (8, "a data version per athlete", _data_version),
    (9, "indexes by athlete", _athlete_indexes),
    (10, "computed views shared by server workers",
     lambda conn: schema.metadata.create_all(conn, tables=[schema.view_cache])),
    (11, "deleting activities; start times known only as local wall-clock time",
     _deletions_and_wall_clock),
    (12, "red flags acknowledged by the runner",
     lambda conn: schema.metadata.create_all(conn, tables=[schema.flag_acknowledgements])),
    (13, "the runner's answer to a data-quality mark", _quality_review),
    (14, "sessions ended on the server, failed logins, the audit log",
     _sessions_logins_and_audit),
    (15, "a team server's import jobs and the uploads they read",
     lambda conn: schema.metadata.create_all(conn, tables=[schema.import_jobs,
                                                            schema.staged_uploads])),
    (16, "uploads staged without compression", _staged_uploads_uncompressed),
]


def applied_versions(engine: Engine) -> set[int]:
    """The versions of the migrations recorded as applied."""
    with engine.connect() as conn:
        return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


def migrate(engine: Engine, migrations: list[Migration] = MIGRATIONS) -> list[int]:
    """Apply every migration not yet recorded, in order; return those applied."""
    schema.metadata.create_all(engine, tables=[schema.schema_migrations])
    done = applied_versions(engine)
    applied = []
    for version, name, apply in sorted(migrations, key=lambda m: m[0]):
        if version in done:
            continue
        try:
            with engine.begin() as conn:
                conn.execute(schema.schema_migrations.insert().values(
                    version=version, name=name,
                    applied_at=datetime.now(UTC).replace(tzinfo=None)))
                apply(conn)
        except IntegrityError:
            continue  # another process recorded it first
        applied.append(version)
    return applied
