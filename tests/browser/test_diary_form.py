"""The Diary's form in Chromium: no pain chosen for the runner, no entry saved twice,
an entry changed and deleted, and a phone's width with no sideways scrolling."""

from __future__ import annotations

import pytest

from dashboards import context, ids
from dashboards.server import create_server
from loadwatch.service import accounts
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import athlete_today
from loadwatch.store import Store
from loadwatch.vocabulary import URGENCY_TEXT
from tests.browser.conftest import click_nav, open_page, screenshot, serving
from tests.browser.test_team_login import _log_in
from tests.conftest import SAMPLE_RUNS, _empty_postgres, _postgres_url

pytestmark = pytest.mark.browser

DAY = "2026-07-10"
PHONE = 390


def _pain(page, value: int) -> None:
    page.click(f"#{ids.DIARY_PAIN} label:has(input[value='{value}'])")


def _where(page, label: str) -> None:
    page.click(f"#{ids.DIARY_LOCATION}")
    page.get_by_role("option", name=label, exact=True).click()


def _save(page, says: str) -> str:
    """Click Save and wait until the message beside it says ``says``; all it says."""
    page.click(f"#{ids.DIARY_SAVE}")
    page.wait_for_function("([id, says]) => document.getElementById(id).innerText.includes(says)",
                           arg=[ids.DIARY_SAVE_MESSAGE, says])
    return page.inner_text(f"#{ids.DIARY_SAVE_MESSAGE}")


def _edit(page) -> None:
    """Click the entry's Edit once the list is drawn for good, and wait for the form.

    A save redraws the list after the form clears; a click on a button that is
    being replaced is lost, as it would be for a runner.
    """
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Edit").click()
    page.wait_for_selector(f"#{ids.DIARY_SAVE} >> text=Save changes")


def _form_is_blank(page, today: str) -> None:
    page.wait_for_function(
        "([id, today]) => document.getElementById(id).value === today",
        arg=[ids.DIARY_DATE, today])
    assert page.locator(f"#{ids.DIARY_PAIN} input:checked").count() == 0
    assert page.locator(f"#{ids.DIARY_SIGNS} input:checked").count() == 0
    assert page.inner_text(f"#{ids.DIARY_LOCATION}").strip() in ("", "Select...")
    assert page.inner_text(f"#{ids.DIARY_SAVE}") == "Save entry"
    assert page.locator(f"#{ids.DIARY_CANCEL}").is_hidden()


