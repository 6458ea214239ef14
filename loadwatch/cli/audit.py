"""``loadwatch audit``: the team server's audit log, for admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from loadwatch.cli.context import example, looking
from loadwatch.cli.output import Column, format_options, output_rows
from loadwatch.errors import UsageError
from loadwatch.service import audit

AUDIT_COLUMNS = (Column("at (UTC)", lambda r: f"{r['at']:%Y-%m-%d %H:%M:%S}"),
                 Column("kind", lambda r: r["kind"]), Column("by", lambda r: r["actor"]),
                 Column("of", lambda r: r["subject"] or ""),
                 Column("from", lambda r: r["address"] or ""),
                 Column("detail", lambda r: r["detail"], wrap=True))


def _since(value: str | None) -> datetime | None:
    """A date (2026-05-01), a time (2026-05-01T08:00) or a span back from now (7d, 12h)."""
    if not value:
        return None
    units = {"d": "days", "h": "hours", "m": "minutes"}
    if value[:-1].isdigit() and value[-1] in units:
        span = timedelta(**{units[value[-1]]: int(value[:-1])})
        return datetime.now(UTC).replace(tzinfo=None) - span
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--since takes a date, a time or a span such as 7d or 12h, "
                         f"not {value!r}") from None


@click.command("audit", epilog=example("loadwatch audit --kind login_failed --since 1d"))
@click.option("--user", help="Only events done by or to this account.")
@click.option("--kind", type=click.Choice(audit.KINDS), help="Only events of this kind.")
@click.option("--since", help="From a date (2026-05-01) or a span back from now (7d, 12h).")
@click.option("--limit", default=200, show_default=True, type=click.IntRange(1, 100000),
              help="At most this many of the latest events.")
@format_options
@click.pass_context
def audit_command(ctx: click.Context, user: str | None, kind: str | None, since: str | None,
                  limit: int, fmt: str) -> None:
    """Logins, failed logins, role changes, exports and deletions on the team server."""
    rows = audit.entries(looking(ctx), user=user, kind=kind, since=_since(since), limit=limit)
    output_rows([{**row, "at": row["at"].isoformat()} for row in rows] if fmt != "table"
                else rows, AUDIT_COLUMNS, fmt, empty="Nothing in the audit log yet.")


COMMANDS = (audit_command,)
