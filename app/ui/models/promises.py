"""Every promise to pay across customers: what was promised, for when, and what came of it."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.i18n import _
from app.services.promise_followup import PromiseRow
from app.ui.formatting import date_text, money_text
from app.ui.models.row_table import RIGHT, Column, RowTableModel

DUE = "due"  # still pending, its day come: the one to follow up now


def state_of(row: PromiseRow, today: date) -> str:
    if row.status == "pending" and row.promised_on <= today:
        return DUE
    return row.status


def state_text(state: str) -> str:
    return {
        "pending": _("Pending"),
        DUE: _("Due now"),
        "kept": _("Kept"),
        "partly_kept": _("Partly kept"),
        "broken": _("Broken"),
    }.get(state, state)


class PromiseTableModel(RowTableModel[PromiseRow]):
    def __init__(self, today: date, parent: Any = None) -> None:
        self.today = today
        columns: list[Column[PromiseRow]] = [
            Column(
                lambda: _("Customer"),
                lambda r: r.customer_name,
                lambda r: r.customer_name.casefold(),
                tooltip=lambda r: r.customer_ref,
            ),
            Column(
                lambda: _("Promised"),
                lambda r: money_text(r.amount_cents, r.currency),
                lambda r: r.amount_cents,
                RIGHT,
            ),
            Column(
                lambda: _("For"),
                lambda r: date_text(r.promised_on),
                lambda r: (r.promised_on, r.id),
                RIGHT,
            ),
            Column(
                lambda: _("State"),
                lambda r: state_text(state_of(r, self.today)),
                lambda r: state_of(r, self.today),
            ),
            Column(
                lambda: _("Paid since"),
                lambda r: money_text(r.paid_cents, r.currency),
                lambda r: r.paid_cents,
                RIGHT,
            ),
        ]
        super().__init__(
            columns, lambda r: f"{r.customer_ref} {r.customer_name}", lambda r: r.id, parent
        )
