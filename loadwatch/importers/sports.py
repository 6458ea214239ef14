"""Sport names from any source, in any language, as FIT's (sport, sub_sport).

Strava's activity types (``Run``, ``TrailRun``, or ``Lauf`` in German), Garmin
Connect's (``Treadmill Running``, ``Laufen``), GPX/TCX type strings, Strava's
numeric GPX types and training-log words all end up as FIT sport names
(``running``, ``cycling``, ``cross_country_skiing``...), with trail, treadmill,
track and virtual variants as the sub-sport.

The names are data (``vocabulary/sports.json``) and match as whole words, the
longest phrase first: a word is never found inside another, so German compounds
ending in "lauf" are runs only when listed as runs (``Dauerlauf``), and
``Skilanglauf``, ``Eislaufen`` or ``Schneeschuhlaufen`` are what they are.
"""

from __future__ import annotations

import re
from functools import cache

from loadwatch.importers.vocab import key, table

# Between words: anything but letters and digits (hyphens, slashes, underscores, commas).
_SEPARATORS = re.compile(r"[^\w']+|_")
# CamelCase boundaries in Strava's sport types: TrailRun, EBikeRide.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@cache
def _phrases() -> tuple[dict[str, tuple[str, str | None]], int]:
    """Every sport word or phrase (as ``key`` spells it) -> (sport, sub_sport); longest phrase."""
    phrases: dict[str, tuple[str, str | None]] = {}
    for entry in table("sports")["sports"]:
        sport, sub_sport = entry["fit"]
        for words in entry["words"].values():
            for word in words:
                phrases[" ".join(_words(word))] = (sport, sub_sport)
    return phrases, max(len(p.split()) for p in phrases)


def _words(text: str) -> list[str]:
    """The words of a sport name: 'TrailRun' -> ['trail', 'run']; 'E-Bike-Fahrt' -> 3 words."""
    spaced = _CAMEL.sub(" ", text)
    return [w.strip("'") for w in _SEPARATORS.split(key(spaced)) if w.strip("'")]


def normalise_sport(raw: str | None) -> tuple[str, str | None]:
    """(FIT sport, sub-sport) for a source's sport text; ``generic`` when unknown."""
    if raw is None:
        return "generic", None
    text = str(raw).strip()
    text = table("sports")["strava_gpx_types"].get(text, text)
    words = _words(text)
    phrases, longest = _phrases()
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            found = phrases.get(" ".join(words[start:start + size]))
            if found is not None:
                return found
    return "generic", None
