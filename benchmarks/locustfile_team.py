"""Locust users browsing a team server as dash-renderer would (bench_team_server.py runs it).

Each user logs in as a different club member (every tenth a coach), then
opens pages: the page's HTML, the layout, the page router's callback and
the navigation callback, as the browser sends them; now and then a control
on a page (the ratio method, the summary week). Think time 1-3 s.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, task

ATHLETES = int(os.environ.get("LOADWATCH_BENCH_ATHLETES", "1000"))
PASSWORD = "bench-password-1"
PAGES = ("/", "/load", "/intensity", "/activities", "/diary", "/summary", "/settings")
_members = itertools.count()


def _member(number: int) -> str:
    if number % 10 == 9:
        return f"coach{number // 10 % max(1, ATHLETES // 50):02d}"
    return f"athlete{number * 37 % ATHLETES:04d}"


class ClubMember(FastHttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.name = _member(next(_members))
        page = self.client.get("/login", name="/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        self.client.post("/login", name="/login [post]", allow_redirects=False, data={
            "name": self.name, "password": PASSWORD, "csrf_token": token, "next": "/"})
        callbacks = self.client.get("/_dash-dependencies", name="/_dash-dependencies").json()
        self.router = next(c for c in callbacks if "_pages_content.children" in c["output"])
        self.nav = next(c for c in callbacks if "nav-overview.href" in c["output"])
        self.load = next(c for c in callbacks if "load-daily.figure" in c["output"])

    def _csrf(self) -> str:
        return next(c.value for c in self.client.cookiejar if c.name == "_csrf_token")

    def _callback(self, spec: dict, inputs: list[dict], name: str,
                  state: tuple[dict, ...] = (), changed: list[dict] | None = None) -> None:
        outputs = [_output(part) for part in spec["output"].strip(".").split("...")]
        body = {"output": spec["output"],
                "outputs": outputs if spec["output"].startswith("..") else outputs[0],
                "inputs": inputs, "state": list(state), "changedPropIds": [
                    f"{i['id']}.{i['property']}" for i in (changed or inputs)]}
        with self.client.post("/_dash-update-component", json=body, name=name,
                              headers={"X-CSRFToken": self._csrf()},
                              catch_response=True) as response:
            if response.status_code == 200 or response.status_code == 204:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(8)
    def open_page(self) -> None:
        path = random.choice(PAGES)
        self.client.get(path, name="page html")
        self.client.get("/_dash-layout", name="/_dash-layout")
        location = [{"id": "_pages_location", "property": "pathname", "value": path},
                    {"id": "_pages_location", "property": "search", "value": ""}]
        self._callback(self.router, location, f"page {path}")
        # The frame's links follow the address (the selector's value unchanged).
        self._callback(self.nav, [{"id": "athlete-select", "property": "value", "value": None},
                                  location[1]], "nav links", changed=location[1:])

    @task(1)
    def switch_ratio_method(self) -> None:
        method = {"id": "load-acwr-method", "property": "value",
                  "value": random.choice(["coupled", "uncoupled", "ewma"])}
        self._callback(self.load, [
            {"id": "load-window-preset", "property": "value", "value": "16w"},
            {"id": "load-window-range", "property": "value", "value": None}, method],
            "load ratio switch", changed=[method],
            state=({"id": "_pages_location", "property": "search", "value": ""},))


def _output(part: str) -> dict:
    """One output of a callback's spec as dash-renderer sends it (a pattern id as JSON)."""
    component, prop = part.rsplit(".", 1)
    return {"id": json.loads(component) if component.startswith("{") else component,
            "property": prop.split("@", 1)[0]}
