"""The banner over every page of the demo book: what it is, and the way to one's own book."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.i18n import _


class DemoBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demo_banner")
        self.setStyleSheet(
            "#demo_banner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
            "#demo_banner QLabel { color: #4a3b00; }"
        )
        self.text = QLabel(
            _(
                "<b>Demo book</b>: fictitious customers to try Relance with. Nothing in it "
                "reaches a real person: its emails are never sent."
            ),
            self,
        )
        self.text.setWordWrap(True)
        self.new_book = QPushButton(_("Create my own book…"), self)
        self.new_book.setObjectName("demo_new_book")
        self.open_book = QPushButton(_("Open a book…"), self)
        self.open_book.setObjectName("demo_open_book")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.new_book)
        layout.addWidget(self.open_book)
