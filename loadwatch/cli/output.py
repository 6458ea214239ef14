"""One way to print a listing: a table for people, JSON or CSV for programs.

Modelled on sqlite-utils' ``output_rows``: a listing command hands over its
rows (plain, JSON-ready mappings, as ``loadwatch.service`` returns them) and
the columns a person reads, and :func:`output_rows` prints them as a table
(tabulate), JSON (the rows as they are, at full precision) or CSV (the csv
module, the same keys as the JSON). Table cells are written for a runner:
local times, distances in the athlete's unit, paces as m:ss, durations as
h:mm:ss.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import click
import tabulate

from loadwatch.errors import UsageError
from loadwatch.service.listings import plain
from loadwatch.units import format_distance, format_duration, format_pace

FORMATS = ("table", "json", "csv")
# Prose columns (why, what to do, notes) never get narrower than this.
MIN_PROSE_WIDTH = 36


def format_options(command: Callable) -> Callable:
    """Give a listing command ``--format table|json|csv`` and ``--json`` (its shorthand).

    The command receives one keyword argument, ``fmt``.

    Parameters
    ----------
    command : callable
        The command's function (before ``click.command``).

    Returns
    -------
    callable
        The function with both options.
    """
    @functools.wraps(command)
    def with_format(*args: Any, as_json: bool = False, fmt: str | None = None,
                    **kwargs: Any) -> Any:
        return command(*args, fmt=chosen_format(as_json=as_json, fmt=fmt), **kwargs)

    with_format = click.option("--json", "as_json", is_flag=True,
                               help="Shorthand for --format json.")(with_format)
    return click.option("--format", "fmt", type=click.Choice(FORMATS),
                        help="table (the default, to read), json or csv (every field at "
                             "full precision, in the unit its name says).")(with_format)


def chosen_format(*, as_json: bool, fmt: str | None) -> str:
    """The format asked for: ``--json`` is ``--format json``; default table.

    Raises
    ------
    UsageError
        ``--json`` together with another ``--format``.
    """
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json is short for --format json: give one or the other, "
                         f"not --json with --format {fmt}")
    return "json" if as_json else fmt or "table"


@dataclass(frozen=True)
class Column:
    """A column of a table: its title and how a row's cell is written.

    Attributes
    ----------
    title : str
        The header.
    cell : callable
        Row (a mapping) to the cell's text, one line or several.
    align : {"left", "right"}
        Numbers right, words left.
    wrap : bool
        Prose: wrapped to share what the terminal's width leaves.
    """

    title: str
    cell: Callable[[Mapping[str, Any]], str]
    align: Literal["left", "right"] = "left"
    wrap: bool = False


def output_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], fmt: str, *,
                data: Any = None, footer: Iterable[str] = (), empty: str | None = None,
                table: Sequence[Mapping[str, Any]] | None = None) -> None:
    """Print a listing as a table, JSON or CSV.

    Parameters
    ----------
    rows : sequence of mapping
        Plain, JSON-ready rows; JSON and CSV carry them whole.
    columns : sequence of Column
        What the table shows of each row.
    fmt : {"table", "json", "csv"}
        The format.
    data : Any, optional
        What JSON prints instead of ``rows`` (an object rather than a list).
    footer : iterable of str
        Lines under the table (notes on the numbers); tables only.
    empty : str, optional
        The table's text when there are no rows.
    table : sequence of mapping, optional
        What the table reads instead of ``rows`` (the rows with what only the
        table words, such as a command to type).
    """
    if fmt == "json":
        click.echo(to_json(rows if data is None else data))
    elif fmt == "csv":
        click.echo(to_csv(rows), nl=False)
    else:
        if rows:
            click.echo(to_table(rows if table is None else table, columns))
        elif empty:
            click.echo(empty)
        width = terminal_width()
        for line in footer:
            click.echo(textwrap.fill(line, width) if width else line)


def to_json(value: Any) -> str:
    """JSON with two-space indents, NaN as null, numpy and pandas values as plain ones."""
    return json.dumps(plain(value), indent=2)


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV with a header row of every key; lists and objects in a cell as compact JSON.

    Parameters
    ----------
    rows : sequence of mapping
        The rows; keys in the order first seen.

    Returns
    -------
    str
        Nothing for no rows.
    """
    keys = list(dict.fromkeys(key for row in rows for key in row))
    if not keys:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in plain([dict(row) for row in rows]):
        writer.writerow([_csv_cell(row.get(key)) for key in keys])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def to_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column],
             width: int | None = None) -> str:
    """A plain-text table (tabulate's "simple" layout), its prose wrapped to ``width``.

    Parameters
    ----------
    rows : sequence of mapping
        The rows.
    columns : sequence of Column
        What to show of each; put a prose column last, so that its wrapped
        lines read on under each other.
    width : int, optional
        The width to wrap prose to; default the terminal's, and no wrapping
        when the output is not a terminal (a pipe or a file keeps each text
        on one line, for grep).

    Returns
    -------
    str
        Header, rule and one line (or several, for wrapped prose) per row.
    """
    width = width or terminal_width()
    cells = [[column.cell(row) for column in columns] for row in rows]
    widths = _prose_widths(cells, columns, width)
    padding, tabulate.MIN_PADDING = tabulate.MIN_PADDING, 0  # headers as narrow as cells
    try:
        text = tabulate.tabulate(cells, headers=[c.title for c in columns], tablefmt="simple",
                                 colalign=[c.align for c in columns], disable_numparse=True,
                                 maxcolwidths=widths)
    finally:
        tabulate.MIN_PADDING = padding
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(_spaced(lines) if _tall(cells, widths) else lines)


