"""The ``loadwatch`` command: a thin shell over the library.

This is the one place where typed errors become ``Error: ...`` and an exit
code; every command maps onto one function of ``loadwatch.service``.
"""

from __future__ import annotations

import errno
import json
import logging
import math
import os
import socket
import sys
from collections import Counter
from pathlib import Path

import click
import numpy as np
import pandas as pd

from loadwatch import __version__, diary
from loadwatch.cli_activities import activities_delete, activity_action, check_command
from loadwatch.cli_common import open_store
from loadwatch.cli_team import athlete_group, export_command, user_group
from loadwatch.edits import parse_edits
from loadwatch.errors import LoadwatchError, UsageError
from loadwatch.guidance import NOT_A_DIAGNOSIS, load_guidance
from loadwatch.metrics.ratios import acwr_zone
from loadwatch.metrics.records import activity_records, week_records
from loadwatch.models import Activity, FileResult
from loadwatch.service import diary as diary_service
from loadwatch.service.activities import edit_activity
from loadwatch.service.imports import count_sources, import_paths
from loadwatch.service.reports import diary_view, risk_report, training
from loadwatch.service.settings import change_settings
from loadwatch.service.summaries import email_summary, weekly_summary
from loadwatch.service.summaries import send_due as send_due_summaries
from loadwatch.settings import SETTINGS, effective
from loadwatch.store import Store
from loadwatch.summary import RENDERERS
from loadwatch.triage import Triage
from loadwatch.units import METRES_PER_KM, format_distance, format_duration

STATUSES = ("imported", "duplicate", "skipped", "failed")


class _Shell(click.Group):
    """Turns loadwatch's errors (and any other failure) into one ``Error:`` line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LoadwatchError as err:
            _fail(str(err), 1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            # The reader went away (``loadwatch activities | head``): not an error.
            sys.stderr.close()
            sys.exit(0)
        except Exception as err:
            if os.environ.get("LOADWATCH_DEBUG"):
                raise
            _fail(f"unexpected {type(err).__name__}: {err} (set LOADWATCH_DEBUG=1 to see where)", 2)


def _fail(message: str, code: int):
    click.echo("Error: " + " ".join(message.split()), err=True)
    sys.exit(code)


@click.group(cls=_Shell)
@click.option("--db", "db_url", envvar="LOADWATCH_DB", metavar="URL",
              help="Store URL (sqlite:///path or postgresql+psycopg://...). "
                   "Default: a SQLite file in your data directory.")
@click.option("--athlete", default="me", envvar="LOADWATCH_ATHLETE", show_default=True,
              help="Whose data to use.")
@click.version_option(__version__, prog_name="loadwatch")
@click.pass_context
def main(ctx: click.Context, db_url: str | None, athlete: str) -> None:
    """loadwatch: training load and injury risk for runners, on your own machine."""
    _warnings_to_stderr()
    given = ctx.get_parameter_source("athlete") != click.core.ParameterSource.DEFAULT
    ctx.obj = {"db": db_url, "athlete": athlete, "athlete_given": given}


_store = open_store


def _warnings_to_stderr() -> None:
    """The library's warnings (a stored row left out, ...) as ``Warning: ...`` lines."""
    logger = logging.getLogger("loadwatch")
    if not any(getattr(h, "loadwatch_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("Warning: %(message)s"))
        handler.loadwatch_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, an object per file.")
@click.option("--units", type=click.Choice(["km", "mi"]),
              help="Distance unit of activity lists that do not say (Garmin's Activities.csv).")
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], as_json: bool,
                   units: str | None) -> None:
    """Import FIT, GPX, TCX and CSV files, folders and export zips (Strava, Garmin).

    A loadwatch export zip is restored for the athlete it came from (or
    --athlete). Exit 1 if any file failed.
    """
    store = _store(ctx)
    show_bar = not as_json and sys.stderr.isatty()
    options = {"units": units, "exports_as_exported": not ctx.obj["athlete_given"]}
    if show_bar:
        results = _import_with_bar(store, ctx.obj["athlete"], list(paths), options)
    else:
        results = import_paths(store, ctx.obj["athlete"], list(paths), **options)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], indent=2))
    else:
        _print_results(results)
    if any(r.status == "failed" for r in results):
        sys.exit(1)


