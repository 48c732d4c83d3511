"""One reminder's wording changed by hand before it is sent: the preview, the archived letter,
the email and the history say it; the other reminders do not."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer, HistoryEvent, OutboxMessage, Reminder
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.reminders.edit_dialog import EditTextDialog
from app.ui.reminders.reminders_view import RemindersView

SENTENCE = "Suite à notre appel de mardi, voici le détail."
EMAIL = "Comme promis au téléphone, un mot rapide."


def open_page(qtbot: QtBot, window: MainWindow) -> RemindersView:
    with qtbot.waitSignal(window.reminders.loaded, timeout=10000):
        window.navigation.show("reminders")
    return window.reminders


def select_customer(view: RemindersView, name: str) -> int:
    row = [view.model.index(r, 1).data() for r in range(view.model.rowCount())].index(name)
    view.table.selectRow(row)
    return row


def type_and_accept(dialog: EditTextDialog | None, text: str) -> None:
    assert dialog is not None and dialog.isVisible()
    dialog.text.setPlainText(text)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join((page.extract_text() or "").replace("\n", " ") for page in pdf.pages)


def test_one_edited_letter_and_email_are_sent_as_typed(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    view = open_page(qtbot, window)
    select_customer(view, "Dupont et Fils SARL")
    generated = view.preview.generated
    assert generated is not None
    dialog = view.edit_letter()
    assert dialog is not None
    assert dialog.typed() == "\n\n".join(generated.paragraphs)  # non-breaking spaces kept
    assert dialog.edited() is None
    assert "QR code" in dialog.note.text()
    type_and_accept(dialog, f"{SENTENCE}\n\n{generated.paragraphs[-1]}")
    assert SENTENCE in pdf_text(view.preview.pdf_bytes())
    assert SENTENCE in view.preview.email.toPlainText()  # the email says what the letter says
    type_and_accept(view.edit_email(), f"{EMAIL}\n\nBien à vous.")
    assert EMAIL in view.preview.email.toPlainText()
    assert "FA-1" in view.preview.email.toPlainText()  # the figures stay generated
    assert view.preview.edited.text() == "Edited by hand: letter, email"

    select_customer(view, "Legrand Transports")
    assert SENTENCE not in pdf_text(view.preview.pdf_bytes())
    assert view.preview.edited.text() == ""

    dialog_run = view.open_run_dialog()
    dialog_run.path.setText(str(tmp_path / "letters.pdf"))
    with qtbot.waitSignal(dialog_run.finished_run, timeout=20000):
        dialog_run.start()
    database_dir = Path(context.database.path).parent
    with context.database.session_factory() as session:
        refs = {i: ref for i, ref in session.execute(select(Customer.id, Customer.ref))}
        archived = {
            refs[r.customer_id]: (database_dir / str(r.document_path)).read_bytes()
            for r in session.scalars(select(Reminder))
        }
        events = {
            refs[e.customer_id]: e
            for e in session.scalars(
                select(HistoryEvent).where(HistoryEvent.kind.in_(["letter_sent", "email_queued"]))
            )
        }
        bodies = {
            a: b for a, b in session.execute(select(OutboxMessage.to_address, OutboxMessage.body))
        }
    assert SENTENCE in pdf_text(archived["411DUP"])
    assert SENTENCE not in pdf_text(archived["411LEG"])
    assert events["411DUP"].payload["edited"] is True
    assert events["411DUP"].summary.endswith("(edited)")
    assert "edited" not in events["411LEG"].payload
    assert EMAIL in bodies["compta@dupont.fr"] and SENTENCE not in bodies["compta@dupont.fr"]
    assert all(EMAIL not in body for to, body in bodies.items() if to != "compta@dupont.fr")


def test_changing_the_level_drops_the_edit(qtbot: QtBot, window: MainWindow) -> None:
    view = open_page(qtbot, window)
    row = select_customer(view, "Legrand Transports")
    type_and_accept(view.edit_letter(), SENTENCE)
    assert view.model.row_at(row).edit is not None
    combo = view.preview.level
    firm = combo.findText("Second reminder")
    combo.setCurrentIndex(firm)
    combo.activated.emit(firm)
    assert view.model.row_at(row).edit is None
    assert SENTENCE not in pdf_text(view.preview.pdf_bytes())
    assert view.preview.edited.text() == ""


def test_an_empty_letter_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    view = open_page(qtbot, window)
    row = select_customer(view, "Dupont et Fils SARL")
    dialog = view.edit_letter()
    assert dialog is not None
    dialog.text.setPlainText("  \n\n ")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.problem.isVisibleTo(dialog)
    dialog.reject()
    assert view.model.row_at(row).edit is None
