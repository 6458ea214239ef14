"""XML hygiene shared by the GPX and TCX readers.

Activity files have no use for a DTD: one that declares entities is refused
before any parser sees it (no entity expansion, no "billion laughs", no
external fetches), and TCX is parsed with defusedxml on top.
"""

from __future__ import annotations

import re

from loadwatch.errors import CorruptFile

_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def clean_xml(data: bytes, name: str) -> bytes:
    """The document without a byte-order mark or whitespace before it; DTDs refused."""
    text = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    found = _DTD.search(text[:65536])
    if found:
        raise CorruptFile("XML with a DTD or entity declarations is refused", path=name,
                          offset=found.start())
    return text
