"""The import wizard on an invoicing tool's export: title lines, item lines, statuses, dates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.context import AppContext
from tests.ui.test_import_wizard import invoices, start, to_check, to_import, to_mapping, write

# A report as Zoho-like tools write it: a title, a date, a blank line, then item lines in
# English with month-first dates (1/29/2026 decides the column) and a draft left out.
REPORT = (
    "Invoice Details\n"
    "Generated on 11/30/2026\n"
    "\n"
    "Invoice Date,Invoice Number,Invoice Status,Customer Name,Due Date,Item Name,Item Total,"
    "Total,Balance\n"
    "1/29/2026,INV-1,Overdue,Dupont et Fils SARL,2/28/2026,Bread,100.00,150.00,150.00\n"
    "1/29/2026,INV-1,Overdue,Dupont et Fils SARL,2/28/2026,Cakes,50.00,150.00,150.00\n"
    "11/5/2026,INV-2,Paid,Boulangerie du Parc,12/5/2026,Flour,80.00,80.00,0.00\n"
    "11/6/2026,INV-3,Draft,Boulangerie du Parc,12/6/2026,Salt,10.00,10.00,10.00\n"
)


def test_a_report_with_item_lines_is_read_as_its_tool_wrote_it(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(tmp_path, "invoice-details.csv", REPORT)
    wizard = start(qtbot, context, "invoices", path)
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    assert "The header is line 4" in page.details.text()
    assert page.model.headerData(0, Qt.Orientation.Vertical) == "5"  # the row under the header
    assert "“Invoice Date”: dates read month first, as “1/29/2026” shows." in page.dates.text()
    assert "“Due Date”: dates read month first" in page.dates.text()
    assert page.combos["customer_name"].currentText() == "Customer Name"
    assert page.combos["line_amount"].currentText() == "Item Total"
    assert page.combos["status"].currentText() == "Invoice Status"
    assert page.missing.isHidden()  # no reference column: customers are found by name

    to_check(qtbot, wizard)
    notes = wizard.check_page.notes.text()
    assert not wizard.check_page.notes.isHidden()
    assert "1 row left out (a draft or a cancelled invoice):" in notes
    assert "line 8: Draft invoice “INV-3”: not imported." in notes
    to_import(qtbot, wizard)

    saved = invoices(context)
    assert saved["INV-1"][:2] == (15000, 15000)  # the total column, both lines one invoice
    assert saved["INV-2"][:2] == (8000, 0)  # paid: settled
    assert "INV-3" not in saved


def test_a_plain_file_shows_no_notes_and_no_header_line(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "factures.csv",
        "N° facture;Code client;Date facture;Montant TTC\nFC-1;411DUP;02/11/2026;10,00\n",
    )
    wizard = start(qtbot, context, "invoices", path)
    to_mapping(qtbot, wizard)
    assert "header is line" not in wizard.mapping_page.details.text()
    assert "day first (22/11/2026), as a French file writes them" in (
        wizard.mapping_page.dates.text()
    )
    to_check(qtbot, wizard)
    assert wizard.check_page.notes.isHidden()
