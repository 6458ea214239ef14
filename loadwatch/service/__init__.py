"""Use cases: one plain function per user action, called by the CLI and the dashboard.

The shells open the store through :func:`open_store` and import ``Store`` only
for its type, so every read and write of theirs goes through a use case here.
"""

from __future__ import annotations

from loadwatch.store import Store
from loadwatch.store.engine import database_exists, default_url


def store_exists(url: str | None = None) -> bool:
    """Whether the store at ``url`` is there to read (opening it would create none).

    Parameters
    ----------
    url : str, optional
        As for :func:`open_store`. Only a SQLite file can be missing; a server
        database answers for itself when opened.
    """
    return database_exists(url or default_url())


def open_store(url: str | None = None) -> Store:
    """The store at ``url``, migrated to this version.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL; default ``LOADWATCH_DB`` or SQLite in the user's data folder.

    Raises
    ------
    StoreError
        The database cannot be opened or is from a newer loadwatch.
    """
    return Store(url)


__all__ = ["Store", "open_store", "store_exists"]
