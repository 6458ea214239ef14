"""FIT decoding speed: loadwatch against bare fitparse, file by file and in bulk.

Run: ``python benchmarks/bench_fit.py`` (``--bulk-files 1000`` is the default
bulk size; ``--fitparse-files`` how many of the bulk files bare fitparse also
reads, since fitparse needs about half an hour for all 1,000).

1. Records per second on the same files in the same run: every FIT file of
   ``../shared/corpus/fit`` when present (else the sample data) and a
   one-hour 1 Hz run. fitparse is timed as bare as it gets: iterating the
   file's record messages.
2. Bulk: 1,000 one-hour runs written to a folder, imported into a fresh
   SQLite store with ``loadwatch import`` (both cores): wall time, ms a file,
   CPU time of all its processes and peak memory, against bare fitparse
   reading the same files' records. The machine may be shared: the load
   average is printed before and after, and the ratio in CPU time too (it
   moves less with the load than wall time does).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fitparse import FitFile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import CORPUS_FIT, ROOT, best_of, one_hour_run
from loadwatch.fit import decode_fit


def fitparse_records(data: bytes) -> int:
    """Bare fitparse: read every record message of the file."""
    return sum(1 for _ in FitFile(io.BytesIO(data), check_crc=False).get_messages("record"))


def per_file(files: list[tuple[str, bytes]], repeat: int) -> None:
    print(f"{'file':58} {'records':>8} {'loadwatch rec/s':>16} {'fitparse rec/s':>15} "
          f"{'ratio':>7}  decoder")
    total_ours = total_theirs = total_records = 0.0
    for name, data in files:
        decoded = decode_fit(data)
        records = decoded.record_count
        if records < 100:
            continue
        try:
            fitparse_records(data)
        except Exception as err:  # fitparse cannot read it: nothing to compare
            print(f"{name[:58]:58} {records:8d} {'':16} {'fails: ' + type(err).__name__:>15}")
            continue
        ours = best_of(repeat, lambda d=data: decode_fit(d))
        theirs = best_of(1, lambda d=data: fitparse_records(d))
        total_ours += ours
        total_theirs += theirs
        total_records += records
        print(f"{name[:58]:58} {records:8d} {records / ours:16,.0f} {records / theirs:15,.0f} "
              f"{theirs / ours:6.0f}x  {decoded.decoder}")
    print(f"{'all files above':58} {int(total_records):8d} {total_records / total_ours:16,.0f} "
          f"{total_records / total_theirs:15,.0f} {total_theirs / total_ours:6.0f}x")


def bulk(count: int, fitparse_files: int) -> None:
    with tempfile.TemporaryDirectory(prefix="loadwatch-bench-") as tmp:
        folder = Path(tmp) / "runs"
        folder.mkdir()
        started = time.perf_counter()
        for i in range(count):
            (folder / f"run{i:04}.fit").write_bytes(one_hour_run(i))
        files = sorted(folder.iterdir())
        size_mib = sum(f.stat().st_size for f in files) / 2**20
        print(f"\nBulk: wrote {count} one-hour 1 Hz runs ({size_mib:.0f} MiB) "
              f"in {time.perf_counter() - started:.1f} s; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        records = decode_fit(files[0].read_bytes()).record_count * count
        ours = _import(folder, Path(tmp) / "bench.db", count, records)
        theirs = _fitparse(files[:fitparse_files], count, records)
        print(f"end-to-end ratio: loadwatch import is {theirs['wall'] / ours['wall']:.0f}x "
              f"bare fitparse's read (wall time); in CPU time, {theirs['cpu'] / ours['cpu']:.0f}x "
              f"(all of the import's processes against fitparse's one); load average "
              f"{os.getloadavg()[0]:.1f}")


def _import(folder: Path, db: Path, count: int, records: int) -> dict[str, float]:
    """``loadwatch import FOLDER`` into a fresh SQLite store, in a process of its own."""
    command = [sys.executable, str(ROOT / "benchmarks" / "measure_import.py"),
               f"sqlite:///{db}", str(folder)]
    report = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    wall, cpu, workers_cpu, peak_main, peak_tree, imported, statuses = report.split()
    wall, cpu = float(wall), float(cpu) + float(workers_cpu)
    print(f"loadwatch import into a fresh SQLite store: {wall:.1f} s wall "
          f"({1000 * wall / count:.1f} ms a file), {int(imported)} activities ({statuses}), "
          f"{records / wall:,.0f} records/s; CPU {cpu:.1f} s over all processes "
          f"({1000 * cpu / count:.1f} ms a file: importer {float(report.split()[1]):.1f} s, "
          f"workers {float(workers_cpu):.1f} s); peak RSS {float(peak_main):.0f} MiB "
          f"(importer alone), {float(peak_tree):.0f} MiB (importer and its workers together)")
    if int(imported) != count:
        print(f"  warning: {count - int(imported)} of the {count} runs were not imported")
    return {"wall": wall, "cpu": cpu}


def _fitparse(sample: list[Path], count: int, records: int) -> dict[str, float]:
    """Bare fitparse reading the records of ``sample``, scaled to ``count`` files."""
    started, cpu = time.perf_counter(), time.process_time()
    for path in sample:
        fitparse_records(path.read_bytes())
    scale = count / len(sample)
    wall = (time.perf_counter() - started) * scale
    cpu = (time.process_time() - cpu) * scale
    how = "measured" if len(sample) == count else f"{len(sample)} files measured, scaled"
    print(f"bare fitparse reading the same files' records: {wall:.0f} s ({how}; "
          f"{1000 * wall / count:.0f} ms a file), {records / wall:,.0f} records/s; "
          f"CPU {cpu:.0f} s")
    return {"wall": wall, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bulk-files", type=int, default=1000)
    parser.add_argument("--fitparse-files", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-bulk", action="store_true")
    args = parser.parse_args()
    if CORPUS_FIT.is_dir():
        files = [(p.name, p.read_bytes()) for p in sorted(CORPUS_FIT.glob("*.fit"))]
    else:
        files = [(p.name, p.read_bytes())
                 for p in sorted((ROOT / "sample_data" / "runs").glob("*.fit"))[:10]]
    files.append(("one-hour 1 Hz run (generated)", one_hour_run(0)))
    per_file(files, args.repeat)
    if not args.skip_bulk:
        bulk(args.bulk_files, min(args.fitparse_files, args.bulk_files))


if __name__ == "__main__":
    main()
