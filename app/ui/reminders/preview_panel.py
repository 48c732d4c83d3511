"""The selected proposal: its level (changeable), whether it is sent, and the exact letter and
email it would produce."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dunning import stage
from app.i18n import _
from app.letters.content import Letter
from app.services.dunning import level_label, next_level_day
from app.services.dunning_run import ReminderEdit, email_body
from app.services.letters import compose, draw, sender_of
from app.services.settings import load_company
from app.ui.context import AppContext
from app.ui.date_field import DateField
from app.ui.icons import icon
from app.ui.pdf_pages import page_count, page_images
from app.ui.reminders.proposals_model import ReviewRow


class PreviewPanel(QWidget):
    level_chosen = Signal(int)  # the rank chosen by hand
    inclusion_changed = Signal(bool, str, object)  # sent or not, why not, until which day
    edit_letter = Signal()
    edit_email = Signal()

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminder_preview")
        self._context = context
        self._pdf = b""
        self._filling = False
        self.generated: Letter | None = None  # the letter as generated, before any edit
        self.title = QLabel(self)
        self.title.setObjectName("preview_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.level = QComboBox(self)
        self.level.setObjectName("preview_level")
        self.send = QCheckBox(_("Send this reminder"), self)
        self.send.setObjectName("preview_send")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("preview_reason")
        self.reason.setPlaceholderText(_("Why it is held back (kept in the customer's history)"))
        self.until = DateField(parent=self)
        self.until.setObjectName("preview_until")
        self.until.setToolTip(_("Not proposed again before this day"))
        self.refused = QLabel(self)
        self.refused.setObjectName("preview_refused")
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #a1260d;")
        self.refused.hide()
        self.page = QSpinBox(self)
        self.page.setObjectName("preview_page")
        self.page.setMinimum(1)
        self.letter = QLabel(self)
        self.letter.setObjectName("preview_letter")
        self.letter.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidget(self.letter)
        scroll.setWidgetResizable(True)
        self._scroll = scroll
        self.email = QPlainTextEdit(self)
        self.email.setObjectName("preview_email")
        self.email.setReadOnly(True)
        self.edit_letter_button = QPushButton(_("Edit this letter…"), self)
        self.edit_letter_button.setIcon(icon("pencil"))
        self.edit_letter_button.setObjectName("preview_edit_letter")
        self.edit_email_button = QPushButton(_("Edit this email…"), self)
        self.edit_email_button.setIcon(icon("pencil"))
        self.edit_email_button.setObjectName("preview_edit_email")
        self.edited = QLabel(self)
        self.edited.setObjectName("preview_edited")
        self.edited.setWordWrap(True)
        self.edited.setStyleSheet("color: #4a3b00;")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, _("Letter"))
        self.tabs.addTab(self.email, _("Email"))
        form = QFormLayout()
        form.addRow(_("Level"), self.level)
        form.addRow("", self.send)
        form.addRow(_("Held back because"), self.reason)
        form.addRow(_("Held back until"), self.until)
        form.addRow("", self.refused)
        form.addRow(_("Page"), self.page)
        edits = QHBoxLayout()
        edits.addWidget(self.edit_letter_button)
        edits.addWidget(self.edit_email_button)
        edits.addWidget(self.edited, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(edits)
        layout.addWidget(self.tabs, 1)
        self.level.activated.connect(lambda i: self.level_chosen.emit(self.level.itemData(i)))
        self.send.toggled.connect(self._inclusion_edited)
        self.reason.editingFinished.connect(self._inclusion_edited)
        self.until.dateChanged.connect(self._inclusion_edited)
        self.page.valueChanged.connect(self._show_page)
        self.edit_letter_button.clicked.connect(self.edit_letter)
        self.edit_email_button.clicked.connect(self.edit_email)
        self.show_row(None, date.today())

    def show_row(self, row: ReviewRow | None, as_of: date) -> None:
        self._filling = True
        self.setEnabled(row is not None)
        self.level.clear()
        self.refused.hide()
        if row is None:
            self.title.setText(_("Select a proposal to see its letter."))
            self.letter.clear()
            self.email.clear()
            self.edited.clear()
            self.generated = None
            self._filling = False
            return
        proposal = row.item.proposal
        self.title.setText(f"{proposal.customer.name} ({proposal.customer.ref})")
        reached = stage(proposal.customer)  # never a gentler level than one already sent
        for level in sorted(proposal.customer.policy.levels, key=lambda lv: lv.rank):
            if level.rank < reached or (level.days < 0 and proposal.level.days >= 0):
                continue
            label = level_label(level)
            if level.manual_only:
                label += " — " + _("by hand only")
            self.level.addItem(label, level.rank)
        self.level.setCurrentIndex(max(self.level.findData(proposal.level.rank), 0))
        self.send.setChecked(row.included)
        self.reason.setText(row.reason)
        self.reason.setEnabled(not row.included)
        until = row.until or next_level_day(row.item, as_of)
        self.until.minimum = as_of + timedelta(days=1)
        self.until.set_value(until)
        self.until.setEnabled(not row.included)
        self._filling = False
        self._render(row, as_of)

    def _inclusion_edited(self, *_args: object) -> None:
        self.reason.setEnabled(not self.send.isChecked())
        self.until.setEnabled(not self.send.isChecked())
        if self._filling:
            return
        problem = self.until.problem() if not self.send.isChecked() else None
        self.refused.setText(problem or "")
        self.refused.setVisible(bool(problem))
        if problem is None:
            until = self.until.value()
            self.inclusion_changed.emit(self.send.isChecked(), self.reason.text().strip(), until)

    def show_refusal(self, message: str, rank: int) -> None:
        """A level chosen by hand that cannot be sent: say why, and show the level kept."""
        self._filling = True
        self.level.setCurrentIndex(max(self.level.findData(rank), 0))
        self._filling = False
        self.refused.setText(message)
        self.refused.show()

    def _render(self, row: ReviewRow, as_of: date) -> None:
        edit = row.edit or ReminderEdit()
        with self._context.database.session_factory() as session:
            self.generated = compose(session, row.item, as_of)
            letter = edit.applied(self.generated)
            company = load_company(session)
            self._pdf = draw(session, letter)
        self.page.setMaximum(page_count(self._pdf))
        self.page.setValue(1)
        self._show_page()
        said = edit.for_email(self.generated)
        self.email.setPlainText(
            f"{letter.subject}\n\n"
            + email_body(said, company.signatory_name or company.name, sender_of(company))
        )
        changed = [
            name
            for name, done in ((_("letter"), edit.letter), (_("email"), edit.email))
            if done is not None
        ]
        self.edited.setText(
            _("Edited by hand: {what}").format(what=", ".join(changed)) if changed else ""
        )

    def _show_page(self) -> None:
        if not self._pdf:
            return
        number = self.page.value() - 1
        # the whole width of the page in view: 8.5 inches covers A4 and US Letter
        dpi = max(50.0, min(110.0, (self._scroll.viewport().width() - 12) / 8.5))
        image = next(page_images(self._pdf, dpi, range(number, number + 1)))
        self.letter.setPixmap(QPixmap.fromImage(image))

    def pdf_bytes(self) -> bytes:
        return self._pdf
