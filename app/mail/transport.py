"""Talking to the SMTP server, through yagmail's connection and nothing else of it.

yagmail's defaults are not ours: SSL on 465 unless told, the keychain under its own name and then
a password prompt on standard input when none is given, newlines turned into `<br>` even in the
plain text. So Relance composes the MIME message itself (`compose`), always passes the password
(or skips the login), states the security explicitly, and only uses yagmail to open the
connection; every failure comes back as temporary (retry later) or permanent (the server said
no), with the server's own words.
"""

from __future__ import annotations

import contextlib
import smtplib
from email.message import EmailMessage

import yagmail

from app.i18n import _
from app.mail.config import SmtpSettings

TIMEOUT_S = 30


class SendError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def _words(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {said}".strip()


class SmtpTransport:
    """Sends composed messages; one connection per batch, opened on first use."""

    def __init__(self, settings: SmtpSettings, password: str | None) -> None:
        self.settings = settings
        self._password = password
        self._client: yagmail.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        if settings.user and not self._password:
            raise SendError(
                _("No password for {user}: set it in the email settings.").format(
                    user=settings.user
                ),
                permanent=False,
            )
        try:
            client = yagmail.SMTP(
                user=settings.user or settings.sender,
                password=self._password or "",  # never None: yagmail would prompt on stdin
                host=settings.host,
                port=settings.port,
                smtp_ssl=settings.security == "ssl",
                smtp_starttls=settings.security == "starttls",
                smtp_skip_login=not settings.user,
                soft_email_validation=False,
                timeout=TIMEOUT_S,
            )
            client.login()
        except smtplib.SMTPAuthenticationError as exc:
            raise SendError(
                _("The server refused the user name or password: {said}").format(
                    said=_words(exc.smtp_code, exc.smtp_error)
                ),
                permanent=False,
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise SendError(
                _("The server {host} offers no login: leave the user name empty.").format(
                    host=settings.host
                ),
                permanent=False,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(
                _("The server {host}:{port} cannot be reached ({error}).").format(
                    host=settings.host, port=settings.port, error=type(exc).__name__
                ),
                permanent=False,
            ) from None
        self._client = client
        connection: smtplib.SMTP = client.smtp
        return connection

    def send(self, message: EmailMessage) -> str:
        """Hand one message to the server; returns its answer, or raises SendError."""
        connection = self._client.smtp if self._client is not None else self._connect()
        try:
            refused = connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, said = next(iter(exc.recipients.values()))
            raise SendError(_words(code, said), permanent=code >= 500) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise SendError(
                _words(exc.smtp_code, exc.smtp_error), permanent=exc.smtp_code >= 500
            ) from None
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            raise SendError(
                _("The connection was lost ({error}).").format(error=type(exc).__name__),
                permanent=False,
            ) from None
        if refused:
            code, said = next(iter(refused.values()))
            raise SendError(_words(code, said), permanent=code >= 500)
        return _("accepted")

    def test(self) -> str:
        """Connect and log in, send nothing: a sentence for the user either way."""
        try:
            self._connect()
        except SendError as exc:
            return str(exc)
        finally:
            self.close()
        return _("Connected to {host}: the server accepts Relance's messages.").format(
            host=self.settings.host
        )

    def close(self) -> None:
        if self._client is not None:
            # closing a dead connection must not hide the real error
            with contextlib.suppress(Exception):
                self._client.close()
            self._client = None
