"""Names, addresses, references and email addresses are single lines, wherever they come from.

A line break in a customer's name reaches the header of every email written to them ("header
injection"): it is refused at the door, in a CSV import (the row, by line and column), a FEC, and
the services the window and the command line call to create customers and contacts.
"""

from __future__ import annotations

import csv
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.migrate import Database, open_database
from app.db.models import Customer
from app.domain.calendar import Clock
from app.services import contacts, ledger
from app.services.ledger import LedgerError
from app.services.settings import (
    CompanyProfile,
    Preferences,
    SettingsError,
    save_company,
    save_preferences,
)

INJECTED = "Dupont\r\nBcc: everyone@example.com"
CONTROL = "control character"


def run_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any]:
    try:
        code = main(["--db", str(db), *args, "--format", "json"])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    assert out, err
    return code, json.loads(out)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)  # quotes the cells holding line breaks
    return path


def customers_in(db: Path) -> dict[str, Customer]:
    gc.collect()
    database = open_database(db, backup=False)
    try:
        with database.session_factory() as session:
            found = {c.ref: c for c in session.scalars(select(Customer))}
            for customer in found.values():
                session.expunge(customer)
            return found
    finally:
        database.dispose()


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    database.dispose()
    return db_path


# --- CSV import ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Raison sociale", INJECTED),
        ("Raison sociale", "Dupont\nFils"),
        ("Raison sociale", "Dupont\x1b[31m"),
        ("Raison sociale", "Dupont\u2028Fils"),
        ("Code client", "411\rDUP"),
        ("E-mail", "compta@dupont.example\nBcc: x@y.fr"),
        ("E-mail", "compta\x0b@dupont.example"),
        ("Interlocuteur", "Élodie\r\nNoël"),
        ("Ville", "Lyon\tCedex"),
        ("Téléphone", "04 72\n00 00 00"),
    ],
)
def test_a_customer_row_with_a_control_character_is_refused_by_line_and_column(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: str
) -> None:
    headers = ["Code client", "Raison sociale", "E-mail", "Interlocuteur", "Ville", "Téléphone"]
    good = ["411DUP", "Dupont", "compta@dupont.example", "Élodie Noël", "Lyon", "04 72 00 00 00"]
    bad = dict(zip(headers, good, strict=True)) | {column: value}
    other = ["411MAR", "Martin", "", "", "", ""]
    path = write_csv(tmp_path / "clients.csv", [headers, other, list(bad.values())])

    code, result = run_json(capsys, empty_db, "import", "customers", str(path))

    assert code == 1
    assert [(p["line"], p["column"]) for p in result["refused"]] == [(3, column)]
    assert CONTROL in result["refused"][0]["reason"]
    assert customers_in(empty_db) == {}


