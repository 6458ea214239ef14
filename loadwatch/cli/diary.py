"""The symptom diary (add, list, edit, delete, import), ``triage`` and ``guidance``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from loadwatch import diary
from loadwatch.cli.context import example, reading, writing
from loadwatch.cli.output import Column, format_options, output_rows, to_json, words
from loadwatch.errors import NotFound
from loadwatch.guidance import NOT_A_DIAGNOSIS, Condition, by_region, citation, load_guidance
from loadwatch.service import diary as service
from loadwatch.service import store_exists
from loadwatch.service.listings import diary_listing
from loadwatch.vocabulary import URGENCY_TEXT


def _entry_options(function: Callable) -> Callable:
    for decorator in reversed([
        click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
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


def _listed(value: str | None) -> tuple[str, ...] | None:
    """A comma list as words; None when not given."""
    found = tuple(w.strip() for w in value.split(",") if w.strip()) if value else ()
    return found or None


def entry_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The diary options given on the command line, as entry fields (None: not given)."""
    return {"date": values["day"].date() if values.get("day") else None,
            "side": values.get("side"), "location": values.get("location"),
            "pain": values.get("pain"), "onset": values.get("onset"),
            "character": _listed(values.get("character")), "when": _listed(values.get("when_")),
            "signs": _listed(values.get("signs")), "trigger": values.get("trigger"),
            "weeks": values.get("weeks"), "notes": values.get("notes"),
            "worsening": values.get("worsening") or None}


def show_triage(recorded: service.Recorded, as_json: bool) -> None:
    """The urgency, red flags and best-fitting conditions of an entry (or all of it as JSON)."""
    result = recorded.triage
    if as_json:
        click.echo(to_json(recorded.as_dict()))
        return
    click.echo(URGENCY_TEXT[result.urgency])
    for red in result.red_flags:
        quoted = ", ".join(f'"{w}"' for w in red.words)
        quoted = f" (your notes: {quoted})" if quoted else ""
        click.echo(f"  red flag: {red.reason}{quoted}")
        click.echo(f"    source: {red.source}")
    for condition in result.conditions[:3]:
        click.echo(f"  fits {condition.name}: {condition.describe()}"
                   f"  -> loadwatch guidance {condition.id}")
    click.echo(NOT_A_DIAGNOSIS)


@click.group("diary", epilog=example("loadwatch diary list"))
def diary_group() -> None:
    """The symptom diary: add, list, edit, delete, import."""


@diary_group.command("add", epilog=example(
    "loadwatch diary add --side right --location groin --pain 4 --when walking"))
@_entry_options
@click.option("--json", "as_json", is_flag=True, help="Print the entry and its triage as JSON.")
@click.pass_context
def diary_add(ctx: click.Context, as_json: bool, **values: Any) -> None:
    """Record how a sore spot feels; shows the conditions it fits and the urgency."""
    store, athlete = writing(ctx)
    show_triage(service.add_entry(store, athlete=athlete, values=entry_values(values)), as_json)


@click.command("triage", epilog=example(
    "loadwatch triage --location outer_hip --pain 3 --when at_night"))
@_entry_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def triage_command(ctx: click.Context, as_json: bool, **values: Any) -> None:
    """Like `diary add`, but stores nothing (the athlete's training counts, as on adding)."""
    store, athlete = reading(ctx) if store_exists(ctx.obj["db"]) else (None, None)
    show_triage(service.check_entry(store, athlete=athlete, values=entry_values(values)),
                as_json)


def entry_columns(comments: Mapping[int, list[dict]]) -> tuple[Column, ...]:
    """The diary table: one entry per row, the load before it and comments last."""
    return (
        Column("id", lambda e: str(e["id"]), "right"),
        Column("date", lambda e: e["date"]),
        Column("where", _where),
        Column("pain", lambda e: f"{e['pain']}/10", "right"),
        Column("urgency", lambda e: words(e["urgency"])),
        Column("fits", lambda e: "\n".join(c["id"] for c in e["conditions"][:3])),
        Column("load before it; comments", lambda e: _notes(e, comments.get(e["id"], [])),
               wrap=True),
    )


def _where(entry: Mapping[str, Any]) -> str:
    """``right groin``: the side (when given) and the location, in words."""
    return words(" ".join(part for part in (entry.get("side"), entry["location"]) if part))


