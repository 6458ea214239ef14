"""Team accounts as stored: users, the coaches' athletes, shared secrets."""

from __future__ import annotations

import pytest

from loadwatch.errors import UsageError
from loadwatch.store import Store


def test_an_athlete_account_owns_its_athlete(store):
    store.accounts.add("ann", "hash-a", "athlete", "ann")
    account = store.accounts.find("ann")
    assert (account.name, account.role, account.athlete) == ("ann", "athlete", "ann")
    assert account.password_hash == "hash-a"
    assert store.athletes() == ["ann"]
    assert store.accounts.find("nobody") is None


def test_a_name_is_taken_once(store):
    store.accounts.add("cora", "hash-c", "coach", None)
    with pytest.raises(UsageError, match="already a user called cora"):
        store.accounts.add("cora", "hash-d", "admin", None)
    assert store.accounts.find("cora").role == "coach"


def test_a_coach_follows_the_athletes_assigned(store):
    for name in ("ann", "ben"):
        store.accounts.add(name, "hash", "athlete", name)
    store.accounts.add("cora", "hash-c", "coach", None)
    store.accounts.link("cora", "ben", linked=True)
    store.accounts.link("cora", "ann", linked=True)
    store.accounts.link("cora", "ann", linked=True)  # twice is once
    assert store.accounts.coached("cora") == ["ann", "ben"]
    store.accounts.link("cora", "ann", linked=False)
    assert store.accounts.coached("cora") == ["ben"]
    with pytest.raises(UsageError, match="no athlete called typo"):
        store.accounts.link("cora", "typo", linked=True)
    assert store.athletes() == ["ann", "ben"]


def test_passwords_change_and_accounts_go_while_the_data_stays(store):
    store.accounts.add("ann", "old", "athlete", "ann")
    store.accounts.set_password_hash("ann", "new")
    assert store.accounts.find("ann").password_hash == "new"
    store.accounts.remove("ann")
    assert store.accounts.names() == []
    assert not store.accounts.any()
    assert store.athletes() == ["ann"]
    for change in (lambda: store.accounts.remove("ann"),
                   lambda: store.accounts.set_password_hash("ann", "x")):
        with pytest.raises(UsageError, match="no user called ann"):
            change()


def test_every_worker_gets_the_same_secret(store_url):
    with Store(store_url) as first, Store(store_url) as second:
        made = first.accounts.shared_secret("session_key", "first")
        assert second.accounts.shared_secret("session_key", "second") == made == "first"
