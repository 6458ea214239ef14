"""What a runner waits for in the browser: charts drawn after a click (bench_dashboard --browser).

Serves the app on 127.0.0.1 and drives Debian's Chromium (playwright): from
the Settings page, a click on a chart page's link until every chart on it is
drawn (the first in a fresh browser, then again); then a click on a window
preset until every chart is drawn again.
"""

from __future__ import annotations

import logging
import shutil
import socket
import statistics
import threading
import time

from werkzeug.serving import make_server

from dashboards import ids

DRAWN = """(count) => {
  const plots = [...document.querySelectorAll('#_pages_content .chart .js-plotly-plot')];
  return plots.length === count && plots.every((p) => p.querySelector('.cartesianlayer .trace'));
}"""
REDRAWN = """(count) => {
  const plots = [...document.querySelectorAll('#_pages_content .chart .js-plotly-plot')];
  return plots.length === count && plots.every((p) => p._fullLayout && p._fullLayout !== p._old);
}"""
MARK = """() => document.querySelectorAll('#_pages_content .chart .js-plotly-plot')
  .forEach((p) => { p._old = p._fullLayout; })"""


def time_chart_pages(app, pages: dict[str, str], rounds: int = 5, width: int = 1366) -> None:
    """Print, per chart page, the click-to-charts time and the preset-to-charts time."""
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=["--no-sandbox", "--disable-gpu"])
            for page in ["overview", *pages]:
                fresh = browser.new_context(viewport={"width": width, "height": 900})
                tab = fresh.new_page()
                tab.goto(f"http://127.0.0.1:{port}/settings", wait_until="networkidle")
                if page == "overview":  # no time window: the link only
                    _time_overview(tab, rounds)
                else:
                    _time_page(tab, page, rounds)
                fresh.close()
            browser.close()
    finally:
        server.shutdown()


def _time_page(tab, page: str, rounds: int) -> None:
    opened, changed = [], []
    for turn in range(rounds):
        tab.click(f"#{ids.nav('settings')}")
        tab.wait_for_selector(f"#{ids.SETTINGS_UNITS}", state="attached")
        started = time.perf_counter()
        tab.click(f"#{ids.nav(page)}")
        tab.wait_for_selector(f"#{ids.window(page, 'preset')}", state="attached")
        count = tab.locator("#_pages_content .chart").count()
        tab.wait_for_function(DRAWN, arg=count)
        opened.append((time.perf_counter() - started) * 1000)
        preset = ("1y", "4w", "all", "3m", "16w")[turn % 5]
        tab.evaluate(MARK)
        started = time.perf_counter()
        tab.locator(f"#{ids.window(page, 'preset')} label").filter(
            has=tab.locator(f"input[value='{preset}']")).click()
        tab.wait_for_function(REDRAWN, arg=count, timeout=60000)
        changed.append((f"{preset}", (time.perf_counter() - started) * 1000))
    print(f"browser {page}: link to charts: first in a fresh browser {opened[0]:.0f} ms, "
          f"then p50 {statistics.median(opened[1:]):.0f} ms "
          f"(each: {', '.join(f'{t:.0f}' for t in opened[1:])})")
    print(f"browser {page}: preset to charts "
          + ", ".join(f"{preset} {t:.0f} ms" for preset, t in changed))


def _time_overview(tab, rounds: int) -> None:
    """The Overview: from the Settings page, a click on its link until its chart is drawn."""
    opened = []
    for _ in range(rounds):
        tab.click(f"#{ids.nav('settings')}")
        tab.wait_for_selector(f"#{ids.SETTINGS_UNITS}", state="attached")
        started = time.perf_counter()
        tab.click(f"#{ids.nav('overview')}")
        tab.wait_for_selector(f"#{ids.OVERVIEW_STATUS}", state="attached")
        tab.wait_for_function(DRAWN, arg=tab.locator("#_pages_content .chart").count())
        opened.append((time.perf_counter() - started) * 1000)
    print(f"browser overview: link to status and chart: first in a fresh browser "
          f"{opened[0]:.0f} ms, then p50 {statistics.median(opened[1:]):.0f} ms")
