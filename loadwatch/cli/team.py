"""Accounts (``user``), athletes (``athlete``) and an athlete's data as a zip (``export``)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import click

from loadwatch.cli.context import example, looking, open_store, reading
from loadwatch.cli.output import Column, format_options, output_rows
from loadwatch.service import accounts, logins
from loadwatch.service.athletes import athlete_rows, delete_athlete, require_athlete
from loadwatch.service.exchange import export_athlete


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("user", epilog=example("loadwatch user add ann"))
def user_group() -> None:
    """Team server accounts: athletes, coaches and admins."""


@user_group.command("add", epilog=example("loadwatch user add cora --role coach"))
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="athlete", show_default=True)
@click.option("--athlete", "own", help="An athlete account's athlete (default: its name).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, own: str | None,
             password_stdin: bool) -> None:
    """Create an account (you are asked for its password).

    A password needs at least 10 characters and must not be easy to guess
    (common, a word with a digit, a repeat or a keyboard walk): the reason is
    shown when it is refused.
    """
    found = accounts.add_user(open_store(ctx), name, _password(password_stdin), role, own)
    whose = f" for athlete {found.athlete}" if found.athlete else ""
    click.echo(f"user {found.name} added ({found.role}{whose})")


def _whom(row: Mapping[str, Any]) -> str:
    """Whose data an account reaches, in words."""
    if row["athlete"]:
        return f"athlete {row['athlete']}"
    if row["role"] == "coach":
        return f"follows {', '.join(row['athletes']) or 'nobody yet'}"
    return "every athlete"


USER_COLUMNS = (Column("user", lambda r: r["name"]), Column("role", lambda r: r["role"]),
                Column("data", _whom))


@user_group.command("list", epilog=example("loadwatch user list --format csv"))
@format_options
@click.pass_context
def user_list(ctx: click.Context, fmt: str) -> None:
    """Every account with its role and athletes."""
    output_rows(accounts.list_users(looking(ctx)), USER_COLUMNS, fmt,
                empty="No accounts yet: `loadwatch user add NAME --role admin` makes the first.")


@user_group.command("remove", epilog=example("loadwatch user remove cora"))
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Delete an account (its athlete's data stays; see `athlete delete`)."""
    accounts.remove_user(open_store(ctx), name)
    click.echo(f"user {name} removed")


@user_group.command("passwd", epilog=example("loadwatch user passwd ann"))
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def user_passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set an account's password; the account is logged out everywhere."""
    accounts.set_password(open_store(ctx), name, _password(password_stdin))
    click.echo(f"password of {name} changed; their sessions have ended")


@user_group.command("role", epilog=example("loadwatch user role cora admin"))
@click.argument("name")
@click.argument("role", type=click.Choice(accounts.ROLES))
@click.option("--athlete", "own", help="For the athlete role: the account's athlete "
                                      "(default: its name).")
@click.pass_context
def user_role(ctx: click.Context, name: str, role: str, own: str | None) -> None:
    """Give an account another role; it is logged out everywhere."""
    found = accounts.set_role(open_store(ctx), name, role, own)
    click.echo(f"{found.name} is now {found.role}; their sessions have ended")


@user_group.command("unlock", epilog=example("loadwatch user unlock ann"))
@click.argument("name")
@click.pass_context
def user_unlock(ctx: click.Context, name: str) -> None:
    """Lift the lock that failed logins put on a name, and forget its failures."""
    lifted = logins.unlock(open_store(ctx), name=name)
    click.echo(f"logins as {name} are open again" if lifted
               else f"{name} was not locked (no failed logins recorded)")


@user_group.command("assign", epilog=example("loadwatch user assign cora ann ben"))
@click.argument("coach")
@click.argument("athletes", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Stop the coach following these athletes.")
@click.pass_context
def user_assign(ctx: click.Context, coach: str, athletes: tuple[str, ...], remove: bool) -> None:
    """Let a coach follow athletes (read their data, comment on their diary)."""
    store = open_store(ctx)
    for athlete in athletes:
        accounts.assign(store, coach, athlete, remove=remove)
    click.echo(f"{coach} {'no longer follows' if remove else 'follows'} {', '.join(athletes)}")


@click.command("export", epilog=example("loadwatch --athlete ann export ann.zip"))
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def export_command(ctx: click.Context, path: str) -> None:
    """Write the athlete's data to a zip: CSV, JSON and the original files.

    `loadwatch import PATH` restores it.
    """
    store, athlete = reading(ctx)
    counts = export_athlete(store, athlete=athlete, path=path)
    click.echo(f"exported {athlete} to {path}: " + ", ".join(
        f"{value} {key.replace('_', ' ')}" for key, value in counts.items()))


@click.group("athlete", epilog=example("loadwatch athlete list"))
def athlete_group() -> None:
    """Athletes in the store."""


ATHLETE_COLUMNS = (Column("athlete", lambda r: r["name"]),
                   Column("activities", lambda r: str(r["activities"]), "right"),
                   Column("files", lambda r: str(r["files"]), "right"))


@athlete_group.command("list", epilog=example("loadwatch athlete list --json"))
@format_options
@click.pass_context
def athlete_list(ctx: click.Context, fmt: str) -> None:
    """Every athlete in the store, with how many activities and files they have."""
    output_rows(athlete_rows(looking(ctx)), ATHLETE_COLUMNS, fmt,
                empty="No athletes yet: `loadwatch import FILES` makes the first, 'me'.")


@athlete_group.command("delete", epilog=example("loadwatch athlete delete ann"))
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def athlete_delete(ctx: click.Context, name: str, yes: bool) -> None:
    """Remove an athlete and every trace of them (activities, files, diary, account)."""
    store = open_store(ctx)
    require_athlete(store, name)  # before asking
    if not yes:
        click.confirm(f"Delete {name} and all their data? This cannot be undone", abort=True)
    removed = delete_athlete(store, athlete=name)
    click.echo(f"deleted {name}: " + ", ".join(
        f"{count} {table}" for table, count in removed.items() if count))


COMMANDS = (user_group, athlete_group, export_command)
