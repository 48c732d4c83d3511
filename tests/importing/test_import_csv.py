"""`import customers|invoices|payments FILE` end to end: real files in, a real SQLite file checked.

Files are written the way exports write them (Windows-1252 or UTF-8 with or without BOM, `;`, `,`
or tab, decimal commas, French dates) and imported through `app.cli.main`, as a user would.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Allocation, Contact, Customer, HistoryEvent, Invoice, Payment
from app.services.ledger import check_consistency
from app.services.settings import Preferences, save_preferences
from tests.db_digest import digest

CUSTOMERS_FR = [
    [
        "Code client",
        "Raison sociale",
        "SIRET",
        "N° TVA intracommunautaire",
        "Adresse",
        "Code postal",
        "Ville",
        "Pays",
        "E-mail",
        "Téléphone",
        "Interlocuteur",
        "Langue",
        "Délai de paiement",
        "Catégorie client",
    ],
    [
        "411DUP",
        "Dupont & Fils",
        "732 829 320 00074",
        "fr 40 732829320",
        "12 rue de la République",
        "69002",
        "Lyon",
        "",
        "compta@dupont.example",
        "04 72 00 00 00",
        "Élodie Noël",
        "français",
        "30 jours",
        "premium",
    ],
    ["411MAR", "Martin Frères", "", "", "", "", "Orléans", "FR", "", "", "", "", "45", ""],
    [
        "411ACME",
        "Acme Ltd",
        "",
        "GB123456789",
        "1 High Street",
        "EC1A 1BB",
        "London",
        "gb",
        "",
        "",
        "John Smith",
        "en",
        "60",
        "",
    ],
]
INVOICE_HEADERS_FR = [
    "N° facture",
    "Code client",
    "Date facture",
    "Date d'échéance",
    "Montant TTC",
    "Reste dû",
]


def write_csv(
    path: Path, rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8"
) -> Path:
    """Write rows as a spreadsheet program would: quoted only where needed, CRLF line ends."""
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any]:
    code, out, err = run(capsys, db, *args, "--format", "json")
    assert not err, err
    return code, json.loads(out)


def report(
    created: int = 0,
    updated: int = 0,
    unchanged: int = 0,
    settled: int = 0,
    customers_created: int = 0,
) -> Any:
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "settled": settled,
        "customers_created": customers_created,
        "refused": [],
        "skipped": [],
        "warnings": [],
        "header_line": 1,
    }


def counts(db: Path) -> dict[str, int]:
    database = open_database(db, backup=False)
    try:
        with database.session_factory() as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Customer, Contact, Invoice, Payment, Allocation, HistoryEvent)
            }
    finally:
        database.dispose()


@pytest.fixture
def session_on(db_path: Path) -> Iterator[Any]:
    """Open the test database after the CLI wrote to it; every session is closed at the end."""
    opened: list[Any] = []

    def open_session() -> Session:
        database = open_database(db_path, backup=False)
        opened.append(database)
        session = database.session_factory()
        opened.append(session)
        return session

    yield open_session
    for item in reversed(opened):
        item.close() if isinstance(item, Session) else item.dispose()


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    """A new database whose messages are English whatever the machine's locale."""
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    database.dispose()
    return db_path


