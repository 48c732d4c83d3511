"""Time `import invoices` as a user runs it: item-line exports grouped into invoices, one-row files.

    python -m benchmarks.bench_import_item_lines [--invoices 60000] [--lines 5] [--customers 5000]
        [--flat 100000] [--runs 5] [--signed] [--only known,first,flat,goal] [--goal C I]
        [--profile NAME] [--out DIR]

Each import is the whole command, `main.py --db BOOK import invoices FILE --format json`, in a
child process timed from its launch to its exit (start-up, reading, grouping, checks, writing,
commit, the JSON report). Every run works on a fresh copy of its book in a folder of its own, so
each also makes the day's first backup of that book, as a user's first command of the day does.

- known: a Zoho-style export of one row per item line (`--invoices` invoices of `--lines` lines:
  Invoice Date, Invoice Number, Invoice Status, Customer ID, Customer Name, Due Date, Currency
  Code, Item Name, Quantity, Item Price, Item Total, Total, Balance) in dollars, dates month
  first, amounts as Zoho writes them (`1027.50`; `--signed`: `$1,027.50`, which the book, kept in
  euros, reads through the currency column); a few drafts and void invoices, paid and partly paid
  ones. The book already holds the `--customers` customers (imported by the application from a
  customers file, untimed).
- first: the same export without its Customer ID column, into an empty book: the first import,
  where each customer is found by its name, created with a reference made from it.
- flat: the `--flat`-row French file of one invoice per row of `benchmarks.bench_import`, into a
  book holding its customers.
- goal (asked for with `--only goal`): the same file into the goal-size book of
  `benchmarks.book` (`--goal 20000 300000`), its customers added to it first: the import's cost
  must follow the file, not the book it goes into.

The bare reference of each, run right after it in every round, is a child process of the same
interpreter that reads the same file with the csv module, groups the rows by invoice number in a
dict and inserts the invoices (and for `first` the customers) into a fresh copy of the same book
with sqlite3 `executemany`, committed. The table gives min / median / max over the runs, the ratio
of the medians and the command's peak resident memory; the load average is printed before and
after. `--profile NAME` instead runs that import in this process (`prepare`, then `run_import`)
under cProfile and prints where the time goes.

Only the standard library is imported at the top: the bare child must not pay for the
application's imports.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "import-item-lines"
AS_OF = date(2026, 11, 22)
SPAN_DAYS = 730
CREATED_AT = "2024-11-04 08:30:00.000000"
FIRST_ID = 460_000_000_010_000  # Zoho's customer ids are long numbers
ITEM_HEADERS = [
    "Invoice Date",
    "Invoice Number",
    "Invoice Status",
    "Customer ID",
    "Customer Name",
    "Due Date",
    "Currency Code",
    "Item Name",
    "Quantity",
    "Item Price",
    "Item Total",
    "Total",
    "Balance",
]
STATUSES = (
    ("Paid", 50),
    ("Overdue", 17),
    ("Sent", 15),
    ("PartiallyPaid", 12),
    ("Draft", 4),
    ("Void", 2),
)
SKIPPED = ("Draft", "Void")
ITEMS = (
    "Consulting hours",
    "Support plan, yearly",
    "Installation",
    "Spare parts",
    "Shipping & handling",
    "Training day",
    "Licence, 10 seats",
    "Maintenance visit",
)
COMPANIES = ("Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Wingtip", "Proseware")
FORMS = ("LLC", "Inc.", "Ltd", "& Co.")
TERMS = (15, 30, 30, 45, 60)


@dataclass(frozen=True)
class Expected:
    """What a correct import of a file creates."""

    invoices: int
    customers: int = 0  # created by the import
    skipped: int = 0


def customer_name(n: int) -> str:
    return f"{COMPANIES[n % len(COMPANIES)]} {n} {FORMS[n % len(FORMS)]}"


def plain(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def write_item_lines(
    out: Path, invoices: int, lines: int, customers: int, seed: int, signed: bool = False
) -> tuple[Path, Path, Path, Expected]:
    """The export with Customer ID, the same without it, the customers file, what to expect.

    Amounts are written as Zoho writes them (`1027.50`), or with their sign (`$1,027.50`).
    """
    money = dollars if signed else plain
    rng = random.Random(seed)
    rnd = rng.random
    first = AS_OF - timedelta(days=SPAN_DAYS)
    statuses, weights = zip(*STATUSES, strict=True)
    with_ids, by_name = out / "zoho-items.csv", out / "zoho-items-by-name.csv"
    kept, skipped, used = 0, 0, set()
    with (
        with_ids.open("w", encoding="utf-8", newline="") as a,
        by_name.open("w", encoding="utf-8", newline="") as b,
    ):
        ids_writer, names_writer = csv.writer(a), csv.writer(b)
        ids_writer.writerow(ITEM_HEADERS)
        names_writer.writerow([h for h in ITEM_HEADERS if h != "Customer ID"])
        for n in range(1, invoices + 1):
            customer = int(customers * rnd() ** 2) + 1  # a few large accounts, a long tail
            issued = first + timedelta(days=int(rnd() * SPAN_DAYS))
            due = issued + timedelta(days=rng.choice(TERMS))
            items = [
                (rng.choice(ITEMS), rng.randint(1, 10), rng.randint(500, 50_000))
                for _ in range(lines)
            ]
            total = sum(qty * price for _item, qty, price in items)
            status = rng.choices(statuses, weights)[0]
            balance = {"Paid": 0, "PartiallyPaid": total * rng.randint(10, 90) // 100}
            if status in SKIPPED:
                skipped += 1
            else:
                kept += 1
                used.add(customer)
            shared = (
                issued.strftime("%m/%d/%Y"),
                f"INV-{n:06d}",
                status,
                str(FIRST_ID + customer),
                customer_name(customer),
                due.strftime("%m/%d/%Y"),
                "USD",
            )
            for item, qty, price in items:
                row = [
                    *shared,
                    item,
                    str(qty),
                    money(price),
                    money(qty * price),
                    money(total),
                    money(balance.get(status, total)),
                ]
                ids_writer.writerow(row)
                del row[3]
                names_writer.writerow(row)
    customers_csv = out / "zoho-customers.csv"
    with customers_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Customer ID", "Customer Name", "Billing City"])
        for n in range(1, customers + 1):
            writer.writerow([str(FIRST_ID + n), customer_name(n), "Springfield"])
    return with_ids, by_name, customers_csv, Expected(kept, len(used), skipped)


# --- books -------------------------------------------------------------------------------------


def book_with_customers(
    path: Path, customers_csv: Path | None, template: Path | None = None
) -> Path:
    """A new book (or a copy of `template`), with the customers of `customers_csv` imported by
    the application."""
    from app.db.migrate import open_database
    from app.domain.calendar import Clock
    from app.importing.columns import Kind
    from app.services.importing import prepare, run_import

    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    if template is not None:
        shutil.copyfile(template, path)
    database = open_database(path, backup=False)
    try:
        if customers_csv is not None:
            prepared = prepare(Kind.CUSTOMERS, customers_csv)
            report = run_import(database.session_factory, Clock.fixed(AS_OF), prepared)
            if not report.written:
                raise SystemExit(f"the customers were refused: {report.refused[:3]}")
    finally:
        database.dispose()
    return path


def new_numbers(source: Path, target: Path) -> Path:
    """The one-row file with its invoices numbered `FN-…`: new invoices for the goal-size book,
    whose own are numbered `FA-…` as the file's are."""
    target.write_bytes(source.read_bytes().replace(b"\r\nFA-", b"\r\nFN-"))
    return target


