"""``loadwatch summary`` on the command line (the summary's content: tests/test_summary.py)."""

from __future__ import annotations

import json

from tests.cli.conftest import run


def test_the_summary_of_a_week_in_the_terminal_and_as_json(story, tmp_path):
    text = run(story, "summary", "--week", "2026-08-24")
    assert text.startswith("loadwatch: your week of 2026-08-24 to 2026-08-30")
    assert "33.0 km" in text
    data = json.loads(run(story, "summary", "--week", "2026-08-24", "--format", "json"))
    assert data["week_start"] == "2026-08-24"
    out = tmp_path / "week.md"
    assert run(story, "summary", "--week", "2026-08-24", "--format", "markdown",
               "--output", str(out)) == ""
    assert out.read_text().startswith("#")


def test_send_due_with_nobody_due_sends_nothing(story):
    assert run(story, "summary", "--send-due") == ""
