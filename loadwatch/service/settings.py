"""An athlete's settings: read them, and change them with every check in one place."""

from __future__ import annotations

from collections.abc import Mapping

from loadwatch.settings import Settings, check_consistent, effective, normalise
from loadwatch.store import Store


def athlete_settings(store: Store, *, athlete: str) -> tuple[dict[str, str], Settings]:
    """The settings the athlete stored, and the effective ones (defaults filled in).

    An unknown athlete is not created: both answers are the defaults' view of nothing.
    """
    stored = store.settings(athlete)
    return stored, effective(stored)


def change_settings(store: Store, *, athlete: str,
                    changes: Mapping[str, str]) -> dict[str, str]:
    """Check and store settings; metrics follow at once, nothing is re-imported.

    Parameters
    ----------
    changes : mapping of str to str
        Setting names to values as a user types them (``"4:30/km"``, ``"mi"``).

    Returns
    -------
    dict
        The athlete's stored settings after the change.

    Raises
    ------
    UsageError
        An unknown setting, a bad value (naming what is valid), or heart rates
        that do not rise from resting to threshold to maximum.
    """
    values = {key: normalise(key, value) for key, value in changes.items()}
    check_consistent({**store.settings(athlete), **values})
    store.set_settings(athlete, values)
    return store.settings(athlete)