def _import_with_bar(store: Store, athlete: str, paths: list[str],
                     options: dict) -> list[FileResult]:
    with click.progressbar(length=count_sources(paths), label="Importing",
                           file=sys.stderr) as bar:
        return import_paths(store, athlete, paths, **options,
                            progress=lambda _result: bar.update(1))


def _print_results(results: list[FileResult]) -> None:
    for result in results:
        if result.status != "imported" or "; " in result.message or "restored" in result.message:
            click.echo(f"{result.status:9} {result.path}: {result.message}")
    click.echo(import_totals(results))


def import_totals(results: list[FileResult]) -> str:
    """'610 activities from 1 file: 1 imported, 0 duplicate, 0 skipped, 0 failed'.

    Activities, not files, are what a runner counts: one activity list holds hundreds.
    """
    counts = Counter(r.status for r in results)
    activities = sum(len(r.activities) for r in results if r.status == "imported")
    files = len(results)
    return (f"{activities} {'activity' if activities == 1 else 'activities'} from {files} "
            f"{'file' if files == 1 else 'files'}: "
            + ", ".join(f"{counts[s]} {s}" for s in STATUSES))


@main.group("activities", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def activities_command(ctx: click.Context, as_json: bool) -> None:
    """List the athlete's activities, newest first (`activities delete --source FILE` too)."""
    if ctx.invoked_subcommand is not None:
        return
    store = _store(ctx)
    activities = store.activities(ctx.obj["athlete"])
    view = training(store, ctx.obj["athlete"])
    metrics = view.activities
    by_id = {row["id"]: row for row in activity_records(metrics)} if len(metrics) else {}
    if as_json:
        sources = store.sources(ctx.obj["athlete"])
        rows = [{**activity_json(a), "sources": sources.get(a.id, [a.source_name]),
                 **activity_metrics_json(by_id[a.id])} for a in activities]
        click.echo(to_json(rows))
        return
    if not activities:
        click.echo(f"No activities for {ctx.obj['athlete']} yet: try 'loadwatch import FILES'.")
        return
    unit = view.settings.units
    click.echo(f"{'id':>5}  {'start (local)':16}  {'sport':20}  {unit:>6}  {'time':>8}  "
               f"{'avg hr':>6}  {'load':>5}  {'spike':9}  {'surface':9}  name")
    for a in activities:
        row = by_id[a.id]
        click.echo(f"{a.id:>5}  {a.local_start:%Y-%m-%d %H:%M}  {_sport(a):20}  "
                   f"{format_distance(a.distance_m, unit):>6}  {format_duration(a.timer_s):>8}  "
                   f"{_int(a.avg_hr):>6}  {_number(row['load'], 0):>5}  "
                   f"{_text(row['spike_band']):9}  {_text(row['surface']):9}  {a.name or ''}")


def activity_json(activity: Activity) -> dict:
    """An activity as ``activities --json`` prints it (full precision)."""
    return {
        "id": activity.id,
        "name": activity.name,
        "start_time": activity.local_start.isoformat(),
        "utc_offset_s": activity.utc_offset_s,
        "sport": activity.sport,
        "sub_sport": activity.sub_sport,
        "distance_m": activity.distance_m,
        "timer_s": activity.timer_s,
        "elapsed_s": activity.elapsed_s,
        "elevation_gain_m": activity.elevation_gain_m,
        "avg_hr": activity.avg_hr,
        "max_hr": activity.max_hr,
        "avg_cadence": activity.avg_cadence,
        "device": activity.device,
        "source_format": activity.source_format,
        "source_name": activity.source_name,
        "content_hash": activity.content_hash,
        "warnings": list(activity.warnings),
    }


METRIC_KEYS = ("load", "load_method", "load_note", "trimp", "hrtss", "rtss", "srpe", "spike_ratio",
               "spike_band", "surface", "surface_source", "hill_share", "time_in_hr_zones_s",
               "time_in_pace_zones_s", "ngp_speed", "gap_speed", "rpe", "counts_toward_load")


def activity_metrics_json(row: dict) -> dict:
    return {key: row.get(key) for key in METRIC_KEYS}


def to_json(value) -> str:
    """JSON with NaN as null and numpy and pandas values as plain ones."""
    return json.dumps(_plain(value), indent=2)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _sport(a: Activity) -> str:
    return a.sport if not a.sub_sport or a.sub_sport == "generic" else f"{a.sport}/{a.sub_sport}"


def _int(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


# Settings ---------------------------------------------------------------------
@main.group("settings", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.pass_context
def settings_command(ctx: click.Context, as_json: bool) -> None:
    """Show the athlete's settings (and `settings set KEY=VALUE...` to change them)."""
    if ctx.invoked_subcommand is None:
        _show_settings(_store(ctx).settings(ctx.obj["athlete"]), as_json)


@settings_command.command("set")
@click.argument("assignments", nargs=-1, required=True)
@click.pass_context
def settings_set(ctx: click.Context, assignments: tuple[str, ...]) -> None:
    """Change settings: KEY=VALUE... (metrics follow at once; nothing is re-imported)."""
    changes = {}
    for pair in assignments:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        changes[key.strip()] = value
    stored = change_settings(_store(ctx), athlete=ctx.obj["athlete"], changes=changes)
    _show_settings(stored, as_json=False)


def _show_settings(stored: dict[str, str], as_json: bool) -> None:
    values = effective(stored).as_dict()
    if as_json:
        click.echo(to_json(values))
        return
    for key, setting in SETTINGS.items():
        value = values.get(key)
        note = "" if key in stored else ("  (default)" if value is not None else "")
        shown = "not set" if value is None else (str(value).lower() if isinstance(value, bool)
                                                   else str(value))
        click.echo(f"{key:26} {shown:18}{note:12} {setting.help}")
    if not stored.get("sex"):
        click.echo("TRIMP uses the men's constants until sex is set.")


# Activities -------------------------------------------------------------------
@main.command("activity")
@click.argument("activity_id", type=int)
@click.argument("action", type=click.Choice(["set", "delete", "merge", "split"]))
@click.argument("args", nargs=-1)
@click.option("--yes", is_flag=True, help="delete, merge: do not ask for confirmation.")
@click.pass_context
def activity_command(ctx: click.Context, activity_id: int, action: str,
                     args: tuple[str, ...], yes: bool) -> None:
    """Correct one activity.

    \b
    set KEY=VALUE...   surface, rpe, sport, name
    delete             import its file again to undo
    merge OTHER_ID     OTHER_ID is the same run: its files join this one
    split              undo a wrong merge: each merged file becomes its own activity

    Example: loadwatch activity 40 set surface=grass rpe=6
    """
    if action != "set":
        activity_action(ctx, activity_id, action, args, yes)
        return
    if not args:
        raise UsageError("usage: loadwatch activity ID set KEY=VALUE...")
    changes = parse_edits(list(args))
    activity = edit_activity(_store(ctx), athlete=ctx.obj["athlete"], activity_id=activity_id,
                             **changes)
    click.echo(f"{activity.id}: {activity.name} ({_sport(activity)}), surface "
               f"{activity.surface_override or 'as detected'}, rpe "
               f"{'not set' if activity.rpe is None else f'{activity.rpe:g}'}")


# Days and weeks -----------------------------------------------------------------
@main.command("days")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day shown.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day shown.")
@click.pass_context
def days_command(ctx: click.Context, as_json: bool, start, end) -> None:
    """Every calendar day: distance, load, acute:chronic ratios, fitness and fatigue."""
    view = training(_store(ctx), ctx.obj["athlete"])
    days = view.days
    if start is not None:
        days = days[days.index >= pd.Timestamp(start)]
    if end is not None:
        days = days[days.index <= pd.Timestamp(end)]
    if as_json:
        click.echo(to_json(_dated_records(days, "date")))
        return
    unit = view.settings.units
    click.echo(f"{'date':10}  {unit:>6}  {'load':>6}  {'ACWR':>5} {'zone':10}  "
               f"{'fitness':>7}  {'fatigue':>7}  {'form':>6}")
    for day, row in days.iterrows():
        ratio, metres = row["acwr_ewma"], row["distance_km"] * METRES_PER_KM
        click.echo(f"{day:%Y-%m-%d}  {format_distance(metres, unit):>6}  "
                   f"{row['load']:6.0f}  {_number(ratio, 2):>5} {acwr_zone(ratio) or '':10}  "
                   f"{row['ctl']:7.1f}  {row['atl']:7.1f}  {row['tsb']:6.1f}")
    click.echo("ACWR: EWMA acute:chronic load ratio (Williams 2017). The ratio is contested "
               "(Impellizzeri 2020): read it as a trend, not a verdict.")


@main.command("weeks")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def weeks_command(ctx: click.Context, as_json: bool) -> None:
    """Every week: distance against the 10% rule, long run, load, monotony, mix."""
    view = training(_store(ctx), ctx.obj["athlete"])
    weeks = view.weeks
    if as_json:
        click.echo(to_json(week_records(weeks)))
        return
    unit = view.settings.units
    click.echo(f"{'week of':10}  {unit:>6}  {'runs':>4}  {'longest':>7}  {'change':>7}  "
               f"{'band':10}  {'spike':>5} {'':9}  {'load':>5}  {'monotony':>8}")
    for start, row in weeks.iterrows():
        change = "" if pd.isna(row["change_pct"]) else f"{row['change_pct']:+.0f}%"
        metres, longest = (row["distance_km"] * METRES_PER_KM,
                           row["longest_run_km"] * METRES_PER_KM)
        click.echo(f"{start:%Y-%m-%d}  {format_distance(metres, unit):>6}  "
                   f"{row['runs']:4d}  {format_distance(longest, unit):>7}  "
                   f"{change:>7}  {_text(row['band']):10}  {_number(row['spike_ratio'], 2):>5} "
                   f"{_text(row['spike_band']):9}  {row['load']:5.0f}  "
                   f"{_number(row['monotony'], 2):>8}")
    click.echo("Bands after Nielsen et al. 2014: above 30% a week is the better-supported "
               "danger sign; the 10% rule is a rule of thumb (Buist et al. 2008). Spike: the "
               "week's longest run against the longest of the 30 days before it (Frandsen "
               "et al. 2025).")


def _dated_records(frame: pd.DataFrame, key: str) -> list[dict]:
    """Rows of a frame indexed by day, the day first as an ISO date under ``key``."""
    return [{key: day.date().isoformat(), **row}
            for day, row in zip(frame.index, frame.to_dict("records"), strict=True)]


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _number(value, digits: int) -> str:
    return "" if value is None or pd.isna(value) else f"{value:.{digits}f}"


# Guidance, diary, triage, risk -----------------------------------------------------
@main.command("guidance")
@click.argument("condition_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def guidance_command(condition_id: str | None, as_json: bool) -> None:
    """Guidance on hip conditions (all, or one by id)."""
    conditions = load_guidance()
    if condition_id is not None and condition_id not in conditions:
        raise UsageError(f"no condition {condition_id!r}; ids: {', '.join(conditions)}")
    chosen = [conditions[condition_id]] if condition_id else list(conditions.values())
    if as_json:
        data = [c.as_dict() for c in chosen]
        click.echo(to_json(data[0] if condition_id else data))
        return
    if not condition_id:
        for condition in chosen:
            click.echo(f"{condition.id:24} {condition.name}")
        click.echo(NOT_A_DIAGNOSIS)
        return
    condition = chosen[0]
    for title, text in (("What it is", condition.what), ("How it shows", condition.shows),
                        ("What helps", condition.helps),
                        ("Prevent it", "; ".join(condition.prevent)),
                        ("See a clinician", condition.see_clinician)):
        click.echo(f"{title}: {text}")
    click.echo("Sources: " + "; ".join(f"{s['publisher']}, \"{s['title']}\""
                                       for s in condition.sources))
    click.echo(NOT_A_DIAGNOSIS)


def _words(value: str | None) -> tuple[str, ...]:
    return tuple(w.strip() for w in value.split(",") if w.strip()) if value else ()


def _entry_options(function):
    for decorator in reversed([
        click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]),
                     help="Day of the entry (default today)."),
        click.option("--side", help="left, right or both."),
        click.option("--location", help=f"One of: {', '.join(diary.LOCATIONS)}."),
        click.option("--pain", type=int, help="0 to 10."),
        click.option("--onset", help="sudden or gradual."),
        click.option("--character", help=f"Comma list: {', '.join(diary.CHARACTERS)}."),
        click.option("--when", "when_", help=f"Comma list: {', '.join(diary.WHEN)}."),
        click.option("--signs", help=f"Comma list: {', '.join(diary.SIGNS)}."),
        click.option("--trigger", help=f"One of: {', '.join(diary.TRIGGERS)}."),
        click.option("--weeks", type=float, help="How long it has lasted, in weeks."),
        click.option("--worsening", is_flag=True, help="The pain is getting worse."),
        click.option("--notes", help="Free text."),
    ]):
        function = decorator(function)
    return function


def _entry_values(values: dict) -> dict:
    """The diary options given on the command line, as entry fields (None: not given)."""
    return {"date": values["day"].date() if values.get("day") else None,
            "side": values.get("side"), "location": values.get("location"),
            "pain": values.get("pain"), "onset": values.get("onset"),
            "character": _words(values.get("character")) or None,
            "when": _words(values.get("when_")) or None,
            "signs": _words(values.get("signs")) or None, "trigger": values.get("trigger"),
            "weeks": values.get("weeks"), "notes": values.get("notes"),
            "worsening": values.get("worsening") or None}


def _show_triage(result: Triage, as_json: bool, extra: dict | None = None) -> None:
    if as_json:
        click.echo(to_json({**(extra or {}), **result.as_dict()}))
        return
    urgency_text = {"urgent": "URGENT: seek medical care now.",
                    "see_clinician": "See a clinician: book a visit.",
                    "self_care": "Self-care: the guidance below applies."}
    click.echo(urgency_text[result.urgency])
    for red in result.red_flags:
        click.echo(f"  red flag: {red.reason}")
    for condition in result.conditions[:3]:
        click.echo(f"  fits {condition.name} ({condition.match:.0%}): "
                   f"{', '.join(condition.why)}  -> loadwatch guidance {condition.id}")
    click.echo(NOT_A_DIAGNOSIS)


@main.group("diary")
def diary_group() -> None:
    """The symptom diary: add, list, edit, delete, import."""


@diary_group.command("add")
@_entry_options
@click.option("--json", "as_json", is_flag=True, help="Print the entry and its triage as JSON.")
@click.pass_context
def diary_add(ctx: click.Context, as_json: bool, **values) -> None:
    """Record how your hip feels; shows the conditions it fits and the urgency."""
    recorded = diary_service.add_entry(_store(ctx), athlete=ctx.obj["athlete"],
                                       values=_entry_values(values))
    _show_triage(recorded.triage, as_json, {**recorded.entry.as_dict(), "id": recorded.id})


@main.command("triage")
@_entry_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def triage_command(as_json: bool, **values) -> None:
    """Like `diary add`, but stores nothing."""
    recorded = diary_service.check_entry(values=_entry_values(values))
    _show_triage(recorded.triage, as_json, recorded.entry.as_dict())


@diary_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def diary_list(ctx: click.Context, as_json: bool) -> None:
    """Every entry with its urgency, linked conditions and the load before it."""
    store = _store(ctx)
    entries = diary_view(store, ctx.obj["athlete"])
    if as_json:
        click.echo(to_json([item.as_dict() for item in entries]))
        return
    comments = store.comments(ctx.obj["athlete"])
    for item in entries:
        entry, top = item.entry, ", ".join(c.id for c in item.triage.conditions[:3])
        click.echo(f"{entry.id:>4}  {entry.date}  {entry.location:11} "
                   f"pain {entry.pain:>2}/10  {item.triage.urgency:13} {top}")
        if item.load_context:
            click.echo(f"      {entry.location.replace('_', ' ')} pain {item.load_context}")
        for comment in comments.get(item.id, []):  # a coach's, on a team server
            click.echo(f"      {comment['author']} ({comment['at'][:10]}): {comment['text']}")
    click.echo(NOT_A_DIAGNOSIS)


@diary_group.command("edit")
@click.argument("entry_id", type=int)
@_entry_options
@click.option("--json", "as_json", is_flag=True, help="Print the entry and its triage as JSON.")
@click.pass_context
def diary_edit(ctx: click.Context, entry_id: int, as_json: bool, **values) -> None:
    """Change an entry: only the options you give change."""
    recorded = diary_service.edit_entry(_store(ctx), athlete=ctx.obj["athlete"],
                                        entry_id=entry_id, changes=_entry_values(values))
    _show_triage(recorded.triage, as_json, {**recorded.entry.as_dict(), "id": entry_id})


@diary_group.command("delete")
@click.argument("entry_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def diary_delete(ctx: click.Context, entry_id: int, as_json: bool) -> None:
    """Delete an entry."""
    diary_service.delete_entry(_store(ctx), athlete=ctx.obj["athlete"], entry_id=entry_id)
    click.echo(to_json({"deleted": entry_id}) if as_json else f"deleted diary entry {entry_id}")


@diary_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def diary_import(ctx: click.Context, path: str) -> None:
    """Add the entries of a JSON file (a list of entries, as `diary list --json` prints).

    `loadwatch import` does the same for a diary file among activity files.
    """
    added, existing = diary_service.import_diary_file(_store(ctx), athlete=ctx.obj["athlete"],
                                                      path=Path(path))
    click.echo(f"{added} diary entries added, {existing} already there")


@main.command("risk")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day shown.")
@click.pass_context
def risk_command(ctx: click.Context, as_json: bool, start) -> None:
    """Stress-fracture and overuse flags, each with why, evidence and action."""
    flags = risk_report(_store(ctx), athlete=ctx.obj["athlete"],
                        start=start.date() if start else None)
    if as_json:
        click.echo(to_json([item.as_dict() for item in flags]))
        return
    if not flags:
        click.echo("No risk flags.")
    for item in flags:
        click.echo(f"{item.date}  {item.severity.upper():8} {item.kind:16} {item.title}")
        click.echo(f"      why: {item.why}")
        click.echo(f"      do: {item.action}")
    click.echo(NOT_A_DIAGNOSIS)


@main.command("summary")
@click.option("--week", help="A date in the week, 'this' or 'last' (default: last week).")
@click.option("--format", "form", type=click.Choice(list(RENDERERS)), default="text",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file.")
@click.option("--email", "address", help="Send it to this address (HTML with a text part).")
@click.option("--send-due", is_flag=True,
              help="Send every athlete whose summary_day has come their last week, once.")
@click.pass_context
def summary_command(ctx: click.Context, week: str | None, form: str, output: str | None,
                    address: str | None, send_due: bool) -> None:
    """The weekly summary: in the terminal, as a file, or by e-mail. For cron: --send-due."""
    store = _store(ctx)
    if send_due:
        results = send_due_summaries(store)
        for result in results:
            error = f" - {result['error']}" if "error" in result else ""
            click.echo(f"{result['athlete']}: {result['status']} (week of "
                       f"{result['week_start']}){error}")
        if any(r["status"] == "failed" for r in results):
            sys.exit(1)
        return
    summary = weekly_summary(store, ctx.obj["athlete"], week)
    rendered = RENDERERS[form](summary)
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    elif not address:
        click.echo(rendered, nl=False)
    if address:
        email_summary(store, ctx.obj["athlete"], summary, address)
        click.echo(f"sent the summary of the week of {summary.week_start} to {address}")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (local mode: this machine only).")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
@click.option("--server", "team", is_flag=True,
              help="Team server: logins, PostgreSQL store, gunicorn workers.")
@click.option("--workers", default=4, show_default=True, type=int, help="With --server.")
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False),
              help="With --server: serve HTTPS with this certificate (else put a TLS proxy "
                   "in front).")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False),
              help="With --server: the certificate's private key.")
