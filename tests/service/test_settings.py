"""Changing settings (every check, clearing, the data version) and estimating them from runs."""

from __future__ import annotations

import re

import numpy as np
import pytest

from loadwatch.errors import SettingsRefused
from loadwatch.service.estimates import estimate_settings
from loadwatch.service.imports import import_paths
from loadwatch.service.settings import change_settings, heart_rate_gap
from loadwatch.settings import effective
from tests import fitbuild, trackbuild
from tests.conftest import ROOT

DAY = 86_400


def test_a_change_is_stored_normalised_and_raises_the_data_version(store):
    change_settings(store, athlete="me", changes={"units": "km"})
    before = store.data_version("me")
    stored = change_settings(store, athlete="me", changes={"threshold_pace": " 4:30/KM ",
                                                           "max_hr": "190"})
    assert stored == {"units": "km", "threshold_pace": "4:30/km", "max_hr": "190"}
    assert store.data_version("me") > before


def test_a_cleared_setting_goes_and_its_default_applies(store):
    change_settings(store, athlete="me", changes={"units": "mi", "max_hr": "190"})
    before = store.data_version("me")
    stored = change_settings(store, athlete="me", changes={}, clear=["units", "max_hr", "sex"])
    assert stored == {}
    assert store.data_version("me") > before
    assert effective(stored).units == "km"


def test_one_bad_value_stores_none_and_says_why_for_each_key(store):
    change_settings(store, athlete="me", changes={"max_hr": "190"})
    with pytest.raises(SettingsRefused) as refused:
        change_settings(store, athlete="me", changes={"max_hr": "300", "units": "miles",
                                                      "resting_hr": "50"}, clear=["sex"])
    assert refused.value.problems == {"max_hr": "a whole number from 100 to 240",
                                      "units": "choose one of km, mi"}
    # The command line's message: each problem in full.
    assert str(refused.value) == ("bad value '300' for max_hr: a whole number from 100 to 240; "
                                  "bad value 'miles' for units: choose one of km, mi")
    assert store.settings("me") == {"max_hr": "190"}


def test_heart_rates_out_of_order_are_refused_on_the_key_changed(store):
    change_settings(store, athlete="me", changes={"max_hr": "190", "resting_hr": "50"})
    with pytest.raises(SettingsRefused) as refused:
        change_settings(store, athlete="me", changes={"threshold_hr": "195"})
    assert refused.value.problems == {"threshold_hr": "threshold_hr (195) must be below "
                                                      "max_hr (190)"}
    # Clearing the maximum in the same change lets the threshold stand.
    change_settings(store, athlete="me", changes={"threshold_hr": "195"}, clear=["max_hr"])
    assert store.settings("me") == {"resting_hr": "50", "threshold_hr": "195"}


def test_clearing_an_unknown_setting_is_refused(store):
    with pytest.raises(SettingsRefused) as refused:
        change_settings(store, athlete="me", changes={}, clear=["colour"])
    assert list(refused.value.problems) == ["colour"]
    assert str(refused.value).startswith("unknown setting 'colour'; valid settings: sex, ")


def test_what_is_lost_without_heart_rates():
    assert heart_rate_gap(effective({"max_hr": "190", "resting_hr": "50",
                                     "threshold_hr": "170"})) is None
    nothing = heart_rate_gap(effective({}))
    assert nothing.missing == ("max_hr", "resting_hr", "threshold_hr")
    assert nothing.lost == ("the heart-rate zone charts are empty",
                            "each run's load is estimated from its duration (or the RPE you "
                            "gave) instead of from your heart rate (TRIMP, hrTSS)")
    some = heart_rate_gap(effective({"max_hr": "190", "threshold_pace": "4:30/km"}))
    assert some.missing == ("resting_hr", "threshold_hr")
    assert some.lost == ("each run's load is estimated from pace against your threshold pace "
                         "(rTSS) instead of from your heart rate (TRIMP, hrTSS)",)


def write_runs(folder, runs: dict[str, bytes]) -> list:
    paths = []
    for name, data in runs.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def steps(*parts: tuple[int, float]) -> np.ndarray:
    """Second by second: ``(count, value)`` runs one after the other."""
    return np.concatenate([np.full(count, float(value)) for count, value in parts])