def test_invoice_numbers_and_payment_references_are_single_lines(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clients = write_csv(tmp_path / "clients.csv", [["Code client", "Nom"], ["411DUP", "Dupont"]])
    assert run_json(capsys, empty_db, "import", "customers", str(clients))[0] == 0
    invoices = write_csv(
        tmp_path / "factures.csv",
        [
            ["N° facture", "Code client", "Date facture", "Montant TTC"],
            ["FA-1\nBcc: x@y.fr", "411DUP", "01/09/2026", "10,00"],
        ],
    )
    code, result = run_json(capsys, empty_db, "import", "invoices", str(invoices))
    assert code == 1
    assert [(p["line"], p["column"]) for p in result["refused"]] == [(2, "N° facture")]
    payments = write_csv(
        tmp_path / "reglements.csv",
        [
            ["Date de règlement", "Code client", "Montant", "Référence du règlement"],
            ["2026-10-02", "411DUP", "10,00", "VIR\r\n42"],
        ],
    )
    code, result = run_json(capsys, empty_db, "import", "payments", str(payments))
    assert code == 1
    assert [(p["line"], p["column"]) for p in result["refused"]] == [(2, "Référence du règlement")]
    assert CONTROL in result["refused"][0]["reason"]


def test_an_address_over_two_lines_in_one_cell_fills_both_address_lines(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(
        tmp_path / "clients.csv",
        [
            ["Code client", "Nom", "Adresse", "Code postal", "Ville"],
            ["411DUP", "Dupont", "12 rue de la République\r\nBâtiment C", "69002", "Lyon"],
            ["411MAR", "Martin", "3 place Neuve\n", "45000", "Orléans"],
        ],
    )

    code, result = run_json(capsys, empty_db, "import", "customers", str(path))

    assert (code, result["refused"]) == (0, [])
    found = customers_in(empty_db)
    dupont, martin = found["411DUP"], found["411MAR"]
    assert (dupont.address_line1, dupont.address_line2) == ("12 rue de la République", "Bâtiment C")
    assert (martin.address_line1, martin.address_line2) == ("3 place Neuve", None)


def test_an_address_with_more_lines_than_relance_keeps_is_refused(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(
        tmp_path / "clients.csv",
        [
            ["Code client", "Nom", "Adresse", "Adresse 2"],
            ["411DUP", "Dupont", "12 rue de la République\nBâtiment C", "Escalier B"],
            ["411MAR", "Martin", "3 place Neuve\nBP 12\n45000 Orléans", ""],
        ],
    )

    code, result = run_json(capsys, empty_db, "import", "customers", str(path))

    assert code == 1
    assert [(p["line"], p["column"]) for p in result["refused"]] == [
        (2, "Adresse"),
        (4, "Adresse"),
    ]
    assert "two lines" in result["refused"][0]["reason"]


# --- FEC ----------------------------------------------------------------------------------------
FEC_HEADER = (
    "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
    "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
    "ValidDate\tMontantdevise\tIdevise\n"
)


@pytest.mark.parametrize(
    ("column", "cells"),
    [
        ("CompAuxLib", ("C001", '"DUPONT\r\nBcc: x@y.fr"', "FA-1")),
        ("CompAuxNum", ("C0\x0701", "DUPONT", "FA-1")),
        ("PieceRef", ("C001", "DUPONT", '"FA-1\nX"')),
    ],
)
def test_a_fec_line_with_a_control_character_is_refused_by_line_and_column(
    empty_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    column: str,
    cells: tuple[str, str, str],
) -> None:
    aux, name, piece = cells
    good = "VT\tVentes\t1\t20261001\t411000\tClients\tC002\tMARTIN\tFA-0\t20261001\tFA-0\t"
    bad = f"VT\tVentes\t2\t20261001\t411000\tClients\t{aux}\t{name}\t{piece}\t20261001\tFA\t"
    path = tmp_path / "FEC.txt"
    path.write_text(
        FEC_HEADER + good + "10,00\t0,00\t\t\t\t\t\n" + bad + "10,00\t0,00\t\t\t\t\t\n",
        encoding="utf-8",
    )

    code, result = run_json(capsys, empty_db, "import", "fec", str(path))

    assert code == 1
    assert [(p["line"], p["column"]) for p in result["refused"]] == [(3, column)]
    assert CONTROL in result["refused"][0]["reason"]


# --- entry: the services the window and the command line call -----------------------------------
@pytest.mark.parametrize(
    "fields",
    [
        {"ref": "411DUP", "name": INJECTED},
        {"ref": "411\nDUP", "name": "Dupont"},
        {"ref": "411DUP", "name": "Dupont", "address_line1": "12 rue\r\nBcc: x@y.fr"},
        {"ref": "411DUP", "name": "Dupont", "city": "Lyon\x00"},
    ],
)
def test_a_customer_with_a_control_character_is_refused_at_entry(
    db: Database, clock: Clock, fields: dict[str, str]
) -> None:
    with db.session_factory.begin() as session, pytest.raises(LedgerError, match=CONTROL):
        ledger.create_customer(session, clock, **fields)  # type: ignore[arg-type]


def test_document_numbers_and_payment_references_are_refused_at_entry(
    db: Database, clock: Clock
) -> None:
    from datetime import date

    with db.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont")
        with pytest.raises(LedgerError, match=CONTROL):
            ledger.add_invoice(
                session,
                clock,
                customer_id=customer.id,
                number="FA-1\r\nBcc: x@y.fr",
                issue_date=date(2026, 9, 1),
                amount_cents=1000,
            )
        with pytest.raises(LedgerError, match=CONTROL):
            ledger.record_payment(
                session,
                clock,
                customer_id=customer.id,
                amount_cents=1000,
                received_on=date(2026, 9, 1),
                reference="VIR\n42",
            )
        with pytest.raises(LedgerError, match=CONTROL):
            ledger.add_credit_note(
                session,
                clock,
                customer_id=customer.id,
                number="AV\x001",
                issued_on=date(2026, 9, 1),
                amount_cents=1000,
            )


def test_the_command_line_refuses_a_payment_reference_over_two_lines(
    empty_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(empty_db)
    with database.session_factory.begin() as session:
        ledger.create_customer(session, Clock(), ref="411DUP", name="Dupont")
    database.dispose()
    args = ["payment", "add", "411DUP", "--amount", "10", "--date", "2026-01-02"]

    code = main(["--db", str(empty_db), *args, "--reference", "VIR\nBcc: x@y.fr"])

    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert CONTROL in err and "Traceback" not in err


@pytest.mark.parametrize(
    "fields",
    [
        contacts.ContactFields(INJECTED),
        contacts.ContactFields("Marie", email="marie@dupont.example\r\nBcc: x@y.fr"),
        contacts.ContactFields("Marie", email="marie\x7f@dupont.example"),
        contacts.ContactFields("Marie", role="gérante\n"),
        contacts.ContactFields("Marie", phone="04\n78"),
        contacts.ContactFields("Marie", best_time="le matin\u2029"),
    ],
)
def test_a_contact_with_a_control_character_is_refused_at_entry(
    db: Database, clock: Clock, fields: contacts.ContactFields
) -> None:
    with db.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont")
        with pytest.raises(LedgerError):
            contacts.add_contact(session, clock, customer.id, fields, primary=True)
        good = contacts.add_contact(
            session, clock, customer.id, contacts.ContactFields("Marie"), primary=True
        )
        with pytest.raises(LedgerError):
            contacts.update_contact(session, clock, good.id, fields, primary=True)


def test_an_email_address_is_checked_whole_not_up_to_a_line_break() -> None:
    from app.domain.text import is_email

    assert is_email("compta@dupont.example")
    assert not is_email("compta@dupont.example\n")
    assert not is_email("compta@dupont.example\nBcc: x@y.fr")
    assert not is_email("com\x00pta@dupont.example")


def test_the_company_profile_refuses_control_characters(
    db: Database, signing_company: CompanyProfile
) -> None:
    from dataclasses import replace

    hostile = replace(signing_company, name=INJECTED, city="Lyon\x00", email="a@b.fr\nBcc: x@y")
    with db.session_factory.begin() as session, pytest.raises(SettingsError) as refused:
        save_company(session, hostile)
    assert set(refused.value.problems) == {"name", "city", "email"}
