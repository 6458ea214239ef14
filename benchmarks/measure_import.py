"""Import a folder into a store in a fresh process; print wall s, peak RSS, count.

Used by bench_fit.py so that peak memory is the import's alone.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import TreeMemory, peak_rss_mib
from loadwatch.service.imports import import_paths
from loadwatch.store import Store


def main() -> None:
    url, folder = sys.argv[1], sys.argv[2]
    with TreeMemory() as memory:
        started = time.perf_counter()
        with Store(url) as store:
            results = import_paths(store, athlete="me", paths=[folder])
        wall = time.perf_counter() - started
    imported = sum(len(r.activities) for r in results)
    print(f"{wall:.3f} {peak_rss_mib():.1f} {memory.peak_mib:.1f} {imported}")


if __name__ == "__main__":
    main()
