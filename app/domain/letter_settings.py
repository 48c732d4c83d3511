"""How letters are printed: paper, envelope window, duplex backs, the deadline they give.

Kept apart from the settings' storage (`app.services.letter_settings`) so that the command
line's plain reading of a book (`dunning propose`) loads neither SQLAlchemy nor the models.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.preferences import SettingsError
from app.letters.geometry import DEFAULT_LAYOUT, LAYOUTS, PAPERS

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
