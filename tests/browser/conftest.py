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
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboards import context
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.conftest import ROOT, SAMPLE_RUNS

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


@contextmanager
def serving(wsgi_app):
    """``wsgi_app`` on a free port of 127.0.0.1, in a thread; yields its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        context.of(wsgi_app).data.ready()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory):
    """The dashboard over the sample data, on a free port of 127.0.0.1."""
    folder = tmp_path_factory.mktemp("demo")
    store = Store(f"sqlite:///{folder / 'demo.db'}")
    import_paths(store, athlete="me", paths=[ROOT / "sample_data"], workers=1)
    store.set_settings("me", {"timezone": "Europe/Amsterdam", "max_hr": "190",
                              "resting_hr": "50", "threshold_hr": "170"})
    store.athlete_id("coach-demo")  # a second athlete, with no runs, for the selector
    with serving(create_app(store, "me").server) as url:
        yield url
    store.close()


@pytest.fixture
def own(tmp_path):
    """A dashboard of its own (for tests that change data): three runs, one athlete."""
    store = Store(f"sqlite:///{tmp_path / 'own.db'}")
    import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:3],
                 workers=1)
    with serving(create_app(store, "me").server) as url:
        yield store, url
    store.close()


@pytest.fixture
def empty(tmp_path):
    """A dashboard over an empty store: nothing imported."""
    store = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    with serving(create_app(store, "me").server) as url:
        yield store, url
    store.close()


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until Dash has put the page in."""
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#_pages_content", state="attached")


@pytest.fixture
def page(chromium):
    """A fresh page that records every console message and page error."""
    browser_context = chromium.new_context(viewport={"width": 1200, "height": 900})
    tab = browser_context.new_page()
    tab.console_log = []
    tab.on("console", lambda message: tab.console_log.append(
        f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: tab.console_log.append(f"pageerror: {error}"))
    yield tab
    browser_context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def click_nav(page, module: str) -> None:
    """Click the navbar's link to ``module``'s page, opening the phone's menu first."""
    from dashboards import ids

    link = page.locator(f"#{ids.nav(module)}")
    # The frame may still be drawing (just after a log-in): wait for the bar's own
    # toggler, then ask whether the link is folded away behind it.
    page.locator(f"#{ids.NAV_TOGGLER}").wait_for(state="attached")
    if not link.is_visible() and page.locator(f"#{ids.NAV_TOGGLER}").is_visible():
        page.click(f"#{ids.NAV_TOGGLER}")
        link.wait_for(state="visible")
    link.click()
