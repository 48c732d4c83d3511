"""The timeline tab: every event of the customer, newest first, filtered by kind and by words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.events import EventGroup, EventKind
from app.i18n import _, ngettext
from app.services.customer_file import TimelineEvent
from app.ui.models.row_table import ROW_ROLE
from app.ui.models.timeline import (
    DETAILS,
    GROUP_LABELS,
    INVOICE,
    WHAT,
    WHEN,
    TimelineModel,
    TimelineProxy,
)

Opener = Callable[[Path], bool]


def open_with_system(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def timeline_table(model: Any, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table sized for timeline columns."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(WHEN, 130)
    table.setColumnWidth(WHAT, 150)
    table.setColumnWidth(INVOICE, 110)
    return table


class TimelineTab(QWidget):
    show_invoice = Signal(int)  # an event about one invoice was opened that has no document
    receipt_requested = Signal(int)  # a payment's event: its receipt, by the event's id

    def __init__(self, documents: Path, opener: Opener = open_with_system, parent: Any = None):
        super().__init__(parent)
        self.setObjectName("timeline_tab")
        self._documents = documents
        self._opener = opener
        self.model = TimelineModel(self)
        self.proxy = TimelineProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setObjectName("timeline_search")
        self.search.setPlaceholderText(_("Search the history"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.count = QLabel(self)
        self.count.setObjectName("timeline_count")

        self.all_button = self._chip(_("All"), "timeline_all")
        self.all_button.setChecked(True)
        self.all_button.clicked.connect(self._show_all)
        self.group_buttons: dict[EventGroup, QToolButton] = {}
        for group, label in GROUP_LABELS.items():
            button = self._chip(label(), f"timeline_group_{group.value}")
            button.clicked.connect(self._groups_changed)
            self.group_buttons[group] = button

        self.table = timeline_table(self.proxy, self)
        self.table.setObjectName("timeline_table")
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(WHEN, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._activate)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        chips = QHBoxLayout()
        chips.setSpacing(4)
        chips.addWidget(self.all_button)
        for button in self.group_buttons.values():
            chips.addWidget(button)
        chips.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(chips)
        layout.addWidget(self.table, 1)

    def _chip(self, text: str, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setCheckable(True)
        return button

    # --- content ---------------------------------------------------------------------------
    def set_events(self, events: Sequence[TimelineEvent]) -> None:
        self.model.set_rows(events)
        self._update_count()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def set_groups(self, groups: set[EventGroup]) -> None:
        for group, button in self.group_buttons.items():
            button.setChecked(group in groups)
        self._groups_changed()

    def _show_all(self) -> None:
        self.set_groups(set())

    def _groups_changed(self) -> None:
        chosen = {g for g, b in self.group_buttons.items() if b.isChecked()}
        self.all_button.setChecked(not chosen)
        self.proxy.set_groups(chosen)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = ngettext("{n} event", "{n} events", total).format(n=total)
        else:
            text = ngettext("{shown} of {total} events", "{shown} of {total} events", shown).format(
                shown=shown, total=total
            )
        self.count.setText(text)

    def visible_events(self) -> list[TimelineEvent]:
        return [self.proxy.index(row, 0).data(ROW_ROLE) for row in range(self.proxy.rowCount())]

    # --- opening ---------------------------------------------------------------------------
    def _activate(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        event: TimelineEvent = index.data(ROW_ROLE)
        if event.document_path:
            self.open_document(event)
        elif event.kind == EventKind.PAYMENT_RECEIVED:
            self.receipt_requested.emit(event.id)
        elif event.invoice_id is not None:
            self.show_invoice.emit(event.invoice_id)

    def open_document(self, event: TimelineEvent) -> None:
        """Open the archived PDF of a letter or email exactly as it was sent."""
        assert event.document_path is not None
        path = Path(event.document_path)
        if not path.is_absolute():
            path = self._documents / path
        if not path.is_file():
            QMessageBox.warning(
                self,
                _("Document not found"),
                _("The archived document is no longer at {path}.").format(path=path),
            )
            return
        if not self._opener(path):
            QMessageBox.warning(
                self,
                _("Document not opened"),
                _("No application could open {path}.").format(path=path),
            )
