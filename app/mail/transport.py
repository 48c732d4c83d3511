"""Talking to the SMTP server: a verified connection, the login as typed, and a delivery in
phases so that every failure says whether the server may have the message.

yagmail opens the connection (and nothing else of it is used): its defaults are not ours. It
would start TLS without verifying the certificate, append "@gmail.com" to a login without "@",
look for the password in the keychain under its own name and then prompt on standard input, and
turn newlines into `<br>` in the plain text. So Relance gives it a verifying SSL context, skips
its login to log in itself with the user name exactly as typed, composes the MIME message itself
(`compose`) and hands it over with smtplib's own commands.

What a failure means for the message (`Failure`):

- before the server said "354 go ahead" to DATA, nothing was delivered: the message can wait and
  go again (`MESSAGE` when only this message was refused for now, such as a greylisted recipient;
  `SERVER` when the server itself is not there, and the round stops);
- after it, the connection dropping or the server going silent leaves the message *perhaps
  delivered* (`UNCERTAIN`): it is held for the user, never resent blindly;
- a 5xx answer refuses the message for good (`PERMANENT`).
"""

from __future__ import annotations

import contextlib
import copy
import enum
import ipaddress
import re
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from typing import TYPE_CHECKING

from app.i18n import _
from app.mail.config import SmtpSettings

if TYPE_CHECKING:
    import yagmail

TIMEOUT_S = 30
_LEADING_DOT = re.compile(rb"(?m)^\.")
_LINE_ENDS = re.compile(rb"\r\n|\r|\n")


class Failure(enum.Enum):
    MESSAGE = "message"  # this message, later; the round goes on
    SERVER = "server"  # the server or the connection, before anything was handed: stop the round
    UNCERTAIN = "uncertain"  # the server may have it: held for the user
    PERMANENT = "permanent"  # refused for good


class SendError(Exception):
    def __init__(self, message: str, *, failure: Failure) -> None:
        super().__init__(message)
        self.failure = failure

    @property
    def permanent(self) -> bool:
        return self.failure is Failure.PERMANENT


