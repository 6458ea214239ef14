"""Samples as one compressed blob per activity, or as a table row per sample?

Run: ``python benchmarks/bench_sample_storage.py [--db URL] [--activities N]``.
Writes N one-hour 1 Hz runs both ways into a fresh database (SQLite file by
default) and prints write time, the time to read one activity back into numpy
columns, and the database size. loadwatch stores blobs; this is the measurement
behind that choice.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import Column, Float, Integer, LargeBinary, MetaData, Table, create_engine, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import one_hour_run
from loadwatch.importers import read_file
from loadwatch.models import SAMPLE_COLUMNS
from loadwatch.samples_codec import decode_samples, encode_samples

metadata = MetaData()
rows_table = Table("bench_sample_rows", metadata,
                   Column("activity_id", Integer, primary_key=True),
                   Column("i", Integer, primary_key=True),
                   *(Column(name, Float) for name in SAMPLE_COLUMNS))
blob_table = Table("bench_sample_blobs", metadata,
                   Column("activity_id", Integer, primary_key=True),
                   Column("data", LargeBinary))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--activities", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = create_engine(url)
        metadata.drop_all(engine)
        metadata.create_all(engine)
        samples = [read_file(one_hour_run(i), "run.fit").activities[0].samples
                   for i in range(args.activities)]
        blob_write = _timed(lambda: _write_blobs(engine, samples))
        rows_write = _timed(lambda: _write_rows(engine, samples))
        blob_read = _timed(lambda: _read_blob(engine, 1), repeat=20)
        rows_read = _timed(lambda: _read_rows(engine, 1), repeat=20)
        print(f"{args.activities} one-hour runs ({len(samples[0]['time'])} samples each), {url}")
        print(f"{'':22}{'write all':>12}{'read one':>12}")
        print(f"{'blob per activity':22}{blob_write:11.2f}s{blob_read * 1000:10.2f}ms")
        print(f"{'row per sample':22}{rows_write:11.2f}s{rows_read * 1000:10.2f}ms")
        if url.startswith("sqlite"):
            _print_sizes(engine)
        metadata.drop_all(engine)
        engine.dispose()


def _timed(function, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _write_blobs(engine, samples) -> None:
    for index, columns in enumerate(samples):
        with engine.begin() as conn:
            conn.execute(blob_table.insert(), {"activity_id": index,
                                               "data": encode_samples(columns)})


def _write_rows(engine, samples) -> None:
    for index, columns in enumerate(samples):
        rows = [{"activity_id": index, "i": i,
                 **{name: (None if np.isnan(v) else float(v))
                    for name, v in zip(SAMPLE_COLUMNS, values, strict=True)}}
                for i, values in enumerate(zip(*(columns[n] for n in SAMPLE_COLUMNS),
                                               strict=True))]
        with engine.begin() as conn:
            conn.execute(rows_table.insert(), rows)


def _read_blob(engine, activity_id: int):
    with engine.connect() as conn:
        blob = conn.execute(select(blob_table.c.data).where(
            blob_table.c.activity_id == activity_id)).scalar_one()
    return decode_samples(blob)


def _read_rows(engine, activity_id: int):
    with engine.connect() as conn:
        rows = conn.execute(select(*(rows_table.c[n] for n in SAMPLE_COLUMNS)).where(
            rows_table.c.activity_id == activity_id).order_by(rows_table.c.i)).all()
    return {name: np.array([r[i] for r in rows], dtype=float)
            for i, name in enumerate(SAMPLE_COLUMNS)}


def _print_sizes(engine) -> None:
    with engine.connect() as conn:
        for table in (blob_table, rows_table):
            try:
                size = conn.exec_driver_sql(
                    f"SELECT SUM(pgsize) FROM dbstat WHERE name = '{table.name}'").scalar()
                print(f"{table.name}: {size / 2**20:.1f} MiB")
            except Exception:
                print("(this SQLite has no dbstat table; sizes not shown)")
                return


if __name__ == "__main__":
    main()
