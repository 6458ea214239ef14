"""Helpers shared by the benchmarks: timing, memory, and test files."""

from __future__ import annotations

import itertools
import os
import resource
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from loadwatch.testing.fit_writer import FitWriter, degrees_to_semicircles

ROOT = Path(__file__).resolve().parents[1]
CORPUS_FIT = ROOT.parent / "shared" / "corpus" / "fit"


def best_of(repeat: int, function: Callable[[], object]) -> float:
    """The fastest of ``repeat`` wall-clock timings, in seconds."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def peak_rss_mib() -> float:
    """Peak resident memory of this process, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeMemory:
    """Samples the resident memory and CPU time of this process and all its descendants.

    Import workers are grandchildren (started by multiprocessing's fork
    server), so getrusage cannot see them; /proc can (Linux only).
    ``cpu_s`` is the CPU time (user and system) each process had used when
    last seen, added up: a process that lived less than ``every_s`` may be
    missed, the import's workers live as long as it does.
    """

    def __init__(self, every_s: float = 0.05):
        self.every_s = every_s
        self.peak_mib = 0.0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu_s(self) -> float:
        """CPU seconds used by the tree's processes other than this one."""
        return sum(self._cpu.values())

    def _run(self) -> None:
        page_mib = os.sysconf("SC_PAGE_SIZE") / 2**20
        tree: list[int] = []
        for sample in itertools.count():
            if self._stop.is_set():
                break
            # Finding the tree reads every process's stat file (4 ms of CPU,
            # and the GIL, taken from the import measured): once a second,
            # while the processes found are sampled every time.
            if sample % round(1 / self.every_s) == 0:
                tree = _tree(os.getpid())
            pages = sum(_rss_pages(pid) for pid in tree)
            self.peak_mib = max(self.peak_mib, pages * page_mib)
            for pid in tree[1:]:
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), _cpu_s(pid))
            time.sleep(self.every_s)


def _tree(root: int) -> list[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree.extend(frontier)
    return tree


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_pages(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def one_hour_run(index: int, seconds: int = 3600) -> bytes:
    """A one-hour, 1 Hz run as a Garmin watch records it: GPS, HR, cadence, altitude."""
    rng = np.random.default_rng(index)
    # FIT seconds, one run a day from 2012-01-01 for ten years: all in the past,
    # so none is refused as starting in the future (runs dated from 2026-01
    # were, from the 334th on, once the machine's clock passed them).
    start = 694_310_400 + (index % 3650) * 86_400
    t = np.arange(seconds, dtype=np.float64)
    speed = 3.0 + 0.2 * rng.standard_normal(seconds)
    distance = np.cumsum(speed)
    angle = distance / 5000 * 2 * np.pi
    writer = FitWriter()
    writer.message("file_id", type="activity", manufacturer="development", product=1,
                   time_created=start, serial_number=index + 1)
    writer.records("record", {
        "timestamp": start + t,
        "position_lat": degrees_to_semicircles(52.09 + 0.007 * np.sin(angle)),
        "position_long": degrees_to_semicircles(5.12 + 0.011 * np.cos(angle)),
        "distance": distance,
        "enhanced_speed": speed,
        "enhanced_altitude": 10 + 5 * np.sin(angle * 3),
        "heart_rate": np.round(145 + 5 * rng.standard_normal(seconds)),
        "cadence": np.full(seconds, 86.0),
    })
    end = start + seconds - 1
    writer.message("session", start_time=start, timestamp=end, sport="running",
                   sub_sport="street", total_elapsed_time=seconds - 1,
                   total_timer_time=seconds - 1, total_distance=float(distance[-1]))
    writer.message("activity", timestamp=end, local_timestamp=end + 3600, num_sessions=1)
    return writer.to_bytes()
