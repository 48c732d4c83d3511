"""The side navigation: pages are registered in order; later features add their own pages.

A page may be hidden from the list (the customer file is reached from a list, not the side bar):
it lives in the stack, and showing it clears the list's selection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStackedWidget, QWidget


@dataclass(frozen=True)
class Page:
    key: str
    title: Callable[[], str]
    widget: QWidget
    listed: bool = True


class Navigation(QObject):
    """Keeps a list of pages and a stack of their widgets in step."""

    changed = Signal(str)  # the key of the page now shown

    def __init__(self, parent: Any) -> None:
        super().__init__(parent)
        self.list = QListWidget(parent)
        self.list.setObjectName("navigation")
        self.list.setFixedWidth(180)
        self.list.setStyleSheet(
            "QListWidget { border: none; font-size: 14px; }QListWidget::item { padding: 9px 14px; }"
        )
        self.stack = QStackedWidget(parent)
        self._pages: list[Page] = []
        self._listed: list[Page] = []
        self.list.currentRowChanged.connect(self._row_changed)

    def add(self, page: Page) -> None:
        self._pages.append(page)
        self.stack.addWidget(page.widget)
        if page.listed:
            self._listed.append(page)
            QListWidgetItem(page.title(), self.list)
            if len(self._listed) == 1:
                self.list.setCurrentRow(0)

    def listed(self) -> list[Page]:
        """The pages of the side bar, in its order."""
        return list(self._listed)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self._listed):
            page = self._listed[row]
            self.stack.setCurrentWidget(page.widget)
            self.changed.emit(page.key)

    def show(self, key: str) -> None:
        page = next((p for p in self._pages if p.key == key), None)
        if page is None:
            raise KeyError(key)
        if page.listed:
            row = self._listed.index(page)
            if self.list.currentRow() == row:  # back from a hidden page: no row change to signal
                self._row_changed(row)
            else:
                self.list.setCurrentRow(row)
            return
        # Switching hides the page that had the focus; the focus then falls on the list, which
        # makes its first row current: with signals on, that page would be shown too, and both
        # would paint over each other. Switch with the list quiet, then clear its row again.
        self.list.blockSignals(True)
        self.stack.setCurrentWidget(page.widget)
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        page.widget.setFocus()
        self.changed.emit(page.key)

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next(p.key for p in self._pages if p.widget is current)

    def keys(self) -> list[str]:
        return [p.key for p in self._listed]
