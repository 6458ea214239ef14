"""The team server's commands: accounts, exports, deleting an athlete, serving.

Registered on ``loadwatch.cli.main``; errors are turned into ``Error: ...``
there, like every other command's.
"""

from __future__ import annotations

import sys

import click

from loadwatch.cli_common import open_store
from loadwatch.errors import UsageError
from loadwatch.service import accounts
from loadwatch.service.exchange import export_athlete


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("user")
def user_group() -> None:
    """Team server accounts: athletes, coaches and admins."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="athlete", show_default=True)
@click.option("--athlete", "own", help="An athlete account's athlete (default: its name).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, own: str | None,
             password_stdin: bool) -> None:
    """Create an account (you are asked for its password)."""
    found = accounts.add_user(open_store(ctx), name, _password(password_stdin), role, own)
    whose = f" for athlete {found.athlete}" if found.athlete else ""
    click.echo(f"user {found.name} added ({found.role}{whose})")


@user_group.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """Every account with its role and athletes."""
    for row in accounts.list_users(open_store(ctx)):
        extra = (f"athlete {row['athlete']}" if row["athlete"] else
                 f"follows {', '.join(row['athletes']) or 'nobody yet'}"
                 if row["role"] == "coach" else "every athlete")
        click.echo(f"{row['name']:20} {row['role']:8} {extra}")


@user_group.command("remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Delete an account (its athlete's data stays; see `athlete delete`)."""
    accounts.remove_user(open_store(ctx), name)
    click.echo(f"user {name} removed")


@user_group.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def user_passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set an account's password."""
    accounts.set_password(open_store(ctx), name, _password(password_stdin))
    click.echo(f"password of {name} changed")


@user_group.command("assign")
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


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
def export_command(ctx: click.Context, path: str) -> None:
    """Write the athlete's data to a zip: CSV, JSON and the original files.

    `loadwatch import PATH` restores it.
    """
    counts = export_athlete(open_store(ctx), ctx.obj["athlete"], path)
    click.echo(f"exported {ctx.obj['athlete']} to {path}: " + ", ".join(
        f"{value} {key.replace('_', ' ')}" for key, value in counts.items()))


@click.group("athlete")
def athlete_group() -> None:
    """Athletes in the store."""


@athlete_group.command("list")
@click.pass_context
def athlete_list(ctx: click.Context) -> None:
    for name in open_store(ctx).athletes():
        click.echo(name)


@athlete_group.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def athlete_delete(ctx: click.Context, name: str, yes: bool) -> None:
    """Remove an athlete and every trace of them (activities, files, diary, account)."""
    store = open_store(ctx)
    if name not in store.athletes():
        raise UsageError(f"no athlete called {name}")
    if not yes:
        click.confirm(f"Delete {name} and all their data? This cannot be undone", abort=True)
    removed = store.delete_athlete(name)
    click.echo(f"deleted {name}: " + ", ".join(
        f"{count} {table}" for table, count in removed.items() if count))
