"""The ``loadwatch`` command: a thin shell over the library.

This is the one place where typed errors become ``Error: ...`` and an exit
code; everything else lives in ``loadwatch.pipeline`` and below.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from datetime import timedelta

import click

from loadwatch import __version__
from loadwatch.errors import LoadwatchError
from loadwatch.models import Activity, FileResult
from loadwatch.pipeline import import_paths
from loadwatch.store import Store

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
    ctx.obj = {"db": db_url, "athlete": athlete}


def _store(ctx: click.Context) -> Store:
    store = Store(ctx.obj["db"])
    ctx.call_on_close(store.close)
    return store


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, an object per file.")
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Import activity files and folders (recursively). Exit 1 if any file failed."""
    store = _store(ctx)
    show_bar = not as_json and sys.stderr.isatty()
    if show_bar:
        results = _import_with_bar(store, ctx.obj["athlete"], list(paths))
    else:
        results = import_paths(store, ctx.obj["athlete"], list(paths))
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], indent=2))
    else:
        _print_results(results)
    if any(r.status == "failed" for r in results):
        sys.exit(1)


def _import_with_bar(store: Store, athlete: str, paths: list[str]) -> list[FileResult]:
    from loadwatch.importers import list_files

    total = len(list_files(paths))
    with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
        return import_paths(store, athlete, paths, progress=lambda _result: bar.update(1))


def _print_results(results: list[FileResult]) -> None:
    for result in results:
        if result.status != "imported" or "; " in result.message:
            click.echo(f"{result.status:9} {result.path}: {result.message}")
    counts = Counter(r.status for r in results)
    click.echo(", ".join(f"{counts[s]} {s}" for s in STATUSES) + f" ({len(results)} files)")


@main.command("activities")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def activities_command(ctx: click.Context, as_json: bool) -> None:
    """List the athlete's activities, newest first."""
    activities = _store(ctx).activities(ctx.obj["athlete"])
    if as_json:
        click.echo(json.dumps([activity_json(a) for a in activities], indent=2))
        return
    if not activities:
        click.echo(f"No activities for {ctx.obj['athlete']} yet: try 'loadwatch import FILES'.")
        return
    click.echo(f"{'id':>5}  {'start (local)':16}  {'sport':20}  {'km':>6}  {'time':>8}  "
               f"{'avg hr':>6}  name")
    for a in activities:
        click.echo(f"{a.id:>5}  {a.local_start:%Y-%m-%d %H:%M}  {_sport(a):20}  "
                   f"{_km(a.distance_m):>6}  {_duration(a.timer_s):>8}  "
                   f"{_int(a.avg_hr):>6}  {a.name or ''}")


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


def _sport(a: Activity) -> str:
    return a.sport if not a.sub_sport or a.sub_sport == "generic" else f"{a.sport}/{a.sub_sport}"


def _km(metres: float | None) -> str:
    return "" if metres is None else f"{metres / 1000:.2f}"


def _duration(seconds: float | None) -> str:
    return "" if seconds is None else str(timedelta(seconds=round(seconds)))


def _int(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"
