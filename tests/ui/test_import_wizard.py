"""The import wizard: preview and mapping, a dry run that lists every problem, then the import."""

from __future__ import annotations

import sys
import threading
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Invoice
from app.importing.fec import read_fec
from app.importing.records import Problem
from app.importing.sources import Table
from app.services import ledger
from app.services.import_sync import ImportReport
from app.ui.context import AppContext
from app.ui.dialogs.import_wizard import ImportWizard
from app.ui.main_window import MainWindow
from app.ui.models.import_preview import PreviewModel, ProblemsModel

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.fec_file import Account, FecWriter, generate_fec  # noqa: E402

FRENCH_INVOICES = (
    "N° facture;Code client;Date facture;Échéance;Montant TTC;Reste dû\n"
    "FC-101;411DUP;02/11/2026;02/12/2026;1 200,00;1 200,00\n"
    "FC-102;411MAR;05/11/2026;05/12/2026;480,50;180,50\n"
    "FC-103;411PAR;10/11/2026;10/12/2026;96,00;96,00\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")  # as Excel saves "CSV UTF-8"
    return path


def invoices(context: AppContext) -> dict[str, tuple[int, int, date]]:
    with context.database.session_factory() as session:
        rows = session.execute(
            select(Invoice.number, Invoice.amount_cents, Invoice.open_cents, Invoice.due_date)
        )
        return {number: (amount, owed, due) for number, amount, owed, due in rows}


def start(
    qtbot: QtBot, context: AppContext, kind: str, path: Path, *, skip_invalid: bool = False
) -> ImportWizard:
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    choose(wizard, kind, path, skip_invalid=skip_invalid)
    return wizard


def choose(wizard: ImportWizard, kind: str, path: Path, *, skip_invalid: bool = False) -> None:
    wizard.source_page.kinds[kind].setChecked(True)
    wizard.source_page.path.setText(str(path))
    wizard.source_page.skip_invalid.setChecked(skip_invalid)


def button(wizard: ImportWizard, which: QWizard.WizardButton) -> Any:
    return wizard.button(which)


def to_mapping(qtbot: QtBot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.mapping_page.loaded, timeout=10000):
        button(wizard, QWizard.WizardButton.NextButton).click()


