"""A club's commands: accounts (``user``), athletes (``athlete``) and ``export``.

Each test runs on SQLite and on PostgreSQL (the ``store_url`` fixture).
"""

from __future__ import annotations

import csv
import io
import json

from loadwatch.service import accounts
from loadwatch.store import Store
from tests.cli.conftest import invoke, run
from tests.conftest import SAMPLE_RUNS

ENTRY = {"date": "2026-08-30", "side": "right", "location": "groin", "pain": 4,
         "onset": "gradual", "character": ["aching"], "when": ["during_run"], "signs": [],
         "trigger": None, "weeks": None, "notes": "sore after the long run"}


def test_accounts_from_the_command_line(store_url):
    run(store_url, "--athlete", "ann", "settings", "set", "units=km")
    run(store_url, "user", "add", "ann", "--password-stdin", stdin="ann-password-1\n")
    run(store_url, "user", "add", "cora", "--role", "coach", "--password-stdin",
        stdin="cora-password-1\n")
    out = run(store_url, "user", "add", "shorty", "--password-stdin", stdin="short\n", code=1)
    assert "Error: a password needs at least 10 characters" in out
    run(store_url, "user", "assign", "cora", "ann")
    table = run(store_url, "user", "list").splitlines()
    assert table[0].split() == ["user", "role", "data"]
    assert table[2].split() == ["ann", "athlete", "athlete", "ann"]
    assert table[3].split() == ["cora", "coach", "follows", "ann"]
    users = json.loads(run(store_url, "user", "list", "--json"))
    assert users[1] == {"name": "cora", "role": "coach", "athlete": None, "athletes": ["ann"]}
    run(store_url, "user", "passwd", "ann", "--password-stdin", stdin="new-password-22\n")
    with Store(store_url) as store:
        assert accounts.authenticate(store, "ann", "new-password-22") is not None
    run(store_url, "user", "remove", "cora")
    assert "cora" not in run(store_url, "user", "list")


def test_export_delete_and_restore_an_athlete(store_url, tmp_path):
    run(store_url, "--athlete", "ann", "import", str(SAMPLE_RUNS))
    with Store(store_url) as store:
        entry = store.add_entry("ann", ENTRY)
        store.add_comment("ann", entry, "cora", "Two easy days, please.")
    out = run(store_url, "--athlete", "ann", "diary", "list")
    assert "cora (2026-" in out  # a coach's comment under the entry
    assert "Two easy days, please." in out
    assert "77 activities" in run(store_url, "--athlete", "ann", "export",
                                  str(tmp_path / "ann.zip"))
    (listed,) = csv.DictReader(io.StringIO(run(store_url, "athlete", "list", "--format",
                                               "csv")))
    assert listed == {"name": "ann", "activities": "77", "files": "77"}
    assert "77 activities" in run(store_url, "athlete", "delete", "ann", "--yes")
    assert run(store_url, "athlete", "list").startswith("No athletes yet")
    out = run(store_url, "import", str(tmp_path / "ann.zip"))  # no --athlete: back to ann
    assert "restored for ann: 77 activities" in out
    assert run(store_url, "athlete", "list").splitlines()[2].split() == ["ann", "77", "77"]


def test_deleting_an_athlete_that_is_not_there_is_refused_before_asking(store_url):
    run(store_url, "--athlete", "ann", "settings", "set", "units=km")
    result = invoke(store_url, "athlete", "delete", "anne")  # no --yes: it would ask
    assert result.exit_code == 2
    assert result.output == "Error: no athlete named 'anne' in this store; athletes: ann\n"
    with Store(store_url) as store:
        assert store.athletes() == ["ann"]
