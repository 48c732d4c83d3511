"""How letters are printed: paper, envelope window, duplex backs, the deadline they give.

Also the `config get|set` keys of the command line: `letters.*` for these, `company.*` for the
company profile printed on every letter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from app.letters.geometry import DEFAULT_LAYOUT, LAYOUTS, PAPERS
from app.services.settings import (
    CompanyProfile,
    SettingsError,
    load_company,
    load_section,
    save_company,
    write_section,
)
from app.services.smtp_settings import load_smtp, set_smtp_value, smtp_keys

LETTERS_KEY = "letters"


@dataclass(frozen=True)
class LetterSettings:
    envelope: str = DEFAULT_LAYOUT
    paper: str = ""  # empty: the envelope layout's own paper (A4, or US Letter for US #10)
    duplex_blanks: bool = False
    deadline_days: int = 10  # the date a reminder asks payment by; 8 to 15 for a formal notice
    agreed_rate_percent: str = ""  # your terms' late-payment rate, if they set one
    promise_grace_days: int = 3  # a promise paid this late is still kept
    courtesy_days: int = 2  # propose a courtesy word this many days before a promised date
    dispute_age_days: int = 30  # Today shows disputes open this long

    def validated(self) -> LetterSettings:
        problems: dict[str, str] = {}
        if self.envelope not in LAYOUTS:
            problems["envelope"] = f"Choose one of {', '.join(LAYOUTS)}."
        if self.paper and self.paper not in PAPERS:
            problems["paper"] = f"Choose one of {', '.join(PAPERS)}."
        if not 1 <= self.deadline_days <= 60:
            problems["deadline_days"] = "A deadline is 1 to 60 days away."
        for name in ("promise_grace_days", "courtesy_days", "dispute_age_days"):
            if not 0 <= getattr(self, name) <= 365:
                problems[name] = "A number of days from 0 to 365."
        if self.agreed_rate_percent:
            try:
                rate_bp(self.agreed_rate_percent)
            except ValueError:
                problems["agreed_rate_percent"] = "A rate is a number of percent, like 12.5."
        if problems:
            raise SettingsError(problems)
        return self

    @property
    def paper_key(self) -> str:
        return self.paper or LAYOUTS[self.envelope].paper

    @property
    def agreed_bp(self) -> int | None:
        return rate_bp(self.agreed_rate_percent) if self.agreed_rate_percent else None


def rate_bp(text: str) -> int:
    """ "12,5" or "12.5" (percent) as basis points, exactly."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    whole, _dot, decimals = cleaned.partition(".")
    if not whole.isdigit() or (decimals and not decimals.isdigit()) or len(decimals) > 2:
        raise ValueError(text)
    return int(whole) * 100 + int((decimals + "00")[:2])


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
