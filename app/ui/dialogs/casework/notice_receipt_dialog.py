"""A registered letter's tracking number and the day it was received, from its acknowledgement.

Opened from the customer file or from Today's line; the deadline it gives is shown as it is
typed, because it runs from the day of receipt.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit
from sqlalchemy.orm import Session

from app.domain.calendar import format_date
from app.i18n import _, current_locale
from app.services import notice_tracking
from app.services.notice_tracking import RegisteredNotice
from app.ui.context import AppContext
from app.ui.date_field import DateField
from app.ui.dialogs.service_dialog import ServiceDialog


class NoticeReceiptDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        customer_id: int,
        reminder_id: int | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(context, _("Registered letter: tracking and receipt"), parent)
        self.setObjectName("notice_receipt_dialog")
        with context.database.session_factory() as session:
            self.notices = notice_tracking.registered_notices(session, customer_id)
        self.letter = QComboBox(self)
        self.letter.setObjectName("notice_letter")
        locale = current_locale()
        for notice in self.notices:
            self.letter.addItem(
                _("{level} of {day}").format(
                    level=notice.level_name, day=format_date(notice.sent_on, locale)
                ),
                notice.reminder_id,
            )
        if reminder_id is not None and (index := self.letter.findData(reminder_id)) >= 0:
            self.letter.setCurrentIndex(index)
        self.number = QLineEdit(self)
        self.number.setObjectName("notice_tracking_number")
        self.number.setPlaceholderText(_("as on the receipt, e.g. 1A 123 456 7890 1"))
        self.received = QCheckBox(_("Received by the customer on"), self)
        self.received.setObjectName("notice_received")
        self.received_on = DateField(context.clock.today(), self)
        self.received_on.setObjectName("notice_received_on")
        self.deadline = QLabel(self)
        self.deadline.setObjectName("notice_deadline")
        self.deadline.setWordWrap(True)
        self.form.addRow(_("Letter"), self.letter)
        self.form.addRow(_("Tracking number"), self.number)
        self.form.addRow(self.received, self.received_on)
        self.form.addRow("", self.deadline)
        self.letter.currentIndexChanged.connect(self._letter_changed)
        self.received.toggled.connect(self._update_deadline)
        self.received_on.dateChanged.connect(self._update_deadline)
        self.ok_button.setText(_("Save"))
        self.ok_button.setEnabled(bool(self.notices))
        if not self.notices:
            self.show_problem(_("No registered letter was sent to this customer."))
        self.finish_layout()
        self._letter_changed()
        self.resize(520, 220)

    def notice(self) -> RegisteredNotice | None:
        index = self.letter.currentIndex()
        return self.notices[index] if 0 <= index < len(self.notices) else None

    def _letter_changed(self, *_args: object) -> None:
        notice = self.notice()
        if notice is None:
            return
        self.number.setText(notice.tracking_number)
        self.received.setChecked(notice.received_on is not None)
        self.received_on.minimum = notice.sent_on
        self.received_on.set_value(notice.received_on or self.context.clock.today())
        self._update_deadline()

    def _update_deadline(self, *_args: object) -> None:
        notice = self.notice()
        self.received_on.setEnabled(self.received.isChecked())
        if notice is None:
            return
        days = (notice.deadline - (notice.received_on or notice.sent_on)).days
        locale = current_locale()
        if self.received.isChecked():
            deadline = self.received_on.value() + timedelta(days=days)
            text = _("The notice's {days} days run from its receipt: to be paid by {day}.")
        else:
            deadline = notice.sent_on + timedelta(days=days)
            text = _(
                "Until its receipt is known, the notice's {days} days are counted from the day "
                "it was posted: to be paid by {day}."
            )
        self.deadline.setText(text.format(days=days, day=format_date(deadline, locale)))

    def write(self, session: Session) -> str:
        notice = self.notice()
        assert notice is not None  # OK is disabled without a registered letter
        received = self.received_on.value() if self.received.isChecked() else None
        text = notice_tracking.record_receipt(
            session, self.context.clock, notice.reminder_id, self.number.text(), received
        )
        return text or _("Nothing changed.")
