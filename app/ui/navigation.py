"""The side navigation: pages are registered in order; later features add their own pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStackedWidget, QWidget


@dataclass(frozen=True)
class Page:
    key: str
    title: Callable[[], str]
    widget: QWidget


class Navigation:
    """Keeps a list of pages and a stack of their widgets in step."""

    def __init__(self, parent: Any) -> None:
        self.list = QListWidget(parent)
        self.list.setObjectName("navigation")
        self.list.setFixedWidth(180)
        self.list.setStyleSheet(
            "QListWidget { border: none; font-size: 14px; }QListWidget::item { padding: 9px 14px; }"
        )
        self.stack = QStackedWidget(parent)
        self._pages: list[Page] = []
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)

    def add(self, page: Page) -> None:
        self._pages.append(page)
        QListWidgetItem(page.title(), self.list)
        self.stack.addWidget(page.widget)
        if len(self._pages) == 1:
            self.list.setCurrentRow(0)

    def show(self, key: str) -> None:
        for row, page in enumerate(self._pages):
            if page.key == key:
                self.list.setCurrentRow(row)
                return
        raise KeyError(key)

    def current_key(self) -> str:
        return self._pages[self.list.currentRow()].key

    def keys(self) -> list[str]:
        return [p.key for p in self._pages]
