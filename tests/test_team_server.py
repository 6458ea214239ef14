"""Team server on a real PostgreSQL: logins, CSRF, and that no user reaches another's data.

Every request is hand-crafted against the server's WSGI app, sending the
values a tampering browser would (``?athlete=ben``, ben's activity and entry
ids, an upload "for" ben): each must act on the session's athlete or be
refused, and ben's data must stay exactly as it was.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import text

from dashboards import context
from dashboards.server import create_server
from loadwatch.service import accounts, audit, job_queue
from loadwatch.service.exchange import export_athlete
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.conftest import SAMPLE_RUNS, _empty_postgres, _postgres_url
from tests.queue_workers import clean_queue, start_worker, stop_worker, wait_for
from tests.team_client import TeamClient

pytestmark = pytest.mark.postgres
PASSWORDS = {"ann": "ann-password-1", "ben": "ben-password-1", "cora": "cora-password-1",
             "root": "root-password-1"}
ENTRY = {"date": "2026-08-30", "side": "right", "location": "groin", "pain": 4,
         "onset": "gradual", "character": [], "when": ["during_run"], "signs": [],
         "trigger": None, "weeks": None, "notes": None}


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """ann and ben (athletes), cora (coach of ann), root (admin), on PostgreSQL.

    A real ``loadwatch worker`` runs beside the server: a team server's uploads
    go through the job queue, as they do in production.
    """
    url = _postgres_url()
    _empty_postgres(url)
    store = Store(url)
    runs = sorted(SAMPLE_RUNS.glob("*.fit"))
    for athlete, files, secret in (("ann", runs[:4], "Ann secret tempo"),
                                   ("ben", runs[4:7], "Ben secret hills")):
        import_paths(store, athlete=athlete, paths=files, workers=1)
        store.update_activity(athlete, store.activities(athlete)[0].id, {"name": secret})
        store.add_entry(athlete, {**ENTRY, "notes": f"{athlete} diary"})
    for name, role in (("ann", "athlete"), ("ben", "athlete"), ("cora", "coach"),
                       ("root", "admin")):
        accounts.add_user(store, name, PASSWORDS[name], role)
    accounts.assign(store, "cora", "ann")
    server = create_server(url, secure_cookies=False)
    job_queue.prepare_queue(store)  # as `loadwatch serve --server` does before serving
    clean_queue(url)
    worker = start_worker(url, tmp_path_factory.mktemp("worker") / "worker.log")
    yield store, server
    stop_worker(worker)
    close_server(server)
    store.close()


def close_server(server) -> None:
    """Close the store a server opened (its connections would outlive the test)."""
    context.of(server).store.close()


def client(team, name: str) -> TeamClient:
    browser = TeamClient(team[1].test_client())
    response = browser.login(name, PASSWORDS[name])
    assert response.status_code == 302, response.get_data(as_text=True)
    browser.dependencies()  # while logged in: some tests end the session
    return browser


def ben_state(store: Store) -> str:
    """Everything of ben's a request could change, as one comparable text."""
    return json.dumps({"activities": [vars(a) for a in store.activities("ben")],
                       "diary": store.entries("ben"), "settings": store.settings("ben"),
                       "comments": store.comments("ben"), "counts": store.counts("ben")},
                      default=str, sort_keys=True)


def page_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def test_nothing_without_login(team):
    anonymous = TeamClient(team[1].test_client())
    assert anonymous.client.get("/").status_code == 302
    assert anonymous.client.get("/").headers["Location"].startswith("/login")
    assert anonymous.client.get("/download/export.zip").status_code == 302
    assert anonymous.client.get("/_dash-layout").status_code == 401
    body = {"output": "settings-saved.children",
            "outputs": {"id": "settings-saved", "property": "children"},
            "inputs": [{"id": "settings-units", "property": "value", "value": "mi"}],
            "state": [], "changedPropIds": ["settings-units.value"]}
    assert anonymous.client.post("/_dash-update-component", json=body).status_code == 401


def test_wrong_password_and_missing_csrf_token_are_refused(team):
    browser = TeamClient(team[1].test_client())
    wrong = browser.login("ann", "not-her-password")
    assert wrong.status_code == 401
    assert "Wrong user name or password" in wrong.get_data(as_text=True)
    unknown = browser.login("nobody", "whatever-password")
    assert unknown.status_code == 401
    forged = browser.client.post("/login", data={"name": "ann", "password": PASSWORDS["ann"]})
    assert forged.status_code == 400  # no CSRF token: not logged in
    assert "The form expired" in forged.get_data(as_text=True)
    assert browser.client.get("/").status_code == 302


