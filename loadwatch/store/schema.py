"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Every table but the migration ledger carries an athlete. Times are stored as
naive UTC datetimes; the local offset sits beside them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)

metadata = MetaData()


class LenientDateTime(TypeDecorator):
    """A DATETIME that reads leniently: a bad value is no value, not a failed read.

    Text no calendar holds (2020-02-30, written by hand into SQLite) reads as
    no value, and a time with an offset as naive UTC, so one bad row is left
    out instead of failing every read of the table.
    """

    impl = DateTime
    cache_ok = True

    def result_processor(self, dialect, coltype):
        """The dialect's own parser, made lenient."""
        parse = self.impl_instance.result_processor(dialect, coltype)
        if parse is None:
            return None

        def lenient(value):
            try:
                moment = parse(value)
            except (ValueError, TypeError):
                return None
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                # An offset written by hand: the column holds naive UTC.
                moment = moment.astimezone(UTC).replace(tzinfo=None)
            return moment

        return lenient

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", LenientDateTime, nullable=False),
)

athletes = Table(
    "athletes", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", LenientDateTime, nullable=False),
    # Added by migration 8: raised by every write, so that each server worker
    # knows when its cached view of the athlete is out of date.
    Column("data_version", Integer, nullable=False, default=0, server_default="0"),
)

