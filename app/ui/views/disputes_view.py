"""Disputes page: every open dispute across customers, the oldest first, with its age."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QPushButton

from app.i18n import _, ngettext
from app.services.disputes import OpenDisputeRow, open_dispute_rows
from app.ui.background import BackgroundOp, Latest
from app.ui.context import AppContext
from app.ui.icons import icon
from app.ui.models.disputes import AGE, DisputeTableModel
from app.ui.views.table_page import TablePage


def _count(shown: int, total: int) -> str:
    if shown == total:
        return ngettext("{n} open dispute", "{n} open disputes", total).format(n=total)
    return ngettext(
        "{shown} of {total} open disputes", "{shown} of {total} open disputes", shown
    ).format(shown=shown, total=total)


class DisputesView(TablePage):
    open_customer = Signal(int)  # customer id
    close_dispute = Signal(object)  # OpenDisputeRow
    loaded = Signal()
    counted = Signal(object)  # the open disputes, for the side bar

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(
            DisputeTableModel(), _("Search by customer, invoice, reason or note"), _count, parent
        )
        self._reloads = Latest()  # overlapping reloads: only the last one is shown
        self.setObjectName("disputes_view")
        self.model.setParent(self)
        self._context = context
        self.table.setObjectName("dispute_table")
        self.search.setObjectName("dispute_search")
        self.customer_button = QPushButton(_("Open the customer file"), self)
        self.customer_button.setIcon(icon("contact-round"))
        self.customer_button.setObjectName("dispute_customer")
        self.close_button = QPushButton(_("Close the dispute…"), self)
        self.close_button.setIcon(icon("circle-check"))
        self.close_button.setObjectName("dispute_close")
        for button in (self.customer_button, self.close_button):
            button.setEnabled(False)
            self.toolbar.addWidget(button)
        self.customer_button.clicked.connect(self._open_selected)
        self.close_button.clicked.connect(self._close_selected)
        self.activated.connect(lambda row: self.open_customer.emit(row.customer_id))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.fit_columns({0: 220, 1: 150, 2: 120, 3: 110, 4: 105, 5: 120}, stretch=6)
        self.table.sortByColumn(AGE, Qt.SortOrder.DescendingOrder)

    def _open_selected(self) -> None:
        row: OpenDisputeRow | None = self.selected_row()
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def _close_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.close_dispute.emit(row)

    def _selection_changed(self, *_args: object) -> None:
        has_row = self.selected_row() is not None
        self.customer_button.setEnabled(has_row)
        self.close_button.setEnabled(has_row)

    def load_rows(self) -> list[OpenDisputeRow]:
        with self._context.database.session_factory() as session:
            return open_dispute_rows(session, self._context.clock.today())

    def reload(self) -> None:
        BackgroundOp(self, self.load_rows, latest=self._reloads).success(self._show).run()

    def _show(self, rows: list[OpenDisputeRow]) -> None:
        self.model.set_rows(rows)
        self._selection_changed()
        self.counted.emit(len(rows))
        self.loaded.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()
