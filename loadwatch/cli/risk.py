"""``loadwatch risk``: stress-fracture and overuse flags, each with why and what to do."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import click

from loadwatch.cli.context import example, reading
from loadwatch.cli.output import Column, format_options, output_rows, words
from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.service.reports import risk_report


def _flag(item: Mapping[str, Any]) -> str:
    """Title, why and what to do, each on its own line(s)."""
    return f"{item['title']}\nwhy: {item['why']}\ndo: {item['action']}"


FLAG_COLUMNS = (
    Column("date", lambda f: f["date"] or ""),
    Column("severity", lambda f: f["severity"].upper()),
    Column("kind", lambda f: words(f["kind"])),
    Column("flag", _flag, wrap=True),
)


@click.command("risk", epilog=example("loadwatch risk --from 2026-08-01"))
@format_options
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="First day shown.")
@click.pass_context
def risk_command(ctx: click.Context, fmt: str, start: datetime | None) -> None:
    """Stress-fracture and overuse flags, each with why, evidence and action.

    Most severe first; red flags from the diary always come before any
    training advice. JSON and CSV add the rule, the week, the evidence, the
    activities and the conditions each flag links to.
    """
    store, athlete = reading(ctx)
    flags = risk_report(store, athlete=athlete, start=start.date() if start else None)
    output_rows([flag.as_dict() for flag in flags], FLAG_COLUMNS, fmt, footer=[NOT_A_DIAGNOSIS],
                empty="No risk flags.")


COMMANDS = (risk_command,)
