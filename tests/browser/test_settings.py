"""Settings in Chromium: every setting saved or refused beside its field, estimates applied
with one click, the heart-rate banner, charts that follow, and a phone's width."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboards import ids
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import click_nav, open_page, screenshot, serving
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/settings16-shots")
BANNER = f"#{ids.HR_BANNER} .hr-banner"
# The chart of time in heart-rate zones: its bars' total (plotly's decoded data).
ZONE_SECONDS = ("() => document.querySelector('#" + ids.INTENSITY_TIME + " .js-plotly-plot')"
                "._fullData.reduce((sum, trace) => sum + Array.from(trace.y || [])"
                ".reduce((a, b) => a + (b || 0), 0), 0)")


def shot(page, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory) -> Path:
    """The sample data imported once, no settings: copied for each test."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with Store(f"sqlite:///{path}") as store:
        import_paths(store, athlete="me", paths=[ROOT / "sample_data"], workers=1)
    return path


@pytest.fixture
def sample(sample_template, tmp_path):
    """The dashboard over the sample data without any setting (a store of its own)."""
    path = tmp_path / "sample.db"
    shutil.copy(sample_template, path)
    store = Store(f"sqlite:///{path}")
    with serving(create_app(store, "me").server) as url:
        yield store, url
    store.close()


def type_in(page, key: str, value: str) -> None:
    """Type a value in a setting's field and press Enter, as a runner would."""
    field = f"#{ids.setting(key)}"
    page.fill(field, value)
    page.press(field, "Enter")


def beside(page, key: str, text: str):
    """Wait until the field's message says ``text``; the message's element."""
    return page.wait_for_selector(f"#{ids.setting_message(key)} >> text={text}")


@pytest.mark.parametrize("width", [1366, 390])
def test_heart_rates_saved_refused_estimated_and_the_banner_goes(chromium, sample, width):
    store, url = sample
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

    # Without heart rates: the banner on every page, empty zone charts.
    open_page(page, url + "/intensity")
    page.wait_for_selector(f"#{ids.INTENSITY_TIME} .main-svg")
    assert "heart-rate zone charts are empty" in page.text_content(BANNER)
    assert page.evaluate(ZONE_SECONDS) == 0
    shot(page, f"settings-banner-intensity-{width}")
    page.click(f"#{ids.HR_BANNER}-link")
    page.wait_for_selector(f"#{ids.setting('max_hr')}")
    assert page.url.startswith(url + "/settings")
    page.wait_for_selector(f"#{ids.setting_estimate('max_hr')} >> text=From your runs: 178 bpm")
    shot(page, f"settings-before-{width}")

    # A bad value is refused, its reason beside the field; nothing is stored.
    type_in(page, "max_hr", "300")
    beside(page, "max_hr", "Not saved: a whole number from 100 to 240.")
    assert "max_hr" not in store.settings("me")
    shot(page, f"settings-refused-{width}")
    type_in(page, "max_hr", "190")
    beside(page, "max_hr", "Saved: 190.")
    assert store.settings("me")["max_hr"] == "190"
    page.wait_for_selector(f"{BANNER} >> text=Not set: resting heart rate and threshold heart "
                           "rate.")

    type_in(page, "resting_hr", "48")
    beside(page, "resting_hr", "Saved: 48.")
    # The heart rates must rise, checked as on the command line.
    type_in(page, "threshold_hr", "195")
    beside(page, "threshold_hr",
           "Not saved: threshold heart rate (195) must be below maximum heart rate (190).")
    assert "threshold_hr" not in store.settings("me")

    # One click applies an estimate: it goes in the field and is saved as if typed.
    # (Hard efforts are judged against the maximum just set.)
    page.wait_for_selector(f"#{ids.setting_estimate('threshold_pace')} >> "
                           "text=your maximum heart rate, 190 bpm")
    use = page.wait_for_selector(f"#{ids.setting_estimate('threshold_hr')} button")
    assert use.text_content() == "Use 168 bpm"
    use.click()
    beside(page, "threshold_hr", "Saved: 168.")
    assert page.input_value(f"#{ids.setting('threshold_hr')}") == "168"
    assert store.settings("me") == {"max_hr": "190", "resting_hr": "48", "threshold_hr": "168"}
    page.wait_for_selector(BANNER, state="detached")
    page.wait_for_selector(f"#{ids.setting_estimate('threshold_hr')} >> text=In use")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"settings-saved-{width}")

    # The charts follow at once: time in heart-rate zones.
    click_nav(page, "dashboards.pages.intensity")
    page.wait_for_selector(f"#{ids.INTENSITY_TIME} .main-svg")
    assert page.evaluate(ZONE_SECONDS) > 0
    assert page.query_selector(BANNER) is None
    shot(page, f"settings-intensity-after-{width}")

    # Clearing a value removes the setting; the banner says what is missing again.
    open_page(page, url + "/settings")
    type_in(page, "resting_hr", "")
    beside(page, "resting_hr", "Removed: the default applies.")
    assert "resting_hr" not in store.settings("me")
    page.wait_for_selector(f"{BANNER} >> text=Not set: resting heart rate.")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert console == []


def test_unit_switch_reaches_the_charts(page, demo_url):
    open_page(page, demo_url + "/settings")
    page.check(f"#{ids.SETTINGS_UNITS} input[value='mi']")
    page.wait_for_selector("text=Saved: distances in miles")
    screenshot(page, "settings")
    open_page(page, demo_url + "/load")
    page.wait_for_selector(f"#{ids.LOAD_WEEKLY} .main-svg")
    assert "distance (mi)" in page.locator(f"#{ids.LOAD_WEEKLY} .ytitle").first.text_content()
    assert page.query_selector(BANNER) is None  # the demo has its heart rates
    open_page(page, demo_url + "/settings")
    page.check(f"#{ids.SETTINGS_UNITS} input[value='km']")
    page.wait_for_selector("text=Saved: distances in kilometres")
    assert page.console_log == []
