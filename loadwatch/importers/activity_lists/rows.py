"""What every activity-list reader shares: rows, their dates, and what a row left out says."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from loadwatch.errors import UnitsNeeded
from loadwatch.importers.activity_lists.cells import (
    MISSING,
    duration_seconds,
    number,
    plain_number,
)
from loadwatch.importers.activity_lists.dates import date_problem, parse_moment
from loadwatch.units import METRES_PER as METRES_PER_UNIT

Row = tuple[int, list[str]]
"""A CSV record and its number in the file (the header is record 1)."""

# The units an activity list writes distances in: the athlete's units, or metres.
METRES_PER = {**METRES_PER_UNIT, "m": 1.0}
FEET = 0.3048


def cell(row: list[str], index: int | None) -> str | None:
    """The text at ``index``, or None for a missing column or a short row."""
    return row[index] if index is not None and index < len(row) else None


# The fields whose cells become numbers: a cell that holds text but gives none
# ('inf', '1e308', '-5', 'abc') is left empty and reported.
NUMBER_FIELDS = ("distance", "time", "moving", "elapsed", "avg_hr", "max_hr", "ascent")
ROWS_NAMED = 5


def note_unusable_cells(rows: list[Row], positions: Mapping[str, list[int]],
                        warnings: list[str]) -> None:
    """One warning per field whose cells hold text that is no usable value.

    ``positions``: each field's column positions (Strava repeats some names).
    The rows are named, a few at most, so that the runner can correct them.
    """
    for name in NUMBER_FIELDS:
        bad = [number_ for number_, row in rows for index in positions.get(name, [])
               if _unusable(cell(row, index))]
        if bad:
            shown = ", ".join(map(str, bad[:ROWS_NAMED])) + (
                f" (+{len(bad) - ROWS_NAMED} more)" if len(bad) > ROWS_NAMED else "")
            warnings.append(f"{name.replace('_', ' ')}: {len(bad)} "
                            f"cell{'s' if len(bad) > 1 else ''} with no usable value "
                            f"(row{'s' if len(bad) > 1 else ''} {shown}); left empty")


def _unusable(text: str | None) -> bool:
    text = (text or "").strip()
    if text.lower() in MISSING:
        return False
    return all(parse(text) is None for parse in (number, plain_number, duration_seconds))


def row_moment(text: str | None, zone: tzinfo, number: int, warnings: list[str]):
    """The row's start (aware), or None with a warning naming the row."""
    moment = parse_moment(text, zone)
    if moment is None:
        shown = (text or "").strip()[:40]
        warnings.append(f"row {number}: no readable date" + (f" ({shown!r})" if shown else "")
                        + "; left out")
        return None
    problem = date_problem(moment)
    if problem is not None:
        warnings.append(f"row {number}: {problem}; left out")
        return None
    return moment


def given_unit(options: Mapping[str, object]) -> float | None:
    """Metres per distance unit the user gave (``--units``), or None."""
    unit = options.get("units")
    return METRES_PER[str(unit)] if unit in METRES_PER else None


def ask_for_units(source_name: str, why: str = "") -> UnitsNeeded:
    """The error that asks for ``--units``."""
    return UnitsNeeded(f"{source_name}: the distance unit of this file cannot be told{why}: "
                       f"{UnitsNeeded.hint}")