def test_callbacks_need_the_csrf_header(team):
    ann = client(team, "ann")
    refused = ann.callback("settings-saved", {"settings-units.value": "mi"}, csrf=False)
    assert refused.status_code == 400
    assert team[0].settings("ann").get("units") != "mi"


def test_athlete_sees_only_her_own_pages_whatever_the_address_says(team):
    store, _ = team
    ann = client(team, "ann")
    for search in ("", "?athlete=ben"):
        text = page_text(ann.page("/activities", search))
        assert "Ann secret tempo" in text
        assert "Ben secret hills" not in text
    ben_activity = store.activities("ben")[0].id
    text = page_text(ann.page(f"/activities/{ben_activity}", "?athlete=ben"))
    assert f"No activity {ben_activity}" in text
    assert "Ben secret hills" not in text
    options = json.loads(ann.client.get("/_dash-layout").get_data(as_text=True))
    assert "ben" not in json.dumps(options)


PAGES = ("/", "/flags", "/load", "/intensity", "/activities", "/diary", "/summary", "/upload",
         "/settings")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_ignores_an_athlete_named_in_the_address(team, path):
    ann = client(team, "ann")
    own = page_text(ann.page(path))
    assert page_text(ann.page(path, "?athlete=ben")) == own
    assert "Ben secret hills" not in own


def test_athlete_cannot_switch_to_another_athlete(team):
    ann = client(team, "ann")
    response = ann.callback("_pages_location.search", {"athlete-select.value": "ben"})
    assert response.status_code == 403
    assert "Ben secret hills" not in page_text(ann.page("/activities"))


def test_writes_land_on_the_session_athlete_never_on_another(team):
    store, _ = team
    before = ben_state(store)
    ann = client(team, "ann")
    ben_activity = store.activities("ben")[0].id
    ben_entry = store.entries("ben")[0]["id"]
    saved = ann.callback("activity-saved", {"activity-save.n_clicks": 1}, {
        "activity-id.data": ben_activity, "activity-name.value": "renamed by ann",
        "_pages_location.search": "?athlete=ben"})
    assert "Not saved" in page_text(saved)
    diary = ann.callback("diary-result", {"diary-save.n_clicks": 1}, {
        "diary-date.value": "2026-09-01", "diary-location.value": "outer_hip",
        "diary-pain.value": 2, "diary-notes.value": "written by ann",
        "_pages_location.search": "?athlete=ben"})
    assert diary.status_code == 200
    assert [e["notes"] for e in store.entries("ann")][-1] == "written by ann"
    ann.callback("settings-saved", {"settings-units.value": "mi"},
                 {"_pages_location.search": "?athlete=ben"})
    comment = ann.callback("diary-comment-result", {"diary-comment-save.n_clicks": 1}, {
        "diary-comment-entry.value": ben_entry, "diary-comment-text.value": "hello ben",
        "_pages_location.search": "?athlete=ben"})
    assert "Not saved" in page_text(comment)
    ann_files = store.counts("ann")["files"]
    payload = sorted(SAMPLE_RUNS.glob("*.fit"))[10].read_bytes()
    # The address and a form field both name ben: the upload is ann's all the same.
    upload = _upload(ann, [("run.fit", payload)], "?athlete=ben", athlete="ben")
    assert upload.status_code == 200, upload.get_data(as_text=True)
    assert upload.get_json()["files"] == 1
    job = upload.get_json()["job"]
    jobs = {"upload": job, "jobs": [job], "retries": {}}  # what upload.js hands the poll
    done = _polled(ann, jobs, "?athlete=ben")
    assert "1 of 1 files done: 1 imported" in done
    assert "run.fit" in done
    assert store.counts("ann")["files"] == ann_files + 1
    # ann's import is hers: ben, naming its id, hears of no such import.
    ben_poll = page_text(client(team, "ben").callback(
        "upload-progress", {"upload-poll.n_intervals": 1, "upload-jobs.data": jobs}))
    assert "no longer known" in ben_poll
    assert "run.fit" not in ben_poll
    assert ben_state(store) == before
    assert store.settings("ann")["units"] == "mi"
    store.set_settings("ann", {"units": "km"})


