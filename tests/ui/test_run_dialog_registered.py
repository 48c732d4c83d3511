"""The send dialog after a run with formal notices: the registered letters shown apart, with
their slip, each opened or printed (the printer prints to a file: no printer here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from registered_book import NOTICES, TODAY, fill

from app import i18n
from app.db.migrate import Database
from app.domain.calendar import Clock
from app.services.dunning import propose
from app.ui.context import AppContext
from app.ui.reminders.run_dialog import RunDialog


@pytest.fixture
def context(db: Database) -> Iterator[AppContext]:
    fill(db)
    yield AppContext(db, Clock.fixed(TODAY), "EUR")


def dialog_for(
    qtbot: QtBot, context: AppContext, opened: list[Path], *, only_notices: bool = False
) -> RunDialog:
    with context.database.session_factory() as session:
        chosen = propose(session, TODAY).proposals
    if only_notices:
        chosen = [p for p in chosen if p.proposal.customer.ref in NOTICES]
    dialog = RunDialog(context, chosen, [], TODAY, opener=lambda path: opened.append(path))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def send(qtbot: QtBot, dialog: RunDialog, target: Path) -> None:
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.finished_run, timeout=30000):
        dialog.run_button.click()


def printed(dialog: RunDialog, button: QPushButton, out: Path) -> Path:
    """Click a print button and print its preview to a file (the pages go as pictures)."""
    before = set(dialog.findChildren(QPrintPreviewDialog))
    button.click()
    (preview,) = set(dialog.findChildren(QPrintPreviewDialog)) - before
    assert preview.isVisible()
    preview.printer().setOutputFileName(str(out))
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    widget.print_()
    preview.close()
    return out


def pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def first_page(path: Path) -> Image.Image:
    page = pdfium.PdfDocument(path.read_bytes())[0]
    image: Image.Image = page.render(scale=0.5).to_pil()
    return image.convert("L").resize((84, 120))


def distance(a: Path, b: Path) -> float:
    """How unlike two documents' first pages look (0: the same picture)."""
    left, right = first_page(a).tobytes(), first_page(b).tobytes()
    return sum(abs(x - y) for x, y in zip(left, right, strict=True)) / len(left)


def test_after_sending_the_registered_letters_and_their_slip_are_shown_apart(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    opened: list[Path] = []
    dialog = dialog_for(qtbot, context, opened)
    assert "3 formal notices go by registered post" in dialog.summary.text()
    assert not dialog.registered.isVisible()
    send(qtbot, dialog, tmp_path / "letters.pdf")
    result = dialog.result_data
    assert result is not None and result.registered is not None
    registered, slip = (
        tmp_path / "letters-recommande.pdf",
        tmp_path / "letters-recommande-bordereau.pdf",
    )
    assert (result.registered.path, result.registered.slip) == (registered, slip)
    assert dialog.registered.isVisible()
    text = dialog.registered_label.text()
    assert f"3 registered letters (formal notices) in {registered.name} (" in text
    assert slip.name in text
    assert dialog.registered_label.toolTip() == f"{registered}\n{slip}"
    assert dialog.open_button.isVisible() and dialog.print_button.isVisible()
    assert dialog.path.text() == str(tmp_path / "letters.pdf")

    dialog.registered_open_button.click()
    dialog.slip_open_button.click()
    dialog.open_button.click()
    assert opened == [registered, slip, tmp_path / "letters.pdf"]

    batch = tmp_path / "letters.pdf"
    notices = printed(dialog, dialog.registered_print_button, tmp_path / "p1.pdf")
    assert pages(notices) == pages(registered) == result.registered.pages > 3
    listed = printed(dialog, dialog.slip_print_button, tmp_path / "p2.pdf")
    ordinary = printed(dialog, dialog.print_button, tmp_path / "p3.pdf")
    assert pages(listed) == pages(ordinary) == 1
    assert distance(listed, slip) < distance(listed, batch)
    assert distance(ordinary, batch) < distance(ordinary, slip)


def test_the_dialog_says_it_in_french(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    i18n.set_language("fr")
    dialog = dialog_for(qtbot, context, [])
    assert "3 mises en demeure partent en recommandé" in dialog.summary.text()
    send(qtbot, dialog, tmp_path / "relances.pdf")
    assert dialog.registered.title() == "Lettres recommandées"
    registered = tmp_path / "relances-recommande.pdf"
    assert (
        f"3 lettres recommandées (mises en demeure) dans {registered.name}"
        in dialog.registered_label.text()
    )
    assert dialog.slip_print_button.text() == "Imprimer le bordereau…"


def test_when_every_letter_is_registered_only_they_can_be_opened_or_printed(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, context, [], only_notices=True)
    send(qtbot, dialog, tmp_path / "letters.pdf")
    assert not (tmp_path / "letters.pdf").exists()
    assert not dialog.open_button.isVisible() and not dialog.print_button.isVisible()
    assert dialog.path.text() == "" and dialog.path.placeholderText() == "No other letters to print"
    assert dialog.registered.isVisible()
    assert dialog.registered_print_button.isVisible() and dialog.slip_print_button.isVisible()


def test_without_formal_notices_nothing_is_said_of_registered_letters(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    fill(db, notices=False)
    context = AppContext(db, Clock.fixed(TODAY), "EUR")
    dialog = dialog_for(qtbot, context, [])
    assert "registered" not in dialog.summary.text()
    send(qtbot, dialog, tmp_path / "letters.pdf")
    assert not dialog.registered.isVisible()
    assert dialog.print_button.isVisible()
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["letters.pdf"]