def to_check(qtbot: QtBot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.check_page.run_ended, timeout=10000):
        button(wizard, QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.check_page


def to_import(qtbot: QtBot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.import_page.run_ended, timeout=10000):
        button(wizard, QWizard.WizardButton.CommitButton).click()
    assert wizard.currentPage() is wizard.import_page


def problems(wizard: ImportWizard) -> list[tuple[str, str, str]]:
    model = wizard.check_page.problems_table.model()
    return [
        tuple(model.index(row, column).data() for column in range(3))  # type: ignore[misc]
        for row in range(model.rowCount())
    ]


def counts(page: Any) -> dict[str, str]:
    return {key: label.text() for key, label in page.counts.values.items()}


def test_french_invoices_go_through_preview_check_and_import(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write(tmp_path, "factures.csv", FRENCH_INVOICES)
    wizard = window.open_import_wizard()
    choose(wizard, "invoices", path)
    to_mapping(qtbot, wizard)

    page = wizard.mapping_page
    assert "UTF-8" in page.details.text() and "semicolon" in page.details.text()
    assert page.model.rowCount() == 3
    assert page.model.headerData(0, Qt.Orientation.Vertical) == "2"  # the file's own line
    assert page.model.index(1, 4).data() == "480,50"
    detected = {name: combo.currentText() for name, combo in page.combos.items()}
    absent = "— not in the file —"
    customer = ("customer_name", "address_line1", "address_line2", "postcode", "city", "country")
    assert detected == {
        "number": "N° facture",
        "customer_ref": "Code client",
        "issue_date": "Date facture",
        "due_date": "Échéance",
        "amount": "Montant TTC",
        "currency": absent,
        "open_amount": "Reste dû",
        **dict.fromkeys(("paid_amount", "status", "line_amount"), absent),
        **dict.fromkeys((*customer, "email", "phone"), absent),  # for customers to create
    }
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "N° facture\n→ Invoice number"
    assert page.missing.isHidden()

    to_check(qtbot, wizard)
    check = wizard.check_page
    assert counts(check)["created"] == "3"
    assert counts(check)["updated"] == "0"
    assert problems(wizard) == []
    assert check.problems_table.isHidden()
    assert "No problems" in check.status.text()
    assert invoices(window.context).keys() == {"FA-1", "FA-2", "FA-3", "FA-4"}  # a dry run

    commit = button(wizard, QWizard.WizardButton.CommitButton)
    assert commit.isEnabled() and commit.text() == "Import"
    with qtbot.waitSignal(window.customers.loaded, timeout=10000):
        to_import(qtbot, wizard)
    assert counts(wizard.import_page)["created"] == "3"
    assert button(wizard, QWizard.WizardButton.FinishButton).isEnabled()
    assert wizard.import_page.rejects.isHidden()
    saved = invoices(window.context)
    assert saved["FC-101"] == (120000, 120000, date(2026, 12, 2))
    assert saved["FC-102"] == (48050, 18050, date(2026, 12, 5))
    assert "FC-103" in saved
    assert "Import finished" in window.statusBar().currentMessage()


def test_import_is_in_the_file_menu(qtbot: QtBot, window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "&Import…")
    action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.currentPage() is wizard.source_page


BAD_INVOICES = (
    "N° facture;Code client;Date facture;Montant TTC\n"
    "FC-201;411DUP;02/11/2026;100,00\n"
    "FC-202;411NOPE;03/11/2026;200,00\n"
    "FC-203;411MAR;31/09/2026;300,00\n"
    "FC-204;411LEG;04/11/2026;12,3,4\n"
    "FC-201;411LEG;05/11/2026;50,00\n"
    "FC-205;411DUP;06/11/2026;80,00\n"
)


def test_every_problem_is_listed_and_nothing_can_be_imported(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(tmp_path, "factures.csv", BAD_INVOICES)
    wizard = start(qtbot, context, "invoices", path)
    to_mapping(qtbot, wizard)
    to_check(qtbot, wizard)
    found = problems(wizard)
    assert [(line, column) for line, column, _reason in found] == [
        ("2", "N° facture"),
        ("3", "Code client"),
        ("4", "Date facture"),
        ("5", "Montant TTC"),
        ("6", "Code client"),
    ]
    reasons = " ".join(reason for _line, _column, reason in found)
    assert "411NOPE" in reasons and "31/09/2026" in reasons and "12,3,4" in reasons
    assert "also on line 2" in reasons and "line 6 disagrees" in reasons
    assert "5 problems" in wizard.check_page.problems_label.text()
    assert "Nothing can be imported" in wizard.check_page.status.text()
    assert wizard.check_page.counts.isHidden()
    commit = button(wizard, QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()
    commit.click()
    assert wizard.currentPage() is wizard.check_page
    assert invoices(context).keys() == {"FA-1", "FA-2", "FA-3", "FA-4"}


def test_valid_rows_are_imported_and_the_others_set_aside_when_asked(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(tmp_path, "factures.csv", BAD_INVOICES)
    wizard = start(qtbot, context, "invoices", path, skip_invalid=True)
    to_mapping(qtbot, wizard)
    to_check(qtbot, wizard)
    assert len(problems(wizard)) == 5
    assert counts(wizard.check_page)["created"] == "1"
    assert counts(wizard.check_page)["set_aside"] == "5"
    assert "factures.rejects.csv" in wizard.check_page.status.text()
    assert button(wizard, QWizard.WizardButton.CommitButton).isEnabled()
    to_import(qtbot, wizard)
    rejects = tmp_path / "factures.rejects.csv"
    assert rejects.exists()
    assert str(rejects) in wizard.import_page.rejects.text()
    assert "5 rows were set aside" in wizard.import_page.rejects.text()
    assert invoices(context).keys() == {"FA-1", "FA-2", "FA-3", "FA-4", "FC-205"}


UNUSUAL_HEADERS = (
    "N° facture;Client;Date limite;Montant HT;Montant TTC\n"
    "FC-301;411DUP;15/12/2026;100,00;120,00\n"
    "FC-302;411PAR;20/12/2026;50,00;60,00\n"
)


def test_changing_a_column_changes_what_is_imported(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(tmp_path, "export.csv", UNUSUAL_HEADERS)
    wizard = start(qtbot, context, "invoices", path)
    to_mapping(qtbot, wizard)
    combos = wizard.mapping_page.combos
    assert combos["due_date"].currentText() == "— not in the file —"
    assert combos["amount"].currentText() == "Montant TTC"
    to_check(qtbot, wizard)
    assert [(line, column) for line, column, _reason in problems(wizard)] == [
        ("2", "Issue date"),  # not a column of the file: our name for it
        ("3", "Issue date"),
    ]
    assert "issue date or its due date" in problems(wizard)[0][2]

    button(wizard, QWizard.WizardButton.BackButton).click()
    assert wizard.currentPage() is wizard.mapping_page
    combos["due_date"].setCurrentIndex(combos["due_date"].findText("Date limite"))
    combos["amount"].setCurrentIndex(combos["amount"].findText("Montant HT"))
    header = wizard.mapping_page.model.headerData(2, Qt.Orientation.Horizontal)
    assert header == "Date limite\n→ Due date"
    to_check(qtbot, wizard)
    assert problems(wizard) == []
    assert counts(wizard.check_page)["created"] == "2"
    to_import(qtbot, wizard)
    saved = invoices(context)
    assert saved["FC-301"] == (10000, 10000, date(2026, 12, 15))
    assert saved["FC-302"] == (5000, 5000, date(2026, 12, 20))


def test_a_header_chosen_for_one_field_is_taken_from_the_other(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(tmp_path, "factures.csv", FRENCH_INVOICES)
    wizard = start(qtbot, context, "invoices", path)
    to_mapping(qtbot, wizard)
    combos = wizard.mapping_page.combos
    combos["amount"].setCurrentIndex(combos["amount"].findText("Reste dû"))
    assert combos["open_amount"].currentText() == "— not in the file —"
    header = wizard.mapping_page.model.headerData(4, Qt.Orientation.Horizontal)
    assert header == "Montant TTC\n"  # no longer read


def test_a_missing_required_column_blocks_at_the_mapping_page(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "factures.csv",
        "N° facture;Qui;Date facture;Montant TTC\nFC-401;411DUP;02/11/2026;100,00\n",
    )
    wizard = start(qtbot, context, "invoices", path)
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    assert page.combos["customer_ref"].currentText() == "— not in the file —"
    assert not page.missing.isHidden()
    assert "Customer reference" in page.missing.text()
    next_button = button(wizard, QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    next_button.click()
    assert wizard.currentPage() is page

    page.combos["customer_ref"].setCurrentIndex(page.combos["customer_ref"].findText("Qui"))
    assert page.missing.isHidden()
    assert next_button.isEnabled()


def test_a_file_that_is_not_a_table_is_explained_in_the_wizard(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(tmp_path, "notes.txt", "just one column\nof words\n")
    wizard = start(qtbot, context, "customers", path)
    to_mapping(qtbot, wizard)
    error = wizard.mapping_page.error
    assert not error.isHidden()
    assert "single column" in error.text()
    assert not button(wizard, QWizard.WizardButton.NextButton).isEnabled()


def test_a_workbook_is_previewed_with_its_rows(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Code client", "Raison sociale", "Ville"])
    sheet.append(["411NEW", "Imprimerie Rhône SA", "Lyon"])
    path = tmp_path / "clients.xlsx"
    book.save(path)
    wizard = start(qtbot, context, "customers", path)
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    assert "Excel workbook" in page.details.text()
    assert page.model.index(0, 1).data() == "Imprimerie Rhône SA"
    assert page.combos["ref"].currentText() == "Code client"
    assert page.combos["name"].currentText() == "Raison sociale"
    to_check(qtbot, wizard)
    assert counts(wizard.check_page)["created"] == "1"


def test_a_path_without_a_file_stays_on_the_first_page(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    wizard = start(qtbot, context, "payments", tmp_path / "missing.csv")
    button(wizard, QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.source_page
    assert "There is no file at" in wizard.source_page.error.text()
    assert not wizard.source_page.error.isHidden()


def test_snapshot_is_offered_for_invoices_only(qtbot: QtBot, context: AppContext) -> None:
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    page = wizard.source_page
    page.kinds["invoices"].setChecked(True)
    assert page.snapshot.isEnabled()
    page.kinds["payments"].setChecked(True)
    assert not page.snapshot.isEnabled()


# --- FEC: offered when the importer exists; no mapping page ------------------------------------
def fake_fec(monkeypatch: pytest.MonkeyPatch, importer: Any) -> None:
    module = types.ModuleType("app.services.fec_import")
    module.import_fec = importer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.services.fec_import", module)


def test_fec_is_offered_only_when_its_importer_exists(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "app.services.fec_import", None)  # import fails
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    assert "fec" not in wizard.source_page.kinds
    fake_fec(monkeypatch, lambda *args, **kwargs: ImportReport())
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    assert "fec" in wizard.source_page.kinds


def test_fec_skips_the_mapping_page(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[dict[str, Any]] = []

    def import_fec(
        session_factory: Any, clock: Any, path: Path, options: Any, **kwargs: Any
    ) -> ImportReport:
        calls.append({"path": path, "dry_run": options.dry_run, **kwargs})
        kwargs["progress"](0, 10)
        return ImportReport(created=10, settled=2, written=not options.dry_run)

    fake_fec(monkeypatch, import_fec)
    path = write(tmp_path, "FEC.txt", "JournalCode\tJournalLib\n")
    wizard = start(qtbot, context, "fec", path)
    wizard.source_page.terms.setValue(45)
    to_check(qtbot, wizard)
    assert counts(wizard.check_page)["created"] == "10"
    assert counts(wizard.check_page)["settled"] == "2"
    to_import(qtbot, wizard)
    assert [(c["dry_run"], c["terms_days"], c["path"]) for c in calls] == [
        (True, 45, path),
        (False, 45, path),
    ]
    assert wizard.import_page.subTitle() == "The import is finished."


def test_a_real_fec_is_checked_then_imported_to_the_cent(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = generate_fec(tmp_path / "FEC.txt", customers=30, invoices=300, seed=9)
    before = invoices(context)
    wizard = start(qtbot, context, "fec", path)
    to_check(qtbot, wizard)
    assert problems(wizard) == []
    assert invoices(context) == before  # the check wrote nothing
    to_import(qtbot, wizard)
    expected: dict[str, int] = {}
    for line in read_fec(path).lines:
        expected[line.customer_ref] = expected.get(line.customer_ref, 0) + line.cents
    with context.database.session_factory() as session:
        owed = {}
        for ref in expected:
            customer = ledger.customer_by_ref(session, ref)
            open_cents = session.scalars(
                select(Invoice.open_cents).where(Invoice.customer_id == customer.id)
            )
            credit = ledger.unallocated_credit(session, customer.id).get("EUR", 0)
            owed[ref] = sum(open_cents) - credit
    assert owed == expected


def test_an_unreadable_fec_line_is_shown_with_its_line_and_column(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    fec = FecWriter()
    fec.sale(Account("C1", "ALPHA"), "F1", date(2026, 9, 1), 10_000)
    fec.rows[0][11] = "dix euros"
    wizard = start(qtbot, context, "fec", fec.write(tmp_path / "FEC.txt"))
    to_check(qtbot, wizard)
    assert problems(wizard) == [("2", "Debit", "“dix euros” is not an amount.")]
    assert not button(wizard, QWizard.WizardButton.CommitButton).isEnabled()


def test_cancel_stops_a_running_check_and_then_closes(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started, stopped = threading.Event(), threading.Event()

    def import_fec(*args: Any, progress: Any, **kwargs: Any) -> ImportReport:
        started.set()
        try:
            for done in range(10_000):
                progress(done, 10_000)
                threading.Event().wait(0.005)
        except BaseException:
            stopped.set()  # the import's transaction rolls back here
            raise
        return ImportReport(created=1)

    fake_fec(monkeypatch, import_fec)
    wizard = start(qtbot, context, "fec", write(tmp_path, "FEC.txt", "a\tb\n"))
    button(wizard, QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(started.is_set, timeout=5000)
    with qtbot.waitSignal(wizard.check_page.run_ended, timeout=5000) as ended:
        wizard.reject()
        assert wizard.isVisible()  # until the run has stopped
    assert ended.args == [True]
    assert stopped.is_set()
    assert not wizard.isVisible()


# --- models ----------------------------------------------------------------------------------
def test_preview_and_problem_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    preview = PreviewModel()
    table = Table(["A", "B"], [(2, ["1", "2"]), (3, ["3"])], "utf-8", ";")
    preview.set_table(table)
    preview.set_fields({"A": "Name"})
    qtmodeltester.check(preview)
    assert preview.index(1, 1).data() == ""  # a short row reads as empty cells
    found = ProblemsModel()
    found.set_rows([Problem(3, "B", "wrong"), Problem(2, "A", "missing"), Problem(3, "A", "x")])
    qtmodeltester.check(found)