def copy_book(template: Path, folder: Path) -> Path:
    """A fresh copy of the book, alone in a new folder (no backups beside it)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = folder / "book.sqlite3"
    for suffix in ("", "-wal"):
        source = Path(f"{template}{suffix}")
        if source.exists():
            shutil.copyfile(source, Path(f"{target}{suffix}"))
    return target


# --- timing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    file: Path
    book: Path
    expected: Expected
    bare: str  # how the bare reference reads the file: "items", "items-by-name" or "flat"
    target_s: float


def run_child(args: list[str], out: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, processor seconds and peak resident MB of one child, its stdout in `out`."""
    with out.open("w", encoding="utf-8") as stdout:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, env=env
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])}… failed ({process.returncode}): {errors[-2000:]}")
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return elapsed, usage.ru_utime + usage.ru_stime, peak


def time_command(
    scenario: Scenario, folder: Path, env: dict[str, str]
) -> tuple[float, float, float]:
    book = copy_book(scenario.book, folder)
    command = ["main.py", "--db", str(book), "import", "invoices", str(scenario.file)]
    elapsed, cpu, peak = run_child([*command, "--format", "json"], folder / "out.json", env)
    report = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    expected = scenario.expected
    got = (report["created"], report["customers_created"], len(report["skipped"]))
    if report["refused"] or got != (expected.invoices, expected.customers, expected.skipped):
        raise SystemExit(
            f"{scenario.name}: created, customers created, skipped {got}, expected {expected}; "
            f"refused {report['refused'][:3]}"
        )
    shutil.rmtree(folder)
    return elapsed, cpu, peak


