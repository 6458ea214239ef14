"""Computed views shared between processes: read and save them, know when they are stale.

A shell that computes an athlete's view (the dashboard's snapshot, a figure)
keeps it in the store for the other processes serving the same athlete (a
team server's workers). A view is valid for one data version of the athlete,
one day and one format; the format folds in the shell's own layout,
loadwatch's version and the store's schema version (its latest migration),
so neither an upgrade nor a new column ever serves a stale view.
"""

from __future__ import annotations

import zlib
from functools import cache

from loadwatch import __version__
from loadwatch.store import Store
from loadwatch.store.migrations import MIGRATIONS

# The store's schema version: the latest migration this loadwatch applies.
SCHEMA_VERSION = max(version for version, _, _ in MIGRATIONS)

# What a view is computed from: (the athlete's data version, their day, ISO).
ViewKey = tuple[int, str]


def data_version(store: Store, *, athlete: str) -> int | None:
    """A number that changes whenever the athlete's data does (None: no such athlete)."""
    return store.data_version(athlete)


def view_format(layout: str) -> int:
    """The format number views of ``layout`` are saved under.

    Parameters
    ----------
    layout : str
        The shell's description of what its payloads hold and what wrote them
        (its layout number, the libraries' versions).

    Returns
    -------
    int
        A non-negative 31-bit number: it differs when the layout, loadwatch's
        version or the store's schema version (``SCHEMA_VERSION``) does.
    """
    return _format(layout, __version__, SCHEMA_VERSION)


@cache
def _format(layout: str, version: str, schema_version: int) -> int:
    text = f"{layout} loadwatch {version} schema {schema_version}"
    return zlib.crc32(text.encode()) & 0x7FFFFFFF


def cached_view(store: Store, *, athlete: str, name: str, key: ViewKey,
                layout: str) -> bytes | None:
    """The payload saved for exactly this view, key and format, else None.

    Parameters
    ----------
    store : Store
        Read only; a cache that cannot be read is a miss.
    athlete : str
    name : str
        The view's name (``snapshot``, ``figure:weekly``).
    key : (int, str)
        The athlete's data version and day the view was computed for.
    layout : str
        See :func:`view_format`.
    """
    return store.cached_view(athlete, name, (*key, view_format(layout)))


def save_view(store: Store, *, athlete: str, name: str, key: ViewKey, layout: str,
              payload: bytes) -> None:
    """Keep ``payload`` as the newest view of its name; see :func:`cached_view`.

    Views of the athlete saved for another key or format are dropped; an
    athlete the store does not hold gets none.
    """
    store.save_view(athlete, name, (*key, view_format(layout)), payload)
