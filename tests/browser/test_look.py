"""The look a runner sees, in Chromium at a laptop's width and a phone's.

The navigation bar folds into a menu on a phone; the light/dark switch works, is
kept over a reload and follows the system until used; charts follow the theme;
no page scrolls sideways at 390 px.
"""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser

LAPTOP, PHONE = 1366, 390
PAGES = ["/", "/flags", "/load", "/intensity", "/activities", "/activities/1", "/diary",
         "/settings", "/upload", "/guidance", "/guidance/stress_fracture", "/summary"]


@pytest.fixture
def tab(chromium, request):
    """A page of ``request.param`` = (width, system colour scheme), recording its console."""
    width, scheme = getattr(request, "param", (LAPTOP, "light"))
    browser_context = chromium.new_context(viewport={"width": width, "height": 800},
                                           color_scheme=scheme)
    page = browser_context.new_page()
    page.console_log = []
    page.on("console", lambda m: page.console_log.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: page.console_log.append(f"pageerror: {error}"))
    yield page
    browser_context.close()


def _theme(page) -> str:
    return page.evaluate("document.documentElement.getAttribute('data-bs-theme')")


def _brightness(colour: str) -> float:
    """0 (black) to 1 (white), from a computed ``rgb(r, g, b)``."""
    red, green, blue = (int(part) for part in colour[colour.index("(") + 1:-1].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def _sideways(page) -> list[int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _too_wide(page) -> list[str]:
    """What reaches past the window's right edge (for the failure's message)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5).slice(0, 5)
        .map(e => `${e.tagName}#${e.id}.${e.className} ${e.getBoundingClientRect().right}`)""")


@pytest.mark.parametrize("tab", [(PHONE, "light")], indirect=True)
def test_on_a_phone_the_links_fold_into_a_menu_that_opens_and_closes(tab, demo_url):
    open_page(tab, demo_url + "/load")
    toggler, load_link = tab.locator(f"#{ids.NAV_TOGGLER}"), tab.locator(f"#{ids.nav('load')}")
    assert toggler.is_visible()
    assert not load_link.is_visible()  # folded away
    assert tab.locator(f"#{ids.THEME_TOGGLE}").is_visible()  # the switch stays in view
    toggler.click()
    load_link.wait_for(state="visible")
    assert "active" in load_link.get_attribute("class")  # the page shown is marked
    screenshot(tab, "look-phone-menu-open")
    tab.click(f"#{ids.nav('diary')}")
    tab.wait_for_url("**/diary?athlete=me")
    tab.wait_for_selector(f"#{ids.DIARY_SAVE}")
    load_link.wait_for(state="hidden")  # going to a page closes the menu
    assert "active" in tab.locator(f"#{ids.nav('diary')}").get_attribute("class")
    assert "active" not in load_link.get_attribute("class")
    assert tab.console_log == []


def test_on_a_laptop_every_link_is_in_the_bar_and_the_page_shown_is_marked(tab, demo_url):
    open_page(tab, demo_url + "/activities/1")
    tab.wait_for_selector(f"#{ids.nav('activities')}.active")  # an activity is under Activities
    assert not tab.locator(f"#{ids.NAV_TOGGLER}").is_visible()
    links = tab.locator(f"#{ids.NAVBAR} .nav-link")
    assert links.count() == 10
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert tab.locator(f"#{ids.NAVBAR} .nav-link.active").all_inner_texts() == ["Activities"]
    # The bar is one row: no link wraps under the others.
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1
    assert tab.console_log == []


@pytest.mark.parametrize("tab", [(LAPTOP, "light")], indirect=True)
def test_the_theme_switch_turns_dark_and_is_kept_over_a_reload(tab, demo_url):
    open_page(tab, demo_url + "/")
    assert _theme(tab) == "light"  # the system's choice, until the runner chooses
    light_body = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    tab.click(f"#{ids.THEME_TOGGLE}")
    assert _theme(tab) == "dark"
    dark_body = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _brightness(light_body) > 0.9 > 0.2 > _brightness(dark_body)
    tab.reload(wait_until="domcontentloaded")
    # Set in <head>, before Dash draws anything: no white flash on a dark page.
    assert _theme(tab) == "dark"
    tab.wait_for_selector(f"#{ids.NAVBAR}")
    # It offers the way back.
    assert tab.get_attribute(f"#{ids.THEME_TOGGLE}", "aria-label") == "Switch to the light theme"
    screenshot(tab, "look-dark-overview")
    tab.click(f"#{ids.THEME_TOGGLE}")
    tab.reload(wait_until="domcontentloaded")
    assert _theme(tab) == "light"
    assert tab.console_log == []


@pytest.mark.parametrize("tab", [(PHONE, "dark")], indirect=True)
def test_a_dark_system_gets_the_dark_theme_until_the_runner_chooses(tab, demo_url):
    open_page(tab, demo_url + "/diary")
    assert _theme(tab) == "dark"
    tab.click(f"#{ids.THEME_TOGGLE}")
    assert _theme(tab) == "light"
    open_page(tab, demo_url + "/summary")
    assert _theme(tab) == "light"  # the runner's choice beats the system's
    assert tab.console_log == []


@pytest.mark.parametrize("tab", [(LAPTOP, "dark")], indirect=True)
def test_charts_follow_the_dark_theme(tab, demo_url):
    open_page(tab, demo_url + "/load")
    chart = f"#{ids.LOAD_WEEKLY}"
    tab.wait_for_selector(f"{chart} .main-svg")
    looks = tab.evaluate(f"""() => {{
        const svg = document.querySelector('{chart} .main-svg');
        const backgrounds = [...document.querySelectorAll('{chart} .bg')];
        const tick = svg.querySelector('.ytick text');
        return [getComputedStyle(svg).backgroundColor,
                backgrounds.map(b => getComputedStyle(b).fill),
                getComputedStyle(tick).fill, getComputedStyle(document.body).backgroundColor];
    }}""")
    paper, plots, tick, body = looks
    # Whatever colour the figure was built with, the page's own shows through it.
    assert paper == "rgba(0, 0, 0, 0)"
    assert plots
    assert set(plots) == {"rgba(0, 0, 0, 0)"}
    assert _brightness(body) < 0.2
    assert _brightness(tick) > 0.7  # light numbers on the dark page
    screenshot(tab, "look-dark-load")
    tab.click(f"#{ids.THEME_TOGGLE}")
    tick = tab.evaluate(f"getComputedStyle(document.querySelector('{chart} .ytick text')).fill")
    assert _brightness(tick) < 0.3  # dark numbers on the light page
    assert tab.console_log == []


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("tab", [(PHONE, "light"), (LAPTOP, "dark")], indirect=True,
                         ids=["phone", "laptop-dark"])
def test_no_page_scrolls_sideways(tab, demo_url, path):
    open_page(tab, demo_url + path)
    tab.wait_for_timeout(500)  # let late callbacks and charts finish
    assert tab.inner_text("#_pages_content").strip()
    width, inner = _sideways(tab)
    assert width <= inner, f"{path} is {width} px wide at {inner} px: {_too_wide(tab)}"
    assert tab.console_log == []
