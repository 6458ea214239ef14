"""Athletes: only writes create one; a read of a name the store does not hold leaves no trace."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from loadwatch.cli import main
from loadwatch.errors import UsageError
from loadwatch.store import Store
from tests.store.conftest import parsed_run

# Every read of the store, with what it answers for an athlete it does not hold.
READS = {
    "activities": (lambda s: s.activities("typo"), []),
    "activity_columns": (lambda s: s.activity_columns("typo")["id"], []),
    "settings": (lambda s: s.settings("typo"), {}),
    "profiles": (lambda s: s.profiles("typo", 1), {}),
    "sources": (lambda s: s.sources("typo"), {}),
    "known_hashes": (lambda s: s.known_hashes("typo"), set()),
    "data_version": (lambda s: s.data_version("typo"), None),
    "counts": (lambda s: s.counts("typo"), {"files": 0, "activities": 0, "samples": 0}),
    "entries": (lambda s: s.entries("typo"), []),
    "comments": (lambda s: s.comments("typo"), {}),
    "summary_sent": (lambda s: s.summary_sent("typo", "2026-08-24"), False),
    "sends": (lambda s: s.sends("typo"), []),
    "cached_view": (lambda s: s.cached_view("typo", "snapshot", (0, "2026-08-24", 1)), None),
    "athlete_id": (lambda s: s.athlete_id("typo", create=False), None),
}
# Changes that find nothing to change: refused, or nothing to keep.
MISSES = {
    "activity": lambda s: s.activity("typo", 1),
    "update_activity": lambda s: s.update_activity("typo", 1, {"rpe": 5.0}),
    "replace_entry": lambda s: s.replace_entry("typo", 1, {"date": "2026-08-24"}),
    "delete_entry": lambda s: s.delete_entry("typo", 1),
    "add_comment": lambda s: s.add_comment("typo", 1, "cora", "How is it?"),
    "delete_athlete": lambda s: s.delete_athlete("typo"),
}
ENTRY = {"date": "2026-08-24", "location": "groin", "pain": 3}
WRITES = {
    "save_file": lambda s: s.save_file("new", parsed_run(), source_name="a.fit", size_bytes=1),
    "set_settings": lambda s: s.set_settings("new", {"max_hr": "190"}),
    "add_entry": lambda s: s.add_entry("new", ENTRY),
    "record_send": lambda s: s.record_send("new", "2026-08-24", "new@example.org", "sent"),
    "athlete_id": lambda s: s.athlete_id("new"),
}


@pytest.fixture
def ann(store: Store) -> Store:
    store.save_file("ann", parsed_run(), source_name="a.fit", size_bytes=1)
    return store


@pytest.mark.parametrize("read", READS)
def test_a_read_of_an_unknown_athlete_answers_empty_and_creates_nobody(ann, read):
    call, empty = READS[read]
    assert call(ann) == empty
    assert ann.athletes() == ["ann"]


def test_nothing_is_kept_for_an_unknown_athlete(ann):
    ann.save_view("typo", "snapshot", (0, "2026-08-24", 1), b"{}")
    ann.save_profiles("typo", {})
    assert ann.athletes() == ["ann"]
    assert ann.cached_view("typo", "snapshot", (0, "2026-08-24", 1)) is None


@pytest.mark.parametrize("change", MISSES)
def test_a_change_for_an_unknown_athlete_is_refused_and_creates_nobody(ann, change):
    with pytest.raises(UsageError, match="typo"):
        MISSES[change](ann)
    assert ann.athletes() == ["ann"]


@pytest.mark.parametrize("write", WRITES)
def test_a_write_creates_its_athlete(ann, write):
    WRITES[write](ann)
    assert ann.athletes() == ["ann", "new"]
    assert ann.data_version("new") is not None


@pytest.mark.parametrize("command", [
    ["activities"], ["activities", "--json"], ["weeks"], ["days"], ["risk"], ["settings"],
    ["diary", "list"], ["summary"], ["summary", "--format", "json"], ["check"]])
def test_a_mistyped_athlete_on_the_command_line_leaves_no_trace(store_url, command):
    with Store(store_url) as store:
        store.set_settings("ann", {"units": "km"})
    result = CliRunner().invoke(main, ["--db", store_url, "--athlete", "anm", *command],
                                catch_exceptions=False)
    assert result.exit_code == 2, result.output  # refused: a typo is not an empty answer
    assert result.output == "Error: no athlete named 'anm' in this store; athletes: ann\n"
    with Store(store_url) as store:
        assert store.athletes() == ["ann"]


def test_athletes_are_kept_apart(store):
    store.save_file("ana", parsed_run(), source_name="a.fit", size_bytes=1)
    # The same file for another athlete is not a duplicate of Ana's.
    assert store.save_file("ben", parsed_run(), source_name="a.fit", size_bytes=1)
    assert len(store.activities("ana")) == 1
    assert len(store.activities("ben")) == 1
    assert store.activities("nobody") == []
    assert store.athletes() == ["ana", "ben"]


def test_settings_change_only_the_keys_given(store):
    store.set_settings("me", {"max_hr": "190", "units": "km"})
    store.set_settings("me", {"units": "mi"})
    assert store.settings("me") == {"max_hr": "190", "units": "mi"}
    store.set_settings("you", {})
    assert store.all_settings() == {"me": {"max_hr": "190", "units": "mi"}, "you": {}}


def test_deleting_an_athlete_forgets_the_name(store):
    store.save_file("me", parsed_run(), source_name="a.fit", size_bytes=1)
    removed = store.delete_athlete("me")
    assert removed["activities"] == 1
    assert store.athletes() == []
    assert store.activities("me") == []
    assert store.athletes() == []  # the read above did not bring it back


def test_a_name_deleted_and_added_again_elsewhere_is_written_to_its_new_row(store_url):
    """A server's process keeps running while the command line deletes and re-adds ann."""
    with Store(store_url) as server, Store(store_url) as cli:
        server.set_settings("ann", {"units": "mi"})
        server.set_settings("ben", {"units": "km"})
        cli.delete_athlete("ann")
        cli.set_settings("carl", {"units": "km"})  # on SQLite, may take ann's old id
        cli.set_settings("ann", {"max_hr": "190"})
        server.set_settings("ann", {"units": "km"})  # not to the old id, nor to carl's
        assert cli.settings("ann") == {"max_hr": "190", "units": "km"}
        assert cli.settings("carl") == {"units": "km"}
        assert cli.settings("ben") == {"units": "km"}


def test_two_saves_of_one_setting_at_once_both_succeed(store_url):
    """Two tabs saving the same field: no error, and the store holds one of the values."""
    import threading

    errors: list[BaseException] = []

    def save(value: str) -> None:
        with Store(store_url) as store:
            for _ in range(25):
                try:
                    store.set_settings("ann", {"email": value})
                except Exception as err:
                    errors.append(err)

    with Store(store_url) as store:
        store.set_settings("ann", {"units": "km"})
    threads = [threading.Thread(target=save, args=(f"{n}@example.org",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store(store_url) as store:
        assert store.settings("ann")["email"] in {"0@example.org", "1@example.org"}
