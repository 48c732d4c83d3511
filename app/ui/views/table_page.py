"""Shared layout of list pages: a search box over a sortable table, and a count of what is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.header_style import keep_titles_clear
from app.ui.icons import icon
from app.ui.models.row_table import ID_ROLE, ROW_ROLE, ListProxy, RowTableModel


class TablePage(QWidget):
    """A page built around one `RowTableModel`; subclasses add their own toolbar widgets."""

    activated = Signal(object)  # the row double-clicked or entered

    def __init__(
        self,
        model: RowTableModel[Any],
        placeholder: str,
        count_text: Callable[[int, int], str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._count_text = count_text
        self.proxy = ListProxy(self)
        self.proxy.setSourceModel(model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self._search_changed)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        keep_titles_clear(header)
        self.table.doubleClicked.connect(self._activate)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(lambda: self._activate(self.table.currentIndex()))

        self.count_label = QLabel(self)
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.search, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(index.data(ROW_ROLE))

    def selected_row(self) -> Any:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        return int(indexes[0].data(ID_ROLE)) if indexes else None

    def _update_count(self, *_args: object) -> None:
        self.count_label.setText(self._count_text(self.model.rowCount(), self.model.total_count()))

    def fit_columns(self, widths: dict[int, int], stretch: int) -> None:
        """Columns at the widths given, never narrower than their title in this language."""
        header = self.table.horizontalHeader()
        for column, width in widths.items():
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
