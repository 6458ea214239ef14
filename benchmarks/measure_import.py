"""Import a folder into a store in a fresh process; print what it took.

Printed on one line: wall s, CPU s of this process, CPU s of its workers,
peak RSS of this process and of the whole tree (MiB), activities imported,
and the files' statuses as ``status=count`` pairs.

Used by bench_fit.py so that peak memory is the import's alone.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import TreeMemory, peak_rss_mib
from loadwatch.service.imports import import_paths
from loadwatch.store import Store


def main() -> None:
    url, folder = sys.argv[1], sys.argv[2]
    with TreeMemory() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        with Store(url) as store:
            results = import_paths(store, athlete="me", paths=[folder])
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    imported = sum(len(r.activities) for r in results)
    statuses = ",".join(f"{k}={v}" for k, v in sorted(Counter(r.status for r in results).items()))
    print(f"{wall:.3f} {cpu:.3f} {memory.cpu_s:.3f} {peak_rss_mib():.1f} {memory.peak_mib:.1f} "
          f"{imported} {statuses}")


if __name__ == "__main__":
    main()