def time_bare(scenario: Scenario, folder: Path, env: dict[str, str]) -> tuple[float, float]:
    book = copy_book(scenario.book, folder)
    here = ["-m", "benchmarks.bench_import_item_lines", "--bare", scenario.bare]
    elapsed, cpu, _peak = run_child([*here, str(book), str(scenario.file)], folder / "out.txt", env)
    inserted = int((folder / "out.txt").read_text(encoding="utf-8"))
    if inserted != scenario.expected.invoices:
        raise SystemExit(f"bare {scenario.name}: {inserted} invoices, not {scenario.expected}")
    shutil.rmtree(folder)
    return elapsed, cpu


# --- the bare reference (run in a child: the standard library only) ----------------------------


def _cents(text: str) -> int:
    """`$1,027.50` → 102750, `1 027,50` → 102750."""
    if text.startswith("$"):
        text = text[1:].replace(",", "")
    else:
        text = text.replace(" ", "").replace(",", ".")
    units, _dot, rest = text.partition(".")
    return int(units) * 100 + int((rest + "00")[:2])


def _us_day(text: str) -> str:
    month, day, year = text.split("/")
    return f"{year}-{month}-{day}"


def _fr_day(text: str) -> str:
    day, month, year = text.split("/")
    return f"{year}-{month}-{day}"


