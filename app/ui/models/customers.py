"""The customers list: who owes what, and how late."""

from __future__ import annotations

from typing import Any

from app.db.queries import CustomerRow
from app.i18n import _
from app.ui.formatting import days_text, money_text
from app.ui.models.row_table import RIGHT, Column, RowTableModel

COLUMNS: list[Column[CustomerRow]] = [
    Column(lambda: _("Reference"), lambda r: r.ref, lambda r: r.ref),
    Column(lambda: _("Name"), lambda r: r.name, lambda r: r.name.casefold()),
    Column(lambda: _("City"), lambda r: r.city, lambda r: r.city.casefold()),
    Column(lambda: _("Email"), lambda r: r.email, lambda r: r.email.casefold()),
    Column(
        lambda: _("Total due"),
        lambda r: money_text(r.total_cents, r.currency),
        lambda r: r.total_cents,
        RIGHT,
    ),
    Column(
        lambda: _("Overdue"),
        lambda r: money_text(r.overdue_cents, r.currency) if r.overdue_cents else "",
        lambda r: r.overdue_cents,
        RIGHT,
    ),
    Column(
        lambda: _("Disputed"),
        lambda r: money_text(r.disputed_cents, r.currency) if r.disputed_cents else "",
        lambda r: r.disputed_cents,
        RIGHT,
    ),
    Column(
        lambda: _("Oldest overdue"),
        lambda r: days_text(r.oldest_overdue_days),
        lambda r: r.oldest_overdue_days,
        RIGHT,
    ),
]


def _search_text(row: CustomerRow) -> str:
    return f"{row.ref} {row.name} {row.city} {row.email}"


class CustomerTableModel(RowTableModel[CustomerRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            COLUMNS, _search_text, lambda r: r.id, parent, row_key=lambda r: (r.id, r.currency)
        )