def _words(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {said}".strip()


def _refused(code: int, said: bytes | str) -> SendError:
    """A server's answer to this message: 5xx for good, 421 the server leaving, else later."""
    if code >= 500:
        return SendError(_words(code, said), failure=Failure.PERMANENT)
    return SendError(_words(code, said), failure=Failure.SERVER if code == 421 else Failure.MESSAGE)


def wire_bytes(message: EmailMessage) -> bytes:
    """The message exactly as it goes on the wire, before dot-stuffing: without its Bcc line,
    in UTF-8 where an address needs it (as smtplib's `send_message` makes it)."""
    international = any(
        not a.addr_spec.isascii()
        for name in ("From", "To", "Bcc")
        if message[name]
        for a in message[name].addresses
    )
    flat = copy.copy(message)
    del flat["Bcc"]
    return flat.as_bytes(policy=SMTPUTF8 if international else SMTP)


def is_local(host: str) -> bool:
    """This computer: the only place a password may travel without encryption."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def ssl_context() -> ssl.SSLContext:
    """A verifying context: the system's trusted certificates, or certifi's where the system
    gives none (a frozen application on macOS has no OpenSSL store of its own)."""
    context = ssl.create_default_context()
    paths = ssl.get_default_verify_paths()
    if not context.cert_store_stats()["x509_ca"] and paths.cafile is None and paths.capath is None:
        try:
            import certifi
        except ImportError:  # pragma: no cover - certifi ships with the application
            return context
        context.load_verify_locations(certifi.where())
    return context


def unreachable(settings: SmtpSettings, error: BaseException, timeout: float) -> str:
    """Why the server could not be reached, in a sentence (never an exception's class name)."""
    where = f"{settings.host}:{settings.port}"
    if isinstance(error, socket.gaierror):
        reason = _("the name {host} is not known (check it, and the network)").format(
            host=settings.host
        )
    elif isinstance(error, ConnectionRefusedError):
        reason = _("nothing answers on port {port}").format(port=settings.port)
    elif isinstance(error, TimeoutError | socket.timeout):
        reason = _("no answer within {seconds} seconds").format(seconds=round(timeout))
    elif isinstance(error, ssl.SSLError) and error.reason == "WRONG_VERSION_NUMBER":
        reason = _(
            "it does not speak SSL/TLS on port {port} (STARTTLS on port 587 is more likely)"
        ).format(port=settings.port)
    elif isinstance(error, ssl.SSLError):
        reason = _("the secure connection failed: {why}").format(
            why=error.reason or error.strerror or _("unknown reason")
        )
    elif isinstance(error, smtplib.SMTPServerDisconnected) and "timed out" in str(error):
        reason = _("no answer within {seconds} seconds").format(seconds=round(timeout))
    elif isinstance(error, smtplib.SMTPServerDisconnected):
        reason = _("the server closed the connection")
    elif isinstance(error, smtplib.SMTPResponseException):
        reason = _words(error.smtp_code, error.smtp_error)
    elif isinstance(error, OSError) and error.strerror:
        reason = error.strerror
    else:
        reason = _("unknown reason")
    return _("The server {where} cannot be reached: {reason}.").format(where=where, reason=reason)


class SmtpTransport:
    """Sends composed messages; one connection per batch, opened on first use."""

    def __init__(
        self,
        settings: SmtpSettings,
        password: str | None,
        *,
        context: ssl.SSLContext | None = None,
        timeout: float = TIMEOUT_S,
    ) -> None:
        self.settings = settings
        self._password = password
        self._context = context
        self._timeout = timeout
        self._client: yagmail.SMTP | None = None

    def _refuse_clear_login(self) -> None:
        settings = self.settings
        if settings.user and settings.security == "none" and not is_local(settings.host):
            raise SendError(
                _(
                    "Relance does not send a password unencrypted to {host}: choose STARTTLS "
                    "or SSL/TLS in the email settings (security “none” is for a relay on this "
                    "computer)."
                ).format(host=settings.host),
                failure=Failure.SERVER,
            )

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        self._refuse_clear_login()
        if settings.user and not self._password:
            raise SendError(
                _("No password for {user}: set it in the email settings.").format(
                    user=settings.user
                ),
                failure=Failure.SERVER,
            )
        context = self._context or ssl_context()
        ssl_options: dict[str, object] = {"context": context} if settings.security == "ssl" else {}
        import yagmail  # deferred: loaded when a message is sent, not at every start

        try:
            client = yagmail.SMTP(
                user=settings.sender or "relance",
                password="",  # never None: yagmail would prompt on stdin; we log in ourselves
                host=settings.host,
                port=settings.port,
                smtp_ssl=settings.security == "ssl",
                smtp_starttls={"context": context} if settings.security == "starttls" else False,
                smtp_skip_login=True,
                soft_email_validation=False,
                timeout=self._timeout,
                **ssl_options,
            )
            self._client = client
            try:
                client.login()  # connects (and starts TLS, verified); skips yagmail's own login
            except smtplib.SMTPNotSupportedError:
                raise SendError(
                    _(
                        "The server {host} does not offer STARTTLS: Relance does not send over "
                        "an unencrypted connection. Choose SSL/TLS (port 465), or check the "
                        "server's name and port."
                    ).format(host=settings.host),
                    failure=Failure.SERVER,
                ) from None
            connection: smtplib.SMTP = client.smtp
            if settings.user:
                connection.login(settings.user, self._password or "")  # as typed, no rewriting
        except ssl.SSLCertVerificationError as exc:
            self.close()
            raise SendError(
                _(
                    "The server {host} presented a certificate that cannot be trusted "
                    "({reason}): nothing was sent, and not the password either. Check the "
                    "server's name in the email settings."
                ).format(host=settings.host, reason=exc.verify_message or exc.reason),
                failure=Failure.SERVER,
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise SendError(
                _("The server refused the user name or password: {said}").format(
                    said=_words(exc.smtp_code, exc.smtp_error)
                ),
                failure=Failure.SERVER,
            ) from None
        except smtplib.SMTPNotSupportedError:
            self.close()
            raise SendError(
                _("The server {host} offers no login: leave the user name empty.").format(
                    host=settings.host
                ),
                failure=Failure.SERVER,
            ) from None
        except SendError:
            self.close()
            raise
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise SendError(
                unreachable(settings, exc, self._timeout), failure=Failure.SERVER
            ) from None
        return connection

    def send(self, message: EmailMessage) -> str:
        """Hand one message to the server; returns its answer, or raises SendError."""
        connection = self._client.smtp if self._client is not None else self._connect()
        try:
            return self._deliver(connection, message)
        except SendError:
            raise
        except (OSError, smtplib.SMTPException) as exc:  # lost before DATA: nothing delivered
            self.close()
            raise SendError(
                _(
                    "The connection to {host} was lost before the message was handed over "
                    "({reason}): it waits, and goes with the next round."
                ).format(
                    host=self.settings.host,
                    reason=_("the server closed it")
                    if isinstance(exc, smtplib.SMTPServerDisconnected)
                    else exc.strerror or _("network error")
                    if isinstance(exc, OSError)
                    else str(exc),
                ),
                failure=Failure.SERVER,
            ) from None

    def _deliver(self, connection: smtplib.SMTP, message: EmailMessage) -> str:
        """MAIL, RCPT, DATA: smtplib's `send_message`, cut where the outcome becomes uncertain.

        The message's To is its recipient; a Bcc (the sender's own copy) refused does not stop
        the customer's copy, while a refused To sends nothing at all."""
        sender = message["From"].addresses[0].addr_spec
        to = [a.addr_spec for a in message["To"].addresses]
        copies = [a.addr_spec for a in message["Bcc"].addresses] if message["Bcc"] else []
        international = any(not a.isascii() for a in (sender, *to, *copies))
        connection.ehlo_or_helo_if_needed()
        options: list[str] = []
        if international:
            if not connection.has_extn("smtputf8"):
                raise SendError(
                    _("The server cannot take an address with accents or other non-ASCII text."),
                    failure=Failure.PERMANENT,
                )
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        code, said = connection.mail(sender, options)
        if code != 250:
            self._reset(connection)
            raise _refused(code, said)
        for address in to:
            code, said = connection.rcpt(address)
            if code not in (250, 251):
                self._reset(connection)
                raise _refused(code, said)
        for address in copies:
            connection.rcpt(address)  # the sender's own copy: a refusal does not stop the message
        code, said = connection.docmd("DATA")
        if code != 354:
            self._reset(connection)
            raise _refused(code, said)
        # From here the server may keep the message whatever happens to the connection.
        data = _LEADING_DOT.sub(b"..", _LINE_ENDS.sub(b"\r\n", wire_bytes(message)))
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        try:
            connection.send(data + b".\r\n")
            code, said = connection.getreply()
        except (OSError, smtplib.SMTPException):
            self.close()
            raise SendError(
                _(
                    "The connection was lost after the message was handed to the server: it "
                    "may have been delivered."
                ),
                failure=Failure.UNCERTAIN,
            ) from None
        if code != 250:
            raise _refused(code, said)
        return _words(code, said)

    @staticmethod
    def _reset(connection: smtplib.SMTP) -> None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.rset()

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