@click.option("--insecure-cookies", is_flag=True,
              help="With --server: send session cookies over plain HTTP (tests on one "
                   "machine only).")
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, team: bool, workers: int,
                  certfile: str | None, keyfile: str | None, insecure_cookies: bool) -> None:
    """Serve the dashboard: local (no login, 127.0.0.1) or, with --server, a team server."""
    if team:
        from dashboards.server import run_server

        run_server(ctx.obj["db"], host=host, port=port, workers=workers,
                   secure_cookies=not insecure_cookies, certfile=certfile, keyfile=keyfile)
        return
    _check_local_host(host)
    _check_port(host, port, "serve")
    from dashboards.app import create_app

    _serve_locally(create_app(_store(ctx), ctx.obj["athlete"]), host, port, "serve")


def _check_local_host(host: str) -> None:
    if host not in LOOPBACK:
        raise UsageError(f"local mode has no logins, so it listens on this machine only, not "
                         f"{host}; for a team server use `loadwatch serve --server`")


@main.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
@click.option("--sample-data", "folder", default="sample_data", show_default=True,
              type=click.Path(file_okay=False), help="The sample data folder of a clone.")
def demo_command(host: str, port: int, folder: str) -> None:
    """Serve the sample data from a temporary store (your own store is not touched)."""
    import tempfile

    _check_local_host(host)
    from dashboards.app import create_app

    if not Path(folder).is_dir():
        raise UsageError(f"no sample data at {folder}: run from a clone, or pass --sample-data")
    _check_port(host, port, "demo")  # before loading, which takes a while
    with tempfile.TemporaryDirectory(prefix="loadwatch-demo-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'demo.db'}")
        import_paths(store, "me", [folder])
        click.echo("sample data loaded")
        _serve_locally(create_app(store, "me"), host, port, "demo")
        store.close()


