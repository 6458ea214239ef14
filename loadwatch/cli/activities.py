"""Activities: the listing, corrections (set, delete, merge, split) and the store check."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import click

from loadwatch.cli.context import example, looking, reading
from loadwatch.cli.output import (
    Column,
    distance,
    duration,
    format_options,
    no_runs,
    number,
    output_rows,
    pace,
    text,
)
from loadwatch.edits import parse_edits
from loadwatch.errors import UsageError
from loadwatch.models import Activity
from loadwatch.service import Store, quality
from loadwatch.service import activities as service
from loadwatch.service.listings import activity_listing, activity_row, local_start
from loadwatch.service.settings import athlete_settings
from loadwatch.units import format_distance
from loadwatch.vocabulary import FOOT_SPORTS


def activity_columns(unit: str, timezone: str) -> tuple[Column, ...]:
    """The activities table in the athlete's unit and time zone."""
    return (
        Column("id", lambda r: str(r["id"]), "right"),
        Column("start (local)", lambda r: f"{local_start(r, timezone):%Y-%m-%d %H:%M}"),
        Column("sport", sport),
        Column(unit, lambda r: distance(r["distance_m"], unit), "right"),
        Column("time", lambda r: duration(r["timer_s"]), "right"),
        Column("pace", lambda r: pace(r["distance_m"], r["timer_s"], unit)
               if r["sport"] in FOOT_SPORTS else "", "right"),
        Column("avg hr", lambda r: number(r["avg_hr"], 0), "right"),
        Column("load", lambda r: number(r["load"], 0), "right"),
        Column("spike", lambda r: text(r["spike_band"])),
        Column("surface", lambda r: text(r["surface"])),
        Column("check", quality.mark_text),
        Column("name", lambda r: text(r["name"])),
    )


def held_out_note(rows: list[dict]) -> list[str]:
    """The note under the activities table when runs are held out."""
    count = sum(1 for row in rows if row.get("held_out"))
    if not count:
        return []
    runs = "run is" if count == 1 else "runs are"
    return [f"? {count} {runs} left out of the running numbers and the risk rules until you "
            "confirm (`loadwatch activity ID confirm`) or correct them (`set sport=cycling`, "
            "`set distance=...`); `loadwatch check` says why."]


def sport(row: Mapping[str, Any]) -> str:
    """``running/trail``; the sport alone when the sub-sport says nothing more."""
    sub = row["sub_sport"]
    return row["sport"] if not sub or sub == "generic" else f"{row['sport']}/{sub}"


@click.group("activities", invoke_without_command=True,
             epilog=example("loadwatch activities --format csv > activities.csv"))
@format_options
@click.pass_context
def activities_group(ctx: click.Context, fmt: str) -> None:
    """List the athlete's activities, newest first (`activities delete --source FILE` too).

    JSON and CSV add the load engine's values per activity (load and how it
    was made, TRIMP, hrTSS, rTSS, sRPE, spike, surface, zones, NGP, GAP).
    """
    if ctx.invoked_subcommand is not None:
        return
    store, athlete = reading(ctx)
    listing = activity_listing(store, athlete=athlete)
    settings = listing.settings
    output_rows(listing.rows, activity_columns(settings.units, settings.timezone),
                fmt, empty=no_runs(athlete), footer=held_out_note(listing.rows))


@activities_group.command("delete", epilog=example(
    "loadwatch activities delete --source Activities.csv"))
