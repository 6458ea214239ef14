"""Column names of activity lists, in any language their source writes.

Each source has a vocabulary (``vocabulary/<source>.json``): for every field
loadwatch reads, its header names per language; the columns known to be of no
use (so they are passed over without a word); and words that make an unknown
column look like one that matters (so it is named in the file's warnings).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from loadwatch.importers.vocab import key, table

_TAG = re.compile(r"<[^>]+>")
_UNIT = re.compile(r"\s*\(([^)]*)\)$")
# How many unknown columns a warning names before it counts the rest.
NAMED_COLUMNS = 4


def clean(name: str) -> str:
    """A header cell without HTML, a byte-order mark or surrounding space."""
    return _TAG.sub("", name).replace("\ufeff", "").strip()


def header_keys(name: str) -> tuple[str, ...]:
    """The keys a header is looked up by: whole, then without a '(unit)' at its end."""
    whole = key(clean(name))
    bare = _UNIT.sub("", whole)
    return (whole, bare) if bare != whole else (whole,)


def header_unit(name: str) -> str | None:
    """The unit a header names at its end: 'Distanz (km)' -> 'km'."""
    found = _UNIT.search(clean(name).lower())
    return found[1].strip() if found else None


@cache
def _index(source: str) -> tuple[dict[str, tuple[str, str]], frozenset[str], tuple[str, ...]]:
    """(header key -> (field, language), known unused keys, relevant words) of a source."""
    vocabulary = table(source)
    names = {}
    for name, languages in vocabulary["fields"].items():
        for language, spellings in languages.items():
            for spelling in spellings:
                names.setdefault(key(spelling), (name, language))
    unused = frozenset(key(n) for names_ in vocabulary.get("unused", {}).values()
                       for n in names_)
    return names, unused, tuple(key(w) for w in vocabulary.get("relevant_words", ()))


@dataclass
class Columns:
    """Where a file's fields are: every position of each (names repeat in Strava's list)."""

    positions: dict[str, list[int]] = field(default_factory=dict)
    language: str | None = None
    unknown: list[str] = field(default_factory=list)
    relevant: list[str] = field(default_factory=list)

    def first(self, name: str) -> int | None:
        """The column of ``name``'s first occurrence (Strava repeats fields)."""
        found = self.positions.get(name)
        return found[0] if found else None

    def last(self, name: str) -> int | None:
        """The column of ``name``'s last occurrence."""
        found = self.positions.get(name)
        return found[-1] if found else None

    def __contains__(self, name: str) -> bool:
        return name in self.positions

    def warning(self) -> str | None:
        """'columns not read: A, B (+12 more)', or None when every column is known."""
        if not self.unknown:
            return None
        named = self.relevant[:NAMED_COLUMNS]
        rest = len(self.unknown) - len(named)
        if not named:
            return f"{rest} columns not read"
        more = f" (+{rest} more)" if rest else ""
        return f"columns not read: {', '.join(named)}{more}"


def map_columns(header: list[str], source: str) -> Columns:
    """The fields of ``source``'s vocabulary found in ``header``, and the columns left over."""
    names, unused, relevant_words = _index(source)
    columns, languages = Columns(), Counter()
    for position, cell in enumerate(header):
        keys = header_keys(cell)
        found = next((names[k] for k in keys if k in names), None)
        if found is not None:
            columns.positions.setdefault(found[0], []).append(position)
            languages[found[1]] += 1
        elif clean(cell) and not any(k in unused for k in keys):
            columns.unknown.append(clean(cell))
            if any(word in keys[0] for word in relevant_words):
                columns.relevant.append(clean(cell))
    columns.language = languages.most_common(1)[0][0] if languages else None
    return columns


def decimal_comma(source: str, language: str | None) -> bool:
    """Whether ``source`` writes numbers for readers with a decimal comma in ``language``."""
    return language in table(source).get("decimal_comma", ())
