"""The open disputes across customers, oldest first: what is waiting on an answer."""

from __future__ import annotations

from typing import Any

from app.i18n import _
from app.services.disputes import OpenDisputeRow
from app.ui.formatting import date_text, days_text, money_text
from app.ui.models.row_table import RIGHT, Column, RowTableModel

COLUMNS: list[Column[OpenDisputeRow]] = [
    Column(
        lambda: _("Customer"),
        lambda r: r.customer_name,
        lambda r: r.customer_name.casefold(),
        tooltip=lambda r: r.customer_ref,
    ),
    Column(lambda: _("Invoices"), lambda r: r.invoices, lambda r: r.invoices),
    Column(lambda: _("Reason"), lambda r: r.reason, lambda r: r.reason.casefold()),
    Column(
        lambda: _("Disputed"),
        lambda r: money_text(r.cents, r.currency),
        lambda r: r.cents,
        RIGHT,
    ),
    Column(
        lambda: _("Opened"),
        lambda r: date_text(r.opened_on),
        lambda r: (r.opened_on, r.dispute_id),
        RIGHT,
    ),
    Column(
        lambda: _("Open for"),
        lambda r: days_text(r.age_days) or _("today"),
        lambda r: (r.age_days, r.dispute_id),
        RIGHT,
    ),
    Column(
        lambda: _("Note"), lambda r: r.note, lambda r: r.note.casefold(), tooltip=lambda r: r.note
    ),
]
AGE = 5


def _search_text(row: OpenDisputeRow) -> str:
    return f"{row.customer_ref} {row.customer_name} {row.invoices} {row.reason} {row.note}"


class DisputeTableModel(RowTableModel[OpenDisputeRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, _search_text, lambda r: r.dispute_id, parent)
