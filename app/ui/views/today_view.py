"""Today: promises due or broken, calls to make, emails refused, old disputes, holds ending."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.i18n import _, ngettext
from app.services.today import TodayItem, TodayKind, last_visit, mark_visit, worklist
from app.ui.background import BackgroundOp, Latest
from app.ui.context import AppContext
from app.ui.dialogs.casework.notice_receipt_dialog import NoticeReceiptDialog
from app.ui.formatting import date_text
from app.ui.icons import icon
from app.ui.models.row_table import Column, RowTableModel
from app.ui.views.table_page import TablePage

KIND_LABELS = {
    TodayKind.REMINDERS: lambda: _("Reminders to send"),
    TodayKind.DECISION: lambda: _("Decision to take"),
    TodayKind.NOTICE_RECEIPT: lambda: _("Registered letter"),
    TodayKind.PROMISE_SOON: lambda: _("Promise coming"),
    TodayKind.PROMISE_DUE: lambda: _("Promise due today"),
    TodayKind.PROMISE_BROKEN: lambda: _("Promise broken"),
    TodayKind.CALL: lambda: _("Call to make"),
    TodayKind.EMAIL_FAILED: lambda: _("Email not delivered"),
    TodayKind.DISPUTE_OLD: lambda: _("Dispute waiting"),
    TodayKind.HOLD_ENDS: lambda: _("Hold ending"),
}

COLUMNS: list[Column[TodayItem]] = [
    Column(
        lambda: _("What"), lambda i: KIND_LABELS[i.kind](), lambda i: list(TodayKind).index(i.kind)
    ),
    Column(lambda: _("Customer"), lambda i: i.customer_name, lambda i: i.customer_name.casefold()),
    Column(lambda: _("Date"), lambda i: date_text(i.day), lambda i: i.day),
    Column(
        lambda: _("Details"), lambda i: i.summary, lambda i: i.summary, tooltip=lambda i: i.summary
    ),
]


def _count(shown: int, total: int) -> str:
    return ngettext("{n} thing to do today", "{n} things to do today", total).format(n=total)


class TodayView(TablePage):
    open_customer = Signal(int)
    open_reminders = Signal()
    loaded = Signal()
    counted = Signal(object)  # the things to do today, for the side bar
    decide = Signal(str, object)  # "notice" | "plan" | "hand_over" | "write_off", the TodayItem

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        model: RowTableModel[TodayItem] = RowTableModel(
            COLUMNS,
            lambda i: f"{i.customer_ref} {i.customer_name} {i.summary}",
            lambda i: i.customer_id,
            row_key=lambda i: (i.kind, i.customer_id, i.day, i.summary),
        )
        super().__init__(model, _("Search the day's work"), _count, parent)
        self._reloads = Latest()  # overlapping reloads: only the last one is shown
        self.setObjectName("today_view")
        self.model.setParent(self)
        self._context = context
        self.table.setObjectName("today_table")
        self.activated.connect(self._open)
        self.fit_columns({0: 180, 1: 240, 2: 100}, stretch=3)
        # The day's order: reminders, decisions, promises, calls… (Qt sorts descending first).
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # A decision line: the ways on, once the reminders have said everything.
        self.decisions = QWidget(self)
        row = QHBoxLayout(self.decisions)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Decide:"), self.decisions))
        self.decision_buttons: dict[str, QPushButton] = {}
        for key, label, drawn in (
            ("notice", _("Formal notice by hand"), icon("scale")),
            ("plan", _("Payment plan…"), icon("calendar-clock")),
            ("hand_over", _("Hand over to an agency or a lawyer…"), icon("briefcase")),
            ("write_off", _("Write off…"), icon("archive-x")),
        ):
            button = QPushButton(drawn, label, self.decisions)
            button.setObjectName(f"decide_{key}")
            button.clicked.connect(lambda _c=False, k=key: self._decide(k))
            row.addWidget(button)
            self.decision_buttons[key] = button
        row.addStretch(1)
        layout = self.layout()
        assert layout is not None  # TablePage lays itself out in its constructor
        layout.addWidget(self.decisions)
        self.decisions.hide()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    def _selection_changed(self, *_args: object) -> None:
        item: TodayItem | None = self.selected_row()
        is_decision = item is not None and item.kind is TodayKind.DECISION
        self.decisions.setVisible(is_decision)
        if item is not None and is_decision:
            self.decision_buttons["notice"].setEnabled(item.manual_rank is not None)

    def _decide(self, key: str) -> None:
        item: TodayItem | None = self.selected_row()
        if item is not None and item.kind is TodayKind.DECISION:
            self.decide.emit(key, item)

    def _open(self, item: TodayItem) -> None:
        if item.kind is TodayKind.REMINDERS:
            self.open_reminders.emit()
        elif item.kind is TodayKind.NOTICE_RECEIPT:
            self.enter_receipt(item)
        else:
            self.open_customer.emit(item.customer_id)

    def enter_receipt(self, item: TodayItem) -> NoticeReceiptDialog:
        """The registered letter's tracking number and receipt, typed from Today's line."""
        dialog = NoticeReceiptDialog(self._context, item.customer_id, item.reminder_id, parent=self)
        dialog.accepted.connect(self.reload)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def reload(self) -> None:
        today = self._context.clock.today()

        def work() -> list[TodayItem]:
            with self._context.database.session_factory.begin() as session:
                mark_visit(session, today)
                return worklist(session, today, last_visit(session))

        BackgroundOp(self, work, latest=self._reloads).success(self._show).run()

    def _show(self, items: list[TodayItem]) -> None:
        self.model.set_rows(items)
        self.counted.emit(len(items))
        self.loaded.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()
