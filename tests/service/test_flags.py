"""Acknowledging a red flag: stored with who and when, on SQLite and PostgreSQL.

Acknowledging never hides or softens a flag: it keeps its severity, stays
open, and is only listed below the flags nobody has seen yet. The export
carries it and the restore puts it back on the restored diary entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from loadwatch.errors import NotFound, UsageError
from loadwatch.flags import acknowledged_last
from loadwatch.service import diary as diary_service
from loadwatch.service.exchange import export_athlete, restore_export
from loadwatch.service.flags import (
    acknowledge_flag,
    find_red_flag,
    flag_statuses,
    withdraw_acknowledgement,
)
from loadwatch.service.imports import import_paths
from loadwatch.service.reports import athlete_report
from loadwatch.triage.escalation import open_red_flags
from tests.history import STEADY_WEEK, weeks_of, write_log

RULE = "red_flag_cannot_bear_weight"


def _red_entry(store, day: date, location: str = "shin_inner") -> int:
    recorded = diary_service.add_entry(store, athlete="me", values={
        "date": day, "location": location, "pain": 5, "signs": ("cannot_bear_weight",)})
    return recorded.id


@pytest.fixture
def runner(store, tmp_path):
    """Four steady weeks ending last Sunday, and an entry that cannot bear weight today."""
    today = date.today()
    monday = today - timedelta(days=today.weekday() + 28)
    log = write_log(tmp_path / "log.csv", weeks_of(monday, *[STEADY_WEEK] * 4))
    import_paths(store, athlete="me", paths=[log], workers=1)
    store.set_settings("me", {"timezone": "UTC"})
    return store, _red_entry(store, today), today


def test_acknowledging_keeps_the_flag_and_says_who_and_when(runner):
    store, entry, today = runner
    before = datetime.now(UTC).replace(tzinfo=None)
    done = acknowledge_flag(store, athlete="me", day=today, rule=RULE, note=" GP at 9 ")
    assert done.new
    assert (done.flag.rule, done.flag.entry, done.flag.severity) == (RULE, entry, "urgent")
    seen = done.acknowledgement
    assert (seen.by, seen.note, seen.entry, seen.date) == ("me", "GP at 9", entry, today)
    assert before - timedelta(seconds=1) <= seen.at <= datetime.now(UTC).replace(tzinfo=None)
    assert seen.words("UTC") == (f"Acknowledged by me on {seen.at:%d %b %Y}: seen, not "
                                 'dismissed. Note: "GP at 9".')
    statuses = {(s.flag.rule, s.flag.date): s for s in flag_statuses(store, athlete="me")}
    status = statuses[(RULE, today)]
    assert status.flag.severity == "urgent"  # not softened
    assert status.as_dict()["acknowledged"]["by"] == "me"
    report = athlete_report(store, athlete="me")
    assert done.flag in open_red_flags(report.flags, report.diary, today)  # still open
    again = acknowledge_flag(store, athlete="me", day=today, rule=RULE, by="ann")
    assert not again.new
    assert again.acknowledgement == seen  # the first acknowledgement stands
    assert len(store.acknowledgements("me")) == 1


def test_an_acknowledged_flag_moves_below_the_open_ones(runner):
    store, first, today = runner
    second = _red_entry(store, today, "heel")
    report = athlete_report(store, athlete="me")
    red = open_red_flags(report.flags, report.diary, today)
    assert [f.entry for f in red if f.rule == RULE] == [first, second]  # both open
    acknowledge_flag(store, athlete="me", day=today, rule=RULE, entry=first)
    report = athlete_report(store, athlete="me")
    ordered = [f for f in acknowledged_last(red, report.acknowledgements) if f.rule == RULE]
    assert [f.entry for f in ordered] == [second, first]
    assert len(acknowledged_last(red, report.acknowledgements)) == len(red)  # none hidden


def test_a_flag_is_named_by_date_and_rule_and_entry_when_they_share_both(runner):
    store, entry, today = runner
    second = _red_entry(store, today, "heel")
    with pytest.raises(UsageError, match=f"2 red flags {RULE} on {today}: name one with "
                                         rf"--entry \({entry}, {second}\)"):
        acknowledge_flag(store, athlete="me", day=today, rule=RULE)
    assert acknowledge_flag(store, athlete="me", day=today, rule=RULE,
                            entry=second).flag.entry == second
    with pytest.raises(NotFound, match=f"no red flag {RULE} on {today - timedelta(days=1)}; "
                                       f"red flags: {today} {RULE} --entry {entry}"):
        acknowledge_flag(store, athlete="me", day=today - timedelta(days=1), rule=RULE)
    with pytest.raises(NotFound, match="entry 99"):
        acknowledge_flag(store, athlete="me", day=today, rule=RULE, entry=99)


def test_only_red_flags_are_acknowledged():
    from loadwatch.flags import Flag

    caution = Flag(date(2026, 3, 1), None, "overuse", "caution", "monotony", "t", "w", "e")
    with pytest.raises(UsageError, match="caution flag, not a red flag"):
        find_red_flag([caution], date(2026, 3, 1), "monotony")
    with pytest.raises(NotFound, match="red flags: none"):
        find_red_flag([caution], date(2026, 3, 2), "monotony")


def test_an_acknowledgement_given_by_mistake_is_taken_back(runner):
    store, _, today = runner
    version = store.data_version("me")
    acknowledge_flag(store, athlete="me", day=today, rule=RULE)
    assert store.data_version("me") > version  # the dashboard's views are made again
    withdraw_acknowledgement(store, athlete="me", day=today, rule=RULE)
    assert store.acknowledgements("me") == []
    with pytest.raises(NotFound, match="was not acknowledged"):
        withdraw_acknowledgement(store, athlete="me", day=today, rule=RULE)


def test_deleting_the_entry_takes_its_flag_and_acknowledgement(runner):
    store, entry, today = runner
    acknowledge_flag(store, athlete="me", day=today, rule=RULE)
    diary_service.delete_entry(store, athlete="me", entry_id=entry)
    assert store.acknowledgements("me") == []


def test_export_and_restore_keep_the_acknowledgement_on_its_entry(runner, tmp_path):
    store, _, today = runner
    _red_entry(store, today - timedelta(days=1), "heel")  # entry ids differ after restore
    seen = acknowledge_flag(store, athlete="me", day=today, rule=RULE, by="coach",
                            note="booked").acknowledgement
    counts = export_athlete(store, athlete="me", path=tmp_path / "me.zip")
    assert counts["acknowledgements"] == 1
    store.delete_athlete("me")
    _red_entry(store, today, "calf")  # "me" again, with other entries first
    restore_export(store, path=tmp_path / "me.zip", athlete="ann")
    (row,) = store.acknowledgements("ann")
    new_entry = next(e["id"] for e in store.entries("ann") if e["location"] == "shin_inner")
    assert row["entry_id"] == new_entry != seen.entry
    assert (row["rule"], row["day"], row["author"], row["note"]) == (
        RULE, today.isoformat(), "coach", "booked")
    assert row["at"] == seen.at
    status = next(s for s in flag_statuses(store, athlete="ann")
                  if s.flag.rule == RULE and s.flag.entry == new_entry)
    assert status.acknowledgement.by == "coach"