def bare(how: str, book: Path, path: Path) -> int:
    """Read the file, group it by invoice number, insert the invoices with one executemany."""
    conn = sqlite3.connect(book)
    conn.execute("PRAGMA foreign_keys = ON")  # as the application's connections
    conn.execute("PRAGMA synchronous = NORMAL")
    today = date.today().isoformat()
    flat = how == "flat"
    encoding, delimiter = ("cp1252", ";") if flat else ("utf-8", ",")
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        at = {header: index for index, header in enumerate(next(reader))}
        number = at["N° facture" if flat else "Invoice Number"]
        invoices: dict[str, list[list[str]]] = {}
        for cells in reader:
            invoices.setdefault(cells[number], []).append(cells)
    if flat:
        customer, issued, due = at["Code client"], at["Date facture"], at["Date d'échéance"]
        amount, balance, status = at["Montant TTC"], at["Reste dû"], None
        currency, read_day = None, _fr_day
    else:
        customer = at["Customer ID" if how == "items" else "Customer Name"]
        issued, due = at["Invoice Date"], at["Due Date"]
        amount, balance = at["Total"], at["Balance"]
        status, currency, read_day = at["Invoice Status"], at["Currency Code"], _us_day
    with conn:
        if how == "items-by-name":
            names = {rows[0][customer] for rows in invoices.values()}
            conn.executemany(
                "INSERT INTO customers (ref, name, kind, country, language, payment_terms_days, "
                "segment, on_hold, created_at, updated_at) "
                "VALUES (?, ?, 'business', 'FR', 'fr', 30, 'standard', 0, ?, ?)",
                (("-".join(n.upper().split()), n, CREATED_AT, CREATED_AT) for n in names),
            )
            known = "SELECT name, id, payment_terms_days FROM customers"
        else:
            known = "SELECT ref, id, payment_terms_days FROM customers"
        customers = {key: (cid, terms) for key, cid, terms in conn.execute(known)}
        rows = []
        for invoice, lines in invoices.items():
            first = lines[0]
            if status is not None and first[status] in SKIPPED:
                continue
            cid, terms = customers[first[customer]]
            day = read_day(first[issued])
            open_cents = _cents(first[balance])
            rows.append(
                (
                    cid,
                    invoice,
                    "",
                    day,
                    read_day(first[due])
                    if first[due]
                    else (date.fromisoformat(day) + timedelta(days=terms)).isoformat(),
                    _cents(first[amount]),
                    first[currency] if currency is not None else "EUR",
                    open_cents,
                    None if open_cents else today,
                    CREATED_AT,
                )
            )
        conn.executemany(
            "INSERT INTO invoices (customer_id, number, source, issue_date, due_date, "
            "amount_cents, currency, open_cents, settled_on, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()
    return len(rows)


# --- the benchmark -----------------------------------------------------------------------------


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    from benchmarks import bench_import

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only.split(","))
    found: list[Scenario] = []
    if wanted & {"known", "first"}:
        with_ids, by_name, customers_csv, expected = write_item_lines(
            out, args.invoices, args.lines, args.customers, args.seed, args.signed
        )
        lines = args.invoices * args.lines
        if "known" in wanted:
            known = book_with_customers(out / "book-zoho-customers.sqlite3", customers_csv)
            found.append(
                Scenario(
                    "known",
                    f"{lines:,} item lines, {args.invoices:,} invoices, customers known",
                    with_ids,
                    known,
                    Expected(expected.invoices, 0, expected.skipped),
                    "items",
                    15,
                )
            )
        if "first" in wanted:
            found.append(
                Scenario(
                    "first",
                    f"{lines:,} item lines, {args.invoices:,} invoices, customers by name, created",
                    by_name,
                    book_with_customers(out / "book-empty.sqlite3", None),
                    expected,
                    "items-by-name",
                    15,
                )
            )
    if wanted & {"flat", "goal"}:
        customers_csv, invoices_csv = bench_import.write_files(
            out, args.customers, args.flat, args.seed
        )
    if "flat" in wanted:
        found.append(
            Scenario(
                "flat",
                f"{args.flat:,} invoices, one row each, customers known",
                invoices_csv,
                book_with_customers(out / "book-clients.sqlite3", customers_csv),
                Expected(args.flat),
                "flat",
                10,
            )
        )
    if "goal" in wanted:
        from benchmarks.book import cached_book

        big, invoices = args.goal
        found.append(
            Scenario(
                "goal",
                f"{args.flat:,} invoices, one row each, into a book of {big:,} customers and "
                f"{invoices:,} invoices (the file's customers added to it)",
                new_numbers(invoices_csv, out / "factures-new.csv"),
                book_with_customers(
                    out / f"book-goal-{big}.sqlite3", customers_csv, cached_book(big, invoices)
                ),
                Expected(args.flat),
                "flat",
                6 if big <= 20_000 else 8,
            )
        )
    return found


def profile(scenario: Scenario, out: Path) -> None:
    """The import in this process, as the command runs it, under cProfile."""
    import cProfile
    import pstats

    from app.db.migrate import open_database
    from app.domain.calendar import Clock
    from app.importing.columns import Kind
    from app.services.importing import prepare, run_import

    book = copy_book(scenario.book, out / "profile")
    database = open_database(book, backup=False)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    report = run_import(
        database.session_factory, Clock.fixed(AS_OF), prepare(Kind.INVOICES, scenario.file)
    )
    profiler.disable()
    elapsed = time.perf_counter() - started
    database.dispose()
    print(f"{scenario.title}: {elapsed:.2f} s under cProfile, {report.created:,} created")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(25)


