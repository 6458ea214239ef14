"""The training load by day and by week: ``loadwatch days`` and ``loadwatch weeks``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import click

from loadwatch.cli.context import example, reading
from loadwatch.cli.output import (
    Column,
    distance,
    format_options,
    no_runs,
    number,
    output_rows,
    text,
)
from loadwatch.errors import UsageError
from loadwatch.metrics.ratios import acwr_zone
from loadwatch.service.listings import day_listing, week_listing
from loadwatch.units import METRES_PER_KM
from loadwatch.vocabulary import ACWR_CAVEAT

ACWR_NOTE = f"ACWR: EWMA acute:chronic load ratio (Williams et al. 2017). {ACWR_CAVEAT}"
BANDS_NOTE = ("Bands after Nielsen et al. 2014: above 30% a week is the better-supported "
              "danger sign; the 10% rule is a rule of thumb (Buist et al. 2008). Spike: the "
              "week's longest run against the longest of the 30 days before it (Frandsen "
              "et al. 2025).")


def _km(key: str, unit: str) -> Column:
    """A distance column from a value in kilometres, shown in the athlete's unit."""
    return Column(unit if key == "distance_km" else "longest",
                  lambda r: distance(None if r[key] is None else r[key] * METRES_PER_KM, unit),
                  "right")


def day_columns(unit: str) -> tuple[Column, ...]:
    """The days table in the athlete's unit."""
    return (
        Column("date", lambda r: r["date"]),
        _km("distance_km", unit),
        Column("load", lambda r: number(r["load"], 0), "right"),
        Column("ACWR", lambda r: number(r["acwr_ewma"], 2), "right"),
        Column("zone", lambda r: text(acwr_zone(r["acwr_ewma"]))),
        Column("fitness", lambda r: number(r["ctl"], 1), "right"),
        Column("fatigue", lambda r: number(r["atl"], 1), "right"),
        Column("form", lambda r: number(r["tsb"], 1), "right"),
    )


def week_columns(unit: str) -> tuple[Column, ...]:
    """The weeks table in the athlete's unit."""
    return (
        Column("week of", lambda r: r["week_start"]),
        _km("distance_km", unit),
        Column("runs", lambda r: text(r["runs"]), "right"),
        _km("longest_run_km", unit),
        Column("change", _change, "right"),
        Column("band", lambda r: text(r["band"])),
        Column("spike", _spike),
        Column("load", lambda r: number(r["load"], 0), "right"),
        Column("monotony", lambda r: number(r["monotony"], 2), "right"),
    )


def _change(row: Mapping[str, Any]) -> str:
    return "" if row["change_pct"] is None else f"{row['change_pct']:+.0f}%"


def _spike(row: Mapping[str, Any]) -> str:
    """The week's biggest spike: ratio and band, ``2.06 large``."""
    return " ".join(part for part in (number(row["spike_ratio"], 2), text(row["spike_band"]))
                    if part)


@click.command("days", epilog=example("loadwatch days --from 2026-08-29 --to 2026-08-31"))
@format_options
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="First day shown.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Last day shown.")
@click.pass_context
def days_command(ctx: click.Context, fmt: str, start: datetime | None,
                 end: datetime | None) -> None:
    """Every calendar day: distance, load, acute:chronic ratios, fitness and fatigue.

    JSON and CSV add the coupled and uncoupled ratios, the same three on
    distance, acute and chronic load and the ramp.
    """
    store, athlete = reading(ctx)
    if start and end and end < start:
        raise UsageError(f"--to ({end:%Y-%m-%d}) is before --from ({start:%Y-%m-%d})")
    listing = day_listing(store, athlete=athlete, start=start.date() if start else None,
                          end=end.date() if end else None)
    empty = ("No days in that range: your days run from your first activity to today."
             if listing.total else no_runs(athlete))
    output_rows(listing.rows, day_columns(listing.settings.units), fmt,
                footer=[ACWR_NOTE], empty=empty)


@click.command("weeks", epilog=example("loadwatch weeks --format csv > weeks.csv"))
@format_options
@click.pass_context
def weeks_command(ctx: click.Context, fmt: str) -> None:
    """Every week: distance against the 10% rule, long run, load, monotony, mix.

    JSON and CSV add the change against the four weeks before, strain, the
    distance per surface, the easy/moderate/hard shares and the hill share.
    """
    store, athlete = reading(ctx)
    listing = week_listing(store, athlete=athlete)
    output_rows(listing.rows, week_columns(listing.settings.units), fmt,
                footer=[BANDS_NOTE], empty=no_runs(athlete))


COMMANDS = (days_command, weeks_command)