def _upload(browser: TeamClient, files: list[tuple[str, bytes]], search: str = "",
            csrf: bool = True, **fields: str):
    """What upload.js sends: the files as multipart/form-data, the CSRF header."""
    headers = {"X-CSRFToken": browser.csrf()} if csrf and browser.csrf() else {}
    data = {**fields, "files": [(io.BytesIO(payload), name) for name, payload in files]}
    return browser.client.post("/upload/files" + search, data=data, headers=headers,
                               content_type="multipart/form-data")


class _Endless(io.RawIOBase):
    """A multipart body of one file of ``size`` bytes, made as it is read (never whole)."""

    def __init__(self, size: int):
        self.head = (b"--b\r\nContent-Disposition: form-data; name=\"files\"; "
                     b"filename=\"export.zip\"\r\n\r\n")
        self.tail = b"\r\n--b--\r\n"
        self.length = len(self.head) + size + len(self.tail)
        self.size, self.at = size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # the test client measures the body's length

    def seek(self, offset: int, whence: int = 0) -> int:
        self.at = {0: offset, 1: self.at + offset, 2: self.length + offset}[whence]
        return self.at

    def tell(self) -> int:
        return self.at

    def readinto(self, buffer) -> int:
        n = max(0, min(len(buffer), self.length - self.at))
        whole = len(self.head) + self.size
        piece = bytearray(n)  # the file's bytes are zeros; the framing where it falls
        for i in range(max(0, self.at), min(self.at + n, len(self.head))):
            piece[i - self.at] = self.head[i]
        for i in range(max(self.at, whole), self.at + n):
            piece[i - self.at] = self.tail[i - whole]
        buffer[:n] = piece
        self.at += n
        return n