def _check_port(host: str, port: int, command: str) -> None:
    """Refuse a port another program holds now, rather than after the slow start."""
    try:
        for family, kind, _, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            # SO_REUSEADDR, as waitress sets it: a port left in TIME_WAIT is not busy.
            with socket.socket(family, kind) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
    except OSError as err:
        raise _listen_error(host, port, command, err) from err


def _listen_error(host: str, port: int, command: str, err: OSError) -> UsageError:
    if err.errno == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else 8051
        return UsageError(f"port {port} on {host} is busy (another loadwatch, or another "
                          f"program): choose another with --port {other} (`loadwatch "
                          f"{command} --port {other}`, or `bash .ci/demo --port {other}`)")
    return UsageError(f"cannot listen on {host} port {port}: {err.strerror or err}")


def _serve_locally(app, host: str, port: int, command: str) -> None:
    """Serve a Dash app on this machine with waitress, a production WSGI server, until Ctrl-C."""
    import waitress

    # A browser asks for the page's dozen scripts at once: a short queue for the
    # four threads is expected here, not worth a warning line in the terminal.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        server = waitress.create_server(app.server, host=host, port=port, threads=4)
    except OSError as err:  # taken since _check_port looked
        raise _listen_error(host, port, command, err) from err
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"open http://{shown}:{port}/ (Ctrl-C stops it)")
    try:
        server.run()  # waitress catches Ctrl-C (KeyboardInterrupt) and stops its threads
    finally:
        server.close()


for _command in (user_group, export_command, athlete_group, check_command):
    main.add_command(_command)
activities_command.add_command(activities_delete)
