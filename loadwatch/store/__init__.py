"""The store: SQLite by default, PostgreSQL by URL."""

from loadwatch.store.saving import FileToSave, Outcome, SaveResult
from loadwatch.store.store import Store, default_url

__all__ = ["FileToSave", "Outcome", "SaveResult", "Store", "default_url"]
