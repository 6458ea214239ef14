"""Athlete settings: the keys, their validation, their defaults and their effect.

Values are stored as the normalised text the user typed; ``effective()``
turns them into a typed :class:`Settings` (numbers, flags, a threshold speed
in m/s) for the metrics, the risk rules, the summary and the e-mail. Unknown
keys and bad values are refused with the valid choices. The keys and their
checks are in ``settings.keys``; the optional bone-stress profile (what it
asks, why, and its sources) in ``settings.bone``.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import available_timezones

from loadwatch.errors import UsageError
from loadwatch.settings.bone import BONE_KEYS
from loadwatch.settings.keys import SETTINGS, Setting, web_address
from loadwatch.units import pace_to_speed, parse_pace

log = logging.getLogger("loadwatch")

__all__ = ["SETTINGS", "Setting", "Settings", "check_consistent", "effective",
           "normalise", "parse_assignments", "setting_problem", "sound_settings",
           "threshold_speed", "web_address"]


def normalise(key: str, value: str) -> str:
    """The stored form of a setting's value.

    Parameters
    ----------
    key : str
        A key of :data:`SETTINGS`.
    value : str
        The value as typed, e.g. ``"4:30/KM "``.

    Returns
    -------
    str
        The normalised text that is stored, e.g. ``"4:30/km"``.

    Raises
    ------
    UsageError
        For an unknown key (naming the valid ones) or a bad value (saying what
        is valid).
    """
    if key not in SETTINGS:
        raise UsageError(f"unknown setting {key!r}; valid settings: {', '.join(SETTINGS)}")
    try:
        return SETTINGS[key].normalise(value)
    except ValueError as err:
        raise UsageError(f"bad value {value!r} for {key}: {err}") from None


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` words to normalised settings.

    Parameters
    ----------
    pairs : list of str
        Words such as ``"max_hr=190"``.

    Returns
    -------
    dict of str to str
        Each key's normalised value.

    Raises
    ------
    UsageError
        For a word without ``=`` or what :func:`normalise` refuses.
    """
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"expected KEY=VALUE, got {pair!r}")
        result[key.strip()] = normalise(key.strip(), value)
    return result


def check_consistent(values: Mapping[str, str]) -> None:
    """Check that the heart rates rise: resting < threshold < maximum.

    Parameters
    ----------
    values : mapping of str to str
        Stored settings; heart rates (bpm) that are not set are not compared.

    Raises
    ------
    UsageError
        Naming the two heart rates out of order.
    """
    order = [(k, int(values[k])) for k in ("resting_hr", "threshold_hr", "max_hr") if k in values]
    for (low_key, low), (high_key, high) in itertools.pairwise(order):
        if low >= high:
            raise UsageError(f"{low_key} ({low}) must be below {high_key} ({high})")


# Listing the zone database takes ~20 ms, and --send-due asks once per athlete.
_zone_names = functools.cache(available_timezones)


def machine_timezone() -> str:
    """The IANA time zone of the machine loadwatch runs on.

    Returns
    -------
    str
        The zone named by ``TZ``, ``/etc/timezone`` or ``/etc/localtime``, or
        ``"UTC"`` when none of them names a known zone.
    """
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    with contextlib.suppress(OSError, IndexError):
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    zones = _zone_names()
    return next((c for c in candidates if c in zones), "UTC")