def _notes(entry: Mapping[str, Any], comments: list[dict]) -> str:
    lines = [str(entry["load_context"])] if entry.get("load_context") else []
    lines += [f"{c['author']} ({c['at'][:10]}): {c['text']}" for c in comments]
    return "\n".join(lines)


@diary_group.command("list", epilog=example("loadwatch diary list --format csv"))
@format_options
@click.pass_context
def diary_list(ctx: click.Context, fmt: str) -> None:
    """Every entry with its urgency, linked conditions and the load before it."""
    store, athlete = reading(ctx)
    listing = diary_listing(store, athlete=athlete)
    output_rows(listing.rows, entry_columns(listing.comments), fmt, footer=[NOT_A_DIAGNOSIS],
                empty=f"No diary entries for {athlete}: `loadwatch diary add --help` says how.")


@diary_group.command("edit", epilog=example("loadwatch diary edit 3 --pain 2"))
@click.argument("entry_id", type=int)
@_entry_options
@click.option("--json", "as_json", is_flag=True, help="Print the entry and its triage as JSON.")
@click.pass_context
def diary_edit(ctx: click.Context, entry_id: int, as_json: bool, **values: Any) -> None:
    """Change an entry: only the options you give change."""
    store, athlete = reading(ctx)
    show_triage(service.edit_entry(store, athlete=athlete, entry_id=entry_id,
                                   changes=entry_values(values)), as_json)


@diary_group.command("delete", epilog=example("loadwatch diary delete 3"))
@click.argument("entry_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def diary_delete(ctx: click.Context, entry_id: int, as_json: bool, yes: bool) -> None:
    """Delete an entry (and its comments); asks first unless --yes."""
    store, athlete = reading(ctx)
    if not yes:
        entry = service.stored_entry(store, athlete=athlete, entry_id=entry_id)
        click.confirm(f"Delete diary entry {entry_id} ({entry['date']}, {_where(entry)}, "
                      f"pain {entry['pain']}/10)?", abort=True)
    service.delete_entry(store, athlete=athlete, entry_id=entry_id)
    click.echo(to_json({"deleted": entry_id}) if as_json else f"deleted diary entry {entry_id}")


@diary_group.command("import", epilog=example("loadwatch diary import sample_data/diary.json"))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def diary_import(ctx: click.Context, path: str) -> None:
    """Add the entries of a JSON file (a list of entries, as `diary list --json` prints).

    `loadwatch import` does the same for a diary file among activity files.
    """
    store, athlete = writing(ctx)
    added, existing = service.import_diary_file(store, athlete=athlete, path=Path(path))
    click.echo(f"{added} diary entries added, {existing} already there")


GUIDANCE_COLUMNS = (Column("region", lambda c: c["region"]), Column("id", lambda c: c["id"]),
                    Column("condition", lambda c: c["name"]))


@click.command("guidance", epilog=example("loadwatch guidance tibial_bone_stress"))
@click.argument("condition_id", required=False)
@format_options
def guidance_command(condition_id: str | None, fmt: str) -> None:
    """Guidance on running injuries from hip to foot, by body region (all, or one by id)."""
    conditions = load_guidance()
    if condition_id is not None and condition_id not in conditions:
        raise NotFound(f"no condition {condition_id!r}; ids: {', '.join(conditions)}")
    chosen = ([conditions[condition_id]] if condition_id
              else [c for group in by_region(conditions).values() for c in group])
    rows = [c.as_dict() for c in chosen]
    if condition_id and fmt == "table":
        _show_page(chosen[0])
        return
    output_rows(rows, GUIDANCE_COLUMNS, fmt, data=rows[0] if condition_id else rows,
                footer=[NOT_A_DIAGNOSIS])


def _show_page(condition: Condition) -> None:
    click.echo(f"{condition.name} ({condition.region})")
    for title, body in (("What it is", condition.what), ("How it shows", condition.shows),
                        ("What helps", condition.helps),
                        ("Prevent it", "; ".join(condition.prevent)),
                        ("See a clinician", condition.see_clinician)):
        click.echo(f"{title}: {body}")
    click.echo("Sources:")
    for source in condition.sources:
        click.echo(f"  - {citation(source)}")
    click.echo(NOT_A_DIAGNOSIS)


COMMANDS = (diary_group, triage_command, guidance_command)
