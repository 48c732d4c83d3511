"""A payment plan (échéancier): what the customer owes split into instalments, put in writing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QTableWidget, QTableWidgetItem
from sqlalchemy.orm import Session

from app.domain.calendar import DateError, parse_date
from app.domain.money import AmountError, parse_amount
from app.domain.promise_rules import split_equally
from app.i18n import _, ngettext
from app.services import payment_plans
from app.services.ledger import LedgerError
from app.services.payment_plans import create_plan
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog, date_edit, to_date
from app.ui.formatting import money_text


class PlanDialog(ServiceDialog):
    def __init__(self, context: AppContext, customer_id: int, parent: Any = None) -> None:
        super().__init__(context, _("Payment plan"), parent)
        self.setObjectName("plan_dialog")
        self._customer_id = customer_id
        self.document = ""
        with context.database.session_factory() as session:
            due = payment_plans.owed(session, customer_id)
        self.owed = due.net_cents
        today = context.clock.today()
        self.count = QSpinBox(self)
        self.count.setObjectName("plan_count")
        self.count.setRange(1, 36)
        self.count.setValue(3)
        self.first = date_edit(self, today + timedelta(days=15), minimum=today)
        self.first.setObjectName("plan_first")
        self.every = QComboBox(self)
        self.every.setObjectName("plan_every")
        self.every.addItem(_("Every month"), "month")
        self.every.addItem(_("Every two weeks"), 14)
        self.every.addItem(_("Every week"), 7)
        self.schedule = QTableWidget(0, 2, self)
        self.schedule.setObjectName("plan_schedule")
        self.schedule.setHorizontalHeaderLabels([_("Date"), _("Amount")])
        self.schedule.verticalHeader().setVisible(False)
        self.schedule.horizontalHeader().setStretchLastSection(True)
        owed_text = money_text(self.owed, due.currency)
        if due.credit_cents or due.disputed:
            owed_text += " " + _(
                "(open {gross}, less disputed parts and the credit {credit})"
            ).format(
                gross=money_text(sum(i.open_cents for i in due.invoices), due.currency),
                credit=money_text(due.credit_cents, due.currency),
            )
        self.form.addRow(_("Owed"), QLabel(owed_text, self))
        self.form.addRow(_("Instalments"), self.count)
        self.form.addRow(_("First on"), self.first)
        self.form.addRow(_("Then"), self.every)
        self.body.addWidget(self.schedule, 1)
        self.ok_button.setText(_("Agree the plan and write the letter"))
        self.finish_layout()
        for signal in (
            self.count.valueChanged,
            self.first.dateChanged,
            self.every.currentIndexChanged,
        ):
            signal.connect(self._refresh)
        self._refresh()
        self.resize(480, 460)

    def equal_plan(self) -> list[tuple[date, int]]:
        if self.owed <= 0:
            raise LedgerError(_("Nothing is owed: there is nothing to plan."))
        return split_equally(
            self.owed, self.count.value(), to_date(self.first.date()), self.every.currentData()
        )

    def plan(self) -> list[tuple[date, int]]:
        """The instalments as shown, the user's own dates and amounts included."""
        rows = []
        for row in range(self.schedule.rowCount()):
            day_item, amount_item = self.schedule.item(row, 0), self.schedule.item(row, 1)
            day_text = day_item.text().strip() if day_item is not None else ""
            amount_text = amount_item.text().strip() if amount_item is not None else ""
            try:
                day = parse_date(day_text)
                cents = parse_amount(amount_text, self.context.currency)
            except (DateError, AmountError):
                raise LedgerError(
                    _("Instalment {n}: a date like 15/01/2027 and an amount like 250,00.").format(
                        n=row + 1
                    )
                ) from None
            rows.append((day, cents))
        return rows

    def _refresh(self, *_args: object) -> None:
        """Equal instalments from the choices above; each cell can then be changed by hand."""
        try:
            rows = self.equal_plan()
        except LedgerError as exc:
            self.show_problem(str(exc))
            rows = []
        self.schedule.setRowCount(len(rows))
        for row, (day, cents) in enumerate(rows):
            self.schedule.setItem(row, 0, QTableWidgetItem(day.strftime("%d/%m/%Y")))
            amount = money_text(cents, self.context.currency)  # read back by parse_amount
            self.schedule.setItem(row, 1, QTableWidgetItem(amount))

    def write(self, session: Session) -> str:
        plan = create_plan(
            session,
            self.context.clock,
            self._customer_id,
            self.plan(),
            database_dir=Path(self.context.database.path).parent,
        )
        self.document = str(Path(self.context.database.path).parent / str(plan.document_path))
        count = self.count.value()
        return ngettext(
            "Payment plan agreed: {n} instalment.", "Payment plan agreed: {n} instalments.", count
        ).format(n=count)
