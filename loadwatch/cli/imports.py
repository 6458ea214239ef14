"""``loadwatch import``: files, folders, watch exports and loadwatch exports."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

import click

from loadwatch.cli.context import example, writing
from loadwatch.cli.output import Column, format_options, output_rows
from loadwatch.models import FileResult
from loadwatch.service import Store
from loadwatch.service.imports import count_sources, import_paths

STATUSES = ("imported", "duplicate", "skipped", "failed")

RESULT_COLUMNS = (
    Column("status", lambda r: r["status"]),
    Column("file", lambda r: r["path"]),
    Column("what happened", lambda r: r["message"]),
)


@click.command("import", epilog=example("loadwatch import ~/Downloads/export_12345.zip"))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_options
@click.option("--units", type=click.Choice(["km", "mi"]),
              help="Distance unit of activity lists that do not say (Garmin's Activities.csv).")
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], fmt: str,
                   units: str | None) -> None:
    """Import FIT, GPX, TCX and CSV files, folders and export zips (Strava, Garmin).

    A loadwatch export zip is restored for the athlete it came from (or
    --athlete). The table names every file that was not simply imported, then
    the totals. Exit 1 if any file failed.
    """
    store, athlete = writing(ctx)
    options = {"units": units, "exports_as_exported": not ctx.obj["athlete_given"]}
    if fmt == "table" and sys.stderr.isatty():
        results = _import_with_bar(store, athlete, list(paths), options)
    else:
        results = import_paths(store, athlete=athlete, paths=list(paths), **options)
    rows = [r.as_dict() for r in results]
    output_rows(rows if fmt != "table" else [r for r in rows if _worth_a_line(r)],
                RESULT_COLUMNS, fmt, data=rows, footer=[import_totals(results)])
    if any(r.status == "failed" for r in results):
        sys.exit(1)


def _worth_a_line(result: dict) -> bool:
    """Not a plain import: a duplicate, a skip, a failure, a warning, a restore."""
    message = result["message"]
    return result["status"] != "imported" or "; " in message or "restored" in message


def _import_with_bar(store: Store, athlete: str, paths: list[str],
                     options: dict[str, Any]) -> list[FileResult]:
    with click.progressbar(length=count_sources(paths), label="Importing",
                           file=sys.stderr) as bar:
        return import_paths(store, athlete=athlete, paths=paths, **options,
                            progress=lambda _result: bar.update(1))


def import_totals(results: list[FileResult]) -> str:
    """'610 activities from 1 file: 1 imported, 0 duplicate, 0 skipped, 0 failed'.

    Activities, not files, are what a runner counts: one activity list holds hundreds.

    Parameters
    ----------
    results : list of FileResult
        One per file.

    Returns
    -------
    str
        The line.
    """
    counts = Counter(r.status for r in results)
    activities = sum(len(r.activities) for r in results if r.status == "imported")
    files = len(results)
    return (f"{activities} {'activity' if activities == 1 else 'activities'} from {files} "
            f"{'file' if files == 1 else 'files'}: "
            + ", ".join(f"{counts[s]} {s}" for s in STATUSES))


COMMANDS = (import_command,)
