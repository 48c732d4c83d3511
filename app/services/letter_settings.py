"""How letters are printed: paper, envelope window, duplex backs, the deadline they give.

Also the `config get|set` keys of the command line: `letters.*` for these, `company.*` for the
company profile printed on every letter.
"""

from __future__ import annotations

from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from app.domain.letter_settings import LETTERS_KEY as LETTERS_KEY
from app.domain.letter_settings import LetterSettings as LetterSettings
from app.domain.letter_settings import rate_bp as rate_bp
from app.services.settings import (
    CompanyProfile,
    SettingsError,
    load_company,
    load_section,
    save_company,
    write_section,
)
from app.services.smtp_settings import load_smtp, set_smtp_value, smtp_keys


def load_letter_settings(session: Session) -> LetterSettings:
    return load_section(session, LETTERS_KEY, LetterSettings)


def save_letter_settings(session: Session, settings: LetterSettings) -> LetterSettings:
    clean = settings.validated()
    write_section(session, LETTERS_KEY, asdict(clean))
    return clean


# --- config get|set ------------------------------------------------------------------------------
def config_keys() -> list[str]:
    letters = [f"letters.{f.name}" for f in fields(LetterSettings)]
    company = [f"company.{f.name}" for f in fields(CompanyProfile)]
    return letters + company + smtp_keys()


def config_get(session: Session, key: str) -> Any:
    section, _dot, name = key.partition(".")
    source: Any = {
        "letters": load_letter_settings,
        "company": load_company,
        "smtp": load_smtp,
    }.get(section)
    if source is None or name not in {f.name for f in fields(source(session))}:
        raise KeyError(key)
    return getattr(source(session), name)


def config_set(session: Session, key: str, text: str) -> Any:
    """Set one key from its text form; SettingsError or KeyError when refused."""
    section, _dot, name = key.partition(".")
    if section == "letters" and name in {f.name for f in fields(LetterSettings)}:
        current = load_letter_settings(session)
        value: Any = text
        if name == "duplex_blanks":
            if text.lower() not in ("true", "false", "yes", "no", "1", "0"):
                raise SettingsError({name: "Say true or false."})
            value = text.lower() in ("true", "yes", "1")
        elif name in ("deadline_days", "promise_grace_days", "courtesy_days", "dispute_age_days"):
            if not text.isdigit():
                raise SettingsError({name: "A number of days."})
            value = int(text)
        elif name == "paper":
            value = text.upper()
        saved = save_letter_settings(session, replace(current, **{name: value}))
        return getattr(saved, name)
    if section == "smtp":
        return set_smtp_value(session, name, text)
    if section == "company" and name in {f.name for f in fields(CompanyProfile)}:
        company = replace(load_company(session), **{name: text})
        return getattr(save_company(session, company), name)
    raise KeyError(key)
