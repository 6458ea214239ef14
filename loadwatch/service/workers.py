"""One worker pool for parsing imported files (a team server's summaries go through its job queue).

Both cores help only when there is enough work: below ``POOL_MIN_ITEMS`` items
a pool costs more than it saves, and the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import types
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a process pool costs more than it saves.
POOL_MIN_ITEMS = 8
# Items per task sent to a worker: fewer round trips, still even sharing.
CHUNK = 4
# Tasks given to each worker ahead of the results read: the workers never
# wait for the reader, and finished results held in memory stay few.
AHEAD = 3


def pool_size(workers: int | None, items: int) -> int:
    """How many processes to use for ``items`` pieces of work (1: no pool).

    Parameters
    ----------
    workers : int or None
        Asked for; None means one per core.
    items : int
        Pieces of work.

    Returns
    -------
    int
        1 when a pool would not pay or cannot start (``__main__`` cannot be
        re-imported by a worker), else ``workers``.
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or items < POOL_MIN_ITEMS or not _main_importable():
        return 1
    return workers


def in_chunks(items: Sequence[T], size: int = CHUNK) -> list[Sequence[T]]:
    """``items`` cut into consecutive pieces of ``size``."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_in_pool(work: Callable[[Sequence[T]], list[R]], chunks: list[Sequence[T]], *,
                workers: int, initializer: Callable[..., None],
                initargs: tuple[Any, ...], preload: str) -> Iterator[R]:
    """Results of ``work`` on each chunk, in order, from ``workers`` processes.

    Parameters
    ----------
    work : callable
        A function of a loadwatch module (workers import it, not the
        program's ``__main__``) taking one chunk.
    chunks : list
        The pieces of work.
    workers : int
        Processes.
    initializer, initargs
        Run once in each worker (open a store, remember options).
    preload : str
        The module the fork server imports once for every worker.

    Raises
    ------
    concurrent.futures.process.BrokenProcessPool
        Workers could not start; the caller does the rest itself.
    """
    with ProcessPoolExecutor(max_workers=workers, mp_context=worker_context(preload),
                             initializer=initializer, initargs=initargs) as pool:
        waiting = iter(chunks)
        with _main_left_out():  # the first tasks start the workers
            running = deque(pool.submit(work, chunk) for _, chunk in zip(
                range(workers * AHEAD), waiting, strict=False))
        while running:
            done = running.popleft().result()
            running.extend(pool.submit(work, chunk) for chunk in next_of(waiting))
            yield from done


def next_of(items: Iterator[T]) -> list[T]:
    """The next item of ``items`` as a list of one, or [] when there is none."""
    return [item for _, item in zip(range(1), items, strict=False)]


def chunk_size(items: int, workers: int, most: int = 16) -> int:
    """Items per task: about four tasks a worker, at most ``most`` items each.

    Larger tasks cost fewer hand-offs between processes; four a worker keep
    the sharing even at the end of the work.
    """
    return max(1, min(most, items // (4 * workers)))


def worker_context(preload: str) -> Any:
    """Workers from a fork server that has already imported ``preload``.

    Not "fork": a forked worker would inherit the store's open database
    connections, and a killed importer's transaction would then stay open.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    return context


@contextmanager
def _main_left_out() -> Iterator[None]:
    """Workers started meanwhile do not import the program (``__main__``) again.

    A worker runs functions of loadwatch's own modules, never of the
    program, yet multiprocessing makes each one run the program's script
    again first (unless it was started with ``python -m``): 0.2-0.4 s of CPU
    a worker for the `loadwatch` command, a tenth of a 1,000-file import.
    """
    main = sys.modules["__main__"]
    stand_in = types.ModuleType("__main__")  # no file, no spec: nothing for a worker to run

    def look_up(name: str) -> Any:
        # Another thread pickling one of the program's own objects meanwhile
        # still finds it; what names the program's file does not exist here.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(main, name)

    stand_in.__getattr__ = look_up  # type: ignore[method-assign]
    sys.modules["__main__"] = stand_in
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _main_importable() -> bool:
    """Workers re-import ``__main__``; they cannot when it is stdin or a notebook."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


__all__ = ["AHEAD", "CHUNK", "POOL_MIN_ITEMS", "BrokenProcessPool", "chunk_size", "in_chunks",
           "pool_size", "run_in_pool", "worker_context"]
