"""Field cases B2 and B5 (../shared/regressions/imports): every value EXPECTED.tsv holds.

B2: Strava's activities.csv from an account set to German (translated headers,
dates as 12.03.2023, 07:05:10, decimal commas, repeated columns). B5: a training
log whose sport names contain "lauf" without being runs (Skilanglauf, Langlauf,
Eislaufen, Schneeschuhlaufen). Each case is imported through the command line
into a fresh SQLite store with the settings OPTIONS.tsv gives, and read back
with ``activities``, ``days`` and ``weeks --json``, as check.py does.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from loadwatch.cli import main
from tests.conftest import CORPUS

CASES = CORPUS.parent / "regressions" / "imports"
MINE = ("B2", "B5")


def _table(name: str) -> list[dict]:
    if not (CASES / name).is_file():
        return []
    with (CASES / name).open(newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _cases():
    options = {row["case"]: row for row in _table("OPTIONS.tsv")}
    if not options:
        return [pytest.param(None, [], id="regressions-absent")]
    expected = _table("EXPECTED.tsv")
    return [pytest.param(options[case], _for(expected, options[case]),
                         id=case) for case in MINE]


def _run(url: str, *args: str):
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _holds(actual, expected: str, tolerance: str) -> bool:
    """EXPECTED.tsv's syntax: 'a|b' either, '!x' anything but x, 'null' no value."""
    return any(_holds_one(actual, alternative, float(tolerance or 0))
               for alternative in expected.split("|"))


def _holds_one(actual, alternative: str, tolerance: float) -> bool:
    if alternative == "null":
        return actual is None
    if alternative.startswith("!"):
        return actual is not None and str(actual) != alternative[1:]
    if actual is None:
        return False
    if isinstance(actual, str) and "T" in alternative and alternative[4:5] == "-":
        return abs((_instant(actual) - _instant(alternative)).total_seconds()) <= tolerance
    if isinstance(actual, int | float) and not isinstance(actual, bool):
        return abs(actual - float(alternative)) <= tolerance + 1e-9
    return str(actual) == alternative
    return False


def _imported(case: dict, tmp_path: Path) -> tuple[list[dict], dict[str, list]]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    if case["settings"]:
        _run(url, "settings", "set", *case["settings"].split())
    args = (case["import_args"] or "").split()
    report = json.loads(_run(url, "import", "--json", *args, str(CASES / case["input"])).stdout)
    reads = {name: json.loads(_run(url, name, "--json").stdout)
             for name in ("activities", "days", "weeks")}
    reads["activities"].sort(key=lambda a: _instant(a["start_time"]))
    return report, reads


def _value(field: str, report: list[dict], reads: dict[str, list]):
    if field == "status":
        return ",".join(sorted({entry["status"] for entry in report}))
    if field == "n_activities":
        return len(reads["activities"])
    if field.startswith(("day:", "week:")):
        kind, rest = field.split(":", 1)
        wanted, name = rest.rsplit(".", 1)
        rows = reads["days" if kind == "day" else "weeks"]
        date_key = "date" if kind == "day" else "week_start"
        return next((row.get(name) for row in rows if row.get(date_key) == wanted), "<missing>")
    index, name = field.split(".", 1)
    position = int(index[1:]) - 1
    activities = reads["activities"]
    return activities[position].get(name) if position < len(activities) else "<missing>"


def _for(expected: list[dict], case: dict) -> list[dict]:
    return [row for row in expected if row["file"] == case["input"]]


@pytest.mark.parametrize(("case", "expected"), _cases())
def test_field_case_values(case, expected, tmp_path):
    if case is None:
        pytest.skip(f"{CASES} is absent (../shared ships beside the project only in CI and "
                    "on developer machines)")
    assert expected, f"EXPECTED.tsv has no values for {case['input']}"
    report, reads = _imported(case, tmp_path)
    wrong = []
    for row in expected:
        got = _value(row["field"], report, reads)
        if got == "<missing>" or not _holds(got, row["expected"], row["tolerance"]):
            wrong.append(f"{row['field']} is {got!r}, want {row['expected']} "
                         f"(±{row['tolerance'] or 0})")
    assert not wrong, f"{case['case']} {case['input']}: " + "; ".join(wrong)


def test_the_german_strava_list_reads_every_column_it_needs():
    path = CASES / "strava_de_activities.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared ships beside the project only in CI)")
    from loadwatch.importers.csv_formats import read_csv

    parsed = read_csv(path.read_bytes(), source_name=path.name, content_hash="h", options={})
    assert parsed.decoder == "csv:strava"
    assert parsed.warnings == []
    second = parsed.activities[1].activity
    assert second.max_hr is None
    assert second.avg_hr is None
