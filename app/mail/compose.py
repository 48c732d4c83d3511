"""An outbox row made into the MIME message the server receives: plain text and simple HTML,
the letter attached, the Message-ID given when it was queued."""

from __future__ import annotations

import mimetypes
import uuid
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape
from pathlib import Path

from app.db.models import OutboxMessage
from app.i18n import _
from app.mail.config import SmtpSettings


def new_message_id(sender: str) -> str:
    domain = sender.rpartition("@")[2] or "relance.invalid"
    return make_msgid(domain=domain)


def html_of(text: str) -> str:
    """Paragraphs and line breaks as simple HTML: what the text says, nothing more."""
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "\n".join(
        "<p>" + "<br>\n".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )
    return (
        '<!DOCTYPE html><html><body style="font-family: sans-serif; font-size: 14px; '
        f'line-height: 1.45; color: #1d1d1f;">\n{body}\n</body></html>'
    )


def _address(name: str, email: str) -> Address:
    user, _at, domain = email.partition("@")
    return Address(display_name=name, username=user, domain=domain)


class BuildError(ValueError):
    """A message that cannot be made (the reason is meant for the user); it fails alone."""


def build(row: OutboxMessage, settings: SmtpSettings, database_dir: Path) -> EmailMessage:
    """The message as the server will receive it, or BuildError saying why it cannot be."""
    try:
        return _build(row, settings, database_dir)
    except FileNotFoundError as exc:
        raise BuildError(
            _("The attachment {file} is missing: this message cannot be sent.").format(
                file=Path(str(exc.filename)).name
            )
        ) from None
    except OSError as exc:
        raise BuildError(
            _("The attachment cannot be read ({error}): this message cannot be sent.").format(
                error=exc.strerror or type(exc).__name__
            )
        ) from None
    except ValueError:
        raise BuildError(
            _(
                "A name, an address or the subject of this message contains a line break or "
                "another character an email header cannot hold: correct it, then send again."
            )
        ) from None


def _build(row: OutboxMessage, settings: SmtpSettings, database_dir: Path) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = row.subject
    message["From"] = _address(settings.sender_name, settings.sender)
    message["To"] = _address(row.to_name, row.to_address)
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    if settings.copy_to_self:
        message["Bcc"] = settings.sender
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = row.message_id or new_message_id(settings.sender)
    message.set_content(row.body, charset="utf-8")
    message.add_alternative(row.html or html_of(row.body), subtype="html", charset="utf-8")
    files = [row.attachment_path] if row.attachment_path else []
    files += list(row.extra_attachments or [])
    for relative in files:
        path = database_dir / relative
        kind, _encoding = mimetypes.guess_type(path.name)
        maintype, subtype = (kind or "application/octet-stream").split("/")
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    for part in message.walk():  # fixed now, so that every flattening gives the same bytes
        if part.is_multipart() and not part.get_boundary():
            part.set_boundary(f"=_relance_{uuid.uuid4().hex}")
    return message
