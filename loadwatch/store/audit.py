"""The audit log as stored: one row per login, failed login, role change, export, deletion.

What is worth a row, and who the actor is, is decided in
:mod:`loadwatch.service.audit`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from loadwatch.store import schema
from loadwatch.store.engine import now


class AuditLog:
    """The audit_log table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, kind: str, actor: str, subject: str | None, address: str | None,
            detail: str = "") -> None:
        """Record one event, now."""
        with self.engine.begin() as conn:
            conn.execute(schema.audit_log.insert(), {
                "at": now(), "kind": kind, "actor": actor, "subject": subject,
                "address": address, "detail": detail})

    def rows(self, *, user: str | None = None, kind: str | None = None,
             since: datetime | None = None, limit: int = 1000) -> list[dict]:
        """The latest ``limit`` events, oldest first; ``user`` matches actor or subject."""
        table = schema.audit_log
        query = select(table.c.at, table.c.kind, table.c.actor, table.c.subject,
                       table.c.address, table.c.detail)
        if user is not None:
            query = query.where((table.c.actor == user) | (table.c.subject == user))
        if kind is not None:
            query = query.where(table.c.kind == kind)
        if since is not None:
            query = query.where(table.c.at >= since)
        query = query.order_by(table.c.at.desc(), table.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
        return rows[::-1]
