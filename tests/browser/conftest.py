"""A real Chromium (Debian's package) driving the dashboard, served on 127.0.0.1.

Browser tests are marked ``browser``; they skip with a reason when Chromium or
Playwright is missing, unless LOADWATCH_REQUIRE_BROWSER is set (``.ci/run``
sets it after installing Chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.conftest import ROOT

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing(reason: str):
    if os.environ.get("LOADWATCH_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    path = shutil.which("chromium")
    if path is None:
        _missing("Debian's chromium is not installed (.ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e . --group test)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory):
    """The dashboard over the sample data, on a free port of 127.0.0.1."""
    folder = tmp_path_factory.mktemp("demo")
    store = Store(f"sqlite:///{folder / 'demo.db'}")
    import_paths(store, "me", [ROOT / "sample_data"], workers=1)
    store.set_settings("me", {"timezone": "Europe/Amsterdam", "max_hr": "190",
                              "resting_hr": "50", "threshold_hr": "170"})
    store.athlete_id("coach-demo")  # a second athlete, with no runs, for the selector
    app = create_app(store, "me")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    store.close()


@pytest.fixture
def page(chromium):
    """A fresh page that records every console message and page error."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.console_log = []
    tab.on("console", lambda message: tab.console_log.append(
        f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: tab.console_log.append(f"pageerror: {error}"))
    yield tab
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
