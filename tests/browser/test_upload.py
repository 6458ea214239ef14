"""Upload in Chromium: file k of n as they land, the runner's own file names, units asked beside
the file that needs them, at a laptop's width and a phone's."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile

import pytest

from dashboards import ids
from tests.browser.conftest import open_page, screenshot
from tests.conftest import CORPUS, SAMPLE_RUNS

pytestmark = pytest.mark.browser

# Garmin Connect's Activities.csv: "Distance" in the display unit, which 5.00 cannot tell.
GARMIN_UNTOLD = ("Activity Type,Date,Title,Distance,Calories,Time,Avg HR\n"
                 "Running,2026-05-02 08:00:00,Easy,5.00,400,00:45:00,140\n")
REAL_GARMIN = CORPUS / "csv" / "running_stats__Activities.csv"
SHOTS = "/tmp/upload16-shots"


def _files(tmp_path, garmin) -> list:
    """A new run, a broken file, a run already stored, a zip holding a run, and ``garmin``."""
    from tests.fitbuild import START, run_file

    new_run = tmp_path / "new-run.fit"
    # A new run, dated before the sample data (a start after tomorrow is refused).
    new_run.write_bytes(run_file(900, start=START + 300 * 86400))
    broken = tmp_path / "broken.fit"
    broken.write_bytes(b"not a fit file at all")
    export = tmp_path / "export.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("activities/123.fit", run_file(1200, start=START + 290 * 86400))
    export.write_bytes(buffer.getvalue())
    stored = sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[0]
    return [new_run, broken, stored, export, garmin]


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "document.documentElement.clientWidth")


def _upload_and_answer(page, url, files, width, name):
    """Drop ``files``, wait for n of n, choose km for Activities.csv; the results' text."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, url + "/upload")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(f) for f in files])
    n = len(files) + 0  # one result a file: the zip holds one run
    progress = page.locator(f"#{ids.UPLOAD_PROGRESS}")
    progress.filter(has_text=f"{n} of {n} files done:").wait_for(timeout=120_000)
    line = progress.inner_text()
    assert "1 waits for its distance unit" in line
    garmin = page.locator(".upload-result").filter(has=page.locator(
        ".upload-name", has_text=re.compile(r"^Activities\.csv$")))
    assert "cannot tell whether this list's distances are kilometres or miles" in (
        garmin.inner_text())
    assert "--units" not in garmin.inner_text()  # the command line's hint, not the page's
    _no_sideways_scroll(page)
    screenshot(page, f"{name}-asked-{width}")
    shutil.copy(screenshot(page, f"{name}-asked-{width}"), f"{SHOTS}/{name}-asked-{width}.png")
    garmin.get_by_role("button", name="kilometres").click()
    # Imported, or merged into the same runs of a list uploaded with it.
    garmin.filter(has=page.locator(".upload-status", has_text=re.compile(
        "imported|duplicate"))).wait_for(timeout=120_000)
    progress.filter(has_text="files done").filter(has_not_text="waits").wait_for()
    _no_sideways_scroll(page)
    shutil.copy(screenshot(page, f"{name}-answered-{width}"),
                f"{SHOTS}/{name}-answered-{width}.png")
    return page.inner_text(f"#{ids.UPLOAD_RESULT}"), progress.inner_text()


@pytest.fixture(autouse=True)
def _shots(tmp_path, monkeypatch):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    monkeypatch.setenv("LOADWATCH_JOBS_DIR", str(tmp_path / "jobs"))


@pytest.mark.parametrize("width", [1366, 390])
def test_upload_shows_each_file_as_it_lands_and_asks_the_unit_beside_the_csv(
        page, own, tmp_path, width):
    store, url = own
    garmin = tmp_path / "Activities.csv"
    garmin.write_text(GARMIN_UNTOLD)
    text, line = _upload_and_answer(page, url, _files(tmp_path, garmin), width, "upload")
    assert line.startswith("5 of 5 files done: 3 imported, 1 already there, 1 failed")
    for shown in ("new-run.fit", "broken.fit", "export.zip!activities/123.fit",
                  "Activities.csv", sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[0].name):
        assert shown in text
    assert "not a FIT file" in text  # the bad file's reason, beside its own name
    for temporary in ("loadwatch-jobs", "/tmp", "0001", "0004"):
        assert temporary not in text
    easy = [a for a in store.activities("me") if a.name == "Easy"]
    assert [a.distance_m for a in easy] == [pytest.approx(5000.0)]  # km, as chosen
    assert page.console_log == []


@pytest.mark.parametrize("width", [1366, 390])
def test_a_real_garmin_list_imports_and_a_trimmed_one_once_its_unit_is_chosen(
        page, own, tmp_path, width):
    if not REAL_GARMIN.is_file():
        pytest.skip(f"{REAL_GARMIN} is absent (../shared ships beside the project only in "
                    "CI and on developer machines)")
    _, url = own
    # The real list's cadence and stride tell km; without them its first 40 rows cannot.
    with REAL_GARMIN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:40]
    trimmed = tmp_path / "Activities.csv"
    with trimmed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["Activity Type", "Date", "Title", "Distance",
                                         "Calories", "Time", "Avg HR", "Max HR"],
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    files = [*_files(tmp_path, REAL_GARMIN)[:2], REAL_GARMIN, trimmed]
    text, line = _upload_and_answer(page, url, files, width, "upload-real")
    assert "running_stats__Activities.csv" in text
    assert "760 activities (nos. 5 to 764); distances read in km" in text
    assert line.startswith("4 of 4 files done: 2 imported, 1 already there, 1 failed")
    assert "40 runs were already stored from another file: merged with them" in text
    assert page.console_log == []


def test_the_page_shows_what_is_sent_and_refuses_over_200_mb_before_sending(page, own, tmp_path):
    _, url = own
    open_page(page, url + "/upload")
    page.wait_for_selector(f"#{ids.UPLOAD} input[type=file]", state="attached")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/upload/files" in r.url else None)
    # Every text the "Sending" line shows, however briefly.
    page.evaluate(f"""() => {{
        window.sendingSeen = [];
        const line = document.getElementById("{ids.UPLOAD_SENDING}");
        new MutationObserver(() => window.sendingSeen.push(line.textContent))
            .observe(line, {{childList: true, subtree: true, characterData: true}});
    }}""")
    huge = tmp_path / "huge-export.zip"
    with huge.open("wb") as handle:  # sparse: 201 MB on paper, nothing on the disk
        handle.truncate(201 * 2**20)
    progress = page.locator(f"#{ids.UPLOAD_PROGRESS}")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(huge)])
    progress.filter(has_text="Not imported: the upload is over 200 MB; send fewer files "
                             "at a time.").wait_for()
    assert sent == []  # refused in the browser: nothing was sent
    big = tmp_path / "big-track.gpx"
    big.write_bytes(b"<gpx>" + b" " * (6 * 2**20) + b"</gpx>")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(big)])
    progress.filter(has_text="1 of 1 files done:").wait_for(timeout=120_000)
    assert "big-track.gpx" in page.inner_text(f"#{ids.UPLOAD_RESULT}")
    assert len(sent) == 1
    seen = page.evaluate("window.sendingSeen")
    assert any(re.fullmatch(r"Sending: \d\.\d MB of 6\.0 MB", s) for s in seen), seen
    assert page.inner_text(f"#{ids.UPLOAD_SENDING}") == ""  # gone once sent
    assert page.console_log == []
