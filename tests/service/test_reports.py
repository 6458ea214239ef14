"""One composition of an athlete's state: the CLI, the summary and the dashboard agree."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from dashboards.app import _overview
from dashboards.data import DashboardData
from loadwatch.cli import main
from loadwatch.service import diary as diary_service
from loadwatch.service.reports import athlete_report
from loadwatch.store import Store


def _texts(component) -> list[str]:
    """Every string in a Dash layout, depth first."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if children is None:
        return []
    if not isinstance(children, list | tuple):
        children = [children]
    return [text for child in children for text in _texts(child)]


def test_a_red_flag_with_no_runs_shows_in_the_cli_and_on_the_overview(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Store(url) as store:
        diary_service.add_entry(store, athlete="me", values={
            "date": date.today().isoformat(), "location": "groin", "pain": 7,
            "signs": ["cannot_bear_weight"]})
        report = athlete_report(store, athlete="me")
        assert not report.has_runs
        assert [f.severity for f in report.flags] == ["urgent"]
        overview = " ".join(_texts(_overview(DashboardData(store, share=False), "me")))
    assert "URGENT" in overview
    assert "No runs yet" in overview
    printed = CliRunner().invoke(main, ["--db", url, "risk"]).output
    assert "URGENT" in printed


def test_a_report_of_an_unknown_athlete_is_empty(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        report = athlete_report(store, athlete="nobody")
    assert report.flags == []
    assert report.diary == []
    assert not report.has_runs
