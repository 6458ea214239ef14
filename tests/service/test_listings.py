"""Listings as rows: plain values the command line and the dashboard can both show."""

from __future__ import annotations

import json
from datetime import date

from loadwatch.service.imports import import_paths
from loadwatch.service.listings import (
    activity_listing,
    day_listing,
    diary_listing,
    local_start,
    settings_listing,
    week_listing,
)
from loadwatch.service.reports import training
from tests.conftest import SAMPLE_RUNS

RUNS = sorted(SAMPLE_RUNS.glob("2026-07-*.fit"))[:5]


def test_activity_rows_are_plain_newest_first_with_sources_and_metrics(store):
    import_paths(store, athlete="me", paths=RUNS, workers=1)
    listing = activity_listing(store, athlete="me")
    rows = listing.rows
    json.dumps(rows, allow_nan=False)  # no NaN, no numpy: strict JSON as they are
    assert [r["start_time"] for r in rows] == sorted((r["start_time"] for r in rows),
                                                     reverse=True)
    assert rows[-1]["sources"] == [RUNS[0].name]
    assert rows[-1]["load"] > 0
    assert rows[-1]["spike_band"] is None  # no run before it to compare with
    assert listing.settings.units == "km"


def test_day_and_week_rows_are_dated_first(store):
    import_paths(store, athlete="me", paths=RUNS, workers=1)
    days = day_listing(store, athlete="me", start=date(2026, 7, 8), end=date(2026, 7, 10)).rows
    assert [d["date"] for d in days] == ["2026-07-08", "2026-07-09", "2026-07-10"]
    assert next(iter(days[0])) == "date"
    weeks = week_listing(store, athlete="me").rows
    assert next(iter(weeks[0])) == "week_start"
    json.dumps(weeks, allow_nan=False)


def test_an_unknown_athlete_lists_nothing(store):
    assert activity_listing(store, athlete="nobody").rows == []
    assert day_listing(store, athlete="nobody", start=date(2026, 1, 1)).rows == []
    assert week_listing(store, athlete="nobody").rows == []
    assert diary_listing(store, athlete="nobody").rows == []


def test_settings_rows_say_which_are_defaults(store):
    store.set_settings("me", {"max_hr": "190"})
    values, listing = settings_listing(store, athlete="me")
    assert values["max_hr"] == 190
    assert "threshold_speed_ms" in values
    rows = {r["setting"]: r for r in listing.rows}
    assert rows["max_hr"]["stored"] is True
    assert (rows["units"]["value"], rows["units"]["stored"]) == ("km", False)


def test_a_start_is_on_the_runners_clock_the_watchs_offset_first():
    recorded = {"start_time": "2024-11-08T09:00:00+01:00", "utc_offset_s": 3600}
    unknown = {"start_time": "2024-06-01T06:00:00+00:00", "utc_offset_s": None}
    assert f"{local_start(recorded, 'America/New_York'):%Y-%m-%d %H:%M}" == "2024-11-08 09:00"
    assert f"{local_start(unknown, 'America/New_York'):%Y-%m-%d %H:%M}" == "2024-06-01 02:00"


def test_activity_rows_from_a_computed_view_are_the_same_rows(store):
    import_paths(store, athlete="me", paths=RUNS, workers=1)
    computed = activity_listing(store, athlete="me", view=training(store, athlete="me")).rows
    assert computed == activity_listing(store, athlete="me").rows
