"""How often the risk engine raises cards on real histories, before and after, and how fast.

Run: ``python benchmarks/bench_risk_histories.py [--corpus ../shared/corpus/csv]
[--base REV] [--years 10] [--no-speed]``.

For two trees, the rules of ``git merge-base HEAD main`` (or ``--base``),
extracted with ``git archive`` into a temporary folder, and this tree, each
measured in its own subprocess that imports loadwatch from that tree:

- every real history of the corpus (StravaData, Strava_Analysis, and
  running_stats with ``--units km``) is imported into a fresh temporary SQLite
  store through the library (``service.imports.import_paths``), and its risk
  flags are counted per 100 weeks that hold a run: the weeks with a high or
  urgent card, the weeks with a caution or above, and the cards per week that
  has any card (a card is one flag; a week is the athlete's week of its
  ``week_start``, else of its date);
- ``risk_flags`` is timed on ten years of daily runs (``bench_metrics.fill``,
  the load-scale data), best of 15.

Targets (issue 15): at most 10 high weeks and 30 caution-or-above weeks per 100
running weeks, at most 1.5 cards per flagged week, on every history.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HISTORIES = (("StravaData__activities.csv", None), ("Strava_Analysis__activities.csv", None),
             ("running_stats__Activities.csv", "km"))
TARGETS = {"high_per_100": 10.0, "caution_per_100": 30.0, "cards_per_flagged_week": 1.5}
HIGH = ("high", "urgent")
CAUTION = ("caution", "high", "urgent")


def measure(flags, weeks, week_start: str = "monday") -> dict[str, float]:
    """The three figures of one history.

    Parameters
    ----------
    flags : list of Flag
        Every risk flag of the history.
    weeks : pandas.DataFrame
        ``weekly_metrics`` (``runs`` per week).
    week_start : str
        The athlete's first day of the week.

    Returns
    -------
    dict
        ``running_weeks``, ``high_per_100``, ``caution_per_100``,
        ``cards_per_flagged_week`` and ``cards``.
    """
    from loadwatch.metrics.calendar import week_of

    running = int((weeks["runs"] > 0).sum())
    by_week: dict[date, list[str]] = {}
    for item in flags:
        if item.date is None:
            continue
        week = item.week_start or week_of(item.date, week_start)
        by_week.setdefault(week, []).append(item.severity)
    high = sum(1 for s in by_week.values() if set(s) & set(HIGH))
    caution = sum(1 for s in by_week.values() if set(s) & set(CAUTION))
    cards = sum(len(s) for s in by_week.values())
    return {"running_weeks": running, "high_per_100": 100 * high / max(running, 1),
            "caution_per_100": 100 * caution / max(running, 1),
            "cards_per_flagged_week": cards / max(len(by_week), 1), "cards": cards}


def history_figures(corpus: Path) -> dict[str, dict[str, float]]:
    """Each history of ``corpus`` imported into a fresh store, measured."""
    from loadwatch.service.imports import import_paths
    from loadwatch.service.reports import athlete_report
    from loadwatch.store import Store

    figures = {}
    for name, units in HISTORIES:
        with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/h.db") as store:
            results = import_paths(store, athlete="me", paths=[corpus / name], workers=1,
                                   units=units)
            if not any(r.status == "imported" for r in results):
                raise SystemExit(f"{name}: nothing imported ({results[0].message})")
            store.set_settings("me", {"timezone": "UTC"})
            report = athlete_report(store, athlete="me")
            figures[name] = measure(report.flags, report.training.weeks)
    return figures


def risk_seconds(years: int) -> float:
    """Best of 15 ``risk_flags`` on ``years`` of daily runs (the machine may be shared)."""
    from benchmarks.bench_metrics import SETTINGS, fill
    from loadwatch.risk import risk_flags
    from loadwatch.service.reports import diary_view, training
    from loadwatch.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/m.db") as store:
        fill(store, 365 * years)
        store.set_settings("me", SETTINGS)
        view = training(store, athlete="me", today=date(2016, 1, 4) + timedelta(days=365 * years))
        diary = diary_view(store, athlete="me", view=view)
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            risk_flags(view.activities, view.days, view.weeks, diary, view.settings)
            timings.append(time.perf_counter() - started)
    return min(timings)


def child(tree: Path, corpus: Path, years: int) -> None:
    """Measure the loadwatch of ``tree`` (run in a subprocess); print JSON."""
    sys.path.insert(0, str(tree))
    import loadwatch

    imported_from = Path(loadwatch.__file__).resolve().parents[1]
    if imported_from != tree.resolve():
        raise SystemExit(f"loadwatch came from {imported_from}, not {tree}")
    result: dict[str, object] = {"histories": history_figures(corpus)}
    if years:
        result["risk_seconds"] = risk_seconds(years)
    print(json.dumps(result))


def base_tree(revision: str, into: Path) -> Path:
    """The files of ``revision`` (``git archive``) in ``into``."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_child(tree: Path, corpus: Path, years: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", str(tree), "--corpus",
                          str(corpus), "--years", str(years)], check=True, capture_output=True,
                         text=True, cwd=tree)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(before: dict, after: dict) -> str:
    keys = ("high_per_100", "caution_per_100", "cards_per_flagged_week")
    lines = [f"{'history':34} {'weeks':>5}  " + "  ".join(f"{k:>22}" for k in keys),
             f"{'':34} {'':>5}  " + "  ".join(f"{'before -> after':>22}" for _ in keys)]
    names = list(after["histories"])
    for name in names:
        b, a = before["histories"][name], after["histories"][name]
        lines.append(f"{name:34} {a['running_weeks']:>5}  " + "  ".join(
            f"{b[k]:>10.1f} -> {a[k]:<8.1f}" for k in keys))
    lines.append(f"{'median':34} {'':>5}  " + "  ".join(
        f"{statistics.median(before['histories'][n][k] for n in names):>10.1f} -> "
        f"{statistics.median(after['histories'][n][k] for n in names):<8.1f}" for k in keys))
    lines.append(f"{'target (every history)':34} {'':>5}  " + "  ".join(
        f"{'':>10}    {TARGETS[k]:<8.1f}" for k in keys))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "csv")
    parser.add_argument("--base", help="the revision to compare with (default: merge-base "
                                       "of HEAD and main)")
    parser.add_argument("--years", type=int, default=10, help="years of daily runs to time "
                                                             "risk on (0: no timing)")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    years = 0 if args.no_speed else args.years
    if args.measure:
        child(args.measure, args.corpus.resolve(), years)
        return
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    revision = args.base or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT,
                                           check=True, capture_output=True,
                                           text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        before = run_child(base_tree(revision, Path(tmp)), args.corpus.resolve(), years)
    after = run_child(ROOT, args.corpus.resolve(), years)
    print(f"risk cards per 100 running weeks: before = {revision[:10]} (merge-base), "
          "after = this tree")
    print(table(before, after))
    if years:
        print(f"risk_flags on {years} years of daily runs: {before['risk_seconds']:.3f} s -> "
              f"{after['risk_seconds']:.3f} s (best of 15)")


if __name__ == "__main__":
    main()
