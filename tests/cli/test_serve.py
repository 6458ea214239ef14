"""The local dashboard's server: waitress over HTTP, a busy port, Ctrl-C.

`loadwatch serve` (without --server) and `loadwatch demo` serve with waitress;
a port another program holds is one ``Error:`` line naming ``--port``, before
the store is opened or the sample data loaded.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from loadwatch.cli import main, serve
from tests.conftest import ROOT

BUSY = re.compile(r"^Error: port (\d+) on 127\.0\.0\.1 is busy\b"
                  r".*`loadwatch (\w+) --port \d+`.*\)$")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _must_not_run(*args, **kwargs):
    raise AssertionError("called although the port is busy")


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_a_busy_port_is_one_error_line_before_anything_loads(command, tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "load_demo", _must_not_run)
    monkeypatch.setattr("waitress.create_server", _must_not_run)
    store = tmp_path / "store.db"
    args = {"demo": ["demo", "--sample-data", str(ROOT / "sample_data")],
            "serve": ["--db", f"sqlite:///{store}", "serve"]}[command]
    with socket.create_server(("127.0.0.1", 0)) as taken:  # listening, like a server
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, [*args, "--port", str(port)])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert BUSY.match(line).groups() == (str(port), command)
    assert not store.exists()  # the store was not even opened


def test_a_port_taken_after_the_check_is_the_same_error(tmp_path):
    # As if another program took the port between the check and waitress's bind.
    skip_check = ("import sys; from loadwatch.cli import main, serve; "
                  "serve.check_port = lambda *args: None; main(sys.argv[1:])")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        completed = subprocess.run(
            [sys.executable, "-c", skip_check, "--db", f"sqlite:///{tmp_path / 'store.db'}",
             "serve", "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1
    (line,) = completed.stderr.strip().splitlines()
    assert BUSY.match(line).groups() == (str(port), "serve")


def _start_serving(args: list[str], tmp_path) -> subprocess.Popen:
    """``python -m loadwatch ARGS``, its output in files (no pipe can fill up).

    A child inherits an ignored SIGINT (pytest run as a background job of a
    script); with a handler installed here it starts with the default, so the
    test's Ctrl-C reaches it.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with open(tmp_path / "out", "w") as out, open(tmp_path / "err", "w") as err:
            return subprocess.Popen([sys.executable, "-m", "loadwatch", *args],
                                    stdout=out, stderr=err)
    finally:
        signal.signal(signal.SIGINT, previous)


def _get_when_up(url: str, server: subprocess.Popen, tmp_path, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"server exited: {(tmp_path / 'err').read_text()[-2000:]}")
        try:
            return urllib.request.urlopen(url, timeout=5)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} within {seconds} s")


def test_serve_answers_over_http_through_waitress_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    server = _start_serving(["--db", f"sqlite:///{tmp_path / 'store.db'}", "serve",
                             "--port", str(port)], tmp_path)
    try:
        with _get_when_up(f"http://127.0.0.1:{port}/", server, tmp_path) as response:
            assert response.status == 200
            assert response.headers["Server"] == "waitress"
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)
    assert (tmp_path / "out").read_text() == f"open http://127.0.0.1:{port}/ (Ctrl-C stops it)\n"
    errors = (tmp_path / "err").read_text()
    assert "Traceback" not in errors
    assert "development server" not in errors


def test_local_mode_will_not_listen_beyond_this_machine():
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "local mode has no logins" in result.output
    result = CliRunner().invoke(main, ["--db", "sqlite:///x.db", "serve", "--server"])
    assert result.exit_code == 1
    assert "needs a PostgreSQL store" in result.output