@click.option("--source", "source_name", required=True, metavar="FILE",
              help="The name of an imported file: every activity read from it goes.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def activities_delete(ctx: click.Context, source_name: str, yes: bool) -> None:
    """Delete every activity read from one file (import the file again to undo)."""
    store, athlete = reading(ctx)
    name = source_name.replace("\\", "/").rsplit("/", 1)[-1]
    if not yes:
        count = len(service.activities_from_source(store, athlete=athlete, source_name=name))
        click.confirm(f"Delete the {count} activities read from {name}?", abort=True)
    deleted = service.delete_source(store, athlete=athlete, source_name=name)
    click.echo(f"deleted {len(deleted)} activities read from {name}; "
               f"`loadwatch import {source_name}` brings them back")


@click.command("activity", epilog=example("loadwatch activity 40 set surface=grass rpe=6"))
@click.argument("activity_id", type=int)
@click.argument("action", type=click.Choice(["set", "confirm", "delete", "merge", "split"]))
@click.argument("args", nargs=-1)
@click.option("--yes", is_flag=True, help="delete, merge: do not ask for confirmation.")
@click.option("--undo", is_flag=True, help="confirm: take the answer back (the checks hold "
              "again).")
@click.pass_context
def activity_command(ctx: click.Context, activity_id: int, action: str,
                     args: tuple[str, ...], yes: bool, undo: bool) -> None:
    """Correct one activity.

    set KEY=VALUE...: change surface, rpe, sport, name or distance (12.3 in
    your unit, or 12.3km, 7.6mi).

    confirm: it was a run. A run the data-quality checks marked (a bike or a
    car, a watch left on, GPS jumps, a distance its time cannot hold) counts
    again; --undo takes that back.

    delete: remove it (importing its file again undoes it).

    merge OTHER_ID: OTHER_ID is the same run; its files join this one.

    split: undo a wrong merge; each merged file becomes its own activity.
    """
    store, athlete = reading(ctx)
    if action == "set":
        _set(store, athlete, activity_id, args)
    elif action == "confirm":
        _expect(args, 0, "activity ID confirm [--undo]")
        _confirm(store, athlete, activity_id, undo)
    elif action == "delete":
        _expect(args, 0, "activity ID delete")
        _delete(store, athlete, activity_id, yes)
    elif action == "merge":
        (other,) = _expect(args, 1, "activity ID merge OTHER_ID")
        _merge(store, athlete, activity_id, _whole(other), yes)
    else:
        _expect(args, 0, "activity ID split")
        new = service.split_activity(store, athlete=athlete, activity_id=activity_id)
        click.echo(f"split activity {activity_id}: new "
                   f"{'activity' if len(new) == 1 else 'activities'} {', '.join(map(str, new))}")


def _set(store: Store, athlete: str, activity_id: int, args: tuple[str, ...]) -> None:
    if not args:
        raise UsageError("usage: loadwatch activity ID set KEY=VALUE...")
    edits = parse_edits(list(args))
    distance = edits.pop("distance", None)
    if edits:
        activity = service.edit_activity(store, athlete=athlete, activity_id=activity_id,
                                         **edits)  # type: ignore[arg-type]
    if distance is not None:
        activity = service.correct_distance(store, athlete=athlete, activity_id=activity_id,
                                            distance=str(distance))
    units = athlete_settings(store, athlete=athlete)[1].units
    corrected = (f", distance {format_distance(activity.distance_m, units, label=True)}"
                 if distance is not None else "")
    click.echo(f"{activity.id}: {activity.name} ({_sport_of(activity)}), surface "
               f"{activity.surface_override or 'as detected'}, rpe "
               f"{'not set' if activity.rpe is None else f'{activity.rpe:g}'}{corrected}")


def _confirm(store: Store, athlete: str, activity_id: int, undo: bool) -> None:
    quality.confirm_activity(store, athlete=athlete, activity_id=activity_id, undo=undo)
    if undo:
        click.echo(f"{activity_id}: answer taken back; the data-quality checks hold again")
    else:
        click.echo(f"{activity_id}: confirmed as a run; it counts in the running numbers and "
                   "the risk rules")


def _delete(store: Store, athlete: str, activity_id: int, yes: bool) -> None:
    if not yes:
        click.confirm(f"Delete activity {_described(store, athlete, activity_id)}?", abort=True)
    service.delete_activity(store, athlete=athlete, activity_id=activity_id)
    click.echo(f"deleted activity {activity_id}; importing its file again brings it back")


def _merge(store: Store, athlete: str, activity_id: int, other_id: int, yes: bool) -> None:
    if not yes:
        click.confirm(f"Merge {describe(store, athlete, other_id)} into "
                      f"{describe(store, athlete, activity_id)}?", abort=True)
    service.merge_activities(store, athlete=athlete, keep_id=activity_id, other_id=other_id)
    click.echo(f"merged {other_id} into {activity_id}")


def _sport_of(activity: Activity) -> str:
    return sport({"sport": activity.sport, "sub_sport": activity.sub_sport})


def describe(store: Store, athlete: str, activity_id: int) -> str:
    """'12 (2024-05-04 07:30, Morning Run, 9.00 km)' for confirmations and reports."""
    activity = service.activity(store, athlete=athlete, activity_id=activity_id)
    settings = athlete_settings(store, athlete=athlete)[1]
    km = format_distance(activity.distance_m, settings.units, label=True)
    km = f", {km}" if km else ""
    name = activity.name or activity.sport
    start = local_start(activity_row(activity), settings.timezone)
    return f"{activity_id} ({start:%Y-%m-%d %H:%M}, {name}{km})"


def _described(store: Store, athlete: str, activity_id: int) -> str:
    """The description, or the bare id of an activity no reader accepts (it can go)."""
    try:
        return describe(store, athlete, activity_id)
    except UsageError as err:
        if "no reader accepts" not in str(err):
            raise
        return f"{activity_id} (its stored values are damaged)"


def _expect(args: tuple[str, ...], count: int, usage: str) -> tuple[str, ...]:
    if len(args) != count:
        raise UsageError(f"usage: loadwatch {usage}")
    return args


def _whole(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"an activity id is a whole number, not {value!r}") from None


def check_columns(repair: bool) -> tuple[Column, ...]:
    """The findings table: what was done (or what --repair would do), the problem last."""
    return (
        Column("athlete", lambda r: r["athlete"]),
        Column("what", lambda r: r["what"]),
        Column("done" if repair else "--repair would", lambda r: r["action"]),
        Column("problem", lambda r: r["problem"], wrap=True),
    )


@click.command("check", epilog=example("loadwatch check --repair"))
@click.option("--repair", is_flag=True, help="Mend what is found (each athlete in one "
              "transaction).")
@format_options
@click.pass_context
def check_command(ctx: click.Context, repair: bool, fmt: str) -> None:
    """Find stored rows no reader accepts (left by older versions); --repair mends them.

    Also lists the runs the data-quality checks mark (a bike or a car, a
    watch left on, GPS jumps, a distance its time cannot hold): they are left
    out of the risk rules until you confirm or correct them.

    Every athlete is checked unless --athlete is given. Exit 1 when something
    was found and not repaired (diary entries are never changed: what cannot be
    read is left for you to correct with `loadwatch diary edit`), or a run is
    marked and not answered.
    """
    store, athlete = reading(ctx) if ctx.obj["athlete_given"] else (looking(ctx), None)
    findings = service.check(store, athlete=athlete, repair=repair)
    marked = quality.held_out(store, athlete=athlete)
    kept = [f for f in findings if f.action.startswith("kept")]
    output_rows([f.as_dict() for f in [*findings, *marked]], check_columns(repair), fmt,
                footer=[_verdict(len(findings), len(kept), repair, len(marked))])
    if marked or (findings and (not repair or kept)):
        sys.exit(1)


def _verdict(found: int, kept: int, repair: bool, marked: int) -> str:
    runs = ("" if not marked else f"; {marked} {'run is' if marked == 1 else 'runs are'} "
            "marked as maybe not a run, left out of the risk rules until you answer")
    if not found:
        return "the store is sound: every row reads" + runs
    if repair:
        return (f"{found - kept} problems repaired"
                + (f", {kept} left for you to correct" if kept else "") + runs)
    return f"{found} problems found" + runs


COMMANDS = (activities_group, activity_command, check_command)
