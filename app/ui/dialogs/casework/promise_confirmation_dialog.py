"""The written confirmation Relance offers once a promise is recorded: agreements are put in
writing, by email or by letter, and kept in the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.i18n import _
from app.letters.texts import TemplateError
from app.services import promise_confirmation
from app.services.ledger import LedgerError
from app.ui.context import AppContext
from app.ui.dialogs.draft_dialog import DraftDialog


class PromiseConfirmationDialog(DraftDialog):
    def __init__(
        self,
        context: AppContext,
        draft: promise_confirmation.ConfirmationDraft,
        parent: Any = None,
    ) -> None:
        super().__init__(
            context,
            _("Confirm the promise in writing"),
            _(
                "A promise confirmed in writing is clearer for both sides: it states the amount, "
                "the date and how to pay. Nothing is sent until you press the button."
            ),
            channel=draft.channel,
            email=draft.email,
            subject=draft.subject,
            body=draft.body,
            parent=parent,
        )
        self.setObjectName("promise_confirmation_dialog")
        self.channel.setObjectName("confirmation_channel")
        self.subject.setObjectName("confirmation_subject")
        self.text.setObjectName("confirmation_text")
        self._draft = draft
        self.ok_button.setText(_("Send the confirmation"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(_("Not now"))

    def write(self, session: Session) -> str:
        chosen = self.edited(self._draft)
        try:
            return promise_confirmation.send(
                session, self.context.clock, chosen, Path(self.context.database.path).parent
            )
        except TemplateError as exc:
            raise LedgerError(str(exc)) from exc
