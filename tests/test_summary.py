"""Weekly summaries: every format says the same; e-mail through a real SMTP server."""

from __future__ import annotations

import email
import json
import socket
from datetime import UTC, date, datetime
from email import policy

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from loadwatch.cli import main
from loadwatch.service.imports import import_paths
from loadwatch.service.summaries import send_due, weekly_summary
from loadwatch.store import Store
from loadwatch.summary import RENDERERS
from tests.conftest import SAMPLE_RUNS

EVENTFUL = "2026-08-24"  # the week of the 33 km spike


class Inbox:
    """An aiosmtpd handler that keeps what arrives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def story(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Store(url) as store:
        import_paths(store, athlete="me", paths=[SAMPLE_RUNS.parent], workers=1)
        store.set_settings("me", {"timezone": "Europe/Amsterdam", "max_hr": "190",
                                  "resting_hr": "50", "threshold_hr": "170",
                                  "dashboard_url": "http://127.0.0.1:8050/"})
    return url


def _summary(url, week):
    with Store(url) as store:
        return weekly_summary(store, athlete="me", week=week)


def test_every_format_carries_the_eventful_week(story):
    summary = _summary(story, EVENTFUL)
    assert summary.spike_band == "large"
    assert summary.longest_run_km == pytest.approx(33, abs=.1)
    assert summary.acwr.zone == "danger"
    assert summary.suggestion.kind == "cut_back"
    assert summary.suggestion.high_km < summary.distance_km
    (card,) = [f for f in summary.flags if f.week_start == date.fromisoformat(EVENTFUL)]
    assert (card.rule, card.severity) == ("spike_large", "high")  # one card for the week
    for form, render in RENDERERS.items():
        text = render(summary)
        assert "2026-08-24" in text, form
        assert "33.0 km" in text or form == "json", form
        assert "not a diagnosis" in text, form
    html = RENDERERS["html"](summary)
    assert "<script" not in html
    assert "<img" not in html
    assert 'style="' in html
    assert 'href="http://127.0.0.1:8050/"' in html
    data = json.loads(RENDERERS["json"](summary))
    assert data["spike_band"] == "large"
    assert list(data)[:2] == ["week_start", "week_end"]
    assert list(data)[-2:] == ["not_a_diagnosis", "suggestion"]
    assert list(data["suggestion"]) == ["kind", "low_km", "high_km", "base_km", "basis", "text"]


def test_a_red_flag_replaces_the_training_suggestion(story):
    summary = _summary(story, "2026-08-31")
    assert summary.red_flags
    assert summary.suggestion.kind == "see_clinician"
    assert list(summary.suggestion.as_dict()) == ["kind", "text"]
    text = RENDERERS["text"](summary)
    assert text.index("Red flag") < text.index("This week")
    assert "Aim for" not in text


def test_a_week_without_runs_still_gets_its_summary(story):
    summary = _summary(story, "2026-11-02")
    assert summary.runs == 0
    assert "No runs this week." in RENDERERS["text"](summary)


def test_units_follow_the_athlete(story):
    with Store(story) as store:
        store.set_settings("me", {"units": "mi"})
    assert "20.5 mi" in RENDERERS["text"](_summary(story, EVENTFUL))


def _mail_settings(controller, **extra) -> dict:
    return {"smtp_host": "127.0.0.1", "smtp_port": str(controller.port),
            "smtp_starttls": "false", "smtp_from": "coach@example.org", **extra}


def test_summary_by_email_has_both_parts(story, smtp):
    controller, inbox = smtp
    with Store(story) as store:
        store.set_settings("me", _mail_settings(controller))
    result = CliRunner().invoke(main, ["--db", story, "summary", "--week", EVENTFUL,
                                       "--email", "runner@example.org"])
    assert result.exit_code == 0, result.output
    (message,) = inbox.messages
    assert message["To"] == "runner@example.org"
    assert message["From"] == "coach@example.org"
    assert message["Subject"] == "loadwatch: your week of 2026-08-24"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    rich = message.get_body(("html",)).get_content()
    assert "A large single-run spike" in plain
    assert "A large single-run spike" in rich
    assert "<script" not in rich


def test_send_due_sends_once_and_retries_after_a_failure(story, smtp):
    controller, inbox = smtp
    monday = datetime(2026, 9, 7, 8, tzinfo=UTC)  # a Monday, after the week of 31 Aug
    with Store(story) as store:
        store.set_settings("me", _mail_settings(controller, email="me@example.org",
                                                summary_day="monday"))
        import_paths(store, athlete="ben", paths=[SAMPLE_RUNS], workers=1)
        store.set_settings("ben", {"email": "ben@example.org", "summary_day": "monday",
                                   "smtp_host": "127.0.0.1", "smtp_port": str(_free_port()),
                                   "smtp_starttls": "false"})  # nobody listens there
        first = {r["athlete"]: r for r in send_due(store, monday)}
        assert first["me"]["status"] == "sent"
        assert first["me"]["week_start"] == "2026-08-31"
        assert first["ben"]["status"] == "failed"  # and it did not stop "me"
        assert len(inbox.messages) == 1
        assert "see a clinician" in inbox.messages[0]["Subject"]
        again = {r["athlete"]: r["status"] for r in send_due(store, monday)}
        assert again == {"me": "already_sent", "ben": "failed"}  # ben is tried again
        assert len(inbox.messages) == 1
        store.set_settings("ben", {"smtp_port": str(controller.port)})  # the server is back
        retry = {r["athlete"]: r["status"] for r in send_due(store, monday)}
        assert retry == {"me": "already_sent", "ben": "sent"}
        assert [m["To"] for m in inbox.messages] == ["me@example.org", "ben@example.org"]
        assert [s["status"] for s in store.sends("ben")] == ["failed", "failed", "sent"]
        assert "could not send to ben@example.org" in store.sends("ben")[0]["error"]


def test_send_due_waits_for_the_summary_day(story, smtp):
    controller, inbox = smtp
    monday = datetime(2026, 9, 7, 8, tzinfo=UTC)
    with Store(story) as store:
        store.set_settings("me", _mail_settings(controller, email="me@example.org",
                                                summary_day="tuesday"))
        assert send_due(store, monday)[0]["status"] == "not_due"
        tuesday = datetime(2026, 9, 8, 8, tzinfo=UTC)
        assert send_due(store, tuesday)[0]["status"] == "sent"
    assert len(inbox.messages) == 1


def test_send_due_sends_a_club_each_once(story, smtp, tmp_path):
    from loadwatch.service.exchange import export_athlete, restore_export

    controller, inbox = smtp
    monday = datetime(2026, 9, 7, 8, tzinfo=UTC)
    with Store(story) as store:
        export_athlete(store, athlete="me", path=tmp_path / "me.zip")
        names = [f"runner{i:02d}" for i in range(10)]
        for name in names:
            restore_export(store, path=tmp_path / "me.zip", athlete=name)
            store.set_settings(name, _mail_settings(controller, email=f"{name}@example.org",
                                                    summary_day="monday"))
        results = send_due(store, monday)
        assert [(r["athlete"], r["status"]) for r in results] == [(n, "sent") for n in names]
        assert sorted(m["To"] for m in inbox.messages) == [f"{n}@example.org" for n in names]
        serial = RENDERERS["text"](weekly_summary(store, athlete="runner03", week="2026-08-31",
                                                  now=monday))
        sent = next(m for m in inbox.messages if m["To"] == "runner03@example.org")
        assert serial.splitlines()[0] in sent.get_body(("plain",)).get_content()
        again = send_due(store, monday)
        assert [r["status"] for r in again] == ["already_sent"] * len(names)
    assert len(inbox.messages) == len(names)


class Greetings(Inbox):
    """Also counts the SMTP sessions (one EHLO each)."""

    def __init__(self):
        super().__init__()
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses


def test_a_club_send_reuses_one_smtp_session(story, tmp_path):
    from loadwatch.notify import Mailer, summary_message
    from loadwatch.settings import effective

    greetings = Greetings()
    controller = Controller(greetings, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings = effective(_mail_settings(controller))
        summary = _summary(story, EVENTFUL)
        with Mailer() as mailer:
            for number in range(3):
                mailer.send(summary_message(summary, f"runner{number}@example.org",
                                            "coach@example.org"), settings)
    finally:
        controller.stop()
    assert [m["To"] for m in greetings.messages] == [f"runner{n}@example.org" for n in range(3)]
    assert greetings.sessions == 1


def test_a_dashboard_link_that_is_not_http_never_reaches_a_summary(story):
    import dataclasses

    from sqlalchemy import text

    summary = _summary(story, EVENTFUL)
    assert 'href="http://127.0.0.1:8050/"' in RENDERERS["html"](summary)
    # Settings refuse it now; a store written before (or a summary built by hand) may hold it.
    forged = dataclasses.replace(summary, dashboard_url="javascript:alert(document.cookie)")
    for form in ("html", "markdown", "text"):
        assert "javascript" not in RENDERERS[form](forged), form
    with Store(story) as store:
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE athlete_settings SET value = 'javascript:alert(1)' "
                              "WHERE key = 'dashboard_url'"))
        stored = weekly_summary(store, athlete="me", week=EVENTFUL)
    assert stored.dashboard_url is None
