"""The invoices list: open, overdue or all, with what each still owes."""

from __future__ import annotations

from typing import Any

from app.db.queries import InvoiceRow
from app.i18n import _
from app.ui.formatting import date_text, days_text, money_text
from app.ui.models.row_table import RIGHT, Column, RowTableModel

NUMBER: Column[InvoiceRow] = Column(lambda: _("Invoice"), lambda r: r.number, lambda r: r.number)
CUSTOMER: Column[InvoiceRow] = Column(
    lambda: _("Customer"),
    lambda r: r.customer_name,
    lambda r: r.customer_name.casefold(),
    tooltip=lambda r: r.customer_ref,
)
ISSUED: Column[InvoiceRow] = Column(
    lambda: _("Issued"), lambda r: date_text(r.issue_date), lambda r: r.issue_date, RIGHT
)
DUE: Column[InvoiceRow] = Column(
    lambda: _("Due"), lambda r: date_text(r.due_date), lambda r: r.due_date, RIGHT
)
AMOUNT: Column[InvoiceRow] = Column(
    lambda: _("Amount"),
    lambda r: money_text(r.amount_cents, r.currency),
    lambda r: r.amount_cents,
    RIGHT,
)
STILL_OWED: Column[InvoiceRow] = Column(
    lambda: _("Still owed"),
    lambda r: money_text(r.open_cents, r.currency) if r.open_cents else _("Paid"),
    lambda r: r.open_cents,
    RIGHT,
)
DISPUTED: Column[InvoiceRow] = Column(
    lambda: _("Disputed"),
    lambda r: money_text(r.disputed_cents, r.currency) if r.disputed_cents else "",
    lambda r: r.disputed_cents,
    RIGHT,
)
LATE: Column[InvoiceRow] = Column(
    lambda: _("Late"), lambda r: days_text(r.days_late), lambda r: r.days_late, RIGHT
)

COLUMNS = [NUMBER, CUSTOMER, ISSUED, DUE, AMOUNT, STILL_OWED, DISPUTED, LATE]


def _search_text(row: InvoiceRow) -> str:
    return f"{row.number} {row.customer_ref} {row.customer_name}"


class InvoiceTableModel(RowTableModel[InvoiceRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, _search_text, lambda r: r.id, parent)
