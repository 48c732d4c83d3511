"""Time importing 100,000 invoices from CSV, re-importing them, and a bare executemany of the rows.

    python -m benchmarks.bench_import [--customers 5000] [--invoices 100000] [--out DIR]

The files are written as French Excel writes them: Windows-1252, `;`, French headers, decimal
commas with a space as thousands separator, dates as DD/MM/YYYY; a third of the invoices have no
due date (the customer's terms give it) and the `Reste dû` column settles some of them in part or
in full, as an open-items export does. The customers are imported first, untimed in the ratio.

The import is what `python main.py import invoices FILE` runs (`prepare` then `run_import`) into a
fresh database; the re-import reads the same file again into the same database (every row
unchanged). The baseline inserts the same rows, already typed, with one `sqlite3.executemany` into
the invoices table of another fresh database made by `open_database`, with the application's
pragmas. Peak resident memory is the process's, read after the import.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from app import i18n
from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.importing.columns import Kind
from app.services.import_sync import ImportReport
from app.services.importing import ImportOptions, prepare, run_import
from benchmarks.bench_queries import peak_rss_mb
from benchmarks.book import AS_OF, CREATED_AT, OUT_DIR

SPAN_DAYS = 730
TERMS = (30, 30, 45, 60)
CUSTOMER_HEADERS = ["Code client", "Raison sociale", "Code postal", "Ville", "Délai de paiement"]
INVOICE_HEADERS = [
    "N° facture",
    "Code client",
    "Date facture",
    "Date d'échéance",
    "Montant TTC",
    "Reste dû",
]
Invoice = tuple[str, int, date, date | None, int, int]  # number, customer, issued, due, cents, open


def customer_terms(count: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.choice(TERMS) for _ in range(count)]


def invoices(count: int, customers: int, seed: int) -> Iterator[Invoice]:
    """The same invoices for the same arguments: written to the CSV, then typed for the baseline."""
    rng = random.Random(seed + 1)
    rnd = rng.random
    first = AS_OF - timedelta(days=SPAN_DAYS)
    for n in range(1, count + 1):
        customer = int(customers * rnd() ** 2) + 1  # a few large accounts, a long tail
        issued = first + timedelta(days=int(rnd() * SPAN_DAYS))
        due = issued + timedelta(days=rng.choice((30, 45, 60))) if rnd() < 2 / 3 else None
        cents = 3_000 + int(rnd() * 500_000)
        left = rnd()
        open_cents = cents if left < 0.7 else 0 if left < 0.9 else cents * int(rnd() * 100) // 100
        yield f"FA-{issued.year}-{n:06d}", customer, issued, due, cents, open_cents


def french_amount(cents: int) -> str:
    units, rest = divmod(cents, 100)
    return f"{units:,}".replace(",", " ") + f",{rest:02d}"


def write_files(out: Path, customers: int, count: int, seed: int) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    customers_csv, invoices_csv = out / "clients.csv", out / "factures.csv"
    with customers_csv.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CUSTOMER_HEADERS)
        for n, terms in enumerate(customer_terms(customers, seed), start=1):
            writer.writerow([f"411C{n:05d}", f"Client {n} SARL", "69002", "Lyon", str(terms)])
    with invoices_csv.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(INVOICE_HEADERS)
        for number, customer, issued, due, cents, open_cents in invoices(count, customers, seed):
            writer.writerow(
                [
                    number,
                    f"411C{customer:05d}",
                    issued.strftime("%d/%m/%Y"),
                    due.strftime("%d/%m/%Y") if due else "",
                    french_amount(cents),
                    french_amount(open_cents),
                ]
            )
    return customers_csv, invoices_csv


def fresh(path: Path) -> Path:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    open_database(path, backup=False).dispose()
    return path


def timed_import(db_path: Path, kind: Kind, csv_path: Path) -> tuple[float, ImportReport]:
    """What the CLI does for `import KIND FILE`, timed from reading the file to the commit."""
    database = open_database(db_path, backup=False)
    try:
        started = time.perf_counter()
        prepared = prepare(kind, csv_path)
        report = run_import(database.session_factory, Clock.fixed(AS_OF), prepared, ImportOptions())
        elapsed = time.perf_counter() - started
    finally:
        database.dispose()
    if report.refused or not report.written:
        raise SystemExit(f"the {kind.value} import was refused: {report.refused[:3]}")
    return elapsed, report


def bare_executemany(db_path: Path, customers: int, count: int, seed: int) -> float:
    """Insert the same invoices, already typed, with one executemany: the floor for the import."""
    terms = customer_terms(customers, seed)
    conn = sqlite3.connect(fresh(db_path))
    try:
        conn.execute("PRAGMA foreign_keys = ON")  # as the application's connections
        conn.execute("PRAGMA synchronous = NORMAL")
        with conn:
            conn.executemany(
                "INSERT INTO customers (id, ref, name, kind, country, language, "
                "payment_terms_days, segment, on_hold, created_at, updated_at) "
                "VALUES (?, ?, ?, 'business', 'FR', 'fr', ?, 'standard', 0, ?, ?)",
                (
                    (n, f"411C{n:05d}", f"Client {n} SARL", t, CREATED_AT, CREATED_AT)
                    for n, t in enumerate(terms, start=1)
                ),
            )
        rows = [
            (
                customer,
                number,
                "",
                issued.isoformat(),
                (due or issued + timedelta(days=terms[customer - 1])).isoformat(),
                cents,
                "EUR",
                open_cents,
                None if open_cents else AS_OF.isoformat(),
                CREATED_AT,
            )
            for number, customer, issued, due, cents, open_cents in invoices(count, customers, seed)
        ]
        started = time.perf_counter()
        with conn:
            conn.executemany(
                "INSERT INTO invoices (customer_id, number, source, issue_date, due_date, "
                "amount_cents, currency, open_cents, settled_on, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return time.perf_counter() - started
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT_DIR / "import", help="files and databases")
    args = parser.parse_args()
    i18n.set_language("fr")  # history summaries formatted as for a French user
    customers_csv, invoices_csv = write_files(args.out, args.customers, args.invoices, args.seed)
    size = invoices_csv.stat().st_size / 1e6
    print(f"{args.invoices:,} invoices for {args.customers:,} customers ({size:.1f} MB of CSV)")

    db_path = fresh(args.out / "import.sqlite3")
    customers_s, report = timed_import(db_path, Kind.CUSTOMERS, customers_csv)
    print(f"customers import      {customers_s:7.2f} s   {report.created:,} created")
    rss_before = peak_rss_mb()
    import_s, report = timed_import(db_path, Kind.INVOICES, invoices_csv)
    rss_after = peak_rss_mb()
    print(f"invoices import       {import_s:7.2f} s   {report.created:,} created (target < 10 s)")
    print(
        f"peak resident memory  {rss_after:7.0f} MB  {rss_before:.0f} MB before (target < 500 MB)"
    )
    reimport_s, report = timed_import(db_path, Kind.INVOICES, invoices_csv)
    print(f"re-import, unchanged  {reimport_s:7.2f} s   {report.unchanged:,} unchanged (< 10 s)")
    bare_path = args.out / "executemany.sqlite3"
    bare_s = bare_executemany(bare_path, args.customers, args.invoices, args.seed)
    print(f"bare executemany      {bare_s:7.2f} s")
    print(f"import / executemany  {import_s / bare_s:7.1f} ×   (aim < 5 ×)")


if __name__ == "__main__":
    main()
