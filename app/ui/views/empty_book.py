"""What an empty book shows instead of a blank grid: the three ways to get customers in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _

COLUMN_WIDTH = 520


class EmptyBook(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_book")
        title = QLabel(_("This book has no customers yet."), self)
        title.setObjectName("empty_book_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.import_file = self._action(
            "empty_import",
            _("Import a file…"),
            _(
                "An export of your invoicing or accounting software (CSV, Excel, FEC): the "
                "customers it names are created with their unpaid invoices."
            ),
        )
        self.new_customer = self._action(
            "empty_new_customer",
            _("Type a customer…"),
            _("A few customers only: type each one, then its invoices (Ctrl+N)."),
        )
        self.open_demo = self._action(
            "empty_open_demo",
            _("Open the demo book"),
            _("A hundred and fifty fictitious customers, in a book of their own, to try first."),
        )
        column = QWidget(self)  # a fixed-width column: the explanations wrap inside it
        column.setFixedWidth(COLUMN_WIDTH)
        inner = QVBoxLayout(column)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addSpacing(16)
        for button, help_text in (self.import_file, self.new_customer, self.open_demo):
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            inner.addWidget(help_text)
            inner.addSpacing(12)
        centred = QHBoxLayout()  # stretches, not an alignment: the wrapped lines keep height
        centred.addStretch(1)
        centred.addWidget(column)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(2)

    def _action(self, name: str, text: str, help_text: str) -> tuple[QPushButton, QLabel]:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setMinimumWidth(260)
        explanation = QLabel(help_text, self)
        explanation.setWordWrap(True)
        explanation.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        explanation.setStyleSheet("color: palette(placeholder-text);")
        return button, explanation