source_files = Table(
    "source_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("source_name", Text, nullable=False),
    Column("source_format", String(16), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("decoder", String(100)),
    Column("warnings", Text),
    Column("imported_at", LenientDateTime, nullable=False),
    # Added by migration 11: false once one of the file's activities was
    # deleted, so that importing the file again brings it back.
    Column("complete", Boolean, nullable=False, default=True, server_default=true()),
    UniqueConstraint("athlete_id", "content_hash", name="uq_source_files_hash"),
)

activities = Table(
    "activities", metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("source_file_id", Integer, ForeignKey("source_files.id", ondelete="CASCADE")),
    Column("session_index", Integer, nullable=False, default=0),
    Column("name", Text),
    Column("start_time", LenientDateTime, nullable=False),
    Column("utc_offset_s", Integer),
    Column("sport", String(64), nullable=False),
    Column("sub_sport", String(64)),
    Column("distance_m", Float),
    Column("timer_s", Float),
    Column("elapsed_s", Float),
    Column("elevation_gain_m", Float),
    Column("avg_hr", Float),
    Column("max_hr", Float),
    Column("avg_cadence", Float),
    Column("device", Text),
    Column("source_format", String(16), nullable=False),
    Column("source_name", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("warnings", Text),
    Column("created_at", LenientDateTime, nullable=False),
    # Added by migration 2: the athlete's own entries.
    Column("rpe", Float),
    Column("surface_override", String(16)),
    # Added by migration 11: the source gave a local wall-clock time without a
    # zone, and the athlete's zone was assumed.
    Column("zone_assumed", Boolean, nullable=False, default=False, server_default=false()),
    # Added by migration 13: the runner's answer to a data-quality mark
    # (metrics.quality): "confirmed" (it was a run) or "corrected" (the
    # distance is theirs); null while unanswered.
    Column("quality_review", String(16)),
)
Index("ix_activities_athlete_start", activities.c.athlete_id, activities.c.start_time)

activity_samples = Table(
    "activity_samples", metadata,
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("sample_count", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

athlete_settings = Table(
    "athlete_settings", metadata,
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"),
           primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Settings-free summaries of each activity's samples (see metrics.profile).
activity_profiles = Table(
    "activity_profiles", metadata,
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
)

# Every file an activity was read from: its own, and those merged into it.
activity_sources = Table(
    "activity_sources", metadata,
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("source_file_id", Integer, ForeignKey("source_files.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
)

# The symptom diary: one row per entry, its lists as JSON text.
diary_entries = Table(
    "diary_entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("date", LenientDateTime, nullable=False),
    Column("data", Text, nullable=False),
    Column("created_at", LenientDateTime, nullable=False),
)
Index("ix_diary_athlete_date", diary_entries.c.athlete_id, diary_entries.c.date)

# Weekly summaries sent (or tried): at most one successful send per athlete and week.
summary_sends = Table(
    "summary_sends", metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("week_start", String(10), nullable=False),
    Column("address", Text, nullable=False),
    Column("status", String(16), nullable=False),  # sent | failed
    Column("error", Text),
    Column("at", LenientDateTime, nullable=False),
)
Index("ix_summary_sends_week", summary_sends.c.athlete_id, summary_sends.c.week_start)

# Migration 9: every per-athlete read of these tables goes by athlete_id; without
# an index PostgreSQL scanned every athlete's rows (136 ms a read at 1,000 athletes).
ATHLETE_INDEXES = {
    "activity_samples": Index("ix_activity_samples_athlete", activity_samples.c.athlete_id),
    "activity_profiles": Index("ix_activity_profiles_athlete", activity_profiles.c.athlete_id),
    "activity_sources": Index("ix_activity_sources_athlete", activity_sources.c.athlete_id),
}

# Team server accounts (migration 6). Local mode uses none of these.
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),  # athlete | coach | admin
    # An athlete account's own data; null for coaches and admins.
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE")),
    Column("created_at", LenientDateTime, nullable=False),
    # Migration 14: the session token every login cookie of this account must carry.
    # Replaced on logout, a new password, a new role: every older cookie stops working.
    Column("session_token", String(64), nullable=False, server_default=""),
)

coach_athletes = Table(
    "coach_athletes", metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
)

diary_comments = Table(
    "diary_comments", metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("entry_id", Integer, ForeignKey("diary_entries.id", ondelete="CASCADE"),
           nullable=False),
    Column("author", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("at", LenientDateTime, nullable=False),
)
Index("ix_diary_comments_entry", diary_comments.c.entry_id)
ATHLETE_INDEXES["diary_comments"] = Index("ix_diary_comments_athlete",
                                          diary_comments.c.athlete_id)

# Migration 12: a runner's word that they have seen a red flag (or booked the visit it
# asks for), kept with who and when. A flag is computed, not stored: it is named
# by its rule, its day and, for a flag of the diary, its entry (the flag goes, and
# its acknowledgement with it, when the entry is deleted).
flag_acknowledgements = Table(
    "flag_acknowledgements", metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("day", String(10), nullable=False),  # the flag's date, ISO
    Column("entry_id", Integer, ForeignKey("diary_entries.id", ondelete="CASCADE")),
    Column("author", String(200), nullable=False),
    Column("at", LenientDateTime, nullable=False),
    Column("note", Text),
)
Index("ix_flag_acknowledgements_athlete", flag_acknowledgements.c.athlete_id)

# Secrets the server's workers share (the session signing key), made on first start.
# Migration 14: failed logins per name tried (known or not, so that a lock tells
# nothing about which names exist), and the lock they lead to.
login_failures = Table(
    "login_failures", metadata,
    Column("name", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure", LenientDateTime, nullable=False),
    Column("locked_until", LenientDateTime),
)

# Migration 14: who did what on a team server (logins, failed logins, role changes,
# exports, deletions); read by admins with `loadwatch audit`.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", LenientDateTime, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("actor", String(200), nullable=False),  # who acted ("-" when unknown)
    Column("subject", String(200)),  # the account or athlete acted on
    Column("address", String(64)),  # the client's address, on a server
    Column("detail", Text, nullable=False, default=""),
)
Index("ix_audit_log_at", audit_log.c.at)

server_secrets = Table(
    "server_secrets", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# The bytes of each imported file, as read (zlib level 1 unless already
# compressed), so that an export can hand the athlete their originals (migration 7).
source_originals = Table(
    "source_originals", metadata,
    Column("source_file_id", Integer, ForeignKey("source_files.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("compression", String(8), nullable=False),  # zlib | none
    Column("data", LargeBinary, nullable=False),
)
ATHLETE_INDEXES["source_originals"] = Index("ix_source_originals_athlete",
                                            source_originals.c.athlete_id)

# Migration 10: a computed view of each athlete (the dashboard's frames), shared
# by a team server's workers so that each athlete (and each figure) is computed
# once, not once a worker. Valid only for the data version and day it was made for.
view_cache = Table(
    "view_cache", metadata,
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("name", String(64), primary_key=True),  # "snapshot", or a figure's name
    Column("data_version", Integer, nullable=False),
    Column("day", String(10), nullable=False),
    Column("format", Integer, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

# Migration 15: a team server's import jobs, so that any job worker on any machine
# reads an upload and any web worker answers the Upload page's polls. A job's
# progress is one JSON record; an upload's files are kept in pieces (a 200 MB
# export is not one 200 MB parameter) until imported.
import_jobs = Table(
    "import_jobs", metadata,
    Column("id", String(32), primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("record", Text, nullable=False),
    Column("updated_at", LenientDateTime, nullable=False),
)
staged_uploads = Table(
    "staged_uploads", metadata,
    Column("upload", String(32), primary_key=True),
    Column("file", Integer, primary_key=True, autoincrement=False),
    Column("piece", Integer, primary_key=True, autoincrement=False),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("at", LenientDateTime, nullable=False),
)