@pytest.fixture
def runs(tmp_path):
    """Three FIT runs at one sample a second; the peak and the effort are known."""
    start = fitbuild.START + 400 * DAY
    t = np.arange(2401.0)
    effort = fitbuild.run_file(
        2401, start=start, heart_rate=steps((600, 130), (1200, 160), (601, 170)),
        distance=np.where(t <= 600, 3 * t, 1800 + 4 * (t - 600)))
    peak = fitbuild.run_file(1212, start=start - DAY,
                             heart_rate=steps((600, 150), (12, 188), (600, 150)))
    old = fitbuild.run_file(1212, start=fitbuild.START,  # 400 days before: left out
                            heart_rate=steps((600, 150), (12, 200), (600, 150)))
    return write_runs(tmp_path, {"effort.fit": effort, "peak.fit": peak, "old.fit": old})


def test_estimates_from_runs(store, runs):
    import_paths(store, athlete="me", paths=runs, workers=1)
    change_settings(store, athlete="me", changes={"timezone": "Europe/Amsterdam"})
    found = {e.key: e for e in estimate_settings(store, athlete="me")}
    # The old run's 200 bpm is 400 days before the latest run.
    assert found["max_hr"].value == "188"
    assert "188 bpm, in your run “Running” of 2025-12-12" in found["max_hr"].how
    # Hard: 85% of 188 = 159.8 bpm. Fastest half hour: from minute 10, 7200 m in
    # 1800 s = 4 m/s = 4:10/km; its last 20 minutes (600 s at 160, 600 at 170): 165.
    assert found["threshold_pace"].value == "4:10/km"
    assert found["threshold_hr"].value == "165"
    assert "at least 85% of the highest heart rate seen, 188 bpm: 160 bpm" in (
        found["threshold_pace"].how)
    assert "minutes 10-40 of your run “Running” of 2025-12-13" in found["threshold_hr"].how
    change_settings(store, athlete="me", changes={"units": "mi"})
    assert estimate_settings(store, athlete="me")[1].value == "6:42/mi"  # 1609.344 m / 4 m/s


def test_no_threshold_without_a_hard_half_hour(store, runs):
    import_paths(store, athlete="me", paths=runs, workers=1)
    change_settings(store, athlete="me", changes={"max_hr": "200"})  # hard: 170 bpm
    found = {e.key: e for e in estimate_settings(store, athlete="me")}
    assert found["max_hr"].value == "188"
    assert found["threshold_pace"].value is found["threshold_hr"].value is None
    assert found["threshold_hr"].how.startswith(
        "No hard 30 minutes in the runs of the 12 months up to your latest run (30 minutes "
        "averaging at least 85% of your maximum heart rate, 200 bpm: 170 bpm)")


def test_no_estimates_without_runs_or_heart_rate(store, tmp_path):
    assert {e.value for e in estimate_settings(store, athlete="me")} == {None}
    gpx = re.sub(r"<gpxtpx:hr>\d+</gpxtpx:hr>", "",
                 trackbuild.gpx_text(trackbuild.synthetic_run(2400)))
    (tmp_path / "no-hr.gpx").write_text(gpx)
    import_paths(store, athlete="me", paths=[tmp_path / "no-hr.gpx"], workers=1)
    found = estimate_settings(store, athlete="me")
    assert [e.value for e in found] == [None, None, None]
    assert found[0].how.startswith("Needs heart rate: none of the runs of the 12 months")


def test_the_sample_runners_estimates(tmp_path):
    from loadwatch.store import Store

    with Store(f"sqlite:///{tmp_path / 'sample.db'}") as store:
        import_paths(store, athlete="me", paths=[ROOT / "sample_data" / "runs"], workers=1)
        found = {e.key: e.value for e in estimate_settings(store, athlete="me")}
    # Intervals' 400 m repeats reach 178 bpm; the tempo runs hold 4:32/km at about 168.
    assert found == {"max_hr": "178", "threshold_pace": "4:32/km", "threshold_hr": "168"}


def test_an_activity_lists_averages_give_no_estimate_and_say_why(store, tmp_path):
    """A CSV list has each run's average heart rate, not the record the estimates read."""
    listing = tmp_path / "activities.csv"
    listing.write_text("Activity Type,Date,Title,Distance (km),Time,Avg HR,Max HR\n"
                       "Running,2026-03-02 07:00:00,Easy,8.0,00:40:00,150,172\n")
    import_paths(store, athlete="me", paths=[listing], workers=1)
    assert store.activities("me")[0].avg_hr == 150
    found = estimate_settings(store, athlete="me")
    assert [e.value for e in found] == [None, None, None]
    assert "second by second" in found[0].how
    assert "only each run's average or maximum" in found[0].how
