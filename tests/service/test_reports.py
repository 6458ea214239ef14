"""One composition of an athlete's state: the CLI, the summary and the dashboard agree."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from dashboards import context
from dashboards.app import create_app
from loadwatch.cli import main
from loadwatch.service import diary as diary_service
from loadwatch.service.reports import athlete_report
from loadwatch.service.summaries import summary_week
from loadwatch.store import Store
from tests.team_client import TeamClient


def test_a_red_flag_with_no_runs_shows_in_the_cli_and_on_the_overview(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Store(url) as store:
        diary_service.add_entry(store, athlete="me", values={
            "date": date.today().isoformat(), "location": "groin", "pain": 7,
            "signs": ["cannot_bear_weight"]})
        report = athlete_report(store, athlete="me")
        assert not report.has_runs
        assert {f.severity for f in report.flags} == {"urgent"}  # no weight; pain 7 is severe
        app = create_app(store, "me")
        client = TeamClient(app.server.test_client())
        overview = client.page("/").get_data(as_text=True)
        this_week = summary_week("this", report.training.settings).isoformat()
        summary = client.page("/summary", f"?week={this_week}").get_data(as_text=True)
        context.of(app.server).data.ready()
    assert "URGENT" in overview
    assert "No runs yet" in overview
    printed = CliRunner().invoke(main, ["--db", url, "risk"]).output
    assert "URGENT" in printed
    # The weekly summary tells it too, in the dashboard as in `loadwatch summary`.
    told = CliRunner().invoke(main, ["--db", url, "summary", "--week", "this"]).output
    assert "See a clinician" in told
    assert "See a clinician" in summary
    assert "No runs yet" not in summary


def test_a_mistyped_athlete_in_the_address_is_named_not_shown_as_empty(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        diary_service.add_entry(store, athlete="me", values={"location": "groin", "pain": 2})
        app = create_app(store, "me")
        page = TeamClient(app.server.test_client()).page("/", "?athlete=mee")
        text = page.get_data(as_text=True)
        context.of(app.server).data.ready()
        assert "No athlete named 'mee' here; athletes: me." in text
        assert "No runs yet" not in text
        assert store.athletes() == ["me"]


def test_a_report_of_an_unknown_athlete_is_empty(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        report = athlete_report(store, athlete="nobody")
    assert report.flags == []
    assert report.diary == []
    assert not report.has_runs
