"""The team server in Chromium: log in, see one's own athletes only, log out."""

from __future__ import annotations

import pytest

from dashboards import context, ids
from dashboards.server import create_server
from loadwatch.service import accounts, job_queue
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import screenshot, serving
from tests.conftest import SAMPLE_RUNS, _empty_postgres, _postgres_url
from tests.queue_workers import clean_queue, start_worker, stop_worker

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@pytest.fixture(scope="module")
def team_url():
    url = _postgres_url()
    _empty_postgres(url)
    store = Store(url)
    runs = sorted(SAMPLE_RUNS.glob("*.fit"))
    import_paths(store, athlete="ann", paths=runs[:8], workers=1)
    import_paths(store, athlete="ben", paths=runs[8:12], workers=1)
    store.update_activity("ben", store.activities("ben")[0].id, {"name": "Ben secret hills"})
    store.athlete_id("cleo")
    store.add_entry("ann", {"date": "2026-07-20", "side": "right", "location": "groin",
                            "pain": 4, "onset": "gradual", "character": [],
                            "when": ["during_run"], "signs": [], "trigger": None,
                            "weeks": None, "notes": None})
    accounts.add_user(store, "cora", "cora-password-1", "coach")
    accounts.assign(store, "cora", "ann")
    accounts.assign(store, "cora", "cleo")
    accounts.add_user(store, "ann", "ann-password-1", "athlete")
    job_queue.prepare_queue(store)
    server_app = create_server(url, secure_cookies=False)
    with serving(server_app) as served:
        yield served
    context.of(server_app).store.close()
    store.close()


def _log_in(page, base: str, name: str, password: str) -> None:
    page.goto(base + "/activities")
    page.wait_for_url("**/login?next=%2Factivities")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("#login-submit")


def test_coach_logs_in_sees_assigned_athletes_and_logs_out(page, team_url):
    _log_in(page, team_url, "cora", "cora-password-1")
    page.wait_for_url("**/activities")
    page.wait_for_selector(f"#{ids.ACTIVITIES_TABLE}")
    page.click(f"#{ids.ATHLETE}")
    options = page.get_by_role("option").all_inner_texts()
    assert sorted(options) == ["ann", "cleo"]
    page.get_by_role("option", name="cleo", exact=True).click()
    page.click("#nav-overview")
    page.wait_for_selector("text=No runs yet")
    assert "Ben secret hills" not in page.content()
    # The bar holds the links, the selector and the account without widening the page.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.locator(f"#{ids.LOGOUT}").is_visible()
    screenshot(page, "team-coach")
    page.click(f"#{ids.LOGOUT}")
    page.wait_for_url("**/login")
    page.goto(team_url + "/activities")
    page.wait_for_url("**/login?next=%2Factivities")
    assert page.console_log == []


def test_wrong_password_stays_on_the_login_page(page, team_url):
    _log_in(page, team_url, "cora", "not-the-password")
    page.wait_for_selector("#login-error")
    assert "Wrong user name or password" in page.inner_text("#login-error")
    # The look comes from Bootstrap and the dashboard's stylesheet, which need no login:
    # a narrow card, and Bootstrap's button in loadwatch's blue.
    assert page.eval_on_selector("body", "b => getComputedStyle(b).maxWidth") == "384px"
    assert page.eval_on_selector("#login-submit", "b => getComputedStyle(b).backgroundColor") \
        == "rgb(0, 114, 178)"
    # The page itself answers 401, which Chromium logs; nothing else may appear.
    unauthorised = "error: Failed to load resource: the server responded with a status of 401"
    assert [line for line in page.console_log if not line.startswith(unauthorised)] == []


def test_coach_comments_on_an_entry_but_cannot_add_one(page, team_url):
    _log_in(page, team_url, "cora", "cora-password-1")
    page.wait_for_url("**/activities")
    page.click(f"#{ids.nav('diary')}")
    page.wait_for_selector(f"#{ids.DIARY_COMMENT_SAVE}")
    assert page.locator(f"#{ids.DIARY_SAVE}").count() == 0
    assert "only its athlete adds entries" in page.inner_text("#_pages_content")
    page.fill(f"#{ids.DIARY_COMMENT_TEXT}", "Two easy days, then tell me")
    page.click(f"#{ids.DIARY_COMMENT_SAVE}")
    page.wait_for_selector(f"#{ids.DIARY_COMMENT_RESULT} >> text=Comment saved.")
    assert "cora: Two easy days, then tell me" in page.inner_text(f"#{ids.DIARY_LIST}")
    screenshot(page, "team-coach-diary")
    assert page.console_log == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_login_fits_and_the_menu_holds_the_account(chromium, team_url, scheme):
    """390 px: the login page fits; once in, the menu shows who is logged in and logs out."""
    browser_context = chromium.new_context(viewport={"width": 390, "height": 800},
                                           color_scheme=scheme)
    tab = browser_context.new_page()
    log: list[str] = []
    tab.on("console", lambda m: log.append(f"{m.type}: {m.text}"))
    try:
        tab.goto(team_url + "/login")
        assert tab.evaluate("document.documentElement.getAttribute('data-bs-theme')") == scheme
        assert tab.evaluate("document.documentElement.scrollWidth <= innerWidth")
        screenshot(tab, f"team-login-390-{scheme}")
        _log_in(tab, team_url, "cora", "cora-password-1")
        tab.wait_for_url("**/activities")
        logout = tab.locator(f"#{ids.LOGOUT}")
        assert not logout.is_visible()  # folded into the menu
        tab.click(f"#{ids.NAV_TOGGLER}")
        logout.wait_for(state="visible")
        assert "cora" in tab.inner_text(f"#{ids.NAV_COLLAPSE}")
        assert tab.locator(f"#{ids.ATHLETE}").is_visible()  # a coach of two athletes
        assert tab.evaluate("document.documentElement.scrollWidth <= innerWidth")
        screenshot(tab, f"team-menu-390-{scheme}")
        logout.click()
        tab.wait_for_url("**/login")
        assert log == []
    finally:
        browser_context.close()


def test_athlete_uploads_through_the_page_and_a_worker_imports_it(page, team_url, tmp_path):
    url = _postgres_url()
    with Store(url) as store:
        ann_runs = len(store.activities("ann"))
    clean_queue(url)
    worker = start_worker(url, tmp_path / "worker.log")
    try:
        _log_in(page, team_url, "ann", "ann-password-1")
        page.wait_for_url("**/activities")
        page.goto(team_url + "/upload?athlete=ben")  # the page's script sends the CSRF header
        page.wait_for_selector(f"#{ids.UPLOAD} input[type=file]", state="attached")
        run = sorted(SAMPLE_RUNS.glob("*.fit"))[12]
        page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(run)])
        progress = page.locator(f"#{ids.UPLOAD_PROGRESS}")
        progress.filter(has_text="1 of 1 files done: 1 imported").wait_for(timeout=300_000)
        assert run.name in page.inner_text(f"#{ids.UPLOAD_RESULT}")
    finally:
        stop_worker(worker)
    with Store(url) as store:  # ann's, whatever the address said
        assert len(store.activities("ann")) == ann_runs + 1
        assert "Ben secret hills" in {a.name for a in store.activities("ben")}
        assert len(store.activities("ben")) == 4
    assert page.console_log == []
