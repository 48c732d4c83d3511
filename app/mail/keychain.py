"""The SMTP password, in the OS keychain only; never in the database, a file or a log.

Without a usable keychain (a headless Linux without Secret Service), Relance says so and asks
for the password once per session, kept in memory; it never falls back to a plain-text store.
"""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from app.i18n import _

log = logging.getLogger(__name__)
SERVICE = "Relance SMTP"
_UNUSABLE = ("keyring.backends.fail", "keyring.backends.null")


class KeychainUnavailable(RuntimeError):
    """No OS keychain here: the password can only be kept for this session."""


def backend_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def available() -> bool:
    """A keychain that really stores: not keyring's "fail" or "null" stand-ins."""
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith(_UNUSABLE):
        return False
    if module.startswith("keyring.backends.chainer"):
        return bool(getattr(backend, "backends", []))
    return True


def where() -> str:
    """Where the password is kept, in words for the user."""
    if not available():
        return _("nowhere: there is no keychain on this computer")
    name = getattr(keyring.get_keyring(), "name", backend_name())
    return _("the system keychain ({name})").format(name=name)


_session: dict[str, str] = {}  # used only when there is no keychain


def account(host: str, user: str) -> str:
    return f"{user}@{host}"


def get_password(host: str, user: str) -> str | None:
    key = account(host, user)
    if key in _session:
        return _session[key]
    if not available():
        return None
    try:
        return keyring.get_password(SERVICE, key)
    except (NoKeyringError, KeyringError) as exc:
        log.warning("keychain unreadable: %s", type(exc).__name__)  # never the secret itself
        return None


def set_password(host: str, user: str, password: str) -> None:
    """Store in the keychain; KeychainUnavailable when there is none."""
    if not available():
        raise KeychainUnavailable(where())
    try:
        keyring.set_password(SERVICE, account(host, user), password)
    except (NoKeyringError, KeyringError) as exc:
        raise KeychainUnavailable(str(type(exc).__name__)) from exc


def remember_for_session(host: str, user: str, password: str) -> None:
    _session[account(host, user)] = password


def forget(host: str, user: str) -> None:
    _session.pop(account(host, user), None)
    if available():
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(SERVICE, account(host, user))
