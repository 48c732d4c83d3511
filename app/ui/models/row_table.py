"""A read-only table model over a list of frozen rows, described by columns; and its search proxy.

Sorting happens in the source model with Python's sort on typed keys (cents, dates), which is an
order of magnitude faster than letting the proxy compare display strings through `data()`; the
proxy only filters, on a search key computed once per row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the frozen row object
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's database id
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the typed sort key

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text: "Genève" and "geneve" compare equal."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: Callable[[], str]  # called at display time so the language can change
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any]
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[Row], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[Column[Row]],
        search_text: Callable[[Row], str],
        row_id: Callable[[Row], int],
        parent: Any = None,
        row_key: Callable[[Row], Hashable] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._search_text = search_text
        self._row_id = row_id
        self._row_key = row_key or row_id  # unique per row, where one id may show on two rows
        self._rows: list[Row] = []
        self.search_keys: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- content -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._apply_sort(*self._sort)
        self.search_keys = [fold(self._search_text(r)) for r in self._rows]
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_for_id(self, row_id: int) -> int | None:
        for index, item in enumerate(self._rows):
            if self._row_id(item) == row_id:
                return index
        return None

    # --- Qt interface --------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return self._row_id(row)
        if role == SORT_ROLE:
            return column.sort_key(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = [self._row_key(r) for r in self._rows]
        self._apply_sort(column, order)
        self.search_keys = [fold(self._search_text(r)) for r in self._rows]
        self._remap_persistent(old)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        key = self._columns[column].sort_key
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _remap_persistent(self, old_keys: list[Hashable]) -> None:
        position = {self._row_key(r): i for i, r in enumerate(self._rows)}
        old_list = self.persistentIndexList()
        new_list = [
            self.index(position[old_keys[i.row()]], i.column()) if i.row() < len(old_keys) else i
            for i in old_list
        ]
        self.changePersistentIndexList(old_list, new_list)


class SearchProxy(QSortFilterProxyModel):
    """Filters rows whose search key contains every word typed; sorting is the source's job."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._shown: list[bool] | None = None  # per source row, for the words typed: one pass

    def setSourceModel(self, source: Any) -> None:
        # The rows shown are computed anew when the source's rows or their search keys change
        # (before the proxy filters them again): set_rows, a sort, a row inserted or removed.
        super().setSourceModel(source)
        self._shown = None
        if source is None:
            return
        for signal in (
            source.modelAboutToBeReset,
            source.layoutAboutToBeChanged,
            source.rowsAboutToBeInserted,
            source.rowsAboutToBeRemoved,
        ):
            signal.connect(self._forget)

    def _forget(self, *_args: object) -> None:
        self._shown = None

    def set_search(self, text: str) -> None:
        """Filter once, in one pass over the search keys, and tell the views in one layout
        change: removing the rows hidden range by range took longer than the filtering itself
        on a book of 20,000 customers (each range a signal, each answered by the views)."""
        words = fold(text).split()
        if words == self._words:
            return
        self._words = words
        self._shown = None
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        shown = self._shown
        if shown is None or len(shown) <= source_row:
            source = self.sourceModel()
            keys = source.search_keys if isinstance(source, RowTableModel) else []
            words = self._words
            shown = self._shown = [all(word in key for word in words) for key in keys]
            if len(shown) <= source_row:
                return False
        return shown[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)
