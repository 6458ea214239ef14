"""Serving the dashboard: ``serve`` (local or a team server) and ``demo`` (the sample data).

Local serving is waitress, a production WSGI server, on this machine only; a
port another program holds is refused before anything slow starts.
"""

from __future__ import annotations

import errno
import logging
import socket
import tempfile
from pathlib import Path
from typing import Any

import click

from loadwatch.cli.context import example, open_store
from loadwatch.errors import UsageError
from loadwatch.service import open_store as open_url
from loadwatch.service.demo import demo_day, load_demo
from loadwatch.service.reports import pin_today

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve", epilog=example("loadwatch serve --port 8051"))
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
def serve_command(ctx: click.Context, host: str, port: int, team: bool,
                  **team_options: Any) -> None:
    """Serve the dashboard: local (no login, 127.0.0.1) or, with --server, a team server."""
    if team:
        from dashboards.server import run_server

        run_server(ctx.obj["db"], host=host, port=port, workers=team_options["workers"],
                   secure_cookies=not team_options["insecure_cookies"],
                   certfile=team_options["certfile"], keyfile=team_options["keyfile"])
        return
    check_local_host(host)
    check_port(host, port, "serve")
    from dashboards.app import create_app

    serve_locally(create_app(open_store(ctx), ctx.obj["athlete"]), host, port, "serve")


@click.command("demo", epilog=example("loadwatch demo --port 8051"))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
@click.option("--sample-data", "folder", default="sample_data", show_default=True,
              type=click.Path(file_okay=False), help="The sample data folder of a clone.")
@click.option("--real-today", is_flag=True,
              help="Take the calendar's today, not the day of the sample's last run.")
def demo_command(host: str, port: int, folder: str, real_today: bool) -> None:
    """Serve the sample data from a temporary store (your own store is not touched)."""
    check_local_host(host)
    from dashboards.app import create_app

    if not Path(folder).is_dir():
        raise UsageError(f"no sample data at {folder}: run from a clone, or pass --sample-data")
    check_port(host, port, "demo")  # before loading, which takes a while
    with tempfile.TemporaryDirectory(prefix="loadwatch-demo-") as tmp:
        store = open_url(f"sqlite:///{Path(tmp) / 'demo.db'}")
        load_demo(store, athlete="me", folder=folder)
        click.echo("sample data loaded (with the sample runner's heart rates and threshold pace)")
        day = None if real_today else demo_day(store, athlete="me")
        if day is not None:
            pin_today(day)
            click.echo(f"the demo's today is {day:%a %d %b %Y}, the day of the sample's last "
                       "run (--real-today for the calendar's)")
        serve_locally(create_app(store, "me"), host, port, "demo")
        store.close()


def check_local_host(host: str) -> None:
    """Refuse an address beyond this machine: local mode has no logins.

    Raises
    ------
    UsageError
        ``host`` is not a loopback address.
    """
    if host not in LOOPBACK:
        raise UsageError(f"local mode has no logins, so it listens on this machine only, not "
                         f"{host}; for a team server use `loadwatch serve --server`")


def check_port(host: str, port: int, command: str) -> None:
    """Refuse a port another program holds now, rather than after the slow start.

    Raises
    ------
    UsageError
        The port is busy (naming ``--port`` with a free-looking one) or cannot be bound.
    """
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


def serve_locally(app: Any, host: str, port: int, command: str) -> None:
    """Serve a Dash app on this machine with waitress, a production WSGI server, until Ctrl-C.

    Raises
    ------
    UsageError
        The port was taken after :func:`check_port` looked.
    """
    import waitress

    # A browser asks for the page's dozen scripts at once: a short queue for the
    # four threads is expected here, not worth a warning line in the terminal.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        server = waitress.create_server(app.server, host=host, port=port, threads=4)
    except OSError as err:  # taken since check_port looked
        raise _listen_error(host, port, command, err) from err
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"open http://{shown}:{port}/ (Ctrl-C stops it)")
    try:
        server.run()  # waitress catches Ctrl-C (KeyboardInterrupt) and stops its threads
    finally:
        server.close()


COMMANDS = (serve_command, demo_command)
