"""The symptom diary as stored: entries, their comments, and a damaged entry left out."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import update

from loadwatch.errors import UsageError
from loadwatch.store import schema

ENTRY = {"date": "2026-08-30", "side": "right", "location": "groin", "pain": 4}


def test_entries_read_back_oldest_first_with_their_ids(store):
    late = store.add_entry("me", {**ENTRY, "date": "2026-08-31"})
    early = store.add_entry("me", {**ENTRY, "id": 77})  # an id given is not stored
    assert store.entries("me") == [{**ENTRY, "id": early},
                                   {**ENTRY, "date": "2026-08-31", "id": late}]


def test_an_entry_is_replaced_and_deleted_with_its_comments(store):
    entry = store.add_entry("me", ENTRY)
    store.add_comment("me", entry, "cora", "  Two easy days.  ")
    store.replace_entry("me", entry, {**ENTRY, "pain": 2})
    assert store.entries("me") == [{**ENTRY, "pain": 2, "id": entry}]
    (comment,) = store.comments("me")[entry]
    assert (comment["author"], comment["text"]) == ("cora", "Two easy days.")
    store.delete_entry("me", entry)
    assert store.entries("me") == []
    assert store.comments("me") == {}


def test_another_athletes_entry_cannot_be_touched(store):
    entry = store.add_entry("ann", ENTRY)
    store.add_entry("ben", ENTRY)
    for change in (lambda: store.replace_entry("ben", entry, ENTRY),
                   lambda: store.delete_entry("ben", entry),
                   lambda: store.add_comment("ben", entry, "cora", "hi")):
        with pytest.raises(UsageError, match=f"ben has no diary entry {entry}"):
            change()
    assert store.entries("ann") == [{**ENTRY, "id": entry}]


def test_a_comment_needs_some_text(store):
    entry = store.add_entry("me", ENTRY)
    with pytest.raises(UsageError, match="needs some text"):
        store.add_comment("me", entry, "cora", "   ")


def test_a_damaged_entry_is_left_out_and_named(store, caplog):
    kept = store.add_entry("me", ENTRY)
    damaged = store.add_entry("me", {**ENTRY, "date": "2026-08-31"})
    with store.engine.begin() as conn:
        conn.execute(update(schema.diary_entries).where(
            schema.diary_entries.c.id == damaged).values(data="{not json"))
    with caplog.at_level(logging.WARNING, logger="loadwatch"):
        assert [entry["id"] for entry in store.entries("me")] == [kept]
    assert f"diary entry {damaged} is damaged" in caplog.text
