"""One urgency for one entry in every shell, and red flags that stay open across weeks."""

from __future__ import annotations

import json
from datetime import date, timedelta

from click.testing import CliRunner

from dashboards import context
from dashboards.app import create_app
from loadwatch.cli import main
from loadwatch.service import diary as diary_service
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import athlete_report
from loadwatch.service.summaries import summary_week, weekly_summary
from loadwatch.store import Store
from loadwatch.summary import RENDERERS
from tests.team_client import TeamClient

# The sample runs' +34% week and their 33 km run of 30 August (a large spike).
AFTER_THE_SPIKE = "2026-08-31"


def _cli(url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_same_entry_has_one_urgency_everywhere(tmp_path, sample_runs):
    url = f"sqlite:///{tmp_path / 's.db'}"
    values = {"date": AFTER_THE_SPIKE, "location": "groin", "pain": 3,
              "notes": "it hurts earlier in each run now, and even walking"}
    checked = json.loads(_cli(url, "triage", "--date", AFTER_THE_SPIKE, "--location", "groin",
                              "--pain", "3", "--json", "--notes", values["notes"]))
    assert checked["urgency"] == "see_clinician"  # no training yet: no ramp known
    with Store(url) as store:
        import_paths(store, athlete="me", paths=[sample_runs])
        added = diary_service.add_entry(store, athlete="me", values=values)
        report = athlete_report(store, athlete="me")
        app = create_app(store, "me")
        client = TeamClient(app.server.test_client())
        diary_page = client.page("/diary").get_data(as_text=True)
        context.of(app.server).data.ready()
    assert added.triage.urgency == "urgent"  # bone-stress signs the day after a large spike
    (entry,) = report.diary
    assert entry.triage.urgency == "urgent"
    assert report.flags[0].rule == "bone_stress_during_ramp"
    assert report.flags[0].entry == added.id
    listed = json.loads(_cli(url, "diary", "list", "--json"))
    assert [e["urgency"] for e in listed] == ["urgent"]
    now_checked = json.loads(_cli(url, "triage", "--date", AFTER_THE_SPIKE, "--location",
                                  "groin", "--pain", "3", "--json", "--notes", values["notes"]))
    assert now_checked["urgency"] == "urgent"  # the athlete's training counts, as on adding
    risk = json.loads(_cli(url, "risk", "--json"))
    assert risk[0]["severity"] == "urgent"
    assert risk[0]["entry"] == added.id
    summary = _cli(url, "summary", "--week", "2026-08-31")
    assert "Bone-stress symptoms during a ramp" in summary
    assert '{"children":"urgent"}' in diary_page  # the entry's urgency cell


def _entry(store: Store, day: date, **values) -> int:
    return diary_service.add_entry(store, athlete="me", values={
        "date": day.isoformat(), "location": "shin_inner", "pain": 3, **values}).id


def test_a_red_flag_of_an_earlier_week_stays_in_the_summary_until_it_settles(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Store(url) as store:
        settings = athlete_report(store, athlete="me").training.settings
        this_week = summary_week("this", settings)
        _entry(store, this_week - timedelta(days=10), signs=["bone_tenderness"])
        text = RENDERERS["text"](weekly_summary(store, athlete="me", week=this_week))
        assert "Still open from" in text
        assert "signs of a bone stress injury" in text
        _entry(store, this_week - timedelta(days=5), pain=3)  # still sore: not settled
        still = RENDERERS["text"](weekly_summary(store, athlete="me", week=this_week))
        assert "Still open from" in still
        _entry(store, this_week - timedelta(days=3), pain=0)  # the same place, no sign: settled
        settled = RENDERERS["text"](weekly_summary(store, athlete="me", week=this_week))
    assert "Still open from" not in settled


def test_an_open_red_flag_stays_on_the_overview_and_a_settled_one_leaves(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        today = date.today()
        _entry(store, today - timedelta(days=20), when=["hopping"])
        app = create_app(store, "me")
        client = TeamClient(app.server.test_client())
        before = client.page("/").get_data(as_text=True)
        _entry(store, today - timedelta(days=2), pain=0)
        after = client.page("/").get_data(as_text=True)
        context.of(app.server).data.ready()
    assert "Bone-stress symptoms" in before
    assert "Bone-stress symptoms" not in after
