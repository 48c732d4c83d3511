"""Application settings kept in the database: the company profile, language, default currency."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from stdnum import bic, iban
from stdnum.eu import vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siret

from app.db.models import Setting
from app.domain.preferences import PREFERENCES_KEY as PREFERENCES_KEY
from app.domain.preferences import Preferences as Preferences
from app.domain.preferences import SettingsError as SettingsError
from app.domain.preferences import known_fields
from app.domain.text import has_control
from app.i18n import _

COMPANY_KEY = "company"


T = TypeVar("T")

# The longest values the letters are laid out for (tests/letters/test_layout_zones.py prints
# letters at these lengths): a postal line of 38 characters (NF Z 10-011), a name on at most
# three letterhead lines.
MAX_LENGTHS = {
    "name": 60,
    "address_line1": 38,
    "address_line2": 38,
    "postcode": 10,
    "city": 32,
    "phone": 25,
    "email": 60,
    "signatory_name": 50,
    "signatory_title": 60,
    "legal_form": 30,
    "share_capital": 25,
    "rcs": 40,
}


@dataclass(frozen=True)
class CompanyProfile:
    name: str = ""
    address_line1: str = ""
    address_line2: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "FR"
    siret: str = ""
    vat_number: str = ""
    iban: str = ""
    bic: str = ""
    email: str = ""
    phone: str = ""
    logo_path: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    legal_form: str = ""  # SAS, SARL… for the letters' legal footer
    share_capital: str = ""  # as printed: "50 000 €"
    rcs: str = ""  # "RCS Lyon 852 123 456"
    signature_path: str = ""  # a picture of the signature, printed above the signatory

    def validated(self) -> CompanyProfile:
        """A canonical copy (compact identifiers), or SettingsError listing every problem."""
        problems: dict[str, str] = {}
        values = {f.name: getattr(self, f.name).strip() for f in fields(self)}
        checks = (
            (
                "siret",
                siret,
                _("The SIRET number is not valid (14 digits with a check key)."),
            ),
            ("vat_number", vat, _("The VAT number is not valid.")),
            ("iban", iban, _("The IBAN is not valid (check digits do not match).")),
            ("bic", bic, _("The BIC is not valid (8 or 11 characters).")),
        )
        for name, module, message in checks:
            if values[name]:
                try:
                    values[name] = module.validate(values[name])
                except ValidationError:
                    problems[name] = message
        values["country"] = values["country"].upper() or "FR"
        for name, longest in MAX_LENGTHS.items():
            if len(values[name]) > longest:
                problems[name] = _("At most {count} characters.").format(count=longest)
        for name, value in values.items():  # the name and email reach every email's From header
            if has_control(value):
                problems[name] = _(
                    "A line break or another control character is not accepted here."
                )
        if problems:
            raise SettingsError(problems)
        return CompanyProfile(**values)


def read_section(session: Session, key: str) -> dict[str, Any]:
    """One group of settings as a dict (empty when never saved)."""
    row = session.get(Setting, key)
    return dict(row.value) if row is not None and isinstance(row.value, dict) else {}


def write_section(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def load_section(session: Session, key: str, cls: type[T]) -> T:
    """A settings dataclass from its stored group; fields a newer version wrote are ignored."""
    return cls(**known_fields(cls, read_section(session, key)))


def load_company(session: Session) -> CompanyProfile:
    return CompanyProfile(**known_fields(CompanyProfile, read_section(session, COMPANY_KEY)))


def save_company(session: Session, profile: CompanyProfile) -> CompanyProfile:
    clean = profile.validated()
    write_section(session, COMPANY_KEY, asdict(clean))
    return clean


def load_preferences(session: Session) -> Preferences:
    return Preferences.from_stored(read_section(session, PREFERENCES_KEY))


def save_preferences(session: Session, preferences: Preferences) -> Preferences:
    clean = preferences.validated()
    write_section(session, PREFERENCES_KEY, asdict(clean))
    return clean
