"""Who the demo customers are: names, addresses, legal identifiers, terms and contacts.

Identifiers are generated with valid check digits (SIRET and SIREN: Luhn; French VAT: key
derived from the SIREN; Belgian, German, British and Swiss VAT: their own checksums; IBAN: RIB
key and ISO 7064 check digits).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from stdnum import iban, luhn
from stdnum.ch import uid as ch_uid
from stdnum.iso7064 import mod_11_10

from app.db.models import Channel, CustomerKind
from app.domain.civility import MR, MRS
from app.services import demo_data as data

COUNTRIES = ("BE", "DE", "CH", "GB")
_FORMS = frozenset(data.LEGAL_FORMS + data.LIBERAL_FORMS + ("SCI", "&"))
_GB_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)
# The bank and branch of the usual French example IBAN; the account numbers start with 99 and
# end with the customer's reference, so that no real customer's account is ever shown.
_DEMO_BANK, _DEMO_BRANCH = "30006", "00001"


FOREIGN_WOMEN = {"Sophie", "Anna", "Katrin", "Nicole", "Laurence", "Emma", "Olivia"}


@dataclass(frozen=True)
class ContactSpec:
    name: str
    role: str | None
    email: str | None
    phone: str | None
    preferred_channel: str
    best_time: str | None
    is_primary: bool
    civility: str | None = None  # app.domain.civility's code


@dataclass(frozen=True)
class CustomerSpec:
    """A customer to create: `fields` are the keyword arguments of `ledger.create_customer`."""

    ref: str
    name: str
    individual: bool
    segment: str
    terms: int  # payment terms, in days
    method: str  # how this customer usually pays
    fields: dict[str, object]
    contacts: tuple[ContactSpec, ...]


def siret(rng: random.Random) -> str:
    """A 14-digit SIRET: a Luhn-valid SIREN, a 4-digit establishment number, a Luhn key."""
    while True:
        body = str(rng.randint(30_000_000, 99_999_999))
        siren = body + luhn.calc_check_digit(body)
        if not siren.startswith("356000000"):  # La Poste follows another rule
            break
    nic = f"{rng.choice((1, 1, 1, 2, 3, 4, 5, 7, 9, 12)):04d}"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def french_vat(siren: str) -> str:
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def demo_iban(ref: str) -> str:
    """A French IBAN for a demo customer: its RIB key and check digits computed, its account
    number made of 99 and the digits of the reference."""
    account = "99" + re.sub(r"\D", "", ref)[-9:].rjust(9, "0")
    key = 97 - (89 * int(_DEMO_BANK) + 15 * int(_DEMO_BRANCH) + 3 * int(account)) % 97
    bban = f"{_DEMO_BANK}{_DEMO_BRANCH}{account}{key:02d}"
    return f"FR{iban.calc_check_digits(f'FR00{bban}')}{bban}"


def foreign_vat(rng: random.Random, country: str) -> str:
    if country == "BE":
        body = f"0{rng.randint(2_000_000, 9_999_999)}"
        return f"BE{body}{97 - int(body) % 97:02d}"
    if country == "DE":
        body = str(rng.randint(10_000_000, 99_999_999))
        return f"DE{body}{mod_11_10.calc_check_digit(body)}"
    if country == "GB":
        body = str(rng.randint(1_000_000, 9_999_999))
        check = -sum(w * int(d) for w, d in zip(_GB_WEIGHTS, body, strict=True)) % 97
        return f"GB{body}{check:02d}"
    while True:  # Switzerland: the UID with the suffix of the customer's language
        body = str(rng.randint(10_000_000, 99_999_999))
        key = ch_uid.calc_check_digit(body)
        if len(key) == 1:  # a key of 10 is never issued
            digits = body + key
            return f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]} TVA"


def ascii_slug(text: str, separator: str = "-") -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", separator, plain).strip(separator)


def _domain(name: str) -> str:
    words = core(name).split()
    if len(words) > 6:  # long names go by their initials, as such bodies usually do online
        return ascii_slug("".join(w[0] for w in words if w[0].isupper())) + ".example"
    return ascii_slug(" ".join(words))[:40].strip("-") + ".example"


def _digits(rng: random.Random, pairs: int) -> str:
    return " ".join(f"{rng.randint(0, 99):02d}" for _ in range(pairs))


def _person(rng: random.Random) -> tuple[str, str, bool]:
    female = rng.random() < 0.5
    first = rng.choice(data.FIRST_NAMES_F if female else data.FIRST_NAMES_M)
    return first, rng.choice(data.SURNAMES), female


def core(name: str) -> str:
    """A name without its legal form: two companies should not differ only by that."""
    return " ".join(w for w in name.split() if w not in _FORMS)


def _business_name(rng: random.Random, taken: set[str]) -> str:
    name = ""
    for _ in range(100):
        roll = rng.random()
        if roll < 0.05:
            name = rng.choice(data.LONG_NAMES)
        elif roll < 0.09:
            name = f"SCI {rng.choice(data.SCI_NAMES)}"
        else:
            adj_m, adj_f, adj_mp = rng.choice(data.ADJECTIVES)
            name = rng.choice(data.BUSINESS_PATTERNS).format(
                surname=rng.choice(data.SURNAMES),
                place=rng.choice(data.PLACES),
                adj_m=adj_m,
                adj_f=adj_f,
                adj_mp=adj_mp,
            )
            liberal = name.startswith(data.LIBERAL_PROFESSIONS)
            form = rng.choice(data.LIBERAL_FORMS if liberal else data.LEGAL_FORMS)
            name = f"{form} {name}" if rng.random() < 0.25 else f"{name} {form}"
        if core(name) not in taken:
            break
    return name


def _unique(name: str, taken: set[str], city: str) -> str:
    if core(name) in taken:
        name = f"{name} ({city})"
    taken.add(core(name))
    return name


def _contact(
    rng: random.Random,
    name: str,
    role: str | None,
    domain: str | None,
    phone: str,
    primary: bool,
    female: bool,
) -> ContactSpec:
    email = None
    if domain is not None:
        first, _, last = name.partition(" ")
        personal = f"{ascii_slug(first, '')[:1]}.{ascii_slug(last, '')}"
        local = personal if rng.random() < 0.7 else rng.choice(data.MAIL_LOCALS)
        email = f"{local}@{domain}"
    channels = [Channel.EMAIL, Channel.EMAIL, Channel.LETTER, Channel.PHONE]
    channel = rng.choice(channels if email else channels[2:])
    civility = MRS if female else MR
    return ContactSpec(
        name, role, email, phone, channel.value, rng.choice(data.BEST_TIMES), primary, civility
    )


def french_business(rng: random.Random, ref: str, taken: set[str]) -> CustomerSpec:
    fields: dict[str, object] = {"kind": CustomerKind.BUSINESS.value}
    number = siret(rng)
    fields.update(siret=number, vat_number=french_vat(number[:9]))
    line2: str | None
    if rng.random() < 0.12:
        line2, postcode, city, zone = rng.choice(data.FR_CEDEX)
    else:
        postcode, city, zone = rng.choice(data.FR_CITIES)
        line2 = rng.choice(data.BUSINESS_LINE2) if rng.random() < 0.2 else None
    name = _unique(_business_name(rng, taken), taken, city.title())
    fields.update(
        address_line1=f"{rng.randint(1, 160)} {rng.choice(data.STREETS)}",
        address_line2=line2,
        postcode=postcode,
        city=city,
    )
    domain = None if rng.random() < 0.05 else _domain(name)
    contacts = []
    for index in range(rng.choice((1, 1, 1, 1, 2, 3))):
        first, last, female = _person(rng)
        role = rng.choice(data.ROLES)[int(female)]
        prefix = data.FR_MOBILE_PREFIX if rng.random() < 0.3 else data.FR_PHONE_PREFIX[zone]
        phone = f"{prefix} {_digits(rng, 2)}"
        contacts.append(_contact(rng, f"{first} {last}", role, domain, phone, index == 0, female))
    segment = rng.choices(("standard", "premium", "watch"), (70, 18, 12))[0]
    method = rng.choices(("transfer", "cheque", "direct_debit"), (75, 15, 10))[0]
    if method != "cheque":  # the account their transfers come from, as a bank statement shows it
        fields["iban"] = demo_iban(ref)
    terms = rng.choice((30, 30, 30, 45, 45, 60))
    return CustomerSpec(ref, name, False, segment, terms, method, fields, tuple(contacts))


def individual(rng: random.Random, ref: str, taken: set[str]) -> CustomerSpec:
    first, last, female = _person(rng)
    postcode, city, _zone = rng.choice(data.FR_CITIES)
    name = _unique(f"{'Mme' if female else 'M.'} {first} {last}", taken, city)
    fields: dict[str, object] = {
        "kind": CustomerKind.INDIVIDUAL.value,
        "civility": MRS if female else MR,
        "address_line1": f"{rng.randint(1, 90)} {rng.choice(data.STREETS)}",
        "address_line2": rng.choice(data.HOME_LINE2) if rng.random() < 0.1 else None,
        "postcode": postcode,
        "city": city,
    }
    domain = None if rng.random() < 0.1 else rng.choice(data.PERSONAL_DOMAINS)
    phone = f"{data.FR_MOBILE_PREFIX} {_digits(rng, 2)}"
    contact = _contact(rng, f"{first} {last}", None, domain, phone, True, female)
    segment = rng.choices(("standard", "watch"), (85, 15))[0]
    method = rng.choices(("card", "cheque", "transfer"), (50, 35, 15))[0]
    return CustomerSpec(ref, name, True, segment, 30, method, fields, (contact,))


def foreign_business(rng: random.Random, ref: str, taken: set[str], country: str) -> CustomerSpec:
    choices = data.FOREIGN[country]
    free = [c for c in choices if core(c[0]) not in taken] or list(choices)
    name, line1, postcode, city, language = rng.choice(free)
    fields: dict[str, object] = {
        "kind": CustomerKind.BUSINESS.value,
        "vat_number": foreign_vat(rng, country),
        "address_line1": line1,
        "postcode": postcode,
        "city": city,
        "country": country,
        "language": language,
    }
    roles = data.FOREIGN_ROLES[language]
    phone = data.FOREIGN_PHONES[country].format(
        pairs=_digits(rng, 2), three=f"{rng.randint(0, 999):03d}"
    )
    person = rng.choice(data.FOREIGN_CONTACT_NAMES[country])
    female = person.split()[0] in FOREIGN_WOMEN
    contact = _contact(rng, person, rng.choice(roles), _domain(name), phone, True, female)
    name = _unique(name, taken, city)
    segment = rng.choice(("standard", "standard", "premium"))
    terms = rng.choice((30, 60))
    return CustomerSpec(ref, name, False, segment, terms, "transfer", fields, (contact,))
