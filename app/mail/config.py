"""What Relance needs to reach the mail server (the password is never here: see `keychain`)."""

from __future__ import annotations

from dataclasses import dataclass

SECURITIES = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"  # none | starttls | ssl
    user: str = ""  # empty: the server needs no login
    sender: str = ""  # the From address
    sender_name: str = ""
    reply_to: str = ""
    copy_to_self: bool = False

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)