@pytest.fixture
def book(empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The three customers of CUSTOMERS_FR, imported."""
    path = write_csv(tmp_path / "clients.csv", CUSTOMERS_FR, ";", "cp1252")
    code, result = run_json(capsys, empty_db, "import", "customers", str(path))
    assert (code, result) == (0, report(created=3))
    return empty_db


def invoices(session: Session) -> dict[str, Invoice]:
    return {i.number: i for i in session.scalars(select(Invoice))}


# --- customers ---------------------------------------------------------------------------------
def test_french_customers_file_from_excel_in_windows_1252_is_imported(
    book: Path, session_on: Any
) -> None:
    session = session_on()
    customers = {c.ref: c for c in session.scalars(select(Customer))}
    dupont = customers["411DUP"]
    assert (dupont.name, dupont.city, dupont.country) == ("Dupont & Fils", "Lyon", "FR")
    assert (dupont.siret, dupont.vat_number) == ("73282932000074", "FR40732829320")
    assert (dupont.address_line1, dupont.postcode) == ("12 rue de la République", "69002")
    assert (dupont.language, dupont.payment_terms_days, dupont.segment) == ("fr", 30, "premium")
    contact = session.scalars(select(Contact).where(Contact.customer_id == dupont.id)).one()
    assert (contact.name, contact.email, contact.phone, contact.is_primary) == (
        "Élodie Noël",
        "compta@dupont.example",
        "04 72 00 00 00",
        True,
    )
    martin = customers["411MAR"]
    assert (martin.name, martin.city, martin.payment_terms_days) == ("Martin Frères", "Orléans", 45)
    assert martin.segment == "standard"
    acme = customers["411ACME"]
    assert (acme.country, acme.language, acme.payment_terms_days) == ("GB", "en", 60)
    kinds = session.scalars(select(HistoryEvent.kind)).all()
    assert kinds == ["customer_created"] * 3


def test_english_customers_file_in_utf8_with_commas_is_imported(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], session_on: Any
) -> None:
    rows = [
        ["Customer code", "Company name", "Address", "Post code", "Town", "Email", "Terms"],
        [
            "C-001",
            "Smith, Jones & Co",
            "10 Downing St",
            "SW1A 2AA",
            "London",
            "ap@sj.example",
            "30",
        ],
    ]
    path = write_csv(tmp_path / "customers.csv", rows, ",", "utf-8")
    assert run_json(capsys, empty_db, "import", "customers", str(path)) == (0, report(created=1))
    customer = session_on().scalars(select(Customer)).one()
    assert (customer.ref, customer.name, customer.city) == ("C-001", "Smith, Jones & Co", "London")


# --- invoices: encodings, delimiters, numbers, dates -------------------------------------------
FR_INVOICES = [
    INVOICE_HEADERS_FR,
    ["FA-001", "411DUP", "01/09/2026", "01/10/2026", "1 234,56", "1 234,56"],
    ["FA-002", "411DUP", "15/09/2026", "", "500,00", ""],
    ["FA-003", "411MAR", "2026-10-01", "2026-11-15", "2 400,00", "1 000,00"],
    ["FA-004", "411ACME", "05/10/2026", "", "99,90", "0"],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("cp1252", ";"),
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-8", "\t"),
        ("cp1252", "\t"),
    ],
)
def test_french_invoices_file_is_read_in_any_encoding_and_delimiter(
    book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    session_on: Any,
    encoding: str,
    delimiter: str,
) -> None:
    path = write_csv(tmp_path / "factures.csv", FR_INVOICES, delimiter, encoding)
    assert run_json(capsys, book, "import", "invoices", str(path)) == (0, report(created=4))
    session = session_on()
    found = {
        number: (inv.issue_date, inv.due_date, inv.amount_cents, inv.open_cents)
        for number, inv in invoices(session).items()
    }
    assert found == {
        "FA-001": (date(2026, 9, 1), date(2026, 10, 1), 123456, 123456),
        "FA-002": (date(2026, 9, 15), date(2026, 10, 15), 50000, 50000),  # + 30 days' terms
        "FA-003": (date(2026, 10, 1), date(2026, 11, 15), 240000, 100000),
        "FA-004": (date(2026, 10, 5), date(2026, 12, 4), 9990, 0),  # + 60 days' terms
    }
    assert check_consistency(session) == []


def test_english_invoices_file_with_decimal_points_and_iso_dates(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], session_on: Any
) -> None:
    rows = [
        ["Invoice No", "Customer", "Invoice date", "Due date", "Amount", "Currency", "Outstanding"],
        ["UK-1", "411ACME", "2026-09-01", "2026-10-01", "1,234.56", "GBP", "1,234.56"],
        ["UK-2", "411ACME", "2026-09-15", "", "250.00", "£", "100.5"],
        ["UK-3", "411DUP", "2026-09-20", "", "12000", "", ""],
    ]
    path = write_csv(tmp_path / "invoices.csv", rows, ",", "utf-8-sig")
    assert run_json(capsys, book, "import", "invoices", str(path)) == (0, report(created=3))
    found = {
        n: (i.currency, i.due_date, i.amount_cents, i.open_cents)
        for n, i in invoices(session_on()).items()
    }
    assert found == {
        "UK-1": ("GBP", date(2026, 10, 1), 123456, 123456),
        "UK-2": ("GBP", date(2026, 11, 14), 25000, 10050),
        "UK-3": ("EUR", date(2026, 10, 20), 1200000, 1200000),  # the default currency
    }


AMOUNTS = [
    ("1234,56", 123456),  # decimal comma
    ("1234.56", 123456),  # decimal point
    ("1 234,56", 123456),  # space as thousands separator
    ("1\u00a0234,56", 123456),  # no-break space, as French Excel writes it
    ("1\u202f234,56", 123456),  # narrow no-break space, as recent French locales write it
    ("1.234,56", 123456),  # point as thousands separator
    ("1,234.56", 123456),  # comma as thousands separator
    ("1 234 567,8", 123456780),
    ("1234", 123400),
    ("1 234,56 €", 123456),
    ("12,5", 1250),
]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_every_usual_number_format_is_read(
    book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    session_on: Any,
    delimiter: str,
) -> None:
    rows = [["N° facture", "Code client", "Date", "Montant"]]
    rows += [[f"N-{i}", "411DUP", "01/10/2026", text] for i, (text, _c) in enumerate(AMOUNTS)]
    path = write_csv(tmp_path / "montants.csv", rows, delimiter)
    code, result = run_json(capsys, book, "import", "invoices", str(path))
    assert (code, result) == (0, report(created=len(AMOUNTS)))
    found = {n: i.amount_cents for n, i in invoices(session_on()).items()}
    assert found == {f"N-{i}": cents for i, (_t, cents) in enumerate(AMOUNTS)}


def test_iso_and_french_dates_are_both_read(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], session_on: Any
) -> None:
    rows = [
        ["N° facture", "Code client", "Date facture", "Échéance", "Montant"],
        ["D-1", "411DUP", "2026-09-01", "2026-10-31", "10"],
        ["D-2", "411DUP", "01/09/2026", "31/10/2026", "10"],
        ["D-3", "411DUP", "1/9/2026", "31.10.2026", "10"],
        ["D-4", "411DUP", "", "31/10/2026", "10"],  # only the due date: issued the same day
    ]
    path = write_csv(tmp_path / "dates.csv", rows)
    assert run_json(capsys, book, "import", "invoices", str(path))[0] == 0
    found = {n: (i.issue_date, i.due_date) for n, i in invoices(session_on()).items()}
    sept, octo = date(2026, 9, 1), date(2026, 10, 31)
    assert found == {
        "D-1": (sept, octo),
        "D-2": (sept, octo),
        "D-3": (sept, octo),
        "D-4": (octo, octo),
    }


def test_invoices_from_an_excel_workbook(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], session_on: Any
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["N° facture", "Client", "Date facture", "Date d'échéance", "Montant TTC"])
    sheet.append(["FA-10", "411DUP", datetime(2026, 9, 1), datetime(2026, 10, 1), 1234.56])
    sheet.append(["FA-11", "411MAR", "15/09/2026", None, "2 400,00"])  # cells typed as text
    sheet.append([12, "411MAR", date(2026, 9, 20), None, 99])  # a number as invoice number
    path = tmp_path / "factures.xlsx"
    workbook.save(path)
    assert run_json(capsys, book, "import", "invoices", str(path)) == (0, report(created=3))
    found = {
        n: (i.issue_date, i.due_date, i.amount_cents) for n, i in invoices(session_on()).items()
    }
    assert found == {
        "FA-10": (date(2026, 9, 1), date(2026, 10, 1), 123456),
        "FA-11": (date(2026, 9, 15), date(2026, 10, 30), 240000),
        "12": (date(2026, 9, 20), date(2026, 11, 4), 9900),
    }


def test_mapping_file_names_the_columns_of_an_unusual_export(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], session_on: Any
) -> None:
    rows = [
        ["Pièce", "Tr", "Dt", "Mt", "Commentaire"],
        ["X-1", "411DUP", "01/09/2026", "80", ""],
    ]
    path = write_csv(tmp_path / "export.csv", rows)
    code, result = run_json(capsys, book, "import", "invoices", str(path))
    assert code == 1
    assert result["refused"] == [
        {
            "line": 1,
            "column": "customer_ref",
            "reason": "The required column “customer_ref” was not found. The columns read on "
            "line 1 are: “Pièce”, “Tr”, “Dt”, “Mt”, “Commentaire”.",
        }
    ]
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"customer_ref": "Tr", "issue_date": "Dt", "amount": "Mt"}))
    code, result = run_json(
        capsys, book, "import", "invoices", str(path), "--mapping", str(mapping)
    )
    assert (code, result) == (0, report(created=1))
    invoice = invoices(session_on())["X-1"]
    assert (invoice.amount_cents, invoice.due_date) == (8000, date(2026, 10, 1))


def test_an_unusable_mapping_file_exits_1_with_the_reason(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "export.csv", FR_INVOICES)
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"amount": "Total HT"}')
    code, out, err = run(capsys, book, "import", "invoices", str(path), "--mapping", str(mapping))
    assert (code, out) == (1, "")
    assert err == (
        "The file has no column “Total HT”. The columns read on line 1 are: “N° facture”, "
        "“Code client”, “Date facture”, “Date d'échéance”, “Montant TTC”, “Reste dû”.\n"
    )


def test_a_file_that_is_not_a_table_exits_1_with_the_reason(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert run(capsys, book, "import", "invoices", str(path)) == (1, "", "The file is empty.\n")


# --- refusals ----------------------------------------------------------------------------------
ERRORS = [
    INVOICE_HEADERS_FR,
    ["FA-1", "411DUP", "01/09/2026", "", "100,00", ""],  # 2: valid
    ["FA-2", "411NOPE", "01/09/2026", "", "100,00", ""],  # 3: unknown customer
    ["FA-1", "411MAR", "02/09/2026", "", "50,00", ""],  # 4: FA-1 again, for another customer
    ["FA-3", "411DUP", "31/09/2026", "", "50,00", ""],  # 5: no 31 September
    ["FA-4", "411DUP", "01/09/2026", "", "12,3,4", ""],  # 6: not an amount
    ["", "411DUP", "01/09/2026", "", "10", ""],  # 7: no number
    ["FA-5", "411DUP", "01/10/2026", "01/09/2026", "10", ""],  # 8: due before issued
    ["FA-6", "411DUP", "", "", "10", ""],  # 9: no date at all
    ["FA-7", "411DUP", "01/09/2026", "", "100", "150"],  # 10: owes more than the invoice
    ["FA-8", "411DUP", "01/09/2026", "", "", ""],  # 11: no amount at all
    ["FA-9", "411MAR", "01/09/2026", "", "-5", ""],  # 12: a negative amount
    ["FA-10", "411DUP", "01/09/2026", "", "100,00", ""],  # 13: valid
]
ERRORS_REFUSED = [
    {
        "line": 2,
        "column": "N° facture",
        "reason": "The invoice “FA-1” is refused: line 4 disagrees with this one.",
    },
    {
        "line": 3,
        "column": "Code client",
        "reason": "No customer has the reference “411NOPE”: import the customers first.",
    },
    {
        "line": 4,
        "column": "Code client",
        "reason": "The invoice “FA-1” is also on line 2, with another customer (“411DUP” there, "
        "“411MAR” here). The lines of one invoice must agree on its customer, dates, currency, "
        "total, balance and status.",
    },
    {
        "line": 5,
        "column": "Date facture",
        "reason": "“31/09/2026” is not a date (use 2026-11-22 or 22/11/2026).",
    },
    {"line": 6, "column": "Montant TTC", "reason": "“12,3,4” is not an amount."},
    {"line": 7, "column": "N° facture", "reason": "This value is required."},
    {"line": 8, "column": "Date d'échéance", "reason": "The due date is before the issue date."},
    {
        "line": 9,
        "column": "Date facture",
        "reason": "An invoice needs its issue date or its due date.",
    },
    {
        "line": 10,
        "column": "Reste dû",
        "reason": "What is still owed is more than the invoice amount.",
    },
    {
        "line": 11,
        "column": "Montant TTC",
        "reason": "An invoice needs its amount (or what is still owed).",
    },
    {"line": 12, "column": "Montant TTC", "reason": "An invoice amount must be positive."},
]


def test_a_file_with_errors_is_reported_by_line_and_column_and_nothing_is_written(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "factures.csv", ERRORS, ";", "cp1252")
    before, rows_before = digest(book), counts(book)
    code, result = run_json(capsys, book, "import", "invoices", str(path))
    assert code == 1
    assert result == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "settled": 0,
        "customers_created": 0,
        "refused": ERRORS_REFUSED,
        "skipped": [],
        "warnings": [],
        "header_line": 1,
    }
    assert digest(book) == before
    assert counts(book) == rows_before
    assert not (tmp_path / "factures.rejects.csv").exists()


def test_refused_rows_are_printed_one_per_line_on_stderr(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "factures.csv", ERRORS[:4])
    code, out, err = run(capsys, book, "import", "invoices", str(path))
    assert code == 1
    assert err.splitlines() == [
        "line 2, column “N° facture”: The invoice “FA-1” is refused: line 4 disagrees with this "
        "one.",
        "line 3, column “Code client”: No customer has the reference “411NOPE”: "
        "import the customers first.",
        "line 4, column “Code client”: The invoice “FA-1” is also on line 2, with another "
        "customer (“411DUP” there, “411MAR” here). The lines of one invoice must agree on its "
        "customer, dates, currency, total, balance and status.",
    ]
    assert out.splitlines() == [
        "0 created, 0 updated, 0 unchanged, 3 refused",
        "Nothing was written: correct the file, or use --skip-invalid.",
    ]


def test_line_numbers_count_blank_and_multiline_rows_as_the_editor_shows_them(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(
        "N° facture;Code client;Date;Montant;Note\n"
        "\n"
        'FA-1;411DUP;01/09/2026;10;"first line\nsecond line"\n'
        "FA-2;411DUP;01/09/2026;dix;\n",
        encoding="utf-8",
    )
    code, result = run_json(capsys, book, "import", "invoices", str(path))
    assert code == 1
    assert result["refused"] == [
        {"line": 5, "column": "Montant", "reason": "“dix” is not an amount."}
    ]


def test_skip_invalid_writes_the_valid_rows_and_a_rejects_file_beside_the_input(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], session_on: Any
) -> None:
    path = write_csv(tmp_path / "factures.csv", ERRORS, ";", "cp1252")
    code, out, err = run(capsys, book, "import", "invoices", str(path), "--skip-invalid")
    assert code == 0
    rejects = tmp_path / "factures.rejects.csv"
    assert out.splitlines() == [
        "1 created, 0 updated, 0 unchanged, 11 refused",
        f"Refused rows written to {rejects}",
    ]
    assert len(err.splitlines()) == 11
    assert set(invoices(session_on())) == {"FA-10"}
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[0] == ["line", "column", "reason", *INVOICE_HEADERS_FR]
    assert written[1:] == [
        [str(r["line"]), r["column"], r["reason"], *ERRORS[r["line"] - 1]] for r in ERRORS_REFUSED
    ]


def test_rows_refused_while_syncing_go_to_the_rejects_file_too(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["Date de règlement", "Code client", "Montant", "N° facture"],
        ["2026-10-02", "411DUP", "10,00", "FA-404"],  # no such invoice: seen only when syncing
        ["2026-10-03", "411DUP", "20,00", ""],
    ]
    path = write_csv(tmp_path / "reglements.csv", rows)
    code, result = run_json(capsys, book, "import", "payments", str(path), "--skip-invalid")
    assert code == 0
    assert result["created"] == 1
    assert result["refused"] == [
        {"line": 2, "column": "N° facture", "reason": "No invoice has the number “FA-404”."}
    ]
    with (tmp_path / "reglements.rejects.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle, delimiter=";"))[1] == [
            "2",
            "N° facture",
            "No invoice has the number “FA-404”.",
            *rows[1],
        ]


def test_dry_run_writes_nothing_and_counts_exactly_what_the_real_run_does(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_csv(tmp_path / "v1.csv", FR_INVOICES)
    run_json(capsys, book, "import", "invoices", str(first))
    changed = [
        INVOICE_HEADERS_FR,
        FR_INVOICES[1],  # unchanged
        ["FA-002", "411DUP", "15/09/2026", "", "550,00", ""],  # amount changed
        ["FA-005", "411MAR", "01/11/2026", "", "75,00", ""],  # new
        ["FA-404", "411NOPE", "01/11/2026", "", "75,00", ""],  # refused
    ]  # FA-003 and FA-004 absent: settled by the snapshot (FA-004 already is)
    second = write_csv(tmp_path / "v2.csv", changed)
    args = ("import", "invoices", str(second), "--snapshot", "--skip-invalid")
    before, rows_before = digest(book), counts(book)
    code, dry = run_json(capsys, book, *args, "--dry-run")
    assert code == 0
    assert digest(book) == before
    assert counts(book) == rows_before
    assert not (tmp_path / "v2.rejects.csv").exists()
    code, real = run_json(capsys, book, *args)
    assert code == 0
    assert dry == real
    assert (real["created"], real["updated"], real["unchanged"], real["settled"]) == (1, 1, 1, 1)
    assert [r["line"] for r in real["refused"]] == [5]
    assert counts(book) != rows_before


def test_dry_run_says_so_in_the_table_output(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "factures.csv", FR_INVOICES)
    code, out, err = run(capsys, book, "import", "invoices", str(path), "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "4 created, 0 updated, 0 unchanged, 0 refused",
        "Dry run: nothing was written.",
    ]
    assert counts(book)["invoices"] == 0
