"""The importers' vocabularies as data: JSON tables in ``importers/vocabulary/``.

Header names, month names and sport names in the languages Strava and Garmin
Connect export are kept there, one table per source, and loaded once. Texts are
compared through ``key``: case, accents, dots and repeated spaces do not count.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files


@cache
def table(name: str) -> dict:
    """The vocabulary ``vocabulary/<name>.json``, parsed once per process."""
    text = (files("loadwatch.importers") / "vocabulary" / f"{name}.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """``text`` as the vocabularies compare it: 'Max. Herzfrequenz' -> 'max herzfrequenz'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace(".", " ").split())
