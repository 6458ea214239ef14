"""Where the store lives by default, and URLs as messages show them."""

from __future__ import annotations

import pytest

from loadwatch.store import default_url
from loadwatch.store.engine import redacted


def test_default_store_is_sqlite_in_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("LOADWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / 'loadwatch' / 'loadwatch.db'}"
    monkeypatch.setenv("LOADWATCH_DB", "sqlite:///elsewhere.db")
    assert default_url() == "sqlite:///elsewhere.db"


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://me:pw@localhost:5999/lw", "postgresql+psycopg://me:***@localhost:5999/lw"),
    ("postgresql+psycopg://me:p%40ss%3Aword@db.example.org/lw",
     "postgresql+psycopg://me:***@db.example.org/lw"),
    ("postgresql://me:pw@host/lw?sslmode=require", "postgresql://me:***@host/lw?sslmode=require"),
    ("postgresql://me@host/lw?password=pw", "postgresql://me@host/lw?password=***"),
    ("postgresql://me:p@ss@host/lw", "postgresql://***@host/lw"),  # an @ left unescaped
    ("me:pw@host", "***@host"),  # not a URL at all
    ("postgresql://me@host/lw", "postgresql://me@host/lw"),
    ("sqlite:////home/me/loadwatch.db", "sqlite:////home/me/loadwatch.db"),
    ("sqlite://", "sqlite://"),
])
def test_urls_are_shown_without_their_passwords(url, shown):
    assert redacted(url) == shown
