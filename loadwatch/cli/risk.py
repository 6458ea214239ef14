"""``loadwatch risk``: stress-fracture and overuse flags, each with why and what to do.

``loadwatch risk ack DATE RULE`` records that the runner has seen a red flag
(or booked the visit it asks for); the flag stays as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import click

from loadwatch.cli.context import example, reading
from loadwatch.cli.output import Column, format_options, output_rows, words
from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.service.flags import (
    acknowledge_flag,
    flag_statuses,
    reference,
    withdraw_acknowledgement,
)
from loadwatch.service.settings import athlete_settings


def _flag(item: Mapping[str, Any]) -> str:
    """Title, why and what to do, each on its own line(s); a red flag's acknowledgement."""
    text = f"{item['title']}\nwhy: {item['why']}\ndo: {item['action']}"
    if item["acknowledged"] is not None:
        text += f"\nseen: {item['acknowledged']['text']}"
    elif item["red"]:
        text += f"\nseen it? loadwatch risk ack {item['reference']}"
    return text


FLAG_COLUMNS = (
    Column("date", lambda f: f["date"] or ""),
    Column("severity", lambda f: f["severity"].upper()),
    Column("kind", lambda f: words(f["kind"])),
    Column("flag", _flag, wrap=True),
)
DAY = click.DateTime(["%Y-%m-%d"])


@click.group("risk", invoke_without_command=True,
             epilog=example("loadwatch risk --from 2026-08-01"))
@format_options
@click.option("--from", "start", type=DAY, metavar="YYYY-MM-DD", help="First day shown.")
@click.pass_context
def risk_command(ctx: click.Context, fmt: str, start: datetime | None) -> None:
    """Stress-fracture and overuse flags, each with why, evidence and action.

    Most severe first; red flags from the diary always come before any
    training advice. JSON and CSV add the rule, the week, the evidence, the
    activities and the conditions each flag links to, and who acknowledged a
    red flag and when (``loadwatch risk ack``).
    """
    if ctx.invoked_subcommand is not None:
        return
    store, athlete = reading(ctx)
    statuses = flag_statuses(store, athlete=athlete, start=start.date() if start else None)
    table = [{**s.as_dict(), "red": s.flag.is_red, "reference": reference(s.flag)}
             for s in statuses]
    output_rows([s.as_dict() for s in statuses], FLAG_COLUMNS, fmt, footer=[NOT_A_DIAGNOSIS],
                empty="No risk flags.", table=table)


@risk_command.command("ack", epilog=example(
    "loadwatch risk ack 2026-08-31 bone_stress_during_ramp --note 'GP on Tuesday'"))
@click.argument("day", type=DAY, metavar="DATE")
@click.argument("rule")
@click.option("--entry", type=int, help="The diary entry of the flag, when two share the "
                                        "date and rule.")
@click.option("--note", help="What you add: 'visit booked for Tuesday'.")
@click.option("--by", help="Who has seen it (default: the athlete).")
@click.option("--undo", is_flag=True, help="Take back an acknowledgement given by mistake.")
@click.pass_context
def ack_command(ctx: click.Context, day: datetime, rule: str, entry: int | None,
                note: str | None, by: str | None, undo: bool) -> None:
    """Say you have seen a red flag, or booked the visit it asks for.

    Name the flag by its date and rule as `loadwatch risk --json` lists them
    (the table shows the command under each red flag). Acknowledging hides
    nothing and softens nothing: the flag keeps its severity and stays open as
    long as it would have; it is shown as acknowledged, by whom and when, below
    the flags nobody has seen yet.
    """
    store, athlete = reading(ctx)
    if undo:
        flag = withdraw_acknowledgement(store, athlete=athlete, day=day.date(), rule=rule,
                                        entry=entry)
        click.echo(f"{flag.title} ({flag.date}): no longer acknowledged.")
        return
    done = acknowledge_flag(store, athlete=athlete, day=day.date(), rule=rule, entry=entry,
                            by=by, note=note)
    seen = done.acknowledgement.words(athlete_settings(store, athlete=athlete)[1].timezone)
    click.echo(f"{done.flag.severity.upper()} · {done.flag.title} ({done.flag.date}): "
               + (seen if done.new else f"already acknowledged. {seen}"))
    click.echo(f"It stays on the list. What to do: {done.flag.action}")


COMMANDS = (risk_command,)
