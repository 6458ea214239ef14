"""Local mode's ``POST /upload/files``: files streamed in, the import polled as the page does."""

from __future__ import annotations

import io
import json
import time

import pytest

from dashboards import context, uploads
from dashboards.app import create_app
from loadwatch.store import Store
from tests.conftest import SAMPLE_RUNS


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LOADWATCH_JOBS_DIR", str(tmp_path / "jobs"))
    store = Store(f"sqlite:///{tmp_path / 'local.db'}")
    app = create_app(store, "me")
    yield app
    context.of(app.server).store.close()


def post(client, files: list[tuple[str, bytes]], query: str = ""):
    data = {uploads.FIELD: [(io.BytesIO(payload), name) for name, payload in files]}
    return client.post(uploads.ROUTE + query, data=data, content_type="multipart/form-data")


def poll(client, jobs: dict) -> str:
    """What the page's poll callback shows for ``jobs``, once every file is done."""
    deps = client.get("/_dash-dependencies").get_json()
    spec = next(c for c in deps if c["output"].startswith("..upload-progress.children"))
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]}
               for p in spec["output"].strip(".").split("...")]
    values = {"upload-poll.n_intervals": 1, "upload-jobs.data": jobs,
              "_pages_location.search": ""}
    body = {"output": spec["output"], "outputs": outputs, "changedPropIds": [
        "upload-poll.n_intervals"], **{part: [
            {"id": i["id"], "property": i["property"],
             "value": values[f"{i['id']}.{i['property']}"]} for i in spec[part]]
            for part in ("inputs", "state")}}
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        answer = client.post("/_dash-update-component", data=json.dumps(body),
                             content_type="application/json")
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
        text = answer.get_data(as_text=True)
        if "files done:" in text:
            return text
        time.sleep(0.1)
    pytest.fail("the upload was not imported")


def test_files_posted_are_imported_and_a_bad_one_is_reported_by_its_own_name(app):
    client = app.server.test_client()
    runs = sorted(SAMPLE_RUNS.glob("*.fit"))
    files = [(runs[0].name, runs[0].read_bytes()), ("broken.fit", b"not a fit file at all"),
             ("../../etc/third.fit", runs[1].read_bytes())]
    answer = post(client, files)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["files"] == 3
    text = poll(client, {"upload": body["job"], "jobs": [body["job"]], "retries": {}})
    assert "3 of 3 files done: 2 imported, 1 failed" in text
    assert "broken.fit" in text
    assert "not a FIT file" in text
    assert "third.fit" in text
    assert "etc" not in text  # only the name's last part
    assert len(context.of(app.server).store.activities("me")) == 2


def test_refusals_are_json_with_a_reason(app, monkeypatch):
    client = app.server.test_client()
    nothing = client.post(uploads.ROUTE, data={}, content_type="multipart/form-data")
    assert nothing.status_code == 400
    assert nothing.get_json()["error"] == "Not imported: no files were sent."
    json_body = client.post(uploads.ROUTE, json={"files": ["x"]})
    assert json_body.status_code == 400
    assert "multipart/form-data" in json_body.get_json()["error"]
    for body, kind in ((b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a"
                        b".fit\"\r\n\r\ncut short", "multipart/form-data; boundary=b"),
                       (b"no parts at all", "multipart/form-data"),
                       (b"\xff\xfe", "multipart/form-data; boundary=\u00e9")):
        broken = client.post(uploads.ROUTE, data=body, content_type=kind)
        assert broken.status_code == 400, broken.get_data(as_text=True)
        assert broken.get_json()["error"].startswith("Not imported:")
    monkeypatch.setattr(uploads, "MAX_UPLOAD_FILES", 2)
    many = post(client, [(f"{n}.fit", b"x") for n in range(3)])
    assert many.status_code == 413
    assert "more than 2 files" in many.get_json()["error"]
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    large = post(client, [("a.fit", b"x" * 600), ("b.fit", b"x" * 600)])
    assert large.status_code == 413
    assert large.get_json()["error"].endswith("send fewer files at a time.")
    assert context.of(app.server).store.activities("me") == []