@dataclass(frozen=True)
class Settings:
    """An athlete's effective settings, typed: what every number and message follows.

    Attributes
    ----------
    timezone : str
        IANA zone of the athlete's days.
    week_start : str
        First day of the athlete's week, a word of ``vocabulary.WEEKDAYS``.
    units : {"km", "mi"}
        Distance unit of text output.
    count_cross_training_load : bool
        Whether rides, swims and other sports count toward load.
    sex : {"male", "female"} or None
        Chooses the TRIMP constants (the men's when None).
    max_hr, resting_hr, threshold_hr : int or None
        Heart rates, bpm.
    threshold_pace : str or None
        Threshold pace as stored, ``m:ss/km`` or ``m:ss/mi``.
    email, summary_day : str or None
        Where and on which weekday the weekly summary goes (``--send-due``).
    smtp_host, smtp_from, smtp_user : str or None
        The SMTP server, the From address and the login.
    smtp_port : int or None
        SMTP port; None for the default (587 with STARTTLS, else 25).
    smtp_starttls : bool or None
        Whether to use STARTTLS; None when not set (STARTTLS is used).
    dashboard_url : str or None
        A link to the dashboard in summaries.
    prior_stress_fracture, irregular_periods : bool or None
        The bone-stress profile (``settings.bone``); None when not answered.
    low_energy_availability, low_bone_density : bool or None
        The rest of the profile, likewise.
    """

    timezone: str = "UTC"
    week_start: str = "monday"
    units: str = "km"
    count_cross_training_load: bool = False
    sex: str | None = None
    max_hr: int | None = None
    resting_hr: int | None = None
    threshold_hr: int | None = None
    threshold_pace: str | None = None
    email: str | None = None
    summary_day: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_from: str | None = None
    smtp_user: str | None = None
    smtp_starttls: bool | None = None
    dashboard_url: str | None = None
    prior_stress_fracture: bool | None = None
    irregular_periods: bool | None = None
    low_energy_availability: bool | None = None
    low_bone_density: bool | None = None

    @property
    def bone_profile(self) -> tuple[str, ...]:
        """The bone-stress profile's keys answered true, in ``settings.bone`` order."""
        return tuple(key for key in BONE_KEYS if getattr(self, key))

    @property
    def threshold_speed(self) -> float | None:
        """Threshold pace as a speed, m/s (None when not set)."""
        return threshold_speed(self.threshold_pace)

    @property
    def uses_starttls(self) -> bool:
        """Whether e-mail goes over STARTTLS (the default when not set)."""
        return self.smtp_starttls is not False

    @property
    def smtp_port_or_default(self) -> int:
        """The SMTP port: the one set, else 587 with STARTTLS and 25 without."""
        return self.smtp_port or (587 if self.uses_starttls else 25)

    def as_dict(self) -> dict[str, object]:
        """The settings as ``loadwatch settings --json`` prints them.

        Every key of :data:`SETTINGS` in order (SMTP port, STARTTLS and the
        bone-stress profile in their stored text form), then
        ``threshold_speed_ms`` (m/s).
        """
        values: dict[str, object] = {key: getattr(self, key) for key in SETTINGS}
        values["smtp_port"] = None if self.smtp_port is None else str(self.smtp_port)
        for key in ("smtp_starttls", *BONE_KEYS):
            answer = getattr(self, key)
            values[key] = None if answer is None else str(answer).lower()
        values["threshold_speed_ms"] = self.threshold_speed
        return values


DEFAULTS = {"week_start": "monday", "units": "km", "count_cross_training_load": "false"}


def effective(stored: Mapping[str, str]) -> Settings:
    """The settings the metrics, summary and e-mail use: typed, defaults filled.

    Parameters
    ----------
    stored : mapping of str to str
        The athlete's stored settings (normalised text); bad ones are ignored
        with a warning (see :func:`sound_settings`).

    Returns
    -------
    Settings
        Week start Monday, units km, no cross-training load and this machine's
        time zone unless set.
    """
    values = {**DEFAULTS, "timezone": machine_timezone(), **sound_settings(stored)}
    get = values.get

    def _whole_or_none(key: str) -> int | None:
        return None if key not in values else int(values[key])

    def _yes_or_none(key: str) -> bool | None:
        return None if key not in values else values[key] == "true"

    return Settings(
        timezone=values["timezone"], week_start=values["week_start"], units=values["units"],
        count_cross_training_load=values["count_cross_training_load"] == "true",
        sex=get("sex"), max_hr=_whole_or_none("max_hr"), resting_hr=_whole_or_none("resting_hr"),
        threshold_hr=_whole_or_none("threshold_hr"), threshold_pace=get("threshold_pace"),
        email=get("email"), summary_day=get("summary_day"), smtp_host=get("smtp_host"),
        smtp_port=_whole_or_none("smtp_port"), smtp_from=get("smtp_from"),
        smtp_user=get("smtp_user"),
        smtp_starttls=_yes_or_none("smtp_starttls"), dashboard_url=get("dashboard_url"),
        **{key: _yes_or_none(key) for key in BONE_KEYS})


def setting_problem(key: str, value: str) -> str | None:
    """Why a stored setting is not valid.

    Parameters
    ----------
    key, value : str
        The stored setting.

    Returns
    -------
    str or None
        An unknown key or a bad value, as :func:`normalise` says it; None if valid.
    """
    try:
        normalise(key, value)
    except UsageError as err:
        return str(err)
    return None


def sound_settings(stored: Mapping[str, str]) -> dict[str, str]:
    """The stored settings that are valid.

    A bad one (left by an older version or written by hand) is ignored with a
    warning, so its default applies.

    Parameters
    ----------
    stored : mapping of str to str
        The athlete's stored settings.

    Returns
    -------
    dict of str to str
        The valid ones, in their order.
    """
    result = {}
    for key, value in stored.items():
        problem = setting_problem(key, value)
        if problem is None:
            result[key] = value
        else:
            log.warning("setting ignored: %s (loadwatch check --repair removes it)", problem)
    return result


def threshold_speed(pace: str | None) -> float | None:
    """A stored threshold pace as a speed.

    Parameters
    ----------
    pace : str or None
        ``m:ss/km`` or ``m:ss/mi`` as stored, e.g. ``"4:30/km"``.

    Returns
    -------
    float or None
        Speed, m/s (``"4:30/km"`` is 1000 / 270 = 3.70 m/s); None without a pace.

    Raises
    ------
    ValueError
        For text that is not a pace.
    """
    if not pace:
        return None
    seconds, unit = parse_pace(pace)
    return pace_to_speed(seconds, unit)
