"""Dashboard callback and page times with ten years of daily runs.

Run: ``python benchmarks/bench_dashboard.py [--years 10] [--repeat 20]``. Fills
a fresh SQLite store with one run a day (as bench_metrics.py), builds the app,
computes the frames once (as the app does on first view), then times every
page's layout, the load page's ratio-method callback and saving a setting
through Flask's test client, and prints p50 and p95 in milliseconds, then the
Settings page's estimates from the runs (computed once per data version).
Goal: no callback over 300 ms.
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
from dashboards import ids
from dashboards.app import create_app
from loadwatch.service.estimates import estimate_settings
from loadwatch.store import Store

PAGES = ["/", "/flags", "/load", "/intensity", "/activities", "/diary", "/settings", "/upload",
         "/guidance/stress_fracture", "/activities/100", "/summary"]


def _layout_request(path: str) -> dict:
    """The request the browser sends to render a page (dash pages' location callback)."""
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
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
        switch = {"output": "load-daily.figure",
                  "outputs": {"id": "load-daily", "property": "figure"},
                  "inputs": [{"id": "load-acwr-method", "property": "value",
                              "value": "coupled"}],
                  "changedPropIds": ["load-acwr-method.value"],
                  "state": [{"id": "_pages_location", "property": "search", "value": ""}]}
        _report("callback: ACWR method", client, switch, args.repeat)
        _report("callback: save a setting", client, _save_request(client, "max_hr", "191"),
                args.repeat)
        started = time.perf_counter()
        estimate_settings(store, athlete="me")
        print(f"{'estimates from a year of runs':34} "
              f"{(time.perf_counter() - started) * 1000:7.1f} ms (once per data version)")


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


def _report(label: str, client, body: dict, repeat: int) -> None:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.post("/_dash-update-component", data=json.dumps(body),
                               content_type="application/json")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 204), (label, response.status_code)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"{label:34} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
