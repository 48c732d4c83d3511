"""One email of the outbox, as it is or was sent: its headers, its text and its attachments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.db.models import OutboxMessage
from app.i18n import _
from app.ui.context import AppContext
from app.ui.formatting import datetime_text

Opener = Callable[[QUrl], bool]


class MessageDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        message_id: int,
        state: str,
        parent: Any = None,
        opener: Opener = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("message_dialog")
        folder = Path(context.database.path).parent
        with context.database.session_factory() as session:
            message = session.get_one(OutboxMessage, message_id)
            files = [message.attachment_path] if message.attachment_path else []
            files += list(message.extra_attachments or [])
            self.setWindowTitle(message.subject)
            form = QFormLayout()
            recipient = f"{message.to_name} <{message.to_address}>" if message.to_name else ""
            for label, value in (
                (_("To"), recipient or message.to_address),
                (_("Subject"), message.subject),
                (_("State"), state),
                (_("Queued"), datetime_text(message.created_at)),
                (_("Sent"), datetime_text(message.sent_at) if message.sent_at else "—"),
                (_("Server's answer"), message.last_error or "—"),
                (_("Message-ID"), message.message_id or "—"),
            ):
                shown = QLabel(value, self)
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(label, shown)
            self.body = QPlainTextEdit(message.body, self)
            self.body.setObjectName("message_body")
            self.body.setReadOnly(True)
            archive = folder / message.archive_path if message.archive_path else None
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        self.attachments: list[QPushButton] = []
        for relative in files:
            path = folder / relative
            button = QPushButton(_("Open {file}").format(file=path.name), self)
            button.setEnabled(path.is_file())
            button.clicked.connect(lambda _c=False, p=path: opener(QUrl.fromLocalFile(str(p))))
            self.attachments.append(button)
            layout.addWidget(button)
        if archive is not None and archive.is_file():
            button = QPushButton(_("Open the email as sent (.eml)"), self)
            button.clicked.connect(lambda _c=False: opener(QUrl.fromLocalFile(str(archive))))
            self.attachments.append(button)
            layout.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)
