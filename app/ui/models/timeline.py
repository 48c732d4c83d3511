"""A customer's timeline as a table: newest first, filtered by kind of event and by words."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyle

from app.domain.events import EventGroup, EventKind
from app.i18n import _
from app.services.customer_file import TimelineEvent
from app.ui.formatting import datetime_text
from app.ui.models.row_table import AnyIndex, Column, RowTableModel, SearchProxy

GROUP_LABELS: dict[EventGroup, Callable[[], str]] = {
    EventGroup.INVOICES: lambda: _("Invoices"),
    EventGroup.PAYMENTS: lambda: _("Payments and credit notes"),
    EventGroup.LETTERS: lambda: _("Letters"),
    EventGroup.EMAILS: lambda: _("Emails"),
    EventGroup.CALLS: lambda: _("Calls"),
    EventGroup.NOTES: lambda: _("Notes"),
    EventGroup.DISPUTES: lambda: _("Disputes"),
    EventGroup.PROMISES: lambda: _("Promises"),
    EventGroup.HOLD: lambda: _("Hold"),
    EventGroup.CUSTOMER: lambda: _("Customer and contacts"),
}

KIND_LABELS: dict[str, Callable[[], str]] = {
    EventKind.CUSTOMER_CREATED: lambda: _("Customer created"),
    EventKind.CUSTOMER_UPDATED: lambda: _("Customer changed"),
    EventKind.INVOICE_ISSUED: lambda: _("Invoice"),
    EventKind.INVOICE_UPDATED: lambda: _("Invoice changed"),
    EventKind.INVOICE_SETTLED_EXTERNALLY: lambda: _("Settled in the accounts"),
    EventKind.PAYMENT_RECEIVED: lambda: _("Payment"),
    EventKind.PAYMENT_DELETED: lambda: _("Payment deleted"),
    EventKind.CREDIT_NOTE: lambda: _("Credit note"),
    EventKind.ACCOUNTING_ENTRY: lambda: _("Accounting entry"),
    EventKind.ENTRY_UPDATED: lambda: _("Entry changed"),
    EventKind.CONTACT_CHANGED: lambda: _("Contact"),
    EventKind.CALL: lambda: _("Call"),
    EventKind.DISPUTE_OPENED: lambda: _("Dispute opened"),
    EventKind.DISPUTE_CLOSED: lambda: _("Dispute closed"),
    EventKind.PROMISE_MADE: lambda: _("Promise"),
    EventKind.PROMISE_KEPT: lambda: _("Promise kept"),
    EventKind.PROMISE_BROKEN: lambda: _("Promise broken"),
    EventKind.LETTER_SENT: lambda: _("Letter"),
    EventKind.EMAIL_SENT: lambda: _("Email"),
    EventKind.EMAIL_QUEUED: lambda: _("Email queued"),
    EventKind.REMINDER_SKIPPED: lambda: _("Reminder held back"),
    EventKind.PENALTIES_CLAIMED: lambda: _("Penalties claimed"),
    EventKind.PENALTIES_WAIVED: lambda: _("Penalties waived"),
    EventKind.HANDED_OVER: lambda: _("Handed over"),
    EventKind.TAKEN_BACK: lambda: _("Taken back"),
    EventKind.WRITTEN_OFF: lambda: _("Written off"),
    EventKind.HOLD_ON: lambda: _("On hold"),
    EventKind.HOLD_OFF: lambda: _("Hold lifted"),
    EventKind.NOTE: lambda: _("Note"),
}

# Colours that mark what matters at a glance; text stays readable on both row backgrounds.
KIND_COLOURS: dict[str, str] = {
    EventKind.PAYMENT_RECEIVED: "#1b7f3b",
    EventKind.CREDIT_NOTE: "#1b7f3b",
    EventKind.PROMISE_KEPT: "#1b7f3b",
    EventKind.DISPUTE_OPENED: "#b35c00",
    EventKind.HOLD_ON: "#b35c00",
    EventKind.HANDED_OVER: "#b35c00",
    EventKind.WRITTEN_OFF: "#b00020",
    EventKind.PROMISE_BROKEN: "#b00020",
}


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return label() if label is not None else kind


COLUMNS: list[Column[TimelineEvent]] = [
    Column(lambda: _("When"), lambda e: datetime_text(e.at), lambda e: (e.at, e.id)),
    Column(lambda: _("What"), lambda e: kind_label(e.kind), lambda e: (kind_label(e.kind), e.id)),
    Column(lambda: _("Invoice"), lambda e: e.invoice_number, lambda e: (e.invoice_number, e.id)),
    Column(
        lambda: _("Details"),
        lambda e: e.summary,
        lambda e: (e.summary.casefold(), e.id),
        tooltip=lambda e: e.summary,
    ),
]
WHEN, WHAT, INVOICE, DETAILS = range(len(COLUMNS))


def _search_text(event: TimelineEvent) -> str:
    return f"{kind_label(event.kind)} {event.invoice_number} {event.summary}"


class TimelineModel(RowTableModel[TimelineEvent]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, _search_text, lambda e: e.id, parent)
        self.sort(WHEN, Qt.SortOrder.DescendingOrder)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == WHAT:
            colour = KIND_COLOURS.get(self.row_at(index.row()).kind)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == DETAILS:
            if self.row_at(index.row()).document_path:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            return None
        return super().data(index, role)


class TimelineProxy(SearchProxy):
    """Adds a filter on groups of kinds to the word search; no groups chosen shows them all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: frozenset[EventGroup] = frozenset()

    def set_groups(self, groups: Iterable[EventGroup]) -> None:
        chosen = frozenset(groups)
        if chosen == self._groups:
            return
        self.beginFilterChange()
        self._groups = chosen
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def groups(self) -> frozenset[EventGroup]:
        return self._groups

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._groups:
            source = self.sourceModel()
            if isinstance(source, TimelineModel) and source.row_at(source_row).group not in (
                self._groups
            ):
                return False
        return super().filterAcceptsRow(source_row, source_parent)
