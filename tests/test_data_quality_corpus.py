"""The data-quality checks on real recordings and real histories (../shared/corpus).

Real rides and a real car journey logged as runs are marked; no real run is:
not the corpus's recordings, not the 1,244 runs of three real multi-year
activity lists (a fast 5 km race among them), not a beginner's walk-run
sessions. Skipped with the reason when ../shared is absent.
"""

from __future__ import annotations

import pytest

from loadwatch.errors import LoadwatchError
from loadwatch.import_worker import prepare_parsed
from loadwatch.importers import content_hash, read_file, unpack
from loadwatch.service.activities import edit_activity
from loadwatch.service.imports import import_paths
from loadwatch.service.quality import quality_marks_of
from loadwatch.store import Store
from tests.conftest import corpus_dir

RIDES = ("fitparse__garmin-edge-500-activity.fit",
         "fitparse__Edge810-Vector-2013-08-16-15-35-10.fit", "sweatpy__4801048867.fit",
         "tormoder-fit__0134902991.fit")
HISTORIES = (("StravaData__activities.csv", None), ("Strava_Analysis__activities.csv", None),
             ("running_stats__Activities.csv", "km"))


def _activities(path):
    data = unpack(path.read_bytes(), path.name)
    parsed = read_file(data, path.name, content_hash(data), {"units": None, "timezone": "UTC"})
    prepare_parsed(parsed)
    return parsed.activities


@pytest.mark.parametrize("name", RIDES)
def test_a_real_bike_ride_is_marked_from_its_samples(name):
    (item,) = _activities(corpus_dir("fit") / name)
    assert item.activity.sport == "cycling"
    assert "vehicle_speed" in [r["check"] for r in item.profile["sample_checks"]]


def test_a_real_car_journey_logged_as_a_run_is_marked_and_held_out(tmp_path):
    path = corpus_dir("gpx") / "gpxpy__around-visnjan-with-car.gpx"
    with Store(f"sqlite:///{tmp_path / 'car.db'}") as store:
        import_paths(store, athlete="me", paths=[path], workers=1)
        (activity,) = store.activities("me")
        edit_activity(store, athlete="me", activity_id=activity.id, sport="running")
        (mark,) = quality_marks_of(store, athlete="me")
        assert mark.held_out
        assert [r["check"] for r in mark.reasons] == ["vehicle_speed", "average_speed"]
        assert mark.why[0].startswith("2 min faster than 25 km/h (1.7 km at 52.4 km/h")


def test_no_real_run_recording_of_the_corpus_is_marked():
    runs = 0
    for kind in ("fit", "gpx", "tcx"):
        for path in sorted(corpus_dir(kind).iterdir()):
            try:
                items = _activities(path)
            except LoadwatchError:  # not an activity, or damaged: other tests' business
                continue
            for item in items:
                if item.activity.sport == "running":
                    runs += 1
                    assert not item.profile["sample_checks"], path.name
    assert runs >= 25


def test_a_beginners_walk_run_sessions_are_not_a_watch_left_on(tmp_path):
    export = corpus_dir("strava_export") / "StravaData__export_2018"
    with Store(f"sqlite:///{tmp_path / 'export.db'}") as store:
        import_paths(store, athlete="me", paths=[export], workers=1)
        assert sum(a.sport == "running" for a in store.activities("me")) >= 40
        assert quality_marks_of(store, athlete="me") == []


@pytest.mark.slow
@pytest.mark.parametrize(("name", "units"), HISTORIES)
def test_the_real_histories_mark_no_run(tmp_path, name, units):
    path = corpus_dir("csv") / name
    with Store(f"sqlite:///{tmp_path / 'history.db'}") as store:
        import_paths(store, athlete="me", paths=[path], workers=1, units=units)
        assert sum(a.sport == "running" for a in store.activities("me")) >= 45
        assert quality_marks_of(store, athlete="me") == []
        if name.startswith("Strava_Analysis"):
            (race,) = [a for a in store.activities("me") if a.name == "St Patrick 5k"]
            assert race.distance_m / race.timer_s * 3.6 > 12.5  # a fast 5 km, not marked
