"""The proposals under review: each can be left out (with a reason) or moved to another level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from app.domain.dunning import Skipped
from app.i18n import _
from app.services.dunning import DunningProposal, level_label
from app.services.dunning_run import ReminderEdit
from app.ui.formatting import date_text, money_text
from app.ui.models.row_table import RIGHT, AnyIndex, Column, RowTableModel

CHANNEL_LABELS = {
    "letter": lambda: _("Letter"),
    "email": lambda: _("Email"),
    "phone": lambda: _("Phone"),
}
SKIP_LABELS = {
    "dispute": lambda: _("Disputed"),
    "hold": lambda: _("On hold"),
    "promise": lambda: _("Promise to pay pending"),
    "below_minimum": lambda: _("Below the level's minimum"),
    "too_soon": lambda: _("Too soon after the last reminder"),
    "credit": lambda: _("Covered by the credit on the account"),
    "no_email": lambda: _("No email for a reminder before the due date"),
    "held_back": lambda: _("Held back"),
    "handed_over": lambda: _("Handed over (agency or lawyer)"),
}


def skip_text(skipped: Skipped) -> str:
    label = SKIP_LABELS[skipped.reason.value]() if skipped.reason.value in SKIP_LABELS else ""
    if skipped.reason.value == "held_back" and skipped.detail:
        day = date.fromisoformat(skipped.detail)
        return _("Held back until {day}").format(day=date_text(day))
    if skipped.detail.startswith("joins the next reminder"):
        return _("Joins the next reminder at the customer's stage")
    return label or skipped.reason.value


@dataclass
class ReviewRow:
    item: DunningProposal
    included: bool = True
    reason: str = ""  # why it was left out
    until: date | None = None  # held back until this day (None: until the next level is due)
    edit: ReminderEdit | None = None  # the user's own wording, until sent or the level changes

    @property
    def customer_id(self) -> int:
        return self.item.customer_id


def channels_text(channels: tuple[str, ...]) -> str:
    return " + ".join(CHANNEL_LABELS[c]() if c in CHANNEL_LABELS else c for c in channels)


def penalties_of(row: ReviewRow) -> int:
    return row.item.penalties.total_cents(row.item.proposal.currency)


def _penalties(row: ReviewRow) -> str:
    stated = penalties_of(row)
    return money_text(stated, row.item.proposal.currency) if stated else ""


COLUMNS: list[Column[ReviewRow]] = [
    Column(
        lambda: _("Send"),
        lambda r: "",
        lambda r: r.included,
        tooltip=lambda r: "" if r.included else r.reason,
    ),
    Column(
        lambda: _("Customer"),
        lambda r: r.item.proposal.customer.name,
        lambda r: r.item.proposal.customer.name.casefold(),
        tooltip=lambda r: r.item.proposal.customer.ref,
    ),
    Column(
        lambda: _("Level"),
        lambda r: level_label(r.item.proposal.level),
        lambda r: r.item.proposal.level.rank,
    ),
    Column(
        lambda: _("Channels"),
        lambda r: channels_text(r.item.proposal.channels),
        lambda r: r.item.proposal.channels,
    ),
    Column(
        lambda: _("Invoices"),
        lambda r: str(len(r.item.proposal.invoices)),
        lambda r: len(r.item.proposal.invoices),
        RIGHT,
    ),
    Column(
        lambda: _("Total"),
        lambda r: money_text(r.item.proposal.claimed_cents, r.item.proposal.currency),
        lambda r: r.item.proposal.claimed_cents,
        RIGHT,
    ),
    Column(lambda: _("Penalties"), _penalties, penalties_of, RIGHT),
]
SEND, CUSTOMER, PENALTIES = 0, 1, 6


class ProposalTableModel(RowTableModel[ReviewRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            COLUMNS,
            lambda r: f"{r.item.proposal.customer.ref} {r.item.proposal.customer.name}",
            lambda r: r.customer_id,
            parent,
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == SEND:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == SEND:
            included = self.row_at(index.row()).included
            return Qt.CheckState.Checked if included else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != SEND:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.row_at(index.row()).included = checked
        self.dataChanged.emit(index, self.index(index.row(), self.columnCount() - 1))
        return True

    def refresh_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def included(self) -> list[ReviewRow]:
        return [r for r in self.rows() if r.included]

    def left_out(self) -> list[ReviewRow]:
        return [r for r in self.rows() if not r.included]


SKIPPED_COLUMNS: list[Column[Skipped]] = [
    Column(lambda: _("Reference"), lambda s: s.customer.ref, lambda s: s.customer.ref),
    Column(lambda: _("Customer"), lambda s: s.customer.name, lambda s: s.customer.name.casefold()),
    Column(lambda: _("Why not reminded"), skip_text, lambda s: s.reason.value),
]


class SkippedTableModel(RowTableModel[Skipped]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            SKIPPED_COLUMNS,
            lambda s: f"{s.customer.ref} {s.customer.name}",
            lambda s: s.customer.id,
            parent,
        )
