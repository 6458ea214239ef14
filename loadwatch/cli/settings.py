"""``loadwatch settings``: show the athlete's settings, ``settings set`` changes them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from loadwatch.cli.context import example, reading, writing
from loadwatch.cli.output import Column, format_options, output_rows
from loadwatch.errors import UsageError
from loadwatch.service import Store
from loadwatch.service.listings import settings_listing
from loadwatch.service.settings import change_settings

SEX_NOTE = "TRIMP uses the men's constants until sex is set."


def _set_by(row: dict) -> str:
    """Who chose the value: the athlete, or loadwatch's default (blank when unset)."""
    if row["stored"]:
        return "you"
    return "default" if row["value"] is not None else ""


def _value(row: Mapping[str, Any]) -> str:
    value = row["value"]
    if value is None:
        return "not set"
    return str(value).lower() if isinstance(value, bool) else str(value)


SETTING_COLUMNS = (
    Column("setting", lambda r: r["setting"]),
    Column("value", _value),
    Column("set by", lambda r: _set_by(r)),
    Column("what it is", lambda r: r["help"], wrap=True),
)


@click.group("settings", invoke_without_command=True,
             epilog=example("loadwatch settings set threshold_pace=4:30/km units=mi"))
@format_options
@click.pass_context
def settings_group(ctx: click.Context, fmt: str) -> None:
    """Show the athlete's settings (`settings set KEY=VALUE...` changes, `unset KEY` removes)."""
    if ctx.invoked_subcommand is None:
        _show(reading(ctx)[0], ctx.obj["athlete"], fmt)


@settings_group.command("set", epilog=example(
    "loadwatch settings set timezone=Europe/Amsterdam max_hr=190 resting_hr=50"))
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
    store, athlete = writing(ctx)
    change_settings(store, athlete=athlete, changes=changes)
    _show(store, athlete, "table")


@settings_group.command("unset", epilog=example("loadwatch settings unset threshold_pace"))
@click.argument("keys", nargs=-1, required=True)
@click.pass_context
def settings_unset(ctx: click.Context, keys: tuple[str, ...]) -> None:
    """Remove settings: KEY... (their defaults apply again)."""
    store, athlete = writing(ctx)
    change_settings(store, athlete=athlete, changes={}, clear=keys)
    _show(store, athlete, "table")


def _show(store: Store, athlete: str, fmt: str) -> None:
    values, listing = settings_listing(store, athlete=athlete)
    sex = next(row for row in listing.rows if row["setting"] == "sex")
    output_rows(listing.rows, SETTING_COLUMNS, fmt, data=values,
                footer=[] if sex["stored"] else [SEX_NOTE])


COMMANDS = (settings_group,)