def _staged_rows(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM staged_uploads")).scalar()


def test_upload_route_needs_a_login_a_csrf_token_and_at_most_200_mb(team):
    store, server = team
    payload = sorted(SAMPLE_RUNS.glob("*.fit"))[11].read_bytes()
    staged, ann_files = _staged_rows(store), store.counts("ann")["files"]
    anonymous = TeamClient(server.test_client())
    refused = _upload(anonymous, [("run.fit", payload)])
    assert refused.status_code == 401
    assert refused.get_json() == {"error": "log in first"}
    ann = client(team, "ann")
    forged = _upload(ann, [("run.fit", payload)], csrf=False)
    assert forged.status_code == 400
    assert "cross-site request refused" in forged.get_json()["error"]
    body = _Endless(200 * 2**20 + 1)
    large = ann.client.post("/upload/files", input_stream=body, content_length=body.length,
                            content_type="multipart/form-data; boundary=b",
                            headers={"X-CSRFToken": ann.csrf()})
    assert large.status_code == 413
    assert large.get_json()["error"] == ("Not imported: the upload is over 200 MB; "
                                         "send fewer files at a time.")
    coach = _upload(client(team, "cora"), [("run.fit", payload)], "?athlete=ann")
    assert coach.status_code == 403
    assert "may not write" in coach.get_json()["error"]
    assert _staged_rows(store) == staged
    assert store.counts("ann")["files"] == ann_files


def _polled(browser: TeamClient, jobs: dict, search: str) -> str:
    """Poll an upload as the page does until the worker has done its files; the last answer."""
    def answer() -> str | None:
        text = page_text(browser.callback("upload-progress", {
            "upload-poll.n_intervals": 1, "upload-jobs.data": jobs},
            {"_pages_location.search": search}))
        return text if "files done:" in text else None
    return wait_for(answer, "the worker to import the upload")


def test_export_download_is_the_session_athletes_own(team):
    ann = client(team, "ann")
    with ann.client.get("/download/export.zip?athlete=ben") as response:
        assert response.status_code == 200
        data = response.data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = archive.read("activities.csv").decode()
    assert manifest["athlete"] == "ann"
    assert "Ann secret tempo" in names
    assert "Ben secret hills" not in names


def test_coach_reads_and_comments_on_exactly_their_athletes(team):
    store, _ = team
    before = ben_state(store)
    ann_before = store.counts("ann"), store.entries("ann")
    cora = client(team, "cora")
    layout = cora.client.get("/_dash-layout").get_data(as_text=True)
    assert '"options":["ann"]' in layout.replace(" ", "")
    assert "Ann secret tempo" in page_text(cora.page("/activities", "?athlete=ben"))
    assert cora.callback("_pages_location.search", {"athlete-select.value": "ben"}
                         ).status_code == 403
    assert cora.callback("_pages_location.search", {"athlete-select.value": "ann"}
                         ).status_code == 200
    # Reading is all: no diary entries, uploads, edits, settings or exports.
    assert cora.callback("diary-result", {"diary-save.n_clicks": 1}, {
        "diary-date.value": "2026-09-01", "diary-location.value": "groin",
        "diary-pain.value": 2}).status_code == 403
    assert cora.callback("settings-saved", {"settings-units.value": "mi"}).status_code == 403
    assert cora.client.get("/download/export.zip").status_code == 403
    diary_page = page_text(cora.page("/diary"))
    assert "Add comment" in diary_page
    assert "Save entry" not in diary_page
    entry = store.entries("ann")[0]["id"]
    done = cora.callback("diary-comment-result", {"diary-comment-save.n_clicks": 1}, {
        "diary-comment-entry.value": entry, "diary-comment-text.value": "Rest two days"})
    assert "Comment saved" in page_text(done)
    assert store.comments("ann")[entry][-1] == {**store.comments("ann")[entry][-1],
                                                "author": "cora", "text": "Rest two days"}
    assert (store.counts("ann"), store.entries("ann")) == ann_before
    assert ben_state(store) == before


def _acknowledge(browser: TeamClient, key: str, search: str = ""):
    """What dash-renderer sends when the Overview's acknowledge button of ``key`` is clicked."""
    button = {"flag": key, "type": "overview-ack"}
    body = {"output": "..overview-red-flags.children...overview-ack-result.children..",
            "outputs": [{"id": "overview-red-flags", "property": "children"},
                        {"id": "overview-ack-result", "property": "children"}],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [{"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True)
                               + ".n_clicks"]}
    return browser.client.post("/_dash-update-component", data=json.dumps(body),
                               content_type="application/json",
                               headers={"X-CSRFToken": browser.csrf()})


def test_a_red_flag_is_acknowledged_by_the_session_user_on_the_session_athlete(team):
    store, _ = team
    today = date.today().isoformat()  # open today: the Overview shows it
    red = {**ENTRY, "date": today, "location": "heel", "signs": ["cannot_bear_weight"]}
    ids = {athlete: store.add_entry(athlete, red) for athlete in ("ann", "ben")}
    before = store.acknowledgements("ben")
    ann = client(team, "ann")
    # ben's flag, named by its key and ?athlete=ben: ann has no such flag.
    refused = _acknowledge(ann, f"{today}|red_flag_cannot_bear_weight|{ids['ben']}",
                           "?athlete=ben")
    assert "Not acknowledged: no red flag" in page_text(refused)
    assert store.acknowledgements("ben") == before
    cora = client(team, "cora")  # a coach reads; acknowledging is the athlete's
    assert _acknowledge(cora, f"{today}|red_flag_cannot_bear_weight|{ids['ann']}"
                        ).status_code == 403
    done = _acknowledge(ann, f"{today}|red_flag_cannot_bear_weight|{ids['ann']}")
    assert "Acknowledged by ann on" in page_text(done)
    assert [(a["author"], a["entry_id"]) for a in store.acknowledgements("ann")] == [
        ("ann", ids["ann"])]
    assert store.acknowledgements("ben") == before
    for athlete in ("ann", "ben"):
        store.delete_entry(athlete, ids[athlete])


def test_coach_loses_an_athlete_as_soon_as_unassigned(team):
    store, _ = team
    cora = client(team, "cora")
    assert "Ann secret tempo" in page_text(cora.page("/activities"))
    accounts.assign(store, "cora", "ann", remove=True)
    try:
        text = page_text(cora.page("/activities"))
        assert "Ann secret tempo" not in text
        assert "No athlete is assigned" in text
    finally:
        accounts.assign(store, "cora", "ann")


def test_admin_may_switch_to_any_athlete(team):
    root = client(team, "root")
    assert root.callback("_pages_location.search", {"athlete-select.value": "ben"}
                         ).status_code == 200
    assert "Ben secret hills" in page_text(root.page("/activities"))


def test_tampered_session_cookie_is_not_a_login(team):
    ann = client(team, "ann")
    cookie = ann.client.get_cookie("session")
    ann.client.set_cookie("session", cookie.value[:-4] + "AAAA")
    assert ann.page("/activities").status_code == 401


def log_out(browser: TeamClient):
    """What the header's Log out button sends: a POST with the page's CSRF token."""
    return browser.client.post("/logout", data={"csrf_token": browser.csrf()})


def test_logout_ends_the_session(team):
    ann = client(team, "ann")
    assert ann.page("/activities").status_code == 200
    # Another site's link or image (a GET), or a POST without the token, changes nothing.
    assert ann.client.get("/logout").status_code == 405
    assert ann.client.post("/logout").status_code == 400
    assert ann.page("/activities").status_code == 200
    assert log_out(ann).status_code == 302
    assert ann.page("/activities").status_code == 401


def test_cookies_are_secure_httponly_and_same_site(team):
    secure = create_server(team[0].url, secure_cookies=True)
    browser = TeamClient(secure.test_client())
    response = browser.login("ann", PASSWORDS["ann"])
    close_server(secure)
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert "Secure" in cookies["session"]
    assert "HttpOnly" in cookies["session"]
    assert "SameSite=Lax" in cookies["session"]
    assert "Secure" in cookies["_csrf_token"]
    assert "SameSite=Strict" in cookies["_csrf_token"]


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/",
                                    "https://evil.example/", "/activities\n//evil"])
