"""What the customer file's buttons do: open the right dialog, or call a service, then report.

Every write is one service call in one transaction (its history event with it); `done` carries a
one-line text for the status bar, and the view reloads from the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from sqlalchemy.orm import Session

from app.db.casework import CallOutcome
from app.db.models import Channel
from app.i18n import _
from app.services import (
    collection_end,
    contacts,
    disputes,
    dunning_config,
    hold,
    interactions,
    late_penalties,
    promise_confirmation,
)
from app.services.contacts import ContactFields
from app.services.customer_file import ContactRow
from app.services.dunning import half_year_name
from app.services.late_penalties import PaidLate
from app.services.ledger import LedgerError
from app.ui.context import AppContext
from app.ui.dialogs.casework.call_dialog import CallDialog
from app.ui.dialogs.casework.close_dispute_dialog import CloseDisputeDialog
from app.ui.dialogs.casework.contact_dialog import ContactDialog
from app.ui.dialogs.casework.dispute_dialog import DisputeDialog
from app.ui.dialogs.casework.email_dialog import EmailDialog
from app.ui.dialogs.casework.hand_over_dialog import HandOverDialog
from app.ui.dialogs.casework.hold_dialog import HoldDialog
from app.ui.dialogs.casework.note_dialog import NoteDialog
from app.ui.dialogs.casework.notice_receipt_dialog import NoticeReceiptDialog
from app.ui.dialogs.casework.plan_dialog import PlanDialog
from app.ui.dialogs.casework.promise_confirmation_dialog import PromiseConfirmationDialog
from app.ui.dialogs.casework.promise_dialog import PromiseDialog
from app.ui.dialogs.casework.waive_dialog import WaiveDialog
from app.ui.dialogs.casework.write_off_dialog import WriteOffDialog
from app.ui.dialogs.service_dialog import ServiceDialog


class CustomerActions(QObject):
    done = Signal(str)  # something was written: a one-line account of it

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._parent = parent
        self.customer_id = 0
        self.last_dialog: ServiceDialog | None = None  # the dialog opened last, for the caller

    # --- dialogs -----------------------------------------------------------------------------
    def _open(self, dialog: ServiceDialog, then: Callable[[], None] | None = None) -> ServiceDialog:
        def accepted() -> None:
            self.done.emit(dialog.result_text)
            if then is not None:
                then()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def log_call(self) -> ServiceDialog:
        dialog = CallDialog(self._context, self.customer_id, parent=self._parent)
        return self._open(dialog, lambda: self._after_call(dialog.outcome))

    def _after_call(self, outcome: CallOutcome) -> None:
        """A promise or a dispute heard on the phone is recorded straight away."""
        if outcome is CallOutcome.PROMISED:
            self.record_promise(channel=Channel.PHONE.value)
        elif outcome is CallOutcome.DISPUTE:
            self.open_dispute()

    def payment_plan(self, opener: Any = None) -> ServiceDialog:
        dialog = PlanDialog(self._context, self.customer_id, parent=self._parent)
        if opener is not None:
            dialog.accepted.connect(lambda: opener(Path(dialog.document)))
        return self._open(dialog)

    def write_email(self) -> ServiceDialog:
        return self._open(EmailDialog(self._context, self.customer_id, parent=self._parent))

    def add_note(self) -> ServiceDialog:
        return self._open(NoteDialog(self._context, self.customer_id, parent=self._parent))

    def record_promise(
        self, *, channel: str = Channel.PHONE.value, invoice_ids: tuple[int, ...] = ()
    ) -> ServiceDialog:
        dialog = PromiseDialog(
            self._context,
            self.customer_id,
            channel=channel,
            invoice_ids=invoice_ids,
            parent=self._parent,
        )

        def offer_confirmation() -> None:
            self.confirm_promise(dialog.promise_id)

        return self._open(dialog, offer_confirmation)

    def confirm_promise(self, promise_id: int) -> ServiceDialog:
        """Offer to put the promise just recorded in writing (email or letter)."""
        with self._context.database.session_factory() as session:
            draft = promise_confirmation.draft(session, promise_id)
        dialog = PromiseConfirmationDialog(self._context, draft, parent=self._parent)
        return self._open(dialog)

    def open_dispute(self, invoice_ids: tuple[int, ...] = ()) -> ServiceDialog:
        dialog = DisputeDialog(
            self._context, self.customer_id, invoice_ids=invoice_ids, parent=self._parent
        )
        return self._open(dialog)

    def close_dispute_of(self, invoice_id: int) -> ServiceDialog | None:
        with self._context.database.session_factory() as session:
            dispute = disputes.open_dispute_of_invoice(session, invoice_id)
            dispute_id = dispute.id if dispute is not None else None
        if dispute_id is None:
            return None
        return self.close_dispute(dispute_id)

    def close_dispute(self, dispute_id: int) -> ServiceDialog:
        return self._open(CloseDisputeDialog(self._context, dispute_id, parent=self._parent))

    def notice_receipt(self, reminder_id: int | None = None) -> ServiceDialog:
        """A registered letter's tracking number and the day it was received."""
        return self._open(
            NoticeReceiptDialog(self._context, self.customer_id, reminder_id, parent=self._parent)
        )

    def put_on_hold(self) -> ServiceDialog:
        return self._open(HoldDialog(self._context, self.customer_id, parent=self._parent))

    def waive_penalties(self, chosen: Sequence[PaidLate]) -> ServiceDialog:
        return self._open(WaiveDialog(self._context, self.customer_id, chosen, self._parent))

    def claim_penalties(self, invoice_ids: Sequence[int], opener: Any = None) -> Path | None:
        """Write the letter claiming the penalties of invoices paid late, and open it."""
        if not invoice_ids:
            return None
        with self._context.database.session_factory() as session:
            owed = late_penalties.paid_late(session, self.customer_id)
        missing = late_penalties.missing_rates([p for p in owed if p.invoice_id in invoice_ids])
        if missing:
            answer = QMessageBox.question(
                self._parent,
                _("Rates missing"),
                _(
                    "The late-payment rates of {halves} are not in the rates table. Use the last "
                    "known rates for this letter? (No: enter them first in Reminder settings ▸ "
                    "Penalty rates.)"
                ).format(halves=", ".join(half_year_name(d) for d in missing)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        made: list[Path] = []

        def work(session: Session) -> str:
            made.append(
                late_penalties.claim(
                    session,
                    self._context.clock,
                    self.customer_id,
                    list(invoice_ids),
                    self._context.database.path.parent,
                    accept_last_rates=bool(missing),
                )
            )
            return _("Penalties claimed: the letter is in the customer's history.")

        if not self._write(work):
            return None
        if opener is not None:
            opener(made[0])
        return made[0]

    def hand_over(self) -> ServiceDialog:
        return self._open(HandOverDialog(self._context, self.customer_id, self._parent))

    def write_off(self, owed: dict[str, int]) -> ServiceDialog:
        return self._open(WriteOffDialog(self._context, self.customer_id, owed, self._parent))

    def take_back(self) -> bool:
        def work(session: Session) -> str:
            customer = collection_end.take_back(session, self._context.clock, self.customer_id)
            return _("{name} taken back: reminders resume.").format(name=customer.name)

        return self._write(work)

    def add_contact(self) -> ServiceDialog:
        return self._open(ContactDialog(self._context, self.customer_id, parent=self._parent))

    def edit_contact(self, contact: ContactRow) -> ServiceDialog:
        dialog = ContactDialog(self._context, self.customer_id, contact, parent=self._parent)
        return self._open(dialog)

    # --- direct writes -----------------------------------------------------------------------
    def _write(self, work: Callable[[Session], str]) -> bool:
        try:
            with self._context.database.session_factory.begin() as session:
                text = work(session)
        except LedgerError as exc:
            QMessageBox.warning(self._parent, _("Not done"), str(exc))
            return False
        self.done.emit(text)
        return True

    def lift_hold(self) -> bool:
        def work(session: Session) -> str:
            customer = hold.release_hold(session, self._context.clock, self.customer_id)
            return _("{name}: hold lifted, reminders resume.").format(name=customer.name)

        return self._write(work)

    def unpin(self, note_id: int) -> bool:
        def work(session: Session) -> str:
            interactions.set_pinned(session, self._context.clock, note_id, False)
            return _("Note unpinned.")

        return self._write(work)

    def make_primary(self, contact: ContactRow) -> bool:
        fields = ContactFields(
            contact.name,
            contact.role,
            contact.email,
            contact.phone,
            contact.preferred_channel,
            contact.best_time,
            contact.civility,
        )

        def work(session: Session) -> str:
            contacts.update_contact(session, self._context.clock, contact.id, fields, primary=True)
            return _("{name} is now the primary contact.").format(name=contact.name)

        return self._write(work)

    def choose_policy(self) -> bool:
        """Pick the customer's dunning policy, or go back to the one of its segment."""
        with self._context.database.session_factory.begin() as session:
            known = dunning_config.policies(session)
        labels = [_("From the segment")] + [name for name, _levels in known.values()]
        keys: list[str | None] = [None, *known]
        label, ok = QInputDialog.getItem(
            self._parent, _("Dunning policy"), _("Policy for this customer"), labels, 0, False
        )
        if not ok:
            return False
        key = keys[labels.index(label)]

        def work(session: Session) -> str:
            dunning_config.set_customer_policy(session, self._context.clock, self.customer_id, key)
            return _("Dunning policy changed.")

        return self._write(work)

    def remove_contact(self, contact: ContactRow, *, confirm: bool = True) -> bool:
        if confirm:
            answer = QMessageBox.question(
                self._parent,
                _("Remove a contact"),
                _("Remove {name} from this customer's contacts?").format(name=contact.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False

        def work(session: Session) -> str:
            contacts.remove_contact(session, self._context.clock, contact.id)
            return _("Contact {name} removed.").format(name=contact.name)

        return self._write(work)
