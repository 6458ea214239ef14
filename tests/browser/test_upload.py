"""Upload in Chromium: files and export zips imported as the command line does, with a table."""

from __future__ import annotations

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot
from tests.conftest import CORPUS, SAMPLE_RUNS

pytestmark = pytest.mark.browser

GARMIN_MILES = ("Activity Type,Date,Title,Distance,Calories,Time,Avg HR\n"
                "Running,2026-05-02 08:00:00,Easy,5.00,400,00:45:00,140\n")


def test_upload_imports_files_and_shows_the_result_table(page, own, tmp_path):
    from tests.fitbuild import START, run_file

    _, url = own
    new_run = tmp_path / "new-run.fit"
    # A new run, dated before the sample data (a start after tomorrow is refused).
    new_run.write_bytes(run_file(900, start=START + 300 * 86400))
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b"not a fit file at all")
    files = [new_run, broken, sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[0]]
    corpus_gpx = CORPUS / "gpx" / "runpandas__run.gpx"
    if corpus_gpx.is_file():
        files.append(corpus_gpx)
    open_page(page, url + "/upload")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(f) for f in files])
    page.wait_for_selector(f"#{ids.UPLOAD_RESULT} table")
    table = page.inner_text(f"#{ids.UPLOAD_RESULT}")
    assert "new-run.fit\timported" in table
    assert "broken.fit\tfailed" in table
    assert "not a FIT file" in table
    assert f"{files[2].name}\tduplicate" in table  # already in the store
    if corpus_gpx.is_file():
        assert "runpandas__run.gpx\timported" in table
    screenshot(page, "upload")
    assert page.console_log == []


@pytest.mark.parametrize("width", [1366, 390])
def test_upload_asks_for_the_unit_a_garmin_list_cannot_tell(page, own, tmp_path, width):
    store, url = own
    page.set_viewport_size({"width": width, "height": 900})
    garmin = tmp_path / "Activities.csv"
    garmin.write_text(GARMIN_MILES)
    open_page(page, url + "/upload")
    page.check(f"#{ids.UPLOAD_UNITS} input[value='mi']")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(garmin)])
    page.wait_for_selector(f"#{ids.UPLOAD_RESULT} table")
    table = page.inner_text(f"#{ids.UPLOAD_RESULT}")
    assert "Activities.csv\timported" in table
    assert "loadwatch-upload" not in table  # the runner's own file names, not temporary ones
    miles = [a for a in store.activities("me") if a.name == "Easy"]
    assert len(miles) == 1
    assert miles[0].distance_m == pytest.approx(5 * 1609.344)
    screenshot(page, f"upload-units-{width}")
    assert page.console_log == []
