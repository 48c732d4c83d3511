"""Time the customers list and the aged balance queries on a large book, and peak memory.

    python -m benchmarks.bench_queries [--customers 20000] [--invoices 300000] [--runs 5]

Each query is run once cold (a freshly opened database: empty SQLite page cache, SQLAlchemy's
statement cache empty; the operating system's file cache may still be warm), then `--runs` times,
each in a fresh session; the table shows the cold time and the median of the others.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.db.migrate import open_database
from app.db.queries import aging_lines, customer_rows
from benchmarks.book import AS_OF, cached_book

Query = Callable[[Session, date], Sequence[object]]
QUERIES: tuple[tuple[str, Query, str], ...] = (
    ("customer_rows", customer_rows, "list start < 2 s"),
    ("aging_lines", aging_lines, "< 1 s"),
)


def measure(path: Path, query: Query, runs: int) -> tuple[int, float, float]:
    """Rows returned, the cold time and the median warm time, in seconds."""
    database = open_database(path, backup=False)
    timings = []
    rows = 0
    try:
        for _ in range(runs + 1):
            with database.session_factory() as session:
                started = time.perf_counter()
                rows = len(query(session, AS_OF))
                timings.append(time.perf_counter() - started)
    finally:
        database.dispose()
    return rows, timings[0], statistics.median(timings[1:])


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes or KiB


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--invoices", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    path = cached_book(args.customers, args.invoices)
    ready = time.perf_counter() - started
    print(f"book: {args.customers:,} customers, {args.invoices:,} invoices, as of {AS_OF}")
    print(f"      {path.name} ({path.stat().st_size / 1e6:.0f} MB, ready in {ready:.1f} s)")
    print(f"{'query':<15}{'rows':>8}{'cold (s)':>11}{f'median of {args.runs} (s)':>19}  target")
    for name, query, target in QUERIES:
        rows, cold, median = measure(path, query, args.runs)
        print(f"{name:<15}{rows:>8,}{cold:>11.3f}{median:>19.3f}  {target}")
    print(f"peak resident memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
