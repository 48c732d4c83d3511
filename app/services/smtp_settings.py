"""The email settings, kept in the database (the password never: see `app.mail.keychain`)."""

from __future__ import annotations

from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from app.domain.text import EMAIL, has_control
from app.i18n import _
from app.mail.config import SECURITIES, SmtpSettings
from app.mail.transport import is_local
from app.services.settings import SettingsError, load_section, write_section

SMTP_KEY = "smtp"


def validated(settings: SmtpSettings) -> SmtpSettings:
    """A canonical copy, or SettingsError naming every field refused."""
    problems: dict[str, str] = {}
    if settings.security not in SECURITIES:
        problems["security"] = _("Choose none, starttls or ssl.")
    if not 1 <= settings.port <= 65535:
        problems["port"] = _("A port is a number from 1 to 65535.")
    for name in ("sender", "reply_to"):
        value = getattr(settings, name).strip()
        if value and not EMAIL.match(value):
            problems[name] = _("“{email}” is not an email address.").format(email=value)
    for name in ("host", "user", "sender_name"):
        if has_control(getattr(settings, name)):
            problems[name] = _("A line break or a control character cannot go in this field.")
    if settings.user.strip() and settings.security == "none" and not is_local(settings.host):
        problems["security"] = _(
            "With a user name, choose STARTTLS or SSL/TLS: Relance sends a password unencrypted "
            "only to a relay on this computer."
        )
    if problems:
        raise SettingsError(problems)
    return replace(
        settings,
        host=settings.host.strip(),
        user=settings.user.strip(),
        sender=settings.sender.strip(),
        sender_name=settings.sender_name.strip(),
        reply_to=settings.reply_to.strip(),
    )


def load_smtp(session: Session) -> SmtpSettings:
    return load_section(session, SMTP_KEY, SmtpSettings)


def save_smtp(session: Session, settings: SmtpSettings) -> SmtpSettings:
    clean = validated(settings)
    write_section(session, SMTP_KEY, asdict(clean))
    return clean


def smtp_keys() -> list[str]:
    return [f"smtp.{f.name}" for f in fields(SmtpSettings)]


def set_smtp_value(session: Session, name: str, text: str) -> Any:
    """One `config set smtp.NAME VALUE`; KeyError for an unknown name."""
    if name not in {f.name for f in fields(SmtpSettings)}:
        raise KeyError(name)
    current = load_smtp(session)
    value: Any = text
    if name == "port":
        if not text.isdigit():
            raise SettingsError({name: _("A port is a number from 1 to 65535.")})
        value = int(text)
    elif name == "copy_to_self":
        value = text.lower() in ("true", "yes", "1")
    elif name == "security":
        value = text.lower()
    return getattr(save_smtp(session, replace(current, **{name: value})), name)
