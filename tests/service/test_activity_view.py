"""An activity's page numbers, and corrections refused field by field with nothing saved."""

from __future__ import annotations

import pytest

from loadwatch.errors import EditRefused, UsageError
from loadwatch.service.activities import edit_activity
from loadwatch.service.activity_view import activity_detail
from loadwatch.service.imports import import_paths
from loadwatch.service.listings import activity_listing
from tests.conftest import SAMPLE_RUNS

RUNS = sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:2]


@pytest.fixture
def two_runs(store):
    import_paths(store, athlete="me", paths=RUNS, workers=1)
    return store, sorted(a.id for a in store.activities("me"))


def test_the_splits_add_up_to_the_run_and_its_moving_time(two_runs):
    store, (first, _) = two_runs
    detail = activity_detail(store, athlete="me", activity_id=first)
    splits = detail.splits
    assert len(splits) >= 2
    assert (splits["distance_m"].iloc[:-1] == 1000).all()
    assert splits["distance_m"].sum() == pytest.approx(detail.samples["distance"][-1], abs=10)
    assert splits["time_s"].sum() == pytest.approx(detail.moving_s, abs=1)
    assert detail.moving_s <= detail.activity.elapsed_s


def test_miles_when_the_runner_reads_miles(two_runs):
    store, (first, _) = two_runs
    store.set_settings("me", {"units": "mi"})
    splits = activity_detail(store, athlete="me", activity_id=first).splits
    assert splits["distance_m"].iloc[0] == pytest.approx(1609.344)


def test_zones_on_the_page_are_the_engines_zones(two_runs):
    store, (first, _) = two_runs
    store.set_settings("me", {"max_hr": "190", "resting_hr": "50", "threshold_hr": "170"})
    detail = activity_detail(store, athlete="me", activity_id=first)
    row = next(r for r in activity_listing(store, athlete="me").rows if r["id"] == first)
    assert detail.zone_source == "threshold_hr"
    assert detail.zones["seconds"].tolist() == pytest.approx(row["time_in_hr_zones_s"])


def test_pace_zones_without_heart_rate_settings_and_none_without_either(two_runs):
    store, (first, _) = two_runs
    assert activity_detail(store, athlete="me", activity_id=first).zones is None
    store.set_settings("me", {"threshold_pace": "4:30/km"})
    detail = activity_detail(store, athlete="me", activity_id=first)
    row = next(r for r in activity_listing(store, athlete="me").rows if r["id"] == first)
    assert detail.zone_source == "threshold_pace"
    assert detail.zones["seconds"].tolist() == pytest.approx(row["time_in_pace_zones_s"])


@pytest.mark.parametrize(("given", "field", "reason"), [
    ({"rpe": "14"}, "rpe", "a number from 1 to 10"),
    ({"rpe": "0"}, "rpe", "a number from 1 to 10"),
    ({"rpe": "hard"}, "rpe", "not hard"),
    ({"name": "x" * 101}, "name", "at most 100 characters; this one has 101"),
    ({"surface": "lava"}, "surface", "one of road, trail"),
])
def test_a_refused_field_says_why_and_nothing_is_saved(two_runs, given, field, reason):
    store, (first, _) = two_runs
    before = store.activity("me", first)
    valid = {"rpe": "7", "name": "Hill reps"}  # a valid other field is not saved either
    with pytest.raises(EditRefused) as refused:
        edit_activity(store, athlete="me", activity_id=first, **{**valid, **given})
    assert list(refused.value.problems) == [field]
    assert reason in refused.value.problems[field]
    assert isinstance(refused.value, UsageError)  # the command line says it as ever
    assert store.activity("me", first) == before


def test_every_refused_field_is_named_at_once(two_runs):
    store, (first, _) = two_runs
    with pytest.raises(EditRefused) as refused:
        edit_activity(store, athlete="me", activity_id=first, rpe="11", name="y" * 200)
    assert set(refused.value.problems) == {"rpe", "name"}


def test_a_valid_rpe_is_saved(two_runs):
    store, (first, _) = two_runs
    assert edit_activity(store, athlete="me", activity_id=first, rpe="6.5").rpe == 6.5


def test_a_stored_rpe_of_zero_sent_back_unchanged_does_not_block_a_rename(store, tmp_path):
    # A training log may hold RPE 0 (the importer takes 0 to 10); the page's form sends the
    # stored RPE back with every save, and 1-10 refused it: a rename could never be saved.
    log = tmp_path / "log.csv"
    log.write_text("date,distance_km,duration,rpe\n2026-05-01,8.2,0:45:00,0\n")
    import_paths(store, athlete="me", paths=[log], workers=1)
    (run,) = store.activities("me")
    assert run.rpe == 0
    saved = edit_activity(store, athlete="me", activity_id=run.id, rpe="0", name="Easy 8")
    assert (saved.name, saved.rpe) == ("Easy 8", 0)
    with pytest.raises(EditRefused):  # typed anew, 0 is still refused
        edit_activity(store, athlete="me", activity_id=run.id, rpe="0.5")


@pytest.mark.parametrize(("hrtss", "rtss", "rpe", "expected"), [
    (float("nan"), float("nan"), 7.0, (100.0, "srpe")),  # 1 h at RPE 7 = 100 points (Foster)
    (float("nan"), float("nan"), 3.5, (50.0, "srpe")),
    (float("nan"), float("nan"), None, (56.25, "duration")),  # an easy hour: 56.25 points
    (80.0, float("nan"), 7.0, (80.0, "hrtss")),  # heart rate comes first: the RPE changes nothing
    (float("nan"), 64.0, 9.0, (64.0, "rtss")),
])
def test_the_load_card_follows_a_new_rpe_without_the_history(hrtss, rtss, rpe, expected):
    import pandas as pd

    from loadwatch.service.activity_view import load_after_rpe

    row = pd.Series({"timer_s": 3600.0, "hrtss": hrtss, "rtss": rtss})
    load, method = load_after_rpe(row, rpe)
    assert (round(load, 2), method) == expected


def test_the_quick_load_is_the_one_the_history_then_computes(store, tmp_path):
    # What the page shows at once must be what every page shows once the history is redone.
    from loadwatch.service.activity_view import load_after_rpe
    from loadwatch.service.reports import athlete_report

    log = tmp_path / "log.csv"
    log.write_text("date,distance_km,duration\n2026-05-01,8.2,0:45:00\n")
    import_paths(store, athlete="me", paths=[log], workers=1)
    (run,) = store.activities("me")
    before = athlete_report(store, athlete="me").training.activities.iloc[0]
    edit_activity(store, athlete="me", activity_id=run.id, rpe="6")
    after = athlete_report(store, athlete="me").training.activities.iloc[0]
    assert load_after_rpe(before, 6.0) == (pytest.approx(after["load"]), after["load_method"])
    assert after["load_method"] == "srpe"


def test_moving_time_never_passes_the_elapsed_time(two_runs, monkeypatch):
    """Samples a second or two past the watch's elapsed time: moving 0:52:47, elapsed 0:52:45."""
    store, (first, _) = two_runs
    from loadwatch.service import activity_view

    elapsed = activity_detail(store, athlete="me", activity_id=first).activity.elapsed_s
    monkeypatch.setattr(activity_view, "moving_seconds", lambda time, distance: elapsed + 2)
    detail = activity_detail(store, athlete="me", activity_id=first)
    assert detail.moving_s == detail.activity.elapsed_s
