"""Rows an import batch writes at its end, one executemany per table.

A batch saves many files in one transaction. The rows that no later file of
the batch reads back (kept originals, activity-file links, profiles) are
gathered here and written together just before the commit: one statement a
table instead of one a row. Each file stages its rows apart; they join the
batch's only once the file's savepoint is released, so a file that rolls
back leaves none of its rows behind.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from loadwatch.store import jsonio, schema


class Pending:
    """Deferred rows of a batch, or of one file of it (its stage)."""

    def __init__(self) -> None:
        self.originals: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        # activity id -> profile row, or None: "this activity has no profile"
        # (a merge replaced a profile that was still waiting here).
        self.profiles: dict[int, dict[str, Any] | None] = {}

    def profile(self, athlete_id: int, activity_id: int, profile: dict | None) -> None:
        """The activity's profile (None: none), replacing any waiting one."""
        self.profiles[activity_id] = None if profile is None else {
            "activity_id": activity_id, "athlete_id": athlete_id,
            "version": profile["version"], "data": jsonio.dumps(profile)}

    def link(self, athlete_id: int, activity_id: int, file_id: int) -> None:
        """Remember file ``file_id`` as one the activity was read from."""
        self.links.append({"activity_id": activity_id, "source_file_id": file_id,
                           "athlete_id": athlete_id})

    def original(self, athlete_id: int, file_id: int, original: tuple[str, bytes]) -> None:
        """The file's bytes as read, kept for exports."""
        compression, data = original
        self.originals.append({"source_file_id": file_id, "athlete_id": athlete_id,
                               "compression": compression, "data": data})

    def absorb(self, staged: Pending) -> None:
        """Take a file's staged rows (its savepoint was released)."""
        self.originals.extend(staged.originals)
        self.links.extend(staged.links)
        self.profiles.update(staged.profiles)

    def write(self, conn: Connection) -> None:
        """Insert every row, one executemany per table (inside the batch's transaction)."""
        profiles = [row for row in self.profiles.values() if row is not None]
        for table, rows in ((schema.source_originals, self.originals),
                            (schema.activity_sources, self.links),
                            (schema.activity_profiles, profiles)):
            if rows:
                conn.execute(table.insert(), rows)
