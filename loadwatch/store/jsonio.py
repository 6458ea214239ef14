"""JSON in the store: written strictly, so that every reader accepts it.

The standard library writes ``NaN`` and ``Infinity``, which are not JSON:
orjson's strict reader (and every other language's) refuses them, and one
such value once made every read of an athlete fail. orjson writes them as
null instead, so a value that was never a number is stored as no value.
"""

from __future__ import annotations

import json

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dumps(value: object) -> str:
    """``value`` as strict JSON text; non-finite numbers become null."""
    return orjson.dumps(value, option=_OPTIONS).decode()


def loads(text: str | bytes) -> object:
    """Parse stored JSON; raises ValueError when it is not JSON at all.

    Text written by older versions may hold ``NaN`` or ``Infinity``: it is
    read with those as None (what :func:`dumps` now writes), so a store
    written before this change still reads.
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text, parse_constant=lambda _constant: None)


def is_valid(text: str | bytes | None) -> bool:
    """Whether ``text`` parses as strict JSON."""
    if text is None:
        return False
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return True