def _spaced(lines: list[str]) -> list[str]:
    """A blank line before each row but the first (a row starts where its first cell does)."""
    header, rule, *body = lines
    first = len(rule.split(" ")[0])
    spaced = [header, rule]
    for number, line in enumerate(body):
        if number and line[:first].strip():
            spaced.append("")
        spaced.append(line)
    return spaced


def terminal_width() -> int | None:
    """The terminal's width; None when the output is not a terminal (nothing is wrapped)."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _tall(cells: list[list[str]], widths: list[int | None]) -> bool:
    """Whether some row takes more than one line (several lines, or prose to wrap)."""
    return any("\n" in cell or (width is not None and len(cell) > width)
               for row in cells for cell, width in zip(row, widths, strict=True))


def _prose_widths(cells: list[list[str]], columns: Sequence[Column],
                  width: int | None) -> list[int | None]:
    """The width of each prose column: what the other columns leave, shared."""
    prose = [i for i, column in enumerate(columns) if column.wrap]
    if width is None or not prose:
        return [None] * len(columns)
    fixed = sum(max([len(column.title), *(_longest_line(row[i]) for row in cells)])
                for i, column in enumerate(columns) if not column.wrap)
    left = width - fixed - 2 * (len(columns) - 1)
    share = max(MIN_PROSE_WIDTH, left // len(prose))
    return [share if column.wrap else None for column in columns]


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


# Cells ---------------------------------------------------------------------------------
def distance(metres: float | None, unit: str) -> str:
    """Metres in the athlete's unit (km or mi), two decimals; "" when unknown."""
    return format_distance(metres, unit)


def duration(seconds: float | None) -> str:
    """Seconds as h:mm:ss (``1:20:32``); "" when unknown."""
    return format_duration(seconds)


def pace(metres: float | None, seconds: float | None, unit: str) -> str:
    """Minutes and seconds per km or mile (``5:45/km``); "" without distance or time."""
    if _missing(metres) or _missing(seconds) or not metres or not seconds:
        return ""
    return format_pace(metres / seconds, unit)


def number(value: float | None, digits: int) -> str:
    """A number with ``digits`` decimals; "" when unknown."""
    return "" if _missing(value) else f"{value:.{digits}f}"


def text(value: Any) -> str:
    """A value as text; "" for None."""
    return "" if _missing(value) else str(value)


def words(value: str | None) -> str:
    """An identifier as words: ``see_clinician`` -> ``see clinician``."""
    return "" if value is None else value.replace("_", " ")


def no_runs(athlete: str) -> str:
    """What a listing says before anything is imported."""
    return f"No activities for {athlete} yet: try 'loadwatch import FILES'."


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
