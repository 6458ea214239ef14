"""The Summary page says what `loadwatch summary` says, this week too (one use case, one home)."""

from __future__ import annotations

import json

from dashboards import context, ids
from dashboards.app import create_app
from loadwatch.service.imports import import_paths
from loadwatch.service.summaries import summary_week, weekly_summary
from loadwatch.settings import effective
from loadwatch.store import Store
from loadwatch.summary import lines
from tests.conftest import SAMPLE_RUNS
from tests.team_client import TeamClient


def _texts(value) -> list[str]:
    """Every string in a JSON value, depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def test_every_week_on_the_page_is_worded_as_the_command_words_it(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("*.fit"))[:20], workers=1)
        app = create_app(store, "me")
        browser = TeamClient(app.server.test_client())
        this_week = summary_week("this", effective(store.settings("me"))).isoformat()
        for week in ("2026-07-27", this_week):
            sentences = [sentence for _, sentence in lines(weekly_summary(store, athlete="me",
                                                                          week=week))]
            page = browser.page("/summary", f"?week={week}").get_data(as_text=True)
            assert [t for t in _texts(json.loads(page)) if t in sentences] == sentences
            switched = browser.callback(ids.SUMMARY_BODY, {f"{ids.SUMMARY_WEEK}.value": week})
            shown = _texts(json.loads(switched.get_data(as_text=True)))
            assert [t for t in shown if t in sentences] == sentences
        context.of(app.server).data.ready()


def test_a_week_no_calendar_holds_is_an_error_message_not_a_crash(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        import_paths(store, athlete="me", paths=sorted(SAMPLE_RUNS.glob("*.fit"))[:5], workers=1)
        app = create_app(store, "me")
        response = TeamClient(app.server.test_client()).callback(
            ids.SUMMARY_BODY, {f"{ids.SUMMARY_WEEK}.value": "3000-01-01"})
        assert response.status_code == 200
        assert "--week takes a date" in response.get_data(as_text=True)
        context.of(app.server).data.ready()
