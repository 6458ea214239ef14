"""A hand-crafted browser for the team server tests: login, pages and Dash callbacks.

It sends what dash-renderer would send (and worse: values naming other
athletes) straight to the Flask application, so the tests see exactly what
an attacker with a valid login could reach.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class TeamClient:
    """One user's session against the server's WSGI app (flask test client)."""

    client: object
    _dependencies: list[dict] = field(default_factory=list)

    def login(self, name: str, password: str):
        page = self.client.get("/login").get_data(as_text=True)
        token = CSRF_FIELD.search(page).group(1)
        return self.client.post("/login", data={"name": name, "password": password,
                                                "csrf_token": token, "next": "/"})

    def csrf(self) -> str | None:
        cookie = self.client.get_cookie("_csrf_token")
        return cookie.value if cookie else None

    def callback(self, output_prefix: str, inputs: dict, state: dict | None = None,
                 csrf: bool = True):
        """Call the Dash callback whose output starts with ``output_prefix``.

        ``inputs`` and ``state`` map "id.property" to the value sent.
        """
        spec = self._callback(output_prefix)
        outputs = [self._split(o) for o in _outputs(spec["output"])]
        body = {
            "output": spec["output"],
            "outputs": outputs if spec["output"].startswith("..") else outputs[0],
            "inputs": [self._value(i, inputs) for i in spec["inputs"]],
            "state": [self._value(s, state or {}) for s in spec["state"]],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec["inputs"]
                               if f"{i['id']}.{i['property']}" in inputs],
        }
        headers = {"X-CSRFToken": self.csrf()} if csrf and self.csrf() else {}
        return self.client.post("/_dash-update-component", data=json.dumps(body),
                                content_type="application/json", headers=headers)

    def page(self, path: str, search: str = ""):
        """What Dash's page router sends for ``path?search``: the page's layout as JSON."""
        return self.callback("..", {"_pages_location.pathname": path,
                                    "_pages_location.search": search},
                             state={"_pages_location.hash": "", "_pages_location.href": ""})

    def dependencies(self) -> list[dict]:
        """The app's callbacks, as dash-renderer reads them at start-up."""
        if not self._dependencies:
            response = self.client.get("/_dash-dependencies")
            assert response.status_code == 200, response.status_code
            self._dependencies = response.get_json()
        return self._dependencies

    def _callback(self, output_prefix: str) -> dict:
        for spec in self.dependencies():
            if output_prefix == ".." and "_pages_content.children" in spec["output"]:
                return spec
            if output_prefix != ".." and spec["output"].lstrip(".").startswith(output_prefix):
                return spec
        raise LookupError(output_prefix)

    @staticmethod
    def _split(output: str) -> dict:
        component, prop = output.rsplit(".", 1)
        # A pattern-matching id is JSON: the renderer sends it as the object.
        return {"id": json.loads(component) if component.startswith("{") else component,
                "property": prop.split("@", 1)[0]}

    @staticmethod
    def _value(item: dict, values: dict) -> dict | list:
        key = f"{item['id']}.{item['property']}"
        if item["id"].startswith("{") and key not in values:
            return []  # a pattern (ALL) matching no component on the page
        return {"id": item["id"], "property": item["property"], "value": values.get(key)}


def _outputs(output: str) -> list[str]:
    if output.startswith(".."):
        return [part for part in output.strip(".").split("...") if part]
    return [output]
