"""Promises page: every promise to pay, to follow up the due ones and see who kept their word."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QPushButton

from app.i18n import _, ngettext
from app.services.promise_followup import PromiseRow, promise_rows
from app.ui.background import BackgroundOp, Latest
from app.ui.context import AppContext
from app.ui.icons import icon
from app.ui.models.promises import DUE, PromiseTableModel, state_of, state_text
from app.ui.views.table_page import TablePage

FILTERS = ("", DUE, "pending", "broken", "kept")  # "" = all; "kept" includes partly kept
RECENTLY_BROKEN_DAYS = 7  # a promise broken within a week still asks for a word


def to_follow_up(rows: list[PromiseRow], today: date) -> int:
    """The promises to act on: due now, or broken in the last week."""
    since = today - timedelta(days=RECENTLY_BROKEN_DAYS)
    return sum(
        1
        for row in rows
        if state_of(row, today) == DUE
        or (state_of(row, today) == "broken" and row.promised_on >= since)
    )


def _count(shown: int, total: int) -> str:
    if shown == total:
        return ngettext("{n} promise", "{n} promises", total).format(n=total)
    # English agrees with the total ("1 of 4 promises"), French with what is shown
    # ("1 promesse sur 4"): one English text, two French forms chosen by `shown`.
    return ngettext("{shown} of {n} promises", "{shown} of {n} promises", shown).format(
        shown=shown, n=total
    )


class PromisesView(TablePage):
    open_customer = Signal(int)  # customer id
    loaded = Signal()
    counted = Signal(object)  # the promises to follow up, for the side bar
    model: PromiseTableModel  # the one given to TablePage below

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(
            PromiseTableModel(context.clock.today()), _("Search by customer"), _count, parent
        )
        self._reloads = Latest()  # overlapping reloads: only the last one is shown
        self.setObjectName("promises_view")
        self.model.setParent(self)
        self._context = context
        self._rows: list[PromiseRow] = []
        self.table.setObjectName("promise_table")
        self.filter = QComboBox(self)
        self.filter.setObjectName("promise_filter")
        for key in FILTERS:
            self.filter.addItem(state_text(key) if key else _("All promises"), key)
        self.filter.currentIndexChanged.connect(lambda _i: self._show(self._rows))
        self.customer_button = QPushButton(_("Open the customer file"), self)
        self.customer_button.setIcon(icon("contact-round"))
        self.customer_button.setObjectName("promise_customer")
        self.customer_button.setEnabled(False)
        self.toolbar.addWidget(self.filter)
        self.toolbar.addWidget(self.customer_button)
        self.customer_button.clicked.connect(self._open_selected)
        self.activated.connect(lambda row: self.open_customer.emit(row.customer_id))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.fit_columns({0: 260, 1: 120, 2: 120, 3: 120, 4: 120}, stretch=0)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)

    def _open_selected(self) -> None:
        row: PromiseRow | None = self.selected_row()
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def _selection_changed(self, *_args: object) -> None:
        self.customer_button.setEnabled(self.selected_row() is not None)

    def load_rows(self) -> list[PromiseRow]:
        with self._context.database.session_factory() as session:
            return promise_rows(session, self._context.clock.today())

    def reload(self) -> None:
        BackgroundOp(self, self.load_rows, latest=self._reloads).success(self._loaded).run()

    def _loaded(self, rows: list[PromiseRow]) -> None:
        self._rows = rows
        self._show(rows)
        self.counted.emit(to_follow_up(rows, self._context.clock.today()))
        self.loaded.emit()

    def _show(self, rows: list[PromiseRow]) -> None:
        wanted = str(self.filter.currentData() or "")
        today = self._context.clock.today()
        self.model.today = today
        kept = ("kept", "partly_kept") if wanted == "kept" else (wanted,)
        self.model.set_rows([r for r in rows if not wanted or state_of(r, today) in kept])
        self._selection_changed()

    def _update_count(self, *_args: object) -> None:
        """Shown out of every promise, whatever the filter."""
        self.count_label.setText(_count(self.proxy.rowCount(), len(self._rows)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()
