"""A one-off email to a customer, queued in the outbox like every other message."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from sqlalchemy.orm import Session

from app.domain.events import EventKind
from app.i18n import _
from app.services import history
from app.services.customer_file import contacts
from app.services.outbox import queue_email
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog


class EmailDialog(ServiceDialog):
    def __init__(self, context: AppContext, customer_id: int, parent: Any = None) -> None:
        super().__init__(context, _("Write an email"), parent)
        self.setObjectName("email_dialog")
        self._customer_id = customer_id
        with context.database.session_factory() as session:
            people = [c for c in contacts(session, customer_id) if c.email]
        self.to = QComboBox(self)
        self.to.setObjectName("email_to")
        self.to.setEditable(True)
        for person in people:
            self.to.addItem(f"{person.name} <{person.email}>", (person.name, person.email))
        self.subject = QLineEdit(self)
        self.subject.setObjectName("email_subject")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("email_text")
        self.form.addRow(_("To"), self.to)
        self.form.addRow(_("Subject"), self.subject)
        self.form.addRow(_("Text"), self.text)
        self.ok_button.setText(_("Put in the outbox"))
        self.finish_layout()
        self.resize(560, 400)

    def recipient(self) -> tuple[str, str]:
        chosen = self.to.currentData()
        typed = self.to.currentText().strip()
        if chosen is not None and typed == self.to.itemText(self.to.currentIndex()):
            return chosen  # type: ignore[no-any-return]
        return "", typed

    def write(self, session: Session) -> str:
        name, address = self.recipient()
        subject = self.subject.text().strip()
        queue_email(
            session,
            self.context.clock,
            customer_id=self._customer_id,
            to_address=address,
            to_name=name,
            subject=subject,
            body=self.text.document().toRawText().replace("\u2029", "\n"),
        )
        summary = _("Email queued to {to}: {subject}").format(to=address, subject=subject)
        history.record(
            session,
            self.context.clock,
            self._customer_id,
            EventKind.EMAIL_QUEUED,
            summary,
            payload={"to": address, "subject": subject},
        )
        return summary
