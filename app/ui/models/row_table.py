"""A read-only table model over a list of frozen rows, described by columns; and its proxies.

Sorting happens in the source model with Python's sort on typed keys (cents, dates), which is an
order of magnitude faster than letting the proxy compare display strings through `data()`. A list
page's search filters in the source model too (`ListProxy`), on a search key computed once per
row: a proxy's filter is a Python call per row at every keystroke. `SearchProxy` filters in the
proxy, for the small lists that several proxies filter differently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
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

_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        ROW_ROLE,
        ID_ROLE,
        SORT_ROLE,
    }
)  # those `RowTableModel.data` answers

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text: "Genève" and "geneve" compare equal."""
    text = text.casefold()
    if text.isascii():
        return text
    return _combining_marks().sub("", unicodedata.normalize("NFKD", text))


@cache
def _combining_marks() -> re.Pattern[str]:
    """The combining marks of the basic multilingual plane, as one character class: removed by
    the regular expression engine, seven times faster than a test per character (a list of
    20,000 customers folds its search keys at each load). Typed words are folded the same way,
    so a mark of another plane, left in both, still matches."""
    marks = "".join(chr(c) for c in range(0x10000) if unicodedata.combining(chr(c)))
    return re.compile(f"[{re.escape(marks)}]")


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
        self._all: list[Row] = []  # every row, in the sort order
        self._all_keys: list[str] = []  # their search keys, in the same order
        self._all_ids: list[Hashable] = []  # their row keys (`row_key`), in the same order
        self._shown_ids: list[Hashable] = []  # the row keys of the rows shown
        self._words: list[str] = []  # the words typed in a list page's search box
        self._rows: list[Row] = []  # the rows shown: those whose key holds every word
        self.search_keys: list[str] = []  # the keys of the rows shown
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- content -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._all_keys = [fold(self._search_text(r)) for r in self._all]
        self._all_ids = [self._row_key(r) for r in self._all]
        if self._sort is not None:
            self._apply_sort(*self._sort)
        self._filter()
        self.endResetModel()

    def set_search(self, text: str) -> None:
        """Show only the rows whose search key contains every word typed: one pass over the
        keys and one layout change, the selection kept when its row stays. Filtering here, not
        in a proxy, spares a Python call per row from Qt at each keystroke (20,000 customers)."""
        words = fold(text).split()
        if words == self._words:
            return
        self._words = words
        with self._moving_rows():
            self._filter()

    def _filter(self) -> None:
        keys = self._all_keys
        if not self._words:
            self._rows, self.search_keys = list(self._all), list(keys)
            self._shown_ids = list(self._all_ids)
            return
        first, *others = self._words
        shown = [i for i, key in enumerate(keys) if first in key]
        for word in others:  # over fewer rows at each word
            shown = [i for i in shown if word in keys[i]]
        self._rows = [self._all[i] for i in shown]
        self.search_keys = [keys[i] for i in shown]
        self._shown_ids = [self._all_ids[i] for i in shown]

    def rows(self) -> list[Row]:
        """Every row, shown or not (the search box hides some)."""
        return list(self._all)

    def total_count(self) -> int:
        """How many rows there are, shown or not."""
        return len(self._all)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_for_id(self, row_id: int) -> int | None:
        """The position among the rows shown of the row with this id, if shown."""
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
        if role not in _ROLES or not index.isValid():  # a view asks a dozen roles per cell
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
        with self._moving_rows():
            self._apply_sort(column, order)
            self._filter()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        """Sort every row, and their search keys with them (folding them again took as long)."""
        key = self._columns[column].sort_key
        rows = self._all
        order_ = sorted(
            range(len(rows)),
            key=lambda i: key(rows[i]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._all = [rows[i] for i in order_]
        self._all_keys = [self._all_keys[i] for i in order_]
        self._all_ids = [self._all_ids[i] for i in order_]

    @contextmanager
    def _moving_rows(self) -> Iterator[None]:
        """A layout change (a sort, a search): persistent indexes (the selection, the current
        row) follow their row to its new place, or become invalid when it is no longer shown."""
        self.layoutAboutToBeChanged.emit()
        old_list = self.persistentIndexList()
        before = self._shown_ids
        wanted = [before[i.row()] if 0 <= i.row() < len(before) else None for i in old_list]
        yield
        if old_list:
            position = dict(zip(self._shown_ids, range(len(self._shown_ids)), strict=True))
            new_list = []
            for index, key in zip(old_list, wanted, strict=True):
                at = position.get(key) if key is not None else None
                new_list.append(self.index(at, index.column()) if at is not None else QModelIndex())
            self.changePersistentIndexList(old_list, new_list)
        self.layoutChanged.emit()


class ListProxy(QSortFilterProxyModel):
    """The proxy of a list page: the source model sorts and filters (`RowTableModel.set_search`),
    so this proxy never asks Python anything per row (no filter, no sort of its own)."""

    def set_search(self, text: str) -> None:
        source = self.sourceModel()
        if isinstance(source, RowTableModel):
            source.set_search(text)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class SearchProxy(ListProxy):
    """Filters in the proxy the rows whose search key contains every word typed, for a source
    that other proxies filter too (a customer's timeline, its invoices); sorting is the
    source's job."""

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
