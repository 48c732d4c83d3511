"""Statuses that say nothing of how much is owed, and currency signs in a payments file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing.test_real_exports import (
    book_state,
    done,
    new_book,
    run_json,
    summary,
    write_csv,
)

HEADERS = ["Invoice Number", "Customer Name", "Invoice Date", "Total", "Invoice Status"]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return new_book(tmp_path / "book.sqlite3")


def test_a_partly_paid_invoice_without_a_balance_is_refused_not_imported_as_owed_in_full(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [HEADERS, ["INV-1", "Dupont", "2026-10-01", "120.00", "Partially Paid"]]
    result = run_json(capsys, book, "invoices", write_csv(tmp_path / "invoices.csv", rows))
    assert result["exit"] == 1
    assert result["refused"] == [
        {
            "line": 2,
            "column": "Invoice Status",
            "reason": "The status says the invoice is partly paid, but the file does not say how "
            "much is still owed: add its balance column (or the amount paid), or import the "
            "payments.",
        }
    ]
    assert book_state(book)[0] == {}


def test_a_partly_paid_invoice_with_its_balance_owes_that_balance(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        [*HEADERS, "Balance"],
        ["INV-1", "Dupont", "2026-10-01", "120.00", "Partiellement payée", "20.50"],
    ]
    result = run_json(capsys, book, "invoices", write_csv(tmp_path / "invoices.csv", rows))
    assert summary(result) == done(created=1, customers_created=1)
    (invoice,) = book_state(book)[0].values()
    assert invoice[3:] == ("EUR", 12000, 2050)  # currency, amount, still owed


@pytest.mark.parametrize("status", ["Pending Approval", "Approved", "Brouillon"])
def test_invoices_not_sent_yet_are_left_out(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], status: str
) -> None:
    rows = [HEADERS, ["INV-1", "Dupont", "2026-10-01", "120.00", status]]
    result = run_json(capsys, book, "invoices", write_csv(tmp_path / "invoices.csv", rows))
    assert summary(result) == done()
    assert result["skipped"] == [
        {"line": 2, "column": "Invoice Status", "reason": "Draft invoice “INV-1”: not imported."}
    ]


def test_a_payment_in_another_currency_is_refused_with_a_sentence_that_fits_payments(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invoices = [HEADERS, ["INV-1", "Dupont", "2026-10-01", "120.00", "Sent"]]
    run_json(capsys, book, "invoices", write_csv(tmp_path / "invoices.csv", invoices))
    payments = [["Payment date", "Customer Name", "Amount"], ["2026-10-05", "Dupont", "$20.00"]]
    result = run_json(capsys, book, "payments", write_csv(tmp_path / "payments.csv", payments))
    assert result["refused"] == [
        {
            "line": 2,
            "column": "Amount",
            "reason": "“$20.00” is an amount in USD, but the book is kept in EUR: payments are "
            "imported in the book's currency only.",
        }
    ]
