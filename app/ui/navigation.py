"""The side navigation: pages are registered in order; later features add their own pages.

A page may be hidden from the list (the customer file is reached from a list, not the side bar):
it lives in the stack, and showing it clears the list's selection.

A listed page may show a count after its title ("Reminders 37"), drawn at the right of its row.
A page widget with a `counted` signal (an int, or None while not known) keeps its own count up
to date; `set_count` sets one from outside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui.icons import icon

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # the number shown at the right of a row, or None
ICON_SIZE = QSize(18, 18)


@dataclass(frozen=True)
class Page:
    key: str
    title: Callable[[], str]
    widget: QWidget
    listed: bool = True
    icon: str = ""  # a name from resources/icons


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
        self.list.setIconSize(ICON_SIZE)
        self.list.setItemDelegate(CountDelegate(self.list))
        self.stack = QStackedWidget(parent)
        self._pages: list[Page] = []
        self._listed: list[Page] = []
        self.list.currentRowChanged.connect(self._row_changed)

    def add(self, page: Page) -> None:
        self._pages.append(page)
        self.stack.addWidget(page.widget)
        if page.listed:
            self._listed.append(page)
            item = QListWidgetItem(page.title(), self.list)
            if page.icon:
                item.setIcon(icon(page.icon))
            counted = getattr(page.widget, "counted", None)
            if counted is not None:  # a slot of ours: Qt drops the link when either side goes
                counted.connect(self._page_counted)
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

    # --- counts ------------------------------------------------------------------------------
    def set_count(self, key: str, count: int | None) -> None:
        """Show `count` after the page's title; None (not known yet) or 0 shows none."""
        row = self._row_of(key)
        item = self.list.item(row)
        item.setData(COUNT_ROLE, count or None)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, self.label(key))

    def _page_counted(self, count: int | None) -> None:
        sender = self.sender()
        page = next((p for p in self._listed if p.widget is sender), None)
        if page is not None:
            self.set_count(page.key, count)

    def count(self, key: str) -> int | None:
        value = self.list.item(self._row_of(key)).data(COUNT_ROLE)
        return int(value) if value is not None else None

    def label(self, key: str) -> str:
        """The row as read out: its title, then its count if it shows one ("Reminders 37")."""
        page = self._listed[self._row_of(key)]
        count = self.count(key)
        return page.title() if count is None else f"{page.title()} {count}"

    def retranslate(self) -> None:
        """Titles again in the current language, the counts kept."""
        for row, page in enumerate(self._listed):
            self.list.item(row).setText(page.title())
            self.list.item(row).setData(Qt.ItemDataRole.AccessibleTextRole, self.label(page.key))

    def _row_of(self, key: str) -> int:
        for row, page in enumerate(self._listed):
            if page.key == key:
                return row
        raise KeyError(key)


class CountDelegate(QStyledItemDelegate):
    """Draws a row as usual, its title shortened if need be, and its count in a pill at the
    right."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(COUNT_ROLE)
        if count is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        font = QFont(opt.font)
        font.setBold(True)
        font.setPixelSize(max(QFontMetrics(font).height() * 3 // 4, 10))
        metrics = QFontMetrics(font)
        text = str(count)
        width = max(metrics.horizontalAdvance(text) + 12, metrics.height() + 4)
        height = metrics.height() + 4
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        middle = opt.rect.center().y()
        pill = QRect(area.right() - width + 1, middle - height // 2 + 1, width, height)
        room = max(area.width() - width - 6, 0)
        opt.text = opt.fontMetrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, room)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = opt.palette.color(role)
        fill = QColor(colour)
        fill.setAlpha(38)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(colour)
        painter.setFont(font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
