"""The import wizard's tables: the first rows of the file as read, and the problems found."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from app.i18n import _
from app.importing.records import Problem
from app.importing.sources import Table
from app.ui.models.row_table import AnyIndex, Column, RowTableModel

PREVIEW_ROWS = 20
CENTER = Qt.AlignmentFlag.AlignCenter


class PreviewModel(QAbstractTableModel):
    """The file's first rows under its own headers; the headers we read say which field they fill.

    Columns no field reads are greyed: the import ignores them.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[tuple[int, list[str]]] = []
        self._fields: dict[str, str] = {}  # header → label of the field that reads it

    def set_table(self, table: Table | None, limit: int = PREVIEW_ROWS) -> None:
        self.beginResetModel()
        self._headers = list(table.headers) if table else []
        self._rows = list(table.rows[:limit]) if table else []
        self.endResetModel()

    def set_fields(self, fields: dict[str, str]) -> None:
        """Which field reads each header: {header: field label}."""
        self._fields = dict(fields)
        if self._headers:
            last = len(self._headers) - 1
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
            if self._rows:
                self.dataChanged.emit(
                    self.index(0, 0),
                    self.index(len(self._rows) - 1, last),
                    [Qt.ItemDataRole.ForegroundRole],
                )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._rows[index.row()][1]
            return cells[index.column()] if index.column() < len(cells) else ""
        if role == Qt.ItemDataRole.ForegroundRole and not self._is_read(index.column()):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return str(self._rows[section][0])  # the line the user's editor shows
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Line in the file")
            return None
        if not 0 <= section < len(self._headers):
            return None
        header = self._headers[section]
        field = self._fields.get(header)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{header}\n→ {field}" if field else f"{header}\n"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                _("Read as: {field}").format(field=field)
                if field
                else _("Not imported: no field reads this column.")
            )
        if role == Qt.ItemDataRole.FontRole and field:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not field:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _is_read(self, column: int) -> bool:
        return 0 <= column < len(self._headers) and self._headers[column] in self._fields


def _problem_columns() -> list[Column[Problem]]:
    return [
        Column(lambda: _("Line"), lambda p: str(p.line), lambda p: (p.line, p.column), CENTER),
        Column(lambda: _("Column"), lambda p: p.column, lambda p: (p.column.casefold(), p.line)),
        Column(lambda: _("Problem"), lambda p: p.reason, lambda p: (p.reason, p.line)),
    ]


def _search_text(problem: Problem) -> str:
    return f"{problem.line} {problem.column} {problem.reason}"


class ProblemsModel(RowTableModel[Problem]):
    """Every problem found, by line; the same list the rejects file gets."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(_problem_columns(), _search_text, lambda p: p.line, parent, row_key=id)
