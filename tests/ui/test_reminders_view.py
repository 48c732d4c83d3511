"""The Reminders page: review, change a level, hold one back with a reason, send, print."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer, HistoryEvent, OutboxMessage, Reminder
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.reminders.proposals_model import CUSTOMER, PENALTIES, SEND, penalties_of
from app.ui.reminders.reminders_view import RemindersView


def open_page(qtbot: QtBot, window: MainWindow) -> RemindersView:
    with qtbot.waitSignal(window.reminders.loaded, timeout=10000):
        window.navigation.show("reminders")
    return window.reminders


def names(view: RemindersView) -> list[str]:
    return [view.model.index(r, 1).data() for r in range(view.model.rowCount())]


def test_proposals_of_the_day_with_the_exact_letter(qtbot: QtBot, window: MainWindow) -> None:
    view = open_page(qtbot, window)
    assert sorted(names(view)) == ["Dupont et Fils SARL", "Legrand Transports"]
    assert view.count.text() == "2 reminders proposed · 2 to send"
    view.table.selectRow(names(view).index("Dupont et Fils SARL"))
    assert view.preview.title.text() == "Dupont et Fils SARL (411DUP)"
    pixmap = view.preview.letter.pixmap()
    assert not pixmap.isNull() and pixmap.height() > pixmap.width()  # a portrait page
    assert "FA-1" in view.preview.email.toPlainText()
    skipped = [view.skipped.index(r, 0).data() for r in range(view.skipped.rowCount())]
    assert skipped == []


def test_changing_the_level_by_hand(qtbot: QtBot, window: MainWindow) -> None:
    view = open_page(qtbot, window)
    row = names(view).index("Legrand Transports")
    view.table.selectRow(row)
    combo = view.preview.level
    firm = combo.findText("Second reminder")
    combo.setCurrentIndex(firm)
    combo.activated.emit(firm)
    assert view.model.index(row, 2).data() == "Second reminder"
    # the customer writes French: the preview is now the second reminder's text
    assert view.preview.email.toPlainText().startswith("Deuxième rappel")


def test_send_prints_the_letters_and_records_the_held_back_one(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    view = open_page(qtbot, window)
    legrand = names(view).index("Legrand Transports")
    view.table.selectRow(legrand)
    view.model.setData(
        view.model.index(legrand, SEND), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    view.preview.show_row(view.model.row_at(legrand), view.day())
    view.preview.reason.setText("Waiting for the new owner's address")
    view.preview.reason.editingFinished.emit()
    assert view.count.text() == "2 reminders proposed · 1 to send"
    dialog = view.open_run_dialog()
    target = tmp_path / "letters.pdf"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.finished_run, timeout=20000):
        dialog.start()
    assert dialog.print_button.isVisible()
    with pdfplumber.open(target) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Dupont et Fils SARL" in text and "Legrand" not in text
    with context.database.session_factory() as session:
        reminder = session.scalars(select(Reminder)).one()
        assert reminder.document_sha256 and reminder.document_path
        legrand_id = session.scalars(select(Customer.id).where(Customer.ref == "411LEG")).one()
        held = session.scalars(
            select(HistoryEvent.summary).where(
                HistoryEvent.customer_id == legrand_id, HistoryEvent.kind == "reminder_skipped"
            )
        ).one()
        assert "Waiting for the new owner's address" in held
        assert session.scalars(select(OutboxMessage.to_address)).all() == ["compta@dupont.fr"]
    qtbot.waitUntil(lambda: "Dupont et Fils SARL" not in names(view), timeout=10000)
    preview = dialog.print_letters()
    assert preview.isVisible()
    preview.close()


def test_customer_names_are_whole_on_a_1366_pixel_screen(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.session_factory.begin() as session:
        for customer in session.scalars(select(Customer)):
            customer.name = f"{customer.name} — Imprimerie des Brotteaux"
    window.resize(1366, 728)
    view = open_page(qtbot, window)
    metrics = view.table.fontMetrics()
    for name in names(view):
        assert metrics.horizontalAdvance(name) < view.table.columnWidth(CUSTOMER), name
    claims = any(penalties_of(r) for r in view.model.rows())
    assert view.table.isColumnHidden(PENALTIES) == (not claims)


def test_the_letters_go_to_the_documents_folder_under_a_new_dated_name(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    import os

    view = open_page(qtbot, window)
    documents = Path(os.environ["RELANCE_DOCUMENTS_DIR"])
    first = view.open_run_dialog()
    qtbot.addWidget(first)
    day = view.day()
    assert Path(first.path.text()) == documents / f"reminders-{day:%Y-%m-%d}.pdf"
    documents.mkdir(parents=True, exist_ok=True)
    (documents / f"reminders-{day:%Y-%m-%d}.pdf").write_bytes(b"an earlier batch")
    second = view.open_run_dialog()
    qtbot.addWidget(second)
    assert Path(second.path.text()) == documents / f"reminders-{day:%Y-%m-%d}-2.pdf"
