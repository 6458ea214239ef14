"""The dashboard in a real browser: each page loads, shows the story, logs nothing."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _open(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#_pages_content", state="attached")


def test_overview_puts_the_red_flag_on_top_and_shows_the_week(page, demo_url):
    _open(page, demo_url + "/")
    page.wait_for_selector(f"#{ids.OVERVIEW_WEEK}")
    red = page.inner_text(f"#{ids.OVERVIEW_RED_FLAGS}")
    assert "URGENT · Bone-stress symptoms during a ramp" in red
    assert "runs" in page.inner_text(f"#{ids.OVERVIEW_WEEK}")
    assert "not a diagnosis" in page.inner_text("footer")
    screenshot(page, "overview")
    assert page.console_log == []


def test_load_page_charts_and_ratio_switch(page, demo_url):
    _open(page, demo_url + "/load")
    page.wait_for_selector(f"#{ids.LOAD_DAILY} .main-svg")
    titles = page.locator(".gtitle").all_text_contents()
    assert "Weekly running distance against the 10% rule" in titles
    assert any("acute:chronic" in t for t in titles)
    page.locator(f"#{ids.LOAD_METHOD} input[value='coupled']").check()
    page.wait_for_function(
        f"document.querySelector('#{ids.LOAD_DAILY}').textContent.includes('ACWR (coupled)')")
    screenshot(page, "load")
    assert page.console_log == []


def test_a_diary_entry_shows_its_urgency_and_guidance(page, demo_url):
    _open(page, demo_url + "/diary")
    page.fill(f"#{ids.DIARY_DATE}", "2026-10-20")
    page.click(f"#{ids.DIARY_LOCATION}")
    page.get_by_role("option", name="outer hip", exact=True).click()
    page.check(f"#{ids.DIARY_WHEN} input[value='hills_or_sprints']")
    page.check(f"#{ids.DIARY_SIGNS} input[value='tenderness']")
    page.click(f"#{ids.DIARY_SAVE}")
    page.wait_for_selector(".urgency-self_care")
    result = page.inner_text(f"#{ids.DIARY_RESULT}")
    assert "Greater trochanteric bursitis" in result
    assert "not a diagnosis" in result
    assert "2026-10-20" in page.inner_text(f"#{ids.DIARY_LIST}")
    screenshot(page, "diary")
    page.get_by_role("link", name="Greater trochanteric bursitis (outer hip)").first.click()
    page.wait_for_selector("text=When to see a clinician")
    assert "Sources:" in page.inner_text(f"#{ids.GUIDANCE_PAGE}")
    screenshot(page, "guidance")
    assert page.console_log == []


def test_unit_switch_reaches_the_charts(page, demo_url):
    _open(page, demo_url + "/settings")
    page.check(f"#{ids.SETTINGS_UNITS} input[value='mi']")
    page.wait_for_selector("text=Saved: distances in miles")
    screenshot(page, "settings")
    _open(page, demo_url + "/load")
    page.wait_for_selector(f"#{ids.LOAD_WEEKLY} .main-svg")
    assert "distance (mi)" in page.locator(f"#{ids.LOAD_WEEKLY} .ytitle").first.text_content()
    _open(page, demo_url + "/settings")
    page.check(f"#{ids.SETTINGS_UNITS} input[value='km']")
    page.wait_for_selector("text=Saved: distances in kilometres")
    assert page.console_log == []


@pytest.mark.parametrize("path", ["/", "/load", "/diary", "/guidance", "/upload",
                                  "/activities", "/intensity", "/activities/1", "/summary",
                                  "/guidance/stress_fracture", "/settings"])
def test_every_page_loads_with_an_empty_console(page, demo_url, path):
    _open(page, demo_url + path)
    page.wait_for_timeout(500)  # let late callbacks and charts finish
    assert page.inner_text("#_pages_content").strip()
    assert page.console_log == []


def test_upload_imports_files_and_shows_the_result_table(page, demo_url, tmp_path):
    from tests.conftest import CORPUS, SAMPLE_RUNS
    from tests.fitbuild import START, run_file

    new_run = tmp_path / "new-run.fit"
    # A new run, dated before the sample data (a start after tomorrow is refused).
    new_run.write_bytes(run_file(900, start=START + 300 * 86400))
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b"not a fit file at all")
    files = [new_run, broken, sorted(SAMPLE_RUNS.glob("*.fit"))[0]]
    corpus_gpx = CORPUS / "gpx" / "runpandas__run.gpx"
    if corpus_gpx.is_file():
        files.append(corpus_gpx)
    _open(page, demo_url + "/upload")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(f) for f in files])
    page.wait_for_selector(f"#{ids.UPLOAD_RESULT} table")
    table = page.inner_text(f"#{ids.UPLOAD_RESULT}")
    assert "new-run.fit\timported" in table
    assert "broken.fit\tfailed" in table
    assert "not a FIT file" in table
    assert f"{files[2].name}\tduplicate" in table  # already in the demo store
    if corpus_gpx.is_file():
        assert "runpandas__run.gpx\timported" in table
    screenshot(page, "upload")
    assert page.console_log == []


def test_activities_table_leads_to_an_activity_page_that_can_be_edited(page, demo_url):
    _open(page, demo_url + "/activities")
    page.wait_for_selector(f"#{ids.ACTIVITIES_TABLE} td")
    page.get_by_role("link", name="Trail running").first.click()
    page.wait_for_selector(f"#{ids.ACTIVITY_TRACE} .main-svg")
    page.wait_for_selector(f"#{ids.ACTIVITY_ROUTE} .main-svg")
    assert "surface trail (sub_sport)" in page.inner_text("#_pages_content")
    page.fill(f"#{ids.ACTIVITY_RPE}", "6")
    page.click(f"#{ids.ACTIVITY_SAVE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_SAVED} >> text=Saved.")
    screenshot(page, "activity")
    assert page.console_log == []


def test_intensity_and_terrain_page(page, demo_url):
    _open(page, demo_url + "/intensity")
    page.wait_for_selector(f"#{ids.INTENSITY_SURFACE} .main-svg")
    titles = page.locator(".gtitle").all_text_contents()
    assert "Surface mix per week" in titles
    assert "Time in easy, moderate and hard zones" in titles
    assert "Time in zones per week" in titles
    screenshot(page, "intensity")
    assert page.console_log == []


def test_athlete_selector_switches_whose_data_is_shown(page, demo_url):
    _open(page, demo_url + "/")
    assert page.locator(f"#{ids.ATHLETE}").is_visible()  # the store holds two athletes
    page.click(f"#{ids.ATHLETE}")
    page.get_by_role("option", name="coach-demo", exact=True).click()
    page.wait_for_url("**/?athlete=coach-demo")
    page.wait_for_selector("text=No runs yet")
    page.click("#nav-load")  # the choice travels with the links
    page.wait_for_url("**/load?athlete=coach-demo")
    screenshot(page, "athlete-selector")
    assert page.console_log == []


def test_summary_page_shows_any_week_like_the_command(page, demo_url):
    _open(page, demo_url + "/summary?week=2026-08-31")
    page.wait_for_selector(f"#{ids.SUMMARY_BODY} table")
    body = page.inner_text(f"#{ids.SUMMARY_BODY}")
    assert "Your week of 2026-08-31 to 2026-09-06" in body
    assert body.index("Red flag") < body.index("This week")
    assert "See a clinician before you run again" in body
    page.click(f"#{ids.SUMMARY_WEEK}")
    page.get_by_role("option", name="2026-08-24", exact=True).click()
    page.wait_for_selector("text=Your week of 2026-08-24 to 2026-08-30")
    assert "a large spike" in page.inner_text(f"#{ids.SUMMARY_BODY}")
    screenshot(page, "summary")
    assert page.console_log == []
