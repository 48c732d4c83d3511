"""Record a promise to pay: how much, by when, for which invoices (or the account as a whole)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from sqlalchemy.orm import Session

from app.db.models import Channel
from app.domain.money import AmountError, parse_amount
from app.i18n import _
from app.services import promises
from app.services.customer_file import customer_invoices
from app.services.ledger import LedgerError
from app.ui.context import AppContext
from app.ui.dialogs.casework.invoice_picker import InvoicePicker
from app.ui.dialogs.service_dialog import ServiceDialog, date_edit, to_date
from app.ui.formatting import date_text, money_text


class PromiseDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        customer_id: int,
        *,
        channel: str = Channel.PHONE.value,
        invoice_ids: tuple[int, ...] = (),
        parent: Any = None,
    ) -> None:
        super().__init__(context, _("Record a promise to pay"), parent)
        self.setObjectName("promise_dialog")
        self._customer_id = customer_id
        self._channel = channel
        self.promise_id = 0  # the promise recorded, once the dialog is accepted
        today = context.clock.today()
        with context.database.session_factory() as session:
            invoices = [i for i in customer_invoices(session, customer_id, today) if i.open_cents]
        currencies = Counter(i.currency for i in invoices).most_common(1)
        self.currency = currencies[0][0] if currencies else context.currency
        self._amount_typed = False
        self.amount = QLineEdit(self)
        self.amount.setObjectName("promise_amount")
        self.amount.textEdited.connect(self._typed)
        self.pay_by = date_edit(self, today + timedelta(days=7), minimum=today)
        self.pay_by.setObjectName("promise_date")
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("promise_note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        self.invoices = InvoicePicker(
            [i for i in invoices if i.currency == self.currency], parent=self
        )
        self.invoices.setObjectName("promise_invoices")
        self.invoices.set_checked(invoice_ids)
        self.invoices.changed.connect(self._fill_amount)
        self.form.addRow(_("Amount ({currency})").format(currency=self.currency), self.amount)
        self.form.addRow(_("Pay by"), self.pay_by)
        self.form.addRow(_("Note"), self.note)
        hint = QLabel(_("Invoices covered (none ticked: the account as a whole)"), self)
        self.body.addWidget(hint)
        self.body.addWidget(self.invoices, 1)
        self.ok_button.setText(_("Record the promise"))
        self.finish_layout()
        self._fill_amount()
        self.resize(560, 420)

    def _typed(self, _text: str) -> None:
        self._amount_typed = True

    def _fill_amount(self) -> None:
        """What the ticked invoices still owe, until the user types an amount of their own."""
        if self._amount_typed:
            return
        cents = sum(i.open_cents for i in self.invoices.checked())
        self.amount.setText(money_text(cents, self.currency) if cents else "")

    def amount_cents(self) -> int:
        text = self.amount.text().strip()
        if not text:
            raise LedgerError(_("Type the amount promised, like 1234,50."))
        try:
            return parse_amount(text, self.currency)
        except AmountError:
            raise LedgerError(_("“{text}” is not an amount.").format(text=text)) from None

    def check(self) -> None:
        self.amount_cents()

    def write(self, session: Session) -> str:
        cents = self.amount_cents()
        day = to_date(self.pay_by.date())
        promise = promises.record_promise(
            session,
            self.context.clock,
            self._customer_id,
            amount_cents=cents,
            promised_on=day,
            channel=self._channel,
            invoice_ids=[i.id for i in self.invoices.checked()],
            currency=self.currency,
            note=self.note.toPlainText(),
        )
        self.promise_id = promise.id
        return _("Promise recorded: {amount} by {day}.").format(
            amount=money_text(cents, self.currency), day=date_text(day)
        )
