"""In a real browser: deleting an activity (with a confirm step) and the upload's units choice."""

from __future__ import annotations

import socket
import threading

import pytest
from werkzeug.serving import make_server

from dashboards import ids
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.store import Store
from tests.browser.conftest import screenshot
from tests.conftest import SAMPLE_RUNS

pytestmark = pytest.mark.browser

GARMIN_MILES = ("Activity Type,Date,Title,Distance,Calories,Time,Avg HR\n"
                "Running,2026-05-02 08:00:00,Easy,5.00,400,00:45:00,140\n")


@pytest.fixture
def own(tmp_path):
    """A dashboard of its own (this test changes data) on a free port of 127.0.0.1."""
    store = Store(f"sqlite:///{tmp_path / 'own.db'}")
    import_paths(store, "me", sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:3], workers=1)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, create_app(store, "me").server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield store, f"http://127.0.0.1:{port}"
    server.shutdown()
    store.close()


def test_an_activity_is_deleted_only_after_the_runner_confirms(page, own):
    store, url = own
    first, *rest = sorted(a.id for a in store.activities("me"))
    page.goto(f"{url}/activities/{first}", wait_until="networkidle")
    page.wait_for_selector(f"#{ids.ACTIVITY_DELETE}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click(f"#{ids.ACTIVITY_DELETE}")
    page.wait_for_timeout(300)
    assert sorted(a.id for a in store.activities("me")) == [first, *rest]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#{ids.ACTIVITY_DELETE}")
    page.wait_for_selector(f"#{ids.ACTIVITY_DELETED} >> text=Deleted.")
    assert sorted(a.id for a in store.activities("me")) == rest
    screenshot(page, "activity-deleted")
    assert page.console_log == []


@pytest.mark.parametrize("width", [1366, 390])
def test_upload_asks_for_the_unit_a_garmin_list_cannot_tell(page, own, tmp_path, width):
    store, url = own
    page.set_viewport_size({"width": width, "height": 900})
    garmin = tmp_path / "Activities.csv"
    garmin.write_text(GARMIN_MILES)
    files = [garmin]
    page.goto(f"{url}/upload", wait_until="networkidle")
    page.check(f"#{ids.UPLOAD_UNITS} input[value='mi']")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(f) for f in files])
    page.wait_for_selector(f"#{ids.UPLOAD_RESULT} table")
    table = page.inner_text(f"#{ids.UPLOAD_RESULT}")
    assert "Activities.csv\timported" in table
    assert "loadwatch-upload" not in table  # the runner's own file names, not temporary ones
    miles = [a for a in store.activities("me") if a.name == "Easy"]
    assert len(miles) == 1
    assert miles[0].distance_m == pytest.approx(5 * 1609.344)
    screenshot(page, f"upload-units-{width}")
    assert page.console_log == []
