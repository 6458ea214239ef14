"""Dashboard callback and page times with ten years of daily runs.

Run: ``python benchmarks/bench_dashboard.py [--years 10] [--repeat 20] [--browser]``.
Fills a fresh SQLite store with one run a day (as bench_metrics.py), builds the
app, computes the frames once (as the app does on first view), then times
every page's layout, the load page's ratio-method callback, saving a setting
and the chart pages' time window (each preset, then a slider range) through
Flask's test client, and prints the first call (figures drawn) and p50 and p95
of the rest in milliseconds, then the Settings page's estimates from the runs
(computed once per data version), and an edit: saving a new RPE on an
activity's page (its load card follows at once) and opening /load right after
(the history computed anew). Goal: no callback over 300 ms.

``--browser`` then serves the app and times, in Chromium (Debian's), the Overview and each chart
page from the click on its link until every chart is drawn, and a preset
click until the charts are drawn again. Goal: charts within 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_metrics import SETTINGS, fill
from dashboards import ids, window
from dashboards.app import create_app
from loadwatch.service.estimates import estimate_settings
from loadwatch.store import Store

PAGES = ["/", "/flags", "/load", "/intensity", "/activities", "/diary", "/settings", "/upload",
         "/guidance/stress_fracture", "/activities/100", "/summary"]
CHART_PAGES = {"load": "/load", "intensity": "/intensity"}


def _layout_request(path: str, search: str = "") -> dict:
    """The request the browser sends to render a page (dash pages' location callback)."""
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def _callback_request(dependencies: list[dict], changed: str, values: dict) -> dict:
    """The request the browser sends when ``changed`` (``id.property``) takes its value."""
    found = next(d for d in dependencies
                 if any(f"{i['id']}.{i['property']}" == changed for i in d["inputs"]))
    outputs = [{"id": json.loads(o["id"]) if o["id"].startswith("{") else o["id"],
                "property": o["property"]}
               for o in (_split(part) for part in found["output"].strip(".").split("..."))]
    inputs = [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in found["inputs"]]
    state = [{**s, "value": ""} for s in found["state"]]
    return {"output": found["output"], "outputs": outputs, "inputs": inputs,
            "changedPropIds": [changed], "state": state}


def _split(output: str) -> dict:
    component, _, prop = output.rpartition(".")
    return {"id": component, "property": prop}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--browser", action="store_true", help="time the chart pages in Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/d.db") as store:
        fill(store, 365 * args.years)
        store.set_settings("me", SETTINGS)
        app = create_app(store, "me")
        client = app.server.test_client()
        started = time.perf_counter()
        client.post("/_dash-update-component", json=_layout_request("/"))
        print(f"{365 * args.years} daily runs; first view (frames computed once): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")
        for path in PAGES:
            _report(f"page {path}", client, _layout_request(path), args.repeat)
        dependencies = client.get("/_dash-dependencies").get_json()
        switch = _callback_request(dependencies, f"{ids.LOAD_METHOD}.value", {
            f"{ids.LOAD_METHOD}.value": "coupled",
            f"{ids.window('load', 'preset')}.value": window.DEFAULT})
        _report("callback: ACWR method", client, switch, args.repeat)
        _report("callback: save a setting", client, _save_request(client, "max_hr", "191"),
                args.repeat)
        _edit_then_page(client, dependencies, args.repeat)
        started = time.perf_counter()
        estimate_settings(store, athlete="me")
        print(f"{'estimates from a year of runs':34} "
              f"{(time.perf_counter() - started) * 1000:7.1f} ms (once per data version)")
        _window_changes(client, dependencies, args.repeat)
        if args.browser:
            from benchmarks.browser_timing import time_chart_pages

            time_chart_pages(app, CHART_PAGES)


def _save_request(client, key: str, value: str) -> dict:
    """What the browser sends when the Settings page's field of ``key`` changes."""
    spec = next(s for s in client.get("/_dash-dependencies").get_json()
                if s["output"].lstrip(".").startswith(ids.SETTINGS_SAVED))
    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in spec["output"].strip(".").split("...")]
    field = ids.setting(key)
    return {"output": spec["output"], "outputs": outputs,
            "inputs": [{**i, "value": value if i["id"] == field else None}
                       for i in spec["inputs"]],
            "state": [{**s, "value": ""} for s in spec["state"]],
            "changedPropIds": [f"{field}.value"]}


def _edit_then_page(client, dependencies: list[dict], repeat: int) -> None:
    """Save a new RPE (the page's load card follows), then open /load (the history anew).

    Each save changes the RPE, so every round is a real edit: the save's own
    time, then the chart page's layout while the background recompute runs.
    """
    body = _callback_request(dependencies, f"{ids.ACTIVITY_SAVE}.n_clicks",
                             {f"{ids.ACTIVITY_SAVE}.n_clicks": 1})
    saves, pages = [], []
    client.post("/_dash-update-component", json=_layout_request("/activities/100"))
    for round_ in range(repeat):
        values = {ids.ACTIVITY_ID: 100, ids.ACTIVITY_RPE: str(5 + round_ % 2)}
        body["state"] = [{**s, "value": values.get(s["id"])} for s in body["state"]]
        started = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        saved = time.perf_counter()
        assert "Saved." in response.get_data(as_text=True), response.get_data(as_text=True)
        client.post("/_dash-update-component", json=_layout_request("/load"))
        saves.append((saved - started) * 1000)
        pages.append((time.perf_counter() - saved) * 1000)
    for label, timings in (("callback: save an RPE (load card)", saves),
                           ("page /load right after an edit", pages)):
        print(f"{label:34} p50 {statistics.median(timings):7.1f} ms   "
              f"max {max(timings):7.1f} ms")


def _window_changes(client, dependencies: list[dict], repeat: int) -> None:
    """Each preset, then a slider range, on each chart page."""
    for page in CHART_PAGES:
        preset, slider = ids.window(page, "preset"), ids.window(page, "range")
        method = {f"{ids.LOAD_METHOD}.value": "ewma"}
        for key in window.PRESETS:
            body = _callback_request(dependencies, f"{preset}.value",
                                     {f"{preset}.value": key, **method})
            _report(f"window {page}: {key}", client, body, repeat)
        response = client.post("/_dash-update-component", json=_callback_request(
            dependencies, f"{preset}.value", {f"{preset}.value": "1y", **method}))
        first, last = response.get_json()["response"][slider]["value"]
        body = _callback_request(dependencies, f"{slider}.value",
                                 {f"{slider}.value": [first + 7 * 10, last - 7 * 20], **method})
        _report(f"window {page}: slider range", client, body, repeat)


def _report(label: str, client, body: dict, repeat: int) -> None:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.post("/_dash-update-component", data=json.dumps(body),
                               content_type="application/json")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 204), (label, response.status_code)
    first, rest = timings[0], sorted(timings[1:] or timings)
    p95 = rest[min(len(rest) - 1, round(0.95 * (len(rest) - 1)))]
    print(f"{label:34} first {first:7.1f} ms   p50 {statistics.median(rest):7.1f} ms   "
          f"p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
