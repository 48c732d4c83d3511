"""The thank-you Relance proposes after a reminded customer pays: read it, change it, send it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.i18n import _
from app.services import thanks
from app.services.ledger import LedgerError
from app.ui.context import AppContext
from app.ui.dialogs.draft_dialog import DraftDialog


class ThankYouDialog(DraftDialog):
    def __init__(self, context: AppContext, draft: thanks.ThankYouDraft, parent: Any = None):
        super().__init__(
            context,
            _("Thank the customer"),
            _("This customer has paid after a reminder. A short thank-you keeps the relationship."),
            channel=draft.channel,
            email=draft.email,
            subject=draft.subject,
            body=draft.body,
            parent=parent,
        )
        self.setObjectName("thank_you_dialog")
        self.channel.setObjectName("thanks_channel")
        self.subject.setObjectName("thanks_subject")
        self.text.setObjectName("thanks_text")
        self._draft = draft
        self.ok_button.setText(_("Send the thank-you"))

    def write(self, session: Session) -> str:
        chosen = self.edited(self._draft)
        try:
            return thanks.send(
                session, self.context.clock, chosen, Path(self.context.database.path).parent
            )
        except ValueError as exc:
            raise LedgerError(str(exc)) from exc
