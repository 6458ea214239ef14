"""One output helper: every listing as a table to read, JSON or CSV to compute with."""

from __future__ import annotations

import csv
import io
import json

import pytest

from loadwatch.cli.output import Column, chosen_format, duration, pace, to_csv, to_table
from loadwatch.errors import UsageError
from tests.cli.conftest import run

# Every listing command, as a runner types it on the sample story.
LISTINGS = (["activities"], ["days", "--from", "2026-08-24", "--to", "2026-08-31"], ["weeks"],
            ["risk"], ["diary", "list"], ["settings"], ["athlete", "list"], ["check"],
            ["guidance"], ["user", "list"])


@pytest.mark.parametrize("args", LISTINGS, ids=lambda args: args[0])
def test_json_is_the_same_by_either_spelling_and_csv_carries_its_rows(story, args):
    as_json = run(story, *args, "--json")
    assert run(story, *args, "--format", "json") == as_json
    rows = json.loads(as_json)
    if isinstance(rows, dict):  # settings: one object
        rows = [{"setting": key, "value": value} for key, value in rows.items()]
    read = list(csv.DictReader(io.StringIO(run(story, *args, "--format", "csv"))))
    if args[0] == "settings":
        assert [r["setting"] for r in read] == [r["setting"] for r in rows][:-1]
        return
    assert len(read) == len(rows)
    if rows:
        assert list(read[0]) == list(rows[0])


def test_csv_numbers_are_the_json_numbers_at_full_precision(sample_store):
    rows = json.loads(run(sample_store, "weeks", "--json"))
    read = list(csv.DictReader(io.StringIO(run(sample_store, "weeks", "--format", "csv"))))
    assert [float(r["distance_km"]) for r in read] == [r["distance_km"] for r in rows]
    assert [r["band"] for r in read] == [r["band"] or "" for r in rows]
    assert json.loads(read[3]["intensity"]) == rows[3]["intensity"]  # an object in one cell
    assert {r["exceeds_10pct"] for r in read} <= {"true", "false", ""}


def test_a_table_wraps_its_prose_to_the_width_and_keeps_the_columns():
    rows = [{"day": "2026-08-31", "why": "On 31 Aug you reported pain earlier in each run, "
                                        "walking, within 14 days of a week +19%."}]
    columns = (Column("date", lambda r: r["day"]), Column("why", lambda r: r["why"], wrap=True))
    lines = to_table(rows, columns, width=60).splitlines()
    assert lines[0].split() == ["date", "why"]
    assert all(len(line) <= 60 for line in lines)
    assert lines[2].startswith("2026-08-31  On 31 Aug")
    assert lines[3].startswith(" " * 12)  # the wrapped text stays in its column
    assert " ".join(" ".join(lines[2:]).split()[1:]) == " ".join(rows[0]["why"].split())


def test_a_table_aligns_numbers_right():
    columns = (Column("id", lambda r: str(r["id"]), "right"), Column("km", lambda r: r["km"]))
    table = to_table([{"id": 7, "km": "5.00"}, {"id": 123, "km": "10.00"}], columns)
    assert table.splitlines()[2:] == ["  7  5.00", "123  10.00"]


def test_csv_cells_are_plain_text_with_objects_as_json():
    text = to_csv([{"a": 1.5, "b": None, "c": True, "d": {"road": 2.0}},
                   {"a": float("nan"), "e": ["x", "y"]}])
    assert text.splitlines() == ["a,b,c,d,e", '1.5,,true,"{""road"":2.0}",',
                                 ',,,,"[""x"",""y""]"']
    assert to_csv([]) == ""


def test_durations_and_paces_read_as_on_a_watch():
    assert duration(4832) == "1:20:32"
    assert duration(90_000) == "25:00:00"  # a 25-hour ultra: hours, not "1 day"
    assert duration(None) == ""
    assert pace(10_000, 3000, "km") == "5:00/km"
    assert pace(1609.344, 480, "mi") == "8:00/mi"
    assert pace(0, 600, "km") == ""


def test_json_is_the_shorthand_of_format_json():
    assert chosen_format(as_json=False, fmt=None) == "table"
    assert chosen_format(as_json=True, fmt=None) == "json"
    assert chosen_format(as_json=False, fmt="csv") == "csv"
    with pytest.raises(UsageError, match="short for --format json"):
        chosen_format(as_json=True, fmt="table")


def test_rows_of_several_lines_are_set_apart_by_a_blank_line():
    columns = (Column("id", lambda r: str(r["id"]), "right"),
               Column("fits", lambda r: "\n".join(r["fits"])))
    rows = [{"id": 1, "fits": ["labral_tear", "hip_impingement"]}, {"id": 2, "fits": ["gout"]}]
    assert to_table(rows, columns).splitlines()[2:] == [
        " 1  labral_tear", "    hip_impingement", "", " 2  gout"]
