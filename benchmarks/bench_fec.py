"""Time importing a year's FEC, re-importing it unchanged, and check the balances to the cent.

    python -m benchmarks.bench_fec [--customers 1000] [--invoices 10000] [--out DIR]

The FEC is the one `benchmarks.fec_file.generate_fec` writes: about five lines per invoice
(sales with VAT, bank receipts lettered with their invoices, partial payments, credit notes,
write-offs, unlettered cheques), so 10,000 invoices make a file of about 50,000 lines. The import
is what `python main.py import fec FILE` runs, into a fresh database; the re-import reads the same
file into the same database. Peak resident memory is the process's, read after both.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import func, select

from app import i18n
from app.db.migrate import open_database
from app.db.models import Customer, Invoice
from app.domain.calendar import Clock
from app.importing.fec import read_fec
from app.services import ledger
from app.services.fec_import import import_fec
from benchmarks.bench_queries import peak_rss_mb
from benchmarks.book import AS_OF, OUT_DIR
from benchmarks.fec_file import generate_fec


def mismatches(database_path: Path, fec_path: Path) -> int:
    """Customers whose balance in Relance differs from their account's in the file."""
    expected: dict[str, int] = {}
    for line in read_fec(fec_path).lines:
        expected[line.customer_ref] = expected.get(line.customer_ref, 0) + line.cents
    database = open_database(database_path, backup=False)
    with database.session_factory() as session:
        owed = dict(
            session.execute(
                select(Customer.ref, func.coalesce(func.sum(Invoice.open_cents), 0))
                .outerjoin(Invoice, Invoice.customer_id == Customer.id)
                .group_by(Customer.ref)
            ).all()
        )
        ids = dict(session.execute(select(Customer.ref, Customer.id)).all())
        wrong = sum(
            1
            for ref, cents in expected.items()
            if owed[ref] - ledger.unallocated_credit(session, ids[ref]).get("EUR", 0) != cents
        )
    database.dispose()
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    i18n.set_language("fr")
    args.out.mkdir(parents=True, exist_ok=True)
    fec_path = generate_fec(args.out / "FEC.txt", args.customers, args.invoices)
    lines = sum(1 for _ in fec_path.open(encoding="utf-8")) - 1
    database_path = args.out / "fec.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database_path}{suffix}").unlink(missing_ok=True)
    database = open_database(database_path, backup=False)
    clock = Clock.fixed(AS_OF)

    started = time.perf_counter()
    first = import_fec(database.session_factory, clock, fec_path)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    again = import_fec(database.session_factory, clock, fec_path)
    reimported = time.perf_counter() - started
    database.dispose()

    print(f"FEC lines:            {lines:,}")
    print(f"import:               {imported:.2f} s  ({first.created:,} created)")
    print(
        f"re-import, unchanged: {reimported:.2f} s  "
        f"({again.created} created, {again.updated} updated, {again.unchanged:,} unchanged)"
    )
    print(f"peak RSS:             {peak_rss_mb():.0f} MB")
    print(f"balances off:         {mismatches(database_path, fec_path)} customers")


if __name__ == "__main__":
    main()
