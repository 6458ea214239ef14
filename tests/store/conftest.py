"""Helpers of the store's tests: a parsed run, as an importer hands it to the store."""

from __future__ import annotations

from loadwatch.importers.fit import read_fit
from loadwatch.models import ParsedFile
from tests.fitbuild import run_file


def parsed_run(seconds: int = 600, digest: str = "a" * 64, **kwargs) -> ParsedFile:
    """A ten-minute run read from a FIT file whose content hash is ``digest``."""
    return read_fit(run_file(seconds, **kwargs), source_name="run.fit", content_hash=digest)