def _fits_a_phone(page, name: str) -> None:
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.wait_for_timeout(300)  # the chart redraws for the narrower page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{name}: the page is {width} px wide at {PHONE} px"
    screenshot(page, f"diary-form-{name}-{PHONE}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_form_asks_for_pain_saves_once_edits_and_deletes(page, own):
    store, url = own
    today = athlete_today(store, athlete="me").isoformat()
    page.set_viewport_size({"width": 1366, "height": 900})
    open_page(page, url + "/diary")
    # The date starts at the athlete's today; the pain starts empty and is asked for.
    assert page.input_value(f"#{ids.DIARY_DATE}") == today
    assert page.locator(f"#{ids.DIARY_PAIN} input:checked").count() == 0
    page.fill(f"#{ids.DIARY_DATE}", DAY)
    _where(page, "Knee · front")
    page.check(f"#{ids.DIARY_SIGNS} input[value='tenderness']")
    page.check(f"#{ids.DIARY_WHEN} input[value='stairs_or_squatting']")
    assert _save(page, "Not saved") == "Not saved: see above."
    assert page.inner_text(f"#{ids.DIARY_PAIN_MESSAGE}") == "Choose how much it hurts, 0-10"
    assert store.entries("me") == []
    screenshot(page, "diary-form-no-pain-1366")

    # Saved: said beside the button, listed, and the form cleared for the next entry.
    _pain(page, 4)
    page.fill(f"#{ids.DIARY_NOTES}", "sore going down stairs")
    said = _save(page, "Saved:")
    (entry,) = store.entries("me")
    assert (entry["date"], entry["location"], entry["pain"]) == (DAY, "knee_front", 4)
    assert entry["notes"] == "sore going down stairs"
    # The next entry starts blank (the form is cleared by the callback the save chains).
    page.wait_for_function("([id]) => document.getElementById(id).value === ''",
                           arg=[ids.DIARY_NOTES])
    assert said.startswith(f"Saved: {DAY} knee front. ")
    assert said.endswith(tuple(URGENCY_TEXT.values()))
    assert page.inner_text(f"#{ids.DIARY_PAIN_MESSAGE}") == ""
    page.wait_for_selector(f"#{ids.DIARY_LIST} >> text={DAY}")
    _form_is_blank(page, today)
    screenshot(page, "diary-form-saved-1366")
    _fits_a_phone(page, "saved")

    # A second click saves nothing: the cleared form asks for the pain again.
    _save(page, "Not saved: see above.")
    assert page.inner_text(f"#{ids.DIARY_PAIN_MESSAGE}") == "Choose how much it hurts, 0-10"
    assert len(store.entries("me")) == 1
    # The same entry typed in again is named as the one already there.
    page.fill(f"#{ids.DIARY_DATE}", DAY)
    _where(page, "Knee · front")
    _pain(page, 4)
    page.check(f"#{ids.DIARY_WHEN} input[value='stairs_or_squatting']")
    page.check(f"#{ids.DIARY_SIGNS} input[value='tenderness']")
    page.fill(f"#{ids.DIARY_NOTES}", "Sore going  down stairs")  # case and spacing aside
    refused = _save(page, "Already in the diary")
    assert f"Already in the diary: entry {entry['id']} of {DAY}" in refused
    assert "nothing was added twice" in refused
    assert len(store.entries("me")) == 1
    _form_is_blank(page, today)  # what was wanted is stored: the form is done with

    # Edit: the entry fills the form; change where, clear a sign, save the changes.
    _edit(page)
    assert page.inner_text(f"#{ids.DIARY_FORM_TITLE}") == f"Change the entry of {DAY}"
    assert page.is_checked(f"#{ids.DIARY_SIGNS} input[value='tenderness']")
    assert page.is_checked(f"#{ids.DIARY_PAIN} input[value='4']")
    assert "Knee · front" in page.inner_text(f"#{ids.DIARY_LOCATION}")
    assert page.locator(f"#{ids.DIARY_CANCEL}").is_visible()
    _fits_a_phone(page, "editing")
    _where(page, "Foot · heel")
    page.uncheck(f"#{ids.DIARY_SIGNS} input[value='tenderness']")
    assert _save(page, "Saved:").startswith(f"Saved: {DAY} heel. ")
    (edited,) = store.entries("me")
    assert (edited["id"], edited["location"], edited["signs"], edited["when"], edited["pain"]
            ) == (entry["id"], "heel", [], ["stairs_or_squatting"], 4)
    _form_is_blank(page, today)

    # Cancel leaves an entry as it was and returns to a new entry.
    _edit(page)
    page.click(f"#{ids.DIARY_CANCEL}")
    _form_is_blank(page, today)
    assert store.entries("me") == [edited]

    # Delete, once the confirm dialog is accepted.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Delete").click()
    page.wait_for_selector(f"#{ids.DIARY_LIST_MESSAGE} >> text=Deleted: {DAY} heel.")
    assert dialogs == [f"Delete the entry of {DAY} (heel, 4/10)? Its comments go with it."]
    assert store.entries("me") == []
    page.wait_for_selector(f"#{ids.DIARY_LIST} >> text=No entries yet.")
    assert page.console_log == []


def test_a_double_click_on_save_stores_one_entry_and_says_saved(page, own):
    """The button is disabled while the entry is saved: the second click sends nothing."""
    store, url = own
    today = athlete_today(store, athlete="me").isoformat()
    open_page(page, url + "/diary")
    page.fill(f"#{ids.DIARY_DATE}", DAY)
    _where(page, "Knee · front")
    _pain(page, 2)
    page.dblclick(f"#{ids.DIARY_SAVE}")
    page.wait_for_function("([id]) => document.getElementById(id).innerText.includes('Saved:')",
                           arg=[ids.DIARY_SAVE_MESSAGE])
    page.wait_for_selector(f"#{ids.DIARY_LIST} >> text={DAY}")
    assert len(store.entries("me")) == 1
    assert "already" not in page.inner_text(f"#{ids.DIARY_SAVE_MESSAGE}")
    _form_is_blank(page, today)
    assert page.console_log == []


def test_a_refused_delete_keeps_the_entry(page, own):
    store, url = own
    store.add_entry("me", {"date": DAY, "location": "calf", "pain": 2})
    open_page(page, url + "/diary")
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete").click()
    page.wait_for_timeout(500)
    assert len(store.entries("me")) == 1
    assert page.inner_text(f"#{ids.DIARY_LIST_MESSAGE}") == ""
    assert page.console_log == []


@pytest.fixture
def team_athlete():
    """A team server (PostgreSQL) where ann, an athlete, logs in; (store, address)."""
    address = _postgres_url()
    _empty_postgres(address)
    store = Store(address)
    import_paths(store, athlete="ann", paths=sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:3],
                 workers=1)
    accounts.add_user(store, "ann", "ann-password-1", "athlete")
    server_app = create_server(address, secure_cookies=False)
    with serving(server_app) as served:
        yield store, served
    context.of(server_app).store.close()
    store.close()


@pytest.mark.postgres
def test_an_athlete_adds_comments_and_deletes_at_a_phones_width(page, team_athlete):
    store, url = team_athlete
    page.set_viewport_size({"width": PHONE, "height": 900})
    _log_in(page, url, "ann", "ann-password-1")
    page.wait_for_url("**/activities")
    click_nav(page, "dashboards.pages.diary")
    page.wait_for_selector(f"#{ids.DIARY_COMMENT_SAVE}")
    page.fill(f"#{ids.DIARY_DATE}", DAY)
    _where(page, "Lower leg · shin inner")
    _pain(page, 5)
    page.check(f"#{ids.DIARY_SIGNS} input[value='bone_tenderness']")
    assert _save(page, "Saved:").startswith(f"Saved: {DAY} shin inner. ")
    # The comment form is redrawn with the new entry to choose.
    page.wait_for_selector(f"#{ids.DIARY_COMMENT_ENTRY} >> text={DAY} · shin inner · 5/10")
    page.fill(f"#{ids.DIARY_COMMENT_TEXT}", "Booked a physio for Thursday")
    page.click(f"#{ids.DIARY_COMMENT_SAVE}")
    page.wait_for_selector(f"#{ids.DIARY_COMMENT_RESULT} >> text=Comment saved.")
    assert "ann: Booked a physio for Thursday" in page.inner_text(f"#{ids.DIARY_LIST}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"the page is {width} px wide at {PHONE} px"
    screenshot(page, f"diary-form-team-athlete-{PHONE}")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    page.wait_for_selector(f"#{ids.DIARY_LIST} >> text=No entries yet.")
    assert store.entries("ann") == []
    assert page.console_log == []
