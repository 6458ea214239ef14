"""The ``loadwatch`` command: a thin shell over ``loadwatch.service``.

Each module holds the commands of one use case and only maps options onto
service functions and prints; listings print through :mod:`loadwatch.cli.output`.
This module is the one place where loadwatch's typed errors become one
``Error: ...`` line and an exit code.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from typing import Any, NoReturn

import click

from loadwatch import __version__
from loadwatch.cli import (
    activities,
    audit,
    diary,
    imports,
    risk,
    serve,
    settings,
    summary,
    team,
    training,
    worker,
)
from loadwatch.cli.context import example
from loadwatch.errors import LoadwatchError, NotFound
from loadwatch.service import audit as audit_service

# Exit codes: 1 for what went wrong with the data or the store; 2 for a command
# line naming what is not there (an athlete, an activity, a diary entry, a
# store; as click's own usage errors) and for a failure loadwatch did not foresee.
EXIT_ERROR = 1
EXIT_NOT_FOUND = 2
EXIT_UNEXPECTED = 2
EXIT_INTERRUPTED = 130


class _Shell(click.Group):
    """Turns loadwatch's errors (and any other failure) into one ``Error:`` line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NotFound as err:
            _fail(str(err), EXIT_NOT_FOUND)
        except LoadwatchError as err:
            _fail(str(err), EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            _fail("interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (``loadwatch activities | head``): not an error.
            sys.stderr.close()
            sys.exit(0)
        except Exception as err:
            if os.environ.get("LOADWATCH_DEBUG"):
                raise
            _fail(f"unexpected {type(err).__name__}: {err} (set LOADWATCH_DEBUG=1 to see "
                  "where)", EXIT_UNEXPECTED)


def _fail(message: str, code: int) -> NoReturn:
    click.echo("Error: " + " ".join(message.split()), err=True)
    sys.exit(code)


@click.group(cls=_Shell, epilog=example("loadwatch --athlete ann weeks --format csv"))
@click.option("--db", "db_url", envvar="LOADWATCH_DB", metavar="URL",
              help="Store: a SQLite file's path, or a URL (sqlite:///path, "
                   "postgresql+psycopg://...). "
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
    # The audit log names who ran a command that changes accounts or data.
    audit_service.set_actor(f"cli:{getpass.getuser()}", admin=True)


def _warnings_to_stderr() -> None:
    """The library's warnings (a stored row left out, ...) as ``Warning: ...`` lines."""
    logger = logging.getLogger("loadwatch")
    if not any(getattr(h, "loadwatch_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("Warning: %(message)s"))
        handler.loadwatch_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


for _module in (imports, activities, training, diary, risk, summary, settings, serve, team,
                audit, worker):
    for _command in _module.COMMANDS:
        main.add_command(_command)

__all__ = ["main"]
