"""Letter texts: edit a level's words with placeholders, see the letter as it will print."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.letters import texts
from app.letters.content import InvoiceLine, Letter, Sender
from app.letters.texts import LetterText, TemplateError
from app.letters.wording import closing, long_date, money, salutation
from app.ui.dunning_settings.names import text_name
from app.ui.pdf_pages import page_images

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
SAMPLE_DAY = date(2026, 11, 23)


def sample_values(sender: Sender, language: str) -> dict[str, str]:
    """Plausible values for every placeholder, to preview a text before any real letter."""
    return {
        "company_name": sender.name,
        "customer_name": "Dupont & Fils SARL",
        "customer_ref": "411DUP",
        "total_due": money(154_050, "EUR", language),
        "invoice_count": "2",
        "oldest_due_date": long_date(SAMPLE_DAY - timedelta(days=38), language),
        "deadline": long_date(SAMPLE_DAY + timedelta(days=10), language),
        "interest": money(1_972, "EUR", language),
        "fixed_fees": money(8_000, "EUR", language),
        "total_with_penalties": money(164_022, "EUR", language),
        "payment_reference": "411DUP-20261123",
        "phone": sender.phone or "04 78 00 00 00",
        "email": sender.email or "compta@example.fr",
        "today": long_date(SAMPLE_DAY, language),
        "promised_date": long_date(SAMPLE_DAY + timedelta(days=7), language),
        "amount": money(154_050, "EUR", language),
        "instalments": "15/12/2026 : 770,25 €\n15/01/2027 : 770,25 €",
        "balance": money(0, "EUR", language),
    }


def sample_letter(text: LetterText, sender: Sender) -> Letter:
    subject, paragraphs = texts.fill(text, sample_values(sender, text.language))
    invoices = (
        InvoiceLine("FA-2026-0412", date(2026, 9, 16), date(2026, 10, 16), 120_000, 0, 120_000, 38),
        InvoiceLine("FA-2026-0488", date(2026, 10, 2), date(2026, 11, 1), 34_050, 0, 34_050, 22),
    )
    return Letter(
        text.language,
        text.key,
        ("Dupont & Fils SARL", "12 rue de la République", "69002 LYON"),
        "411DUP",
        SAMPLE_DAY,
        subject,
        salutation(text.language, ""),
        tuple(paragraphs),
        closing(text.language, "", text.key.endswith("formal_notice")),
        "EUR",
        invoices,
        154_050,
        payment_reference="411DUP-20261123",
    )


class TextsTab(QWidget):
    changed = Signal()

    def __init__(self, sender: Sender, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("texts_tab")
        self._sender = sender
        self.customised = False
        self.key = QComboBox(self)
        self.key.setObjectName("text_key")
        for key in texts.KEYS:
            self.key.addItem(text_name(key), key)
        self.language = QComboBox(self)
        self.language.setObjectName("text_language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("text_subject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("text_body")
        self.fields = QMenu(self)
        self.fields.setObjectName("text_fields")
        for name, meaning in texts.PLACEHOLDERS.items():
            action = self.fields.addAction(f"{{{name}}} — {_(meaning)}")
            action.setData(name)
        self.insert_button = QPushButton(_("Insert a field"), self)
        self.insert_button.setObjectName("text_insert_field")
        self.insert_button.setMenu(self.fields)
        self.insert_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the editor's cursor
        self.problem = QLabel(self)
        self.problem.setObjectName("text_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.status = QLabel(self)
        self.reset_button = QPushButton(_("Back to Relance's text"), self)
        self.reset_button.setObjectName("text_reset")
        self.preview = QLabel(self)
        self.preview.setObjectName("text_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)  # preview once typing pauses
        self._timer.timeout.connect(self.refresh_preview)

        choose = QHBoxLayout()
        choose.addWidget(self.key, 2)
        choose.addWidget(self.language, 1)
        choose.addWidget(self.reset_button)
        editor = QWidget(self)
        edit_layout = QVBoxLayout(editor)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.addLayout(choose)
        edit_layout.addWidget(QLabel(_("Subject"), editor))
        edit_layout.addWidget(self.subject)
        above_body = QHBoxLayout()
        above_body.addWidget(QLabel(_("Text (paragraphs separated by an empty line)"), editor), 1)
        above_body.addWidget(self.insert_button)
        edit_layout.addLayout(above_body)
        edit_layout.addWidget(self.body, 1)
        edit_layout.addWidget(self.status)
        edit_layout.addWidget(self.problem)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(editor)
        splitter.addWidget(scroll)
        splitter.setSizes([560, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._into_subject = False
        self.fields.aboutToShow.connect(self._remember_editor)
        self.fields.triggered.connect(lambda action: self.insert_field(str(action.data())))
        self.subject.textEdited.connect(self._edited)
        self.body.textChanged.connect(self._edited)

    def chosen(self) -> tuple[str, str]:
        return str(self.key.currentData()), str(self.language.currentData())

    def show_text(self, text: LetterText, customised: bool) -> None:
        self.subject.blockSignals(True)
        self.body.blockSignals(True)
        self.subject.setText(text.subject)
        self.body.setPlainText(text.body.strip("\n"))
        self.subject.blockSignals(False)
        self.body.blockSignals(False)
        self.customised = customised
        self.status.setText(
            _("Your own text.") if customised else _("Relance's text: edit it to make it yours.")
        )
        self.reset_button.setEnabled(customised)
        self.refresh_preview()

    def text(self) -> LetterText:
        key, language = self.chosen()
        return LetterText(key, language, self.subject.text(), self.body_text())

    def body_text(self) -> str:
        """The text as typed, no-break spaces kept (toPlainText would turn them into spaces)."""
        raw = self.body.document().toRawText()
        return raw.replace("\u2029", "\n").replace("\u2028", "\n")

    def _remember_editor(self) -> None:
        self._into_subject = self.subject.hasFocus()

    def insert_field(self, name: str) -> None:
        """Put `{name}` at the cursor of the subject or text last edited: no braces to type."""
        field = f"{{{name}}}"
        if self._into_subject:
            self.subject.insert(field)
            self.subject.setFocus()
            self._edited()
        else:
            self.body.insertPlainText(field)
            self.body.setFocus()

    def _edited(self, *_args: object) -> None:
        self._timer.start()
        self.changed.emit()

    def problem_text(self) -> str:
        try:
            texts.check(self.text())
        except TemplateError as exc:
            return str(exc)
        return ""

    def refresh_preview(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        if problem:
            return
        from app.letters.render import LetterRenderer  # deferred: ReportLab, at first sight

        buffer = io.BytesIO()
        LetterRenderer(self._sender, "fr").render(
            [sample_letter(self.text(), self._sender)], buffer
        )
        image = next(page_images(buffer.getvalue(), 62, range(0, 1)))
        self.preview.setPixmap(QPixmap.fromImage(image))
