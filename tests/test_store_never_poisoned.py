"""Nothing an importer can produce poisons the store: every read answers afterwards.

A property test over every field of an activity (NaN, infinities, huge and
negative numbers, dates from year 1 to 9999, heart rates of 4294967295): the
activity goes through the same preparation as an import, is saved, and then
every read a runner makes (the CLI's listings, risk, summary, each dashboard
page) must answer.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboards import context
from dashboards.app import create_app
from loadwatch.import_worker import prepare_parsed
from loadwatch.models import Activity, ImportedActivity, ParsedFile
from loadwatch.service.reports import diary_view, risk_report, training
from loadwatch.service.summaries import weekly_summary
from loadwatch.store import Store
from tests.team_client import TeamClient

NASTY_FLOATS = st.one_of(
    st.none(),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -1e308, -1.0, 0.0,
                     4294967295.0, 1e-300]),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
STARTS = st.one_of(
    st.sampled_from([datetime(1, 1, 1, tzinfo=UTC), datetime(1000, 1, 1, tzinfo=UTC),
                     datetime(9999, 12, 31, tzinfo=UTC), datetime(1969, 12, 31, tzinfo=UTC),
                     datetime(2026, 2, 28, tzinfo=UTC)]),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                 timezones=st.just(UTC)))
TEXTS = st.one_of(st.none(), st.text(max_size=80), st.just("a\x00b"), st.just("x" * 1000))


@st.composite
def activities(draw) -> ImportedActivity:
    floats = {name: draw(NASTY_FLOATS) for name in (
        "distance_m", "timer_s", "elapsed_s", "elevation_gain_m", "avg_hr", "max_hr",
        "avg_cadence", "rpe")}
    activity = Activity(
        start_time=draw(STARTS), sport=draw(st.sampled_from(["running", "cycling", "x" * 90])),
        sub_sport=draw(st.sampled_from([None, "trail", "treadmill", "generic"])),
        name=draw(TEXTS), device=draw(TEXTS),
        utc_offset_s=draw(st.one_of(st.none(), st.integers(-10**9, 10**9))),
        source_format="fit", source_name="x.fit", content_hash="h" * 64, **floats)
    count = draw(st.integers(0, 30))
    samples = {}
    if count:
        samples = {"time": np.arange(count, dtype=float) * draw(st.sampled_from([1.0, 60.0]))}
        for column in ("heart_rate", "speed", "distance", "altitude", "cadence", "lat", "lon"):
            values = draw(st.lists(NASTY_FLOATS, min_size=count, max_size=count))
            samples[column] = np.array([np.nan if v is None else v for v in values])
    return ImportedActivity(activity, samples)


def _every_read(store: Store) -> None:
    """What a runner can look at: listings, risk, summaries and each dashboard page."""
    store.activities("me")
    view = training(store, athlete="me")
    diary_view(store, athlete="me", view=view)
    risk_report(store, athlete="me")
    for week in ("this", "last"):
        summary = weekly_summary(store, athlete="me", week=week)
        json.dumps(summary, default=str)
    app = create_app(store, "me")
    browser = TeamClient(app.server.test_client())
    paths = ["/", "/load", "/intensity", "/activities", "/diary", "/summary", "/settings",
             *(f"/activities/{a.id}" for a in store.activities("me"))]
    for path in paths:
        response = browser.page(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[-2000:])
    context.of(app.server).data.ready()

@pytest.mark.slow
def test_any_activity_an_importer_can_produce_leaves_every_read_working(tmp_path):
    counter = iter(range(10**6))

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(activities(), min_size=1, max_size=3))
    def check(items: list[ImportedActivity]) -> None:
        with Store(f"sqlite:///{tmp_path / f's{next(counter)}.db'}") as store:
            for number, item in enumerate(items):
                parsed = ParsedFile("fit", f"{number}" * 64, [item])
                prepare_parsed(parsed)
                if parsed.activities:  # else left out whole, with the reason in warnings
                    store.save_file("me", parsed, source_name=f"{number}.fit", size_bytes=1)
                else:
                    assert parsed.warnings
            _every_read(store)

    check()
