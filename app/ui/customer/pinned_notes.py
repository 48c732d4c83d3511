"""Pinned notes, right under the header: what to remember before every call or letter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.i18n import _
from app.services.customer_file import PinnedNote
from app.ui.formatting import date_text
from app.ui.icons import icon


class PinnedNotesBand(QFrame):
    unpin = Signal(int)  # the note's id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinned_notes")
        self.setStyleSheet(
            "#pinned_notes { background: #fff8d6; border: 1px solid #e6d27a; border-radius: 4px; }"
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 4, 10, 4)
        self._layout.setSpacing(2)
        self.labels: list[QLabel] = []

    def show_notes(self, notes: tuple[PinnedNote, ...]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.labels = []
        for note in notes:
            row = QFrame(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(note.text, row)
            text.setObjectName("pinned_note")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setToolTip(_("Pinned on {day}").format(day=date_text(note.at.date())))
            button = QPushButton(_("Unpin"), row)
            button.setIcon(icon("pin-off"))
            button.setObjectName("unpin_note")
            button.setFlat(True)
            button.clicked.connect(lambda _checked=False, n=note.id: self.unpin.emit(n))
            line.addWidget(text, 1)
            line.addWidget(button)
            self._layout.addWidget(row)
            self.labels.append(text)
        self.setVisible(bool(notes))
