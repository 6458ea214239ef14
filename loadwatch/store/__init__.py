"""The store: SQLite by default, PostgreSQL by URL."""

from loadwatch.store.store import Store, default_url

__all__ = ["Store", "default_url"]
