"""An athlete's settings: read them, and change them with every check in one place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from loadwatch.errors import SettingsRefused, UsageError
from loadwatch.settings import (
    SETTINGS,
    Settings,
    check_consistent,
    effective,
    normalise,
    sound_settings,
)
from loadwatch.store import Store

# The heart rates hrTSS needs (and the zones one of): the banner's "missing" list.
HEART_RATE_SETTINGS = ("max_hr", "resting_hr", "threshold_hr")


def athlete_settings(store: Store, *, athlete: str) -> tuple[dict[str, str], Settings]:
    """The settings the athlete stored, and the effective ones (defaults filled in).

    An unknown athlete is not created: both answers are the defaults' view of nothing.
    """
    stored = store.settings(athlete)
    return stored, effective(stored)


def change_settings(store: Store, *, athlete: str, changes: Mapping[str, str],
                    clear: Iterable[str] = ()) -> dict[str, str]:
    """Check and store settings; metrics follow at once, nothing is re-imported.

    Every value is checked before anything is stored: one bad value stores
    none. The change raises the athlete's data version, so every computed view
    (the dashboard's charts) is computed again.

    Parameters
    ----------
    changes : mapping of str to str
        Setting names to values as a user types them (``"4:30/km"``, ``"mi"``).
    clear : iterable of str
        Settings to remove (their defaults apply again).

    Returns
    -------
    dict
        The athlete's stored settings after the change.

    Raises
    ------
    SettingsRefused
        An unknown setting, a bad value (naming what is valid), or heart rates
        that do not rise from resting to threshold to maximum; ``problems``
        says which key was refused and why.
    """
    values, problems, messages = {}, {}, []
    for key, value in changes.items():
        try:
            values[key] = normalise(key, value)
        except UsageError as err:
            messages.append(str(err))
            problems[key] = str(err).partition(f" for {key}: ")[2] or str(err)
    remove = tuple(dict.fromkeys(key for key in clear if key not in values))
    for key in (key for key in remove if key not in SETTINGS):
        try:
            normalise(key, "")
        except UsageError as err:  # an unknown setting
            messages.append(str(err))
            problems[key] = str(err)
    if not problems:
        problems, messages = _inconsistent(store, athlete, values, remove)
    if problems:
        raise SettingsRefused("; ".join(messages), problems)
    store.set_settings(athlete, values, remove)
    return store.settings(athlete)


def _inconsistent(store: Store, athlete: str, values: dict[str, str],
                  remove: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """Heart rates that would not rise, as the refused keys (those changed, else all named)."""
    merged = {**sound_settings(store.settings(athlete)), **values}
    try:
        check_consistent({key: value for key, value in merged.items() if key not in remove})
    except UsageError as err:
        named = [key for key in HEART_RATE_SETTINGS if key in str(err)]
        return {key: str(err) for key in ([k for k in named if k in values] or named)}, [
            str(err)]
    return {}, []


@dataclass(frozen=True)
class HeartRateGap:
    """Heart-rate settings the athlete has not set, and what the numbers lose without them.

    Attributes
    ----------
    missing : tuple of str
        Keys of ``HEART_RATE_SETTINGS`` not set.
    lost : tuple of str
        What goes without them, in words (``"the heart-rate zone charts are empty"``).
    """

    missing: tuple[str, ...]
    lost: tuple[str, ...]


def heart_rate_gap(settings: Settings) -> HeartRateGap | None:
    """What is missing while maximum, resting or threshold heart rate is not set.

    Parameters
    ----------
    settings : Settings
        The athlete's effective settings.

    Returns
    -------
    HeartRateGap or None
        None when all three are set. Zones need the maximum or threshold heart
        rate; a load from heart rate (TRIMP, hrTSS) needs all three, else it
        comes from threshold pace (rTSS), the RPE given or the duration.
    """
    missing = tuple(key for key in HEART_RATE_SETTINGS if getattr(settings, key) is None)
    if not missing:
        return None
    lost = []
    if settings.max_hr is None and settings.threshold_hr is None:
        lost.append("the heart-rate zone charts are empty")
    instead = ("from pace against your threshold pace (rTSS)" if settings.threshold_pace
               else "from its duration (or the RPE you gave)")
    lost.append(f"each run's load is estimated {instead} instead of from your heart rate "
                "(TRIMP, hrTSS)")
    return HeartRateGap(missing, tuple(lost))
