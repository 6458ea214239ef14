"""Commands that correct activities and check the store: delete, merge, split, check.

Registered on ``loadwatch.cli.main``; each maps onto one function of
``loadwatch.service.activities``.
"""

from __future__ import annotations

import json
import sys

import click

from loadwatch.cli_common import open_store
from loadwatch.errors import UsageError
from loadwatch.service import activities as service
from loadwatch.units import format_distance


def describe(store, athlete: str, activity_id: int) -> str:
    """'12 (2024-05-04 07:30, Morning Run, 9.00 km)' for confirmations and reports."""
    activity = store.activity(athlete, activity_id)
    km = format_distance(activity.distance_m, "km", label=True)
    km = f", {km}" if km else ""
    name = activity.name or activity.sport
    return f"{activity_id} ({activity.local_start:%Y-%m-%d %H:%M}, {name}{km})"


def _described(store, athlete: str, activity_id: int) -> str:
    """The description, or the bare id of an activity no reader accepts (it can go)."""
    try:
        return describe(store, athlete, activity_id)
    except UsageError as err:
        if "no reader accepts" not in str(err):
            raise
        return f"{activity_id} (its stored values are damaged)"


def activity_action(ctx: click.Context, activity_id: int, action: str, args: tuple[str, ...],
                    yes: bool) -> None:
    """``activity ID delete|merge OTHER|split``."""
    store, athlete = open_store(ctx), ctx.obj["athlete"]
    if action == "delete":
        _expect(args, 0, "activity ID delete")
        if not yes:
            click.confirm(f"Delete activity {_described(store, athlete, activity_id)}?",
                          abort=True)
        service.delete_activity(store, athlete=athlete, activity_id=activity_id)
        click.echo(f"deleted activity {activity_id}; importing its file again brings it back")
    elif action == "merge":
        (other,) = _expect(args, 1, "activity ID merge OTHER_ID")
        other_id = _int(other)
        if not yes:
            click.confirm(f"Merge {describe(store, athlete, other_id)} into "
                          f"{describe(store, athlete, activity_id)}?", abort=True)
        service.merge_activities(store, athlete=athlete, keep_id=activity_id, other_id=other_id)
        click.echo(f"merged {other_id} into {activity_id}")
    elif action == "split":
        _expect(args, 0, "activity ID split")
        new = service.split_activity(store, athlete=athlete, activity_id=activity_id)
        click.echo(f"split activity {activity_id}: new "
                   f"{'activity' if len(new) == 1 else 'activities'} {', '.join(map(str, new))}")


def _expect(args: tuple[str, ...], count: int, usage: str) -> tuple[str, ...]:
    if len(args) != count:
        raise UsageError(f"usage: loadwatch {usage}")
    return args


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"an activity id is a whole number, not {text!r}") from None


@click.command("delete")
@click.option("--source", "source_name", required=True, metavar="FILE",
              help="The name of an imported file: every activity read from it goes.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def activities_delete(ctx: click.Context, source_name: str, yes: bool) -> None:
    """Delete every activity read from one file (import the file again to undo).

    Example: loadwatch activities delete --source Activities.csv
    """
    store, athlete = open_store(ctx), ctx.obj["athlete"]
    name = source_name.replace("\\", "/").rsplit("/", 1)[-1]
    if not yes:
        count = len(service.activities_from_source(store, athlete=athlete, source_name=name))
        click.confirm(f"Delete the {count} activities read from {name}?", abort=True)
    deleted = service.delete_source(store, athlete=athlete, source_name=name)
    click.echo(f"deleted {len(deleted)} activities read from {name}; "
               f"`loadwatch import {source_name}` brings them back")


@click.command("check")
@click.option("--repair", is_flag=True, help="Mend what is found (each athlete in one "
              "transaction).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def check_command(ctx: click.Context, repair: bool, as_json: bool) -> None:
    """Find stored rows no reader accepts (left by older versions); --repair mends them.

    Every athlete is checked unless --athlete is given. Exit 1 when something
    was found and not repaired (diary entries are never changed: what cannot be
    read is left for you to correct with `loadwatch diary edit`).

    Example: loadwatch check --repair
    """
    athlete = ctx.obj["athlete"] if ctx.obj["athlete_given"] else None
    findings = service.check(open_store(ctx), athlete=athlete, repair=repair)
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], indent=2))
    else:
        for finding in findings:
            done = finding.action if repair else f"--repair: {finding.action}"
            click.echo(f"{finding.athlete}: {finding.what}: {finding.problem} ({done})")
        kept = [f for f in findings if f.action.startswith("kept")]
        if not findings:
            click.echo("the store is sound: every row reads")
        elif repair:
            click.echo(f"{len(findings) - len(kept)} problems repaired"
                       + (f", {len(kept)} left for you to correct" if kept else ""))
        else:
            click.echo(f"{len(findings)} problems found")
    if findings and (not repair or kept):
        sys.exit(1)
