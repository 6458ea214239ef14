"""A runner who chose miles reads miles: every flag's sentences, `loadwatch risk`, the summary."""

from __future__ import annotations

import json
import re

from loadwatch.service.flags import flag_statuses
from loadwatch.store import Store
from tests.cli.conftest import run

KILOMETRES = re.compile(r"\d\s*km\b|\bkm\b|kilomet", re.IGNORECASE)


def _texts(flag: dict) -> list[str]:
    """Every sentence of a flag a runner reads."""
    return [flag["title"], flag["why"], flag["evidence"], flag["action"] or "",
            *[r["why"] for r in flag["reasons"]], *[r["evidence"] for r in flag["reasons"]]]


def test_every_flag_sentence_follows_miles_on_the_sample_data(story):
    run(story, "settings", "set", "units=mi")
    with Store(story) as store:
        flags = [s.flag.as_dict() for s in flag_statuses(store, athlete="me")]
    assert len(flags) >= 5  # the sample's ramp, spike and pain raise several
    distances = 0
    for flag in flags:
        for text in _texts(flag):
            assert not KILOMETRES.search(text), text
            distances += len(re.findall(r"\d mi\b", text))
    assert distances >= 5  # the distances are there, in miles
    printed = run(story, "risk")
    assert not KILOMETRES.search(printed)
    assert re.search(r"\d mi\b", printed)
    for flag in json.loads(run(story, "risk", "--json")):
        assert not any(KILOMETRES.search(t) for t in _texts(flag))


def test_the_summary_of_each_flagged_week_follows_miles(story):
    run(story, "settings", "set", "units=mi")
    for week in ("2026-08-05", "2026-08-20", "2026-09-01", "2026-09-10"):
        for form in ("text", "markdown", "html"):
            written = run(story, "summary", "--week", week, "--format", form)
            assert not KILOMETRES.search(written), (week, form)
            assert re.search(r"\d mi\b", written), (week, form)
