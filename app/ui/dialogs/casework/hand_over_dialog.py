"""Hand a debt over to a collection agency or a lawyer: Relance stops reminding until taken back."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit
from sqlalchemy.orm import Session

from app.i18n import _
from app.services import collection_end
from app.services.collection_end import HandedTo, handed_to_label
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog


class HandOverDialog(ServiceDialog):
    def __init__(self, context: AppContext, customer_id: int, parent: Any = None) -> None:
        super().__init__(context, _("Hand over the debt"), parent)
        self.setObjectName("hand_over_dialog")
        self._customer_id = customer_id
        self.to = QComboBox(self)
        self.to.setObjectName("hand_over_to")
        for value in HandedTo:
            self.to.addItem(handed_to_label(value), value.value)
        self.who = QLineEdit(self)
        self.who.setObjectName("hand_over_who")
        self.who.setPlaceholderText(_("e.g. Cabinet Durand, Maître Petit"))
        self.note = QLineEdit(self)
        self.note.setObjectName("hand_over_note")
        explain = QLabel(
            _(
                "Relance stops reminding this customer while the debt is with them; take it back "
                "from the customer file when they return it."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.form.addRow(explain)
        self.form.addRow(_("To"), self.to)
        self.form.addRow(_("Who"), self.who)
        self.form.addRow(_("Note"), self.note)
        self.ok_button.setText(_("Hand over"))
        self.finish_layout()
        self.resize(480, 200)

    def write(self, session: Session) -> str:
        customer = collection_end.hand_over(
            session,
            self.context.clock,
            self._customer_id,
            HandedTo(self.to.currentData()),
            self.who.text(),
            self.note.text(),
        )
        return _("{name} handed over: no more reminders from Relance.").format(name=customer.name)
