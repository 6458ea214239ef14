"""XML hygiene shared by the GPX and TCX readers.

Activity files have no use for a DTD: any document with a DOCTYPE or ENTITY
declaration is refused before a parser sees it. Without a DTD there is no
entity to expand (no "billion laughs") and nothing external to fetch, so the
standard library's C parser is then safe to use, which is what defusedxml
would otherwise guard (and several times slower, with its Python callbacks).
"""

from __future__ import annotations

import re

from loadwatch.errors import CorruptFile

_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def clean_xml(data: bytes, name: str) -> bytes:
    """The document without a byte-order mark or whitespace before it; DTDs refused."""
    text = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    found = _DTD.search(text)
    if found:
        raise CorruptFile("XML with a DTD or entity declarations is refused", path=name,
                          offset=found.start())
    return text
