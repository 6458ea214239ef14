"""What every command shares: the store named by ``--db`` and the athlete of ``--athlete``.

A command that reads an athlete's data opens the store with :func:`reading`,
which refuses an athlete the store does not hold (when it holds others): a
mistyped name is an error, never an empty answer. A command that writes uses
:func:`writing`, which creates the athlete on the first write.
"""

from __future__ import annotations

import click

from loadwatch.service import Store, store_exists
from loadwatch.service import open_store as open_url
from loadwatch.service.athletes import check_athlete


def open_store(ctx: click.Context) -> Store:
    """The store named by ``--db``, closed when the command ends.

    Parameters
    ----------
    ctx : click.Context
        The command's context (``ctx.obj`` set by ``loadwatch.cli.main``).

    Returns
    -------
    Store
        Open, migrated.
    """
    store = open_url(ctx.obj["db"])
    ctx.call_on_close(store.close)
    return store


def looking(ctx: click.Context) -> Store:
    """The store for a command that only looks (lists, checks): a missing one is empty.

    A SQLite file that is not there is read as an empty store, and no file or
    folder is made (a mistyped ``--db`` must leave no trace); the note says so
    when ``--db`` was typed.
    """
    if store_exists(ctx.obj["db"]):
        return open_store(ctx)
    if ctx.obj["db"]:
        click.echo(f"Note: no loadwatch store at {ctx.obj['db']} yet (nothing was "
                   "created).", err=True)
    store = open_url("sqlite://")
    ctx.call_on_close(store.close)
    return store


def reading(ctx: click.Context) -> tuple[Store, str]:
    """The store and the athlete of a command that reads or corrects their data.

    Parameters
    ----------
    ctx : click.Context
        The command's context.

    Returns
    -------
    (Store, str)
        The open store and the athlete's name.

    Raises
    ------
    UnknownAthlete
        The store holds athletes and none of that name, or holds none and the
        name was typed.
    """
    store = looking(ctx)
    check_athlete(store, ctx.obj["athlete"], empty_ok=not ctx.obj["athlete_given"])
    return store, ctx.obj["athlete"]


def writing(ctx: click.Context) -> tuple[Store, str]:
    """The store and the athlete of a command that adds data (the athlete is created).

    Parameters
    ----------
    ctx : click.Context
        The command's context.

    Returns
    -------
    (Store, str)
        The open store and the athlete's name.
    """
    return open_store(ctx), ctx.obj["athlete"]


def example(command: str) -> str:
    """The epilog of a command's help: one example, the last line of ``--help``.

    Parameters
    ----------
    command : str
        A whole command line, starting with ``loadwatch``.

    Returns
    -------
    str
        ``Example: loadwatch ...``, kept on one line by click.
    """
    return f"\b\nExample: {command}"
