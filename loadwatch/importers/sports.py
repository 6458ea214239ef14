"""Sport names from any source, in any language, as FIT's (sport, sub_sport).

Strava's activity types, Garmin Connect's activity types (in the languages it
exports), GPX/TCX type strings and Strava's numeric GPX types all end up as
FIT sport names (``running``, ``cycling``, ``walking``...), with trail,
treadmill, track and virtual variants as the sub-sport.
"""

from __future__ import annotations

import re

# Strava's numeric <type> in GPX exports (9 is Run).
STRAVA_GPX_TYPES = {"1": "Ride", "4": "Hike", "9": "Run", "10": "Walk", "2": "Alpine Ski",
                    "3": "Backcountry Ski", "5": "Ice Skate", "6": "Inline Skate",
                    "7": "Nordic Ski", "8": "Roller Ski", "11": "Workout", "16": "Swim",
                    "17": "Virtual Ride"}

# Lower-case words (any language) -> (sport, sub_sport). Longer phrases first.
_PHRASES: list[tuple[str, tuple[str, str | None]]] = [
    # running variants
    ("treadmill", ("running", "treadmill")), ("laufband", ("running", "treadmill")),
    ("tapis de course", ("running", "treadmill")), ("cinta", ("running", "treadmill")),
    ("tapis roulant", ("running", "treadmill")), ("loopband", ("running", "treadmill")),
    ("løbebånd", ("running", "treadmill")), ("löpband", ("running", "treadmill")),
    ("tredemølle", ("running", "treadmill")), ("passadeira", ("running", "treadmill")),
    ("esteira", ("running", "treadmill")), ("indoor run", ("running", "indoor_running")),
    ("virtual run", ("running", "virtual_activity")),
    ("trail", ("running", "trail")), ("traillauf", ("running", "trail")),
    ("track run", ("running", "track")), ("bahnlauf", ("running", "track")),
    ("piste", ("running", "track")), ("pista", ("running", "track")),
    ("ultra run", ("running", None)),
    # cycling variants
    ("virtual ride", ("cycling", "virtual_activity")), ("indoor cycling", ("cycling",
                                                                            "indoor_cycling")),
    ("mountain bik", ("cycling", "mountain")), ("gravel", ("cycling", "gravel_cycling")),
    ("e-bike", ("cycling", "e_bike_fitness")),
    # the base sports
    ("run", ("running", None)), ("lauf", ("running", None)), ("course", ("running", None)),
    ("carrera", ("running", None)), ("correr", ("running", None)), ("corsa", ("running", None)),
    ("hardlopen", ("running", None)), ("løb", ("running", None)), ("löp", ("running", None)),
    ("løp", ("running", None)), ("corrida", ("running", None)),
    ("ride", ("cycling", None)), ("cycl", ("cycling", None)), ("bik", ("cycling", None)),
    ("rad", ("cycling", None)), ("vélo", ("cycling", None)), ("ciclismo", ("cycling", None)),
    ("fietsen", ("cycling", None)), ("cykling", ("cycling", None)),
    ("swim", ("swimming", None)), ("schwimm", ("swimming", None)), ("natation", ("swimming",
                                                                                 None)),
    ("natación", ("swimming", None)), ("nuoto", ("swimming", None)), ("zwemmen", ("swimming",
                                                                                  None)),
    ("svøm", ("swimming", None)), ("simning", ("swimming", None)), ("natação", ("swimming",
                                                                                None)),
    ("hik", ("hiking", None)), ("wander", ("hiking", None)), ("randonnée", ("hiking", None)),
    ("senderismo", ("hiking", None)), ("escursionismo", ("hiking", None)),
    ("walk", ("walking", None)), ("gehen", ("walking", None)), ("marche", ("walking", None)),
    ("caminar", ("walking", None)), ("camminata", ("walking", None)), ("wandelen",
                                                                        ("walking", None)),
    ("gang", ("walking", None)), ("caminhada", ("walking", None)),
    ("row", ("rowing", None)), ("ski", ("cross_country_skiing", None)),
    ("weight", ("training", "strength_training")), ("strength", ("training",
                                                                 "strength_training")),
    ("yoga", ("training", "yoga")), ("workout", ("training", None)),
    ("paddl", ("stand_up_paddleboarding", None)),
]


def normalise_sport(raw: str | None) -> tuple[str, str | None]:
    """(FIT sport, sub-sport) for a source's sport text; ``generic`` when unknown."""
    if raw is None:
        return "generic", None
    text = str(raw).strip()
    text = STRAVA_GPX_TYPES.get(text, text)
    words = re.sub(r"[_\-]+", " ", text).lower()
    for phrase, result in _PHRASES:
        if phrase in words:
            return result
    return "generic", None