def test_login_never_redirects_to_another_site(team, target):
    browser = TeamClient(team[1].test_client())
    page = browser.client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = browser.client.post("/login", data={
        "name": "ann", "password": PASSWORDS["ann"], "csrf_token": token, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_returns_to_the_page_asked_for(team):
    browser = TeamClient(team[1].test_client())
    asked = browser.client.get("/load?week=2026-08-24")
    assert asked.headers["Location"] == "/login?next=%2Fload%3Fweek%3D2026-08-24"
    page = browser.client.get(asked.headers["Location"]).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = browser.client.post("/login", data={
        "name": "ann", "password": PASSWORDS["ann"], "csrf_token": token,
        "next": "/load?week=2026-08-24"})
    assert response.headers["Location"] == "/load?week=2026-08-24"


def test_an_uploaded_export_keeps_only_the_uploaders_own_signatures(team, tmp_path):
    """A tampered export cannot plant an admin's comment or red-flag sign-off.

    The upload is imported by the job worker, which runs as whoever holds the
    database: the import must still act as the athlete who uploaded it.
    """
    store = team[0]
    accounts.add_user(store, "dora", "dora-password-1", "athlete")
    entry = store.entries("ann")[0]["id"]
    store.acknowledge_flag("ann", rule="red_flag_night_pain", day=date(2026, 8, 30),
                           entry=entry, author="ann")
    store.add_comment("ann", entry, "ann", "a comment to forge from")
    exported = tmp_path / "ann.zip"
    export_athlete(store, athlete="ann", path=exported)
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(forged, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "diary.json":
                diary = json.loads(data)
                (row,) = [r for r in diary if r["comments"]]
                template = row["comments"][0]
                row["comments"] = [{**template, "author": "root", "text": "cleared to race"},
                                   {**template, "author": "dora", "text": "my own note"}]
                data = json.dumps(diary).encode()
            if item.filename == "acknowledgements.json":
                (ack,) = json.loads(data)
                data = json.dumps([{**ack, "author": "root", "note": "seen by the club doctor"},
                                   {**ack, "author": "dora"}]).encode()
            out.writestr(item, data)
    dora = TeamClient(team[1].test_client())
    assert dora.login("dora", "dora-password-1").status_code == 302
    dora.dependencies()
    upload = _upload(dora, [("ann.zip", forged.read_bytes())])
    assert upload.status_code == 200, upload.get_data(as_text=True)
    job = upload.get_json()["job"]
    done = _polled(dora, {"upload": job, "jobs": [job], "retries": {}}, "")
    assert "restored for dora" in done, done
    assert "1 diary comments by other people dropped" in done
    assert "1 red-flag acknowledgements by other people dropped" in done
    comments = [c for items in store.comments("dora").values() for c in items]
    assert [(c["author"], c["text"]) for c in comments] == [("dora", "my own note")]
    assert [a["author"] for a in store.acknowledgements("dora")] == ["dora"]
    (restore,) = audit.entries(store, kind="restore", user="dora")
    assert restore["actor"] == "dora"
