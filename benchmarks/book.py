"""A large generated book for the benchmarks: customers, contacts, invoices, payments, allocations.

    python -m benchmarks.book [--customers 20000] [--invoices 300000] [--out PATH] [--seed 1]

The database is created by `open_database`, so the schema is the application's own; the rows then
go in with `executemany`, in large batches, in one transaction. Every invoice's `open_cents` equals
its amount less its allocations, as the ledger services would leave it; about 30 % stay open as of
AS_OF. No history is written: this book measures lists and reports, not timelines.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from app.db.migrate import head_revision, open_database
from app.services import demo_customers as people
from app.services import demo_data as data

AS_OF = date(2026, 11, 22)
SPAN_DAYS = 730  # invoices over the 24 months before AS_OF
BATCH = 50_000
GENERATOR_VERSION = 1  # bump when the generated rows change, so cached books are rebuilt
OUT_DIR = Path(__file__).resolve().parent / "out"
CREATED_AT = "2024-11-04 08:30:00.000000"  # as SQLAlchemy stores a UTC DateTime in SQLite

COLUMNS = {
    "customers": (
        "id", "ref", "name", "kind", "siret", "vat_number", "address_line1", "address_line2",
        "postcode", "city", "country", "language", "payment_terms_days", "segment", "on_hold",
        "created_at", "updated_at",
    ),
    "contacts": (
        "id", "customer_id", "name", "role", "email", "phone", "preferred_channel", "is_primary",
    ),
    "invoices": (
        "id", "customer_id", "number", "source", "issue_date", "due_date", "amount_cents",
        "currency", "open_cents", "settled_on", "created_at",
    ),
    "payments": (
        "id", "customer_id", "received_on", "amount_cents", "currency", "reference", "method",
        "created_at",
    ),
    "allocations": ("id", "invoice_id", "payment_id", "amount_cents", "applied_on"),
}  # fmt: skip
Row = tuple[object, ...]


def _insert(conn: sqlite3.Connection, table: str, rows: Iterable[Row]) -> None:
    columns = COLUMNS[table]
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _customers(rng: random.Random, count: int) -> tuple[list[Row], list[int]]:
    rows: list[Row] = []
    terms: list[int] = []
    for cid in range(1, count + 1):
        postcode, city, _zone = rng.choice(data.FR_CITIES)
        first = rng.choice(data.FIRST_NAMES_F + data.FIRST_NAMES_M)
        surname = rng.choice(data.SURNAMES)
        siret = None
        if rng.random() < 0.2:
            name, kind = f"{rng.choice(('M.', 'Mme'))} {first} {surname}", "individual"
        else:
            adj_m, adj_f, adj_mp = rng.choice(data.ADJECTIVES)
            core = rng.choice(data.BUSINESS_PATTERNS).format(
                surname=surname,
                place=rng.choice(data.PLACES),
                adj_m=adj_m,
                adj_f=adj_f,
                adj_mp=adj_mp,
            )
            name, kind = f"{core} {rng.choice(data.LEGAL_FORMS)}", "business"
            siret = people.siret(rng)
        vat = people.french_vat(siret[:9]) if siret else None
        terms.append(rng.choice((30, 30, 45, 60)))
        street = f"{rng.randint(1, 160)} {rng.choice(data.STREETS)}"
        segment = rng.choices(("standard", "premium", "watch"), (70, 18, 12))[0]
        rows.append(
            (cid, f"411{cid:05d}", name, kind, siret, vat, street, None, postcode, city, "FR", "fr",
             terms[-1], segment, 0, CREATED_AT, CREATED_AT)
        )  # fmt: skip
    return rows, terms


def _contacts(rng: random.Random, customers: list[Row]) -> list[Row]:
    rows: list[Row] = []
    for cid, _ref, name, *_rest in customers:
        person = f"{rng.choice(data.FIRST_NAMES_F)} {rng.choice(data.SURNAMES)}"
        email = f"compta.{cid}@{people.ascii_slug(str(name))[:30]}.example"
        phone = f"{data.FR_PHONE_PREFIX['4']} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        rows.append((cid, cid, person, "Comptabilité", email, phone, "email", 1))
    return rows


def _open_chance(days_late: int) -> float:
    """Older invoices are more often settled; the mix leaves about 30 % open."""
    if days_late <= 0:
        return 0.9
    if days_late <= 30:
        return 0.6
    if days_late <= 90:
        return 0.35
    if days_late <= 365:
        return 0.25
    return 0.2


def _ledger(
    rng: random.Random, invoices: int, terms: list[int]
) -> Iterator[tuple[Row, Row | None, Row | None]]:
    """Each invoice with its payment and allocation (None when nothing was paid)."""
    rnd = rng.random
    customers = len(terms)
    as_of = AS_OF.toordinal()
    iso = {d: date.fromordinal(d).isoformat() for d in range(as_of - SPAN_DAYS - 1, as_of + 120)}
    payment_id = 0
    for invoice_id in range(1, invoices + 1):
        cid = int(customers * rnd() ** 2) + 1  # a few large accounts, a long tail
        issued = as_of - int(rnd() * SPAN_DAYS)
        due = issued + terms[cid - 1]
        tier = rnd()
        high = 30_000 if tier < 0.5 else 300_000 if tier < 0.9 else 2_000_000
        amount = 3_000 + int(rnd() * (high - 3_000))
        if rnd() < _open_chance(as_of - due):
            paid = amount * (20 + int(rnd() * 60)) // 100 if rnd() < 1 / 3 else 0
            paid_on = issued + int(rnd() * (as_of - issued + 1))
        else:
            paid = amount
            paid_on = min(max(due - 10 + int(rnd() * 50), issued), as_of)
        number = f"FA-{iso[issued][:4]}-{invoice_id:06d}"
        invoice = (
            invoice_id, cid, number, "", iso[issued], iso[due], amount, "EUR", amount - paid,
            iso[paid_on] if paid == amount else None, f"{iso[issued]} 09:00:00.000000",
        )  # fmt: skip
        if not paid:
            yield invoice, None, None
            continue
        payment_id += 1
        payment = (
            payment_id, cid, iso[paid_on], paid, "EUR", f"VIR SEPA 411{cid:05d} {number}",
            "transfer", f"{iso[paid_on]} 15:00:00.000000",
        )  # fmt: skip
        yield invoice, payment, (payment_id, invoice_id, payment_id, paid, iso[paid_on])


def generate_book(path: Path, customers: int, invoices: int, seed: int = 1) -> Path:
    """Create (or replace) a book of `customers` customers and `invoices` invoices at `path`."""
    path = path.expanduser().resolve()
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    open_database(path, backup=False).dispose()
    rng = random.Random(seed)
    customer_rows, terms = _customers(rng, customers)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # one load, no readers: no journal needed
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        with conn:
            _insert(conn, "customers", customer_rows)
            _insert(conn, "contacts", _contacts(rng, customer_rows))
            batch: dict[str, list[Row]] = {"invoices": [], "payments": [], "allocations": []}
            for rows in _ledger(rng, invoices, terms):
                for table, row in zip(batch, rows, strict=True):
                    if row is not None:
                        batch[table].append(row)
                if len(batch["invoices"]) >= BATCH:
                    _flush(conn, batch)
            _flush(conn, batch)
        conn.execute("PRAGMA journal_mode = WAL")  # as the application opens it
    finally:
        conn.close()
    return path


def _flush(conn: sqlite3.Connection, batch: dict[str, list[Row]]) -> None:
    for table, rows in batch.items():  # invoices and payments before their allocations
        _insert(conn, table, rows)
        rows.clear()


def cached_book(customers: int, invoices: int, seed: int = 1) -> Path:
    """The book for these sizes under benchmarks/out/, generated the first time it is asked for.

    The name carries the schema revision and the generator version, so either change rebuilds it.
    """
    revision = head_revision()
    name = f"book-{customers}c-{invoices}i-s{seed}-{revision}-v{GENERATOR_VERSION}.sqlite3"
    path = OUT_DIR / name
    if not path.exists():
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        partial = generate_book(OUT_DIR / f"partial-{name}", customers, invoices, seed)
        partial.replace(path)  # an interrupted run never leaves a half-made book behind
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--invoices", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="database to write (default: the cached book)")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.out:
        path = generate_book(args.out, args.customers, args.invoices, args.seed)
    else:
        path = cached_book(args.customers, args.invoices, args.seed)
    elapsed = time.perf_counter() - started
    print(f"{path}: {args.customers} customers, {args.invoices} invoices in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