def spread(values: list[float]) -> str:
    return f"{min(values):6.2f} {statistics.median(values):6.2f} {max(values):6.2f}"


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--invoices", type=int, default=60_000)
    parser.add_argument("--lines", type=int, default=5, help="item lines per invoice")
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--flat", type=int, default=100_000, help="rows of the one-row file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--signed", action="store_true", help="amounts as `$1,027.50`")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="known,first,flat", help="and goal")
    parser.add_argument(
        "--goal",
        type=int,
        nargs=2,
        default=(20_000, 300_000),
        metavar=("CUSTOMERS", "INVOICES"),
        help="the goal-size book `goal` imports the one-row file into",
    )
    parser.add_argument("--profile", choices=("known", "first", "flat", "goal"))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--bare", nargs=3, metavar=("HOW", "BOOK", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        how, book, path = args.bare
        print(bare(how, Path(book), Path(path)))
        return
    if args.profile:
        args.only = args.profile
    started = time.perf_counter()
    chosen = scenarios(args)
    print(f"files and books ready in {time.perf_counter() - started:.0f} s")
    if args.profile:
        profile(chosen[0], args.out)
        return
    env = {**os.environ, "RELANCE_DATA_DIR": str(args.out / "data")}
    # scenario → measure → one value per run: wall and processor seconds, peak MB
    times: dict[str, dict[str, list[float]]] = {s.name: defaultdict(list) for s in chosen}
    print(f"load average before: {load()} ({os.cpu_count()} CPUs)")
    for run in range(args.runs):
        for scenario in chosen:
            got = times[scenario.name]
            elapsed, cpu, peak = time_command(scenario, args.out / "run", env)
            bare_s, bare_cpu = time_bare(scenario, args.out / "run", env)
            for key, value in zip(
                ("command", "command_cpu", "peak", "bare", "bare_cpu"),
                (elapsed, cpu, peak, bare_s, bare_cpu),
                strict=True,
            ):
                got[key].append(value)
            print(
                f"  run {run + 1} {scenario.name:<6} command {elapsed:6.2f} s ({cpu:5.2f} s CPU)"
                f"  bare {bare_s:5.2f} s ({bare_cpu:5.2f} s CPU)  load {load()}",
                flush=True,
            )
    print(f"load average after:  {load()}")
    print(f"{args.runs} runs, seconds as min / median / max (wall clock; CPU: the child's own)")
    for scenario in chosen:
        got = times[scenario.name]
        median, worst = statistics.median(got["command"]), max(got["command"])
        ratio = median / statistics.median(got["bare"])
        cpu_ratio = statistics.median(got["command_cpu"]) / statistics.median(got["bare_cpu"])
        verdict = "holds" if median < scenario.target_s else "MISSED"
        verdict += " in every run" if worst < scenario.target_s else ", not in every run"
        expected = scenario.expected
        print(f"{scenario.name}: {scenario.title} ({scenario.file.stat().st_size / 1e6:.0f} MB)")
        print(f"  command      {spread(got['command'])}   CPU {spread(got['command_cpu'])}")
        print(f"  bare         {spread(got['bare'])}   CPU {spread(got['bare_cpu'])}")
        print(
            f"  ratio of medians {ratio:4.1f} × (CPU {cpu_ratio:4.1f} ×)   "
            f"peak {max(got['peak']):4.0f} MB   target < {scenario.target_s:.0f} s: {verdict}"
        )
        print(
            f"  {expected.invoices:,} invoices created, {expected.customers:,} customers created,"
            f" {expected.skipped:,} skipped (drafts and void)"
        )


if __name__ == "__main__":
    main()
