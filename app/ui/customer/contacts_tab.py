"""The contacts tab: who to write to or call at this customer, how and when; one is primary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.customer_file import ContactRow
from app.ui.icons import icon
from app.ui.models.row_table import Column, RowTableModel
from app.ui.views.table_page import TablePage

CHANNELS = {
    "letter": lambda: _("Letter"),
    "email": lambda: _("Email"),
    "phone": lambda: _("Phone"),
}

COLUMNS: list[Column[ContactRow]] = [
    Column(
        lambda: _("Name"),
        lambda c: f"★ {c.name}" if c.is_primary else c.name,
        lambda c: (not c.is_primary, c.name.casefold()),
        tooltip=lambda c: _("Primary contact") if c.is_primary else "",
    ),
    Column(lambda: _("Role"), lambda c: c.role, lambda c: c.role.casefold()),
    Column(lambda: _("Email"), lambda c: c.email, lambda c: c.email.casefold()),
    Column(lambda: _("Phone"), lambda c: c.phone, lambda c: c.phone),
    Column(
        lambda: _("Prefers"),
        lambda c: CHANNELS[c.preferred_channel]() if c.preferred_channel in CHANNELS else "",
        lambda c: c.preferred_channel,
    ),
    Column(lambda: _("Best time to reach"), lambda c: c.best_time, lambda c: c.best_time),
]


def _search_text(contact: ContactRow) -> str:
    return f"{contact.name} {contact.role} {contact.email} {contact.phone}"


class ContactsTab(QWidget):
    add = Signal()
    edit = Signal(object)  # ContactRow
    make_primary = Signal(object)  # ContactRow
    remove = Signal(object)  # ContactRow

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("contacts_tab")
        model: RowTableModel[ContactRow] = RowTableModel(COLUMNS, _search_text, lambda c: c.id)
        self.page = TablePage(model, _("Search contacts"), lambda shown, total: "", self)
        self.page.search.hide()
        self.page.count_label.hide()
        self.page.table.setObjectName("contact_table")
        self.page.table.setSortingEnabled(False)
        self.page.fit_columns({0: 200, 1: 150, 2: 230, 3: 140, 4: 90}, stretch=5)
        self.add_button = QPushButton(_("Add a contact…"), self)
        self.add_button.setIcon(icon("user-plus"))
        self.add_button.setObjectName("add_contact")
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setIcon(icon("pencil"))
        self.edit_button.setObjectName("edit_contact")
        self.primary_button = QPushButton(_("Make primary"), self)
        self.primary_button.setIcon(icon("star"))
        self.primary_button.setObjectName("make_primary")
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setIcon(icon("trash-2"))
        self.remove_button.setObjectName("remove_contact")
        self.add_button.clicked.connect(self.add.emit)
        for button, signal in (
            (self.edit_button, self.edit),
            (self.primary_button, self.make_primary),
            (self.remove_button, self.remove),
        ):
            button.clicked.connect(lambda _c=False, s=signal: self._emit(s))
        self.page.activated.connect(self.edit.emit)
        self.page.table.selectionModel().selectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.primary_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.page, 1)
        self._selection_changed()

    def set_contacts(self, rows: Sequence[ContactRow]) -> None:
        self.page.model.set_rows(rows)
        self._selection_changed()

    def select_contact(self, contact_id: int) -> None:
        row = self.page.model.row_for_id(contact_id)
        if row is not None:
            self.page.table.selectRow(
                self.page.proxy.mapFromSource(self.page.model.index(row, 0)).row()
            )

    def _emit(self, signal: Any) -> None:
        contact = self.page.selected_row()
        if contact is not None:
            signal.emit(contact)

    def _selection_changed(self, *_args: object) -> None:
        contact: ContactRow | None = self.page.selected_row()
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(contact is not None)
        self.primary_button.setEnabled(contact is not None and not contact.is_primary)
