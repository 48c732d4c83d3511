"""Outgoing mail servers of the common providers, so that nobody has to look them up.

Each is the provider's documented submission server for its customers' own mailboxes. The user
name is the full address; providers that require two-factor authentication (Gmail, iCloud,
Microsoft accounts with it on) need an application password, which the hint says.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    host: str
    port: int
    security: str  # as in SmtpSettings: starttls | ssl
    hint: str = ""  # a sentence to translate, shown under the form


APP_PASSWORD = N_(
    "With two-step verification on, create an application password for Relance in your "
    "account's security settings and type it here."
)

PROVIDERS = (
    Provider("gmail", "Gmail / Google Workspace", "smtp.gmail.com", 587, "starttls", APP_PASSWORD),
    Provider("microsoft365", "Microsoft 365", "smtp.office365.com", 587, "starttls", APP_PASSWORD),
    Provider("outlook", "Outlook.com / Hotmail", "smtp-mail.outlook.com", 587, "starttls"),
    Provider("ovh", "OVHcloud (MX Plan)", "ssl0.ovh.net", 465, "ssl"),
    Provider("orange", "Orange", "smtp.orange.fr", 465, "ssl"),
    Provider("free", "Free", "smtp.free.fr", 465, "ssl"),
    Provider("sfr", "SFR", "smtp.sfr.fr", 465, "ssl"),
    Provider("infomaniak", "Infomaniak", "mail.infomaniak.com", 465, "ssl"),
    Provider("gandi", "Gandi", "mail.gandi.net", 465, "ssl"),
    Provider("icloud", "iCloud", "smtp.mail.me.com", 587, "starttls", APP_PASSWORD),
)


def provider_of(host: str) -> Provider | None:
    """The provider whose server this is, if any."""
    wanted = host.strip().lower()
    return next((p for p in PROVIDERS if p.host == wanted), None)
