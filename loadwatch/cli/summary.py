"""``loadwatch summary``: the weekly summary in the terminal, as a file, by e-mail, for cron."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from loadwatch.cli.context import example, looking, open_store, reading
from loadwatch.service.summaries import email_summary, queue_due, send_due, weekly_summary
from loadwatch.summary import RENDERERS


@click.command("summary", epilog=example("loadwatch summary --week last --format markdown"))
@click.option("--week", help="A date in the week, 'this' or 'last' (default: last week).")
@click.option("--format", "form", type=click.Choice(list(RENDERERS)), default="text",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file.")
@click.option("--email", "address", help="Send it to this address (HTML with a text part).")
@click.option("--send-due", is_flag=True,
              help="Send every athlete whose summary_day has come their last week, once.")
@click.option("--queue", "queue", is_flag=True,
              help="With --send-due on a team server: have `loadwatch worker` send them now "
                   "(they do every hour anyway).")
@click.pass_context
def summary_command(ctx: click.Context, week: str | None, form: str, output: str | None,
                    address: str | None, send_due: bool, queue: bool) -> None:
    """The weekly summary: in the terminal, as a file, or by e-mail. For cron: --send-due."""
    if send_due and queue:
        queued = queue_due(open_store(ctx))
        click.echo("the workers are sending the due summaries" if queued
                   else "the due summaries were already queued")
        return
    if send_due:
        _send_due(ctx)
        return
    store, athlete = reading(ctx)
    summary = weekly_summary(store, athlete=athlete, week=week)
    rendered = RENDERERS[form](summary)
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    elif not address:
        click.echo(rendered, nl=False)
    if address:
        email_summary(store, athlete=athlete, summary=summary, address=address)
        click.echo(f"sent the summary of the week of {summary.week_start} to {address}")


def _send_due(ctx: click.Context) -> None:
    """Every athlete's due summary, one line each; exit 1 when a send failed."""
    results = send_due(looking(ctx))
    for result in results:
        error = f" - {result['error']}" if "error" in result else ""
        click.echo(f"{result['athlete']}: {result['status']} (week of "
                   f"{result['week_start']}){error}")
    if any(r["status"] == "failed" for r in results):
        sys.exit(1)


COMMANDS = (summary_command,)
