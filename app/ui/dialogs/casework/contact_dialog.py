"""Add or edit a contact: how to reach them, which channel they prefer, and when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from sqlalchemy.orm import Session

from app.db.models import Channel
from app.i18n import _
from app.services import contacts
from app.services.contacts import ContactFields
from app.services.customer_file import ContactRow
from app.ui.civility_box import CivilityBox
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog

CHANNEL_CHOICES: tuple[tuple[Channel, Callable[[], str]], ...] = (
    (Channel.LETTER, lambda: _("Letter")),
    (Channel.EMAIL, lambda: _("Email")),
    (Channel.PHONE, lambda: _("Phone")),
)


class ContactDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        customer_id: int,
        contact: ContactRow | None = None,
        parent: Any = None,
    ) -> None:
        title = _("Edit a contact") if contact is not None else _("Add a contact")
        super().__init__(context, title, parent)
        self.setObjectName("contact_dialog")
        self._customer_id = customer_id
        self._contact = contact
        self.civility = CivilityBox(contact.civility if contact else "", self)
        self.civility.setObjectName("contact_civility")
        self.name = self._line("contact_name", contact.name if contact else "")
        self.role = self._line("contact_role", contact.role if contact else "")
        self.role.setPlaceholderText(_("e.g. owner, accounts payable"))
        self.email = self._line("contact_email", contact.email if contact else "")
        self.phone = self._line("contact_phone", contact.phone if contact else "")
        self.channel = QComboBox(self)
        self.channel.setObjectName("contact_channel")
        for channel, channel_label in CHANNEL_CHOICES:
            self.channel.addItem(channel_label(), channel.value)
        if contact is not None:
            self.channel.setCurrentIndex(max(self.channel.findData(contact.preferred_channel), 0))
        self.best_time = self._line("contact_best_time", contact.best_time if contact else "")
        self.best_time.setPlaceholderText(_("e.g. mornings, after 5 pm"))
        self.primary = QCheckBox(_("Primary contact: reminders go to this person"), self)
        self.primary.setObjectName("contact_primary")
        if contact is not None and contact.is_primary:
            self.primary.setChecked(True)
            self.primary.setEnabled(False)  # another contact becomes primary from the list
        for label, widget in (
            (_("Civility"), self.civility),
            (_("Name"), self.name),
            (_("Role"), self.role),
            (_("Email"), self.email),
            (_("Phone"), self.phone),
            (_("Prefers"), self.channel),
            (_("Best time to reach"), self.best_time),
        ):
            self.form.addRow(label, widget)
        self.form.addRow("", self.primary)
        self.ok_button.setText(_("Save the contact"))
        self.finish_layout()
        self.resize(460, 300)

    def _line(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        return edit

    def fields(self) -> ContactFields:
        return ContactFields(
            self.name.text(),
            self.role.text(),
            self.email.text(),
            self.phone.text(),
            self.channel.currentData(),
            self.best_time.text(),
            self.civility.code(),
        )

    def write(self, session: Session) -> str:
        primary = self.primary.isChecked()
        clock = self.context.clock
        if self._contact is None:
            contact = contacts.add_contact(
                session, clock, self._customer_id, self.fields(), primary=primary
            )
            return _("Contact {name} added.").format(name=contact.name)
        contact = contacts.update_contact(
            session, clock, self._contact.id, self.fields(), primary=primary
        )
        return _("Contact {name} saved.").format(name=contact.name)
