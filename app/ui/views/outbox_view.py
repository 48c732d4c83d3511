"""Outbox page: every email, waiting, sent, refused or held, with the server's last answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QPushButton

from app.db.dunning import OutboxState
from app.i18n import _, ngettext
from app.services import outbox, outbox_send
from app.services.demo_book import is_demo_book
from app.services.ledger import LedgerError
from app.services.outbox import OutboxRow
from app.services.outbox_send import SendReport
from app.services.smtp_settings import load_smtp
from app.ui.background import BackgroundOp, Latest
from app.ui.context import AppContext
from app.ui.dialogs.message_dialog import MessageDialog
from app.ui.formatting import datetime_text
from app.ui.icons import icon
from app.ui.models.row_table import Column, RowTableModel
from app.ui.views.table_page import TablePage

STATE_LABELS = {
    OutboxState.QUEUED: lambda: _("Waiting"),
    OutboxState.SENDING: lambda: _("Sending"),
    OutboxState.SENT: lambda: _("Sent"),
    OutboxState.FAILED: lambda: _("Refused"),
    OutboxState.HELD: lambda: _("To confirm"),
    OutboxState.CANCELLED: lambda: _("Cancelled"),
}

COLUMNS: list[Column[OutboxRow]] = [
    Column(lambda: _("Customer"), lambda r: r.customer_name, lambda r: r.customer_name.casefold()),
    Column(lambda: _("To"), lambda r: r.to, lambda r: r.to),
    Column(lambda: _("Subject"), lambda r: r.subject, lambda r: r.subject.casefold()),
    Column(
        lambda: _("State"),
        lambda r: STATE_LABELS[r.state]() if r.state in STATE_LABELS else r.state,
        lambda r: r.state,
    ),
    Column(lambda: _("Attempts"), lambda r: str(r.attempts), lambda r: r.attempts),
    Column(
        lambda: _("Last answer"),
        lambda r: r.last_error,
        lambda r: r.last_error,
        tooltip=lambda r: r.last_error,
    ),
    Column(
        lambda: _("Queued"),
        lambda r: datetime_text(r.created_at),
        lambda r: (r.created_at, r.id),
    ),
]


def _count(shown: int, total: int) -> str:
    return ngettext("{n} message", "{n} messages", total).format(n=total)


class OutboxView(TablePage):
    loaded = Signal()
    # how many wait to be sent (or confirmed), and why none can go ("" when they can)
    waiting = Signal(int, str)
    counted = Signal(object)  # the same number of waiting emails, for the side bar

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        model: RowTableModel[OutboxRow] = RowTableModel(
            COLUMNS,
            lambda r: f"{r.customer_ref} {r.customer_name} {r.to} {r.subject}",
            lambda r: r.id,
        )
        super().__init__(model, _("Search by customer, address or subject"), _count, parent)
        self._reloads = Latest()  # only the last reload's rows are shown
        self.setObjectName("outbox_view")
        self.model.setParent(self)
        self._context = context
        self.table.setObjectName("outbox_table")
        self.send_button = QPushButton(_("Send now"), self)
        self.send_button.setIcon(icon("send"))
        self.send_button.setObjectName("outbox_send")
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setIcon(icon("x"))
        self.again_button = QPushButton(_("Send again"), self)
        self.again_button.setIcon(icon("rotate-cw"))
        self.confirm_button = QPushButton(_("It was sent"), self)
        self.confirm_button.setIcon(icon("mail-check"))
        self.confirm_button.setObjectName("outbox_confirm")
        for button in (
            self.send_button,
            self.cancel_button,
            self.again_button,
            self.confirm_button,
        ):
            self.toolbar.addWidget(button)
        self.send_button.clicked.connect(self.send_now)
        self.cancel_button.clicked.connect(lambda: self._act(outbox.cancel))
        self.again_button.clicked.connect(lambda: self._act(outbox.send_again))
        self.confirm_button.clicked.connect(self._confirm)
        self.activated.connect(self.open_message)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.fit_columns({0: 180, 1: 200, 3: 90, 4: 70, 5: 260, 6: 120}, stretch=2)
        self._selection_changed()

    def open_message(self, row: OutboxRow) -> MessageDialog:
        """The message double-clicked: headers, text, attachments."""
        state = STATE_LABELS[row.state]() if row.state in STATE_LABELS else row.state
        dialog = MessageDialog(self._context, row.id, state, self)
        dialog.open()
        return dialog

    def reload(self) -> None:
        """Read the outbox anew, off the window's thread. Reloads overlap (opening the page, a
        send ending, the settings saved): one asked earlier may finish later, and its older rows
        and count are then dropped instead of shown over the newer ones."""

        def work() -> tuple[list[OutboxRow], int, str]:
            outbox_send.settle_now(self._context.database, self._context.clock)
            with self._context.database.session_factory() as session:
                waiting = outbox.waiting_count(session)
                # the keychain may be slow to answer: asked here, off the window's thread
                demo = is_demo_book(session)
                problem = (
                    outbox_send.setup_problem(load_smtp(session), demo=demo) if waiting else None
                )
                return outbox.rows(session), waiting, problem or ""

        BackgroundOp(self, work, latest=self._reloads).success(self._show).run()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def _show(self, result: tuple[list[OutboxRow], int, str]) -> None:
        rows, waiting, problem = result
        self.model.set_rows(rows)
        self._selection_changed()
        self.waiting.emit(waiting, problem)
        self.counted.emit(waiting)
        self.loaded.emit()

    def _selection_changed(self, *_args: object) -> None:
        row: OutboxRow | None = self.selected_row()
        state = row.state if row is not None else ""
        self.cancel_button.setEnabled(
            state in (OutboxState.QUEUED, OutboxState.HELD, OutboxState.FAILED)
        )
        self.again_button.setEnabled(state in (OutboxState.HELD, OutboxState.FAILED))
        self.confirm_button.setEnabled(state == OutboxState.HELD)

    def _act(self, action: Any) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            with self._context.database.session_factory.begin() as session:
                action(
                    session, self._context.clock, row.id, Path(self._context.database.path).parent
                )
        except LedgerError as exc:
            self.count_label.setText(str(exc))
        self.reload()

    def _confirm(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        folder = Path(self._context.database.path).parent
        try:
            with self._context.database.session_factory.begin() as session:
                outbox.confirm_sent(
                    session, self._context.clock, row.id, folder, load_smtp(session)
                )
        except LedgerError as exc:
            self.count_label.setText(str(exc))
        self.reload()

    def send_now(self) -> None:
        """Send what is due, off the window's thread; the page tells what happened."""
        context = self._context
        self.send_button.setEnabled(False)

        def work() -> SendReport:
            return outbox_send.send_pending(
                context.database, context.clock, outbox_send.smtp_transport
            )

        BackgroundOp(self, work, writes=True).success(self._sent).run()

    def _sent(self, report: SendReport) -> None:
        self.send_button.setEnabled(True)
        text = _("{sent} sent, {failed} refused, {waiting} waiting.").format(
            sent=report.sent, failed=report.failed, waiting=report.retrying
        )
        if report.last_error:
            text += " " + report.last_error
        self.reload()
        self.count_label.setText(text)
