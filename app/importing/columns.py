"""The columns of each import kind, and how to recognise them under the names exports use.

Headers are compared in a normal form (lower case, no accents, no punctuation), so that
`N° facture`, `N° Facture` and `no_facture` are all the invoice number.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal

from app.i18n import _, current_locale


class Kind(enum.StrEnum):
    CUSTOMERS = "customers"
    INVOICES = "invoices"
    PAYMENTS = "payments"


@dataclass(frozen=True)
class Field:
    name: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


def normal(header: str) -> str:
    # "º" before NFKD, which would read it as the letter o; punctuation such as the typographic
    # apostrophe in "Date d’échéance" separates words instead of vanishing with the accents
    text = unicodedata.normalize("NFKD", header.replace("°", " ").replace("º", " "))
    text = "".join(" " if unicodedata.category(c)[0] in "PZ" else c for c in text)
    text = text.encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


_REF = (
    "ref",
    "reference",
    "reference client",
    "code client",
    "compte",
    "compte client",
    "numero de compte",
    "n compte",
    "account",
    "account code",
    "customer ref",
    "customer code",
    "customer id",
    "client ref",
    "comptaux",
    "compauxnum",
    "code tiers",
    "tiers",
    "customer number",
    "client number",
    "client id",
    "client code",
    "numero client",
    "n client",
    "id client",
    "contact id",
)
_CUSTOMER_REF = (
    "customer ref",
    "customer code",
    "customer id",
    "customer account",
    "customer number",
    "code client",
    "reference client",
    "ref client",
    "compte client",
    "compte",
    "compte tiers",
    "code tiers",
    "n client",
    "numero client",
    "compauxnum",
    "client id",
    "client code",
    "client number",
    "id client",
    "customer no",
    "customerref",
    "account",
    "client",
    "customer",
)
# Headers that name the customer without saying whether by reference or by name: alone in a
# file, their values are read as references when Relance knows them, otherwise as names.
GENERIC_CUSTOMER = ("client", "customer", "tiers")

FIELDS: dict[Kind, tuple[Field, ...]] = {
    Kind.CUSTOMERS: (
        Field("ref", True, _REF),
        Field(
            "name",
            True,
            (
                "nom",
                "raison sociale",
                "societe",
                "client",
                "customer",
                "customer name",
                "company",
                "company name",
                "denomination",
                "nom du client",
                "intitule",
                "libelle",
                "compauxlib",
                "client name",
                "display name",
                "organization",
                "organisation",
                "nom de l entreprise",
                "entreprise",
                "nom du tiers",
            ),
        ),
        Field("kind", False, ("type", "type de client", "customer type", "categorie")),
        Field("siret", False, ("n siret", "numero siret", "siret number")),
        Field(
            "vat_number",
            False,
            (
                "tva",
                "n tva",
                "numero de tva",
                "tva intracommunautaire",
                "n tva intracommunautaire",
                "vat",
                "vat number",
                "vat no",
            ),
        ),
        Field(
            "iban",
            False,
            (
                "rib iban",
                "iban du client",
                "compte bancaire",
                "coordonnees bancaires",
                "customer iban",
                "iban number",
                "bank account",
            ),
        ),
        Field(
            "address_line1",
            False,
            (
                "adresse",
                "adresse 1",
                "adresse ligne 1",
                "address",
                "address 1",
                "address line 1",
                "rue",
                "street",
                "billing address",
                "billing street",
                "adresse de facturation",
                "address line1",
            ),
        ),
        Field(
            "address_line2",
            False,
            (
                "adresse 2",
                "adresse ligne 2",
                "complement d adresse",
                "complement",
                "address 2",
                "address line 2",
            ),
        ),
        Field(
            "postcode",
            False,
            (
                "code postal",
                "cp",
                "postal code",
                "zip",
                "zip code",
                "post code",
                "postal zip code",
                "zip postal code",
                "billing code",
                "billing zip",
                "billing postal code",
                "billing zip code",
            ),
        ),
        Field("city", False, ("ville", "commune", "localite", "town", "billing city")),
        Field(
            "region",
            False,
            (
                "state",
                "province",
                "state province",
                "province state",
                "etat province",
                "county",
                "billing state",
            ),
        ),
        Field("country", False, ("pays", "code pays", "country code", "billing country")),
        Field(
            "email",
            False,
            (
                "e mail",
                "mail",
                "courriel",
                "adresse e mail",
                "email address",
                "e mail address",
                "contact email",
                "customer email",
                "client email",
            ),
        ),
        Field(
            "phone",
            False,
            (
                "telephone",
                "tel",
                "phone number",
                "telephone number",
                "mobile",
                "contact phone",
                "customer phone",
            ),
        ),
        Field(
            "contact_name", False, ("contact", "nom du contact", "interlocuteur", "contact name")
        ),
        Field("civility", False, ("civilite", "title", "titre", "salutation", "civilite contact")),
        Field("language", False, ("langue", "lang")),
        Field(
            "payment_terms_days",
            False,
            (
                "delai de paiement",
                "delai de reglement",
                "conditions de paiement",
                "echeance jours",
                "payment terms",
                "terms",
                "terms days",
            ),
        ),
        Field("segment", False, ("categorie client", "segment client", "famille")),
    ),
    Kind.INVOICES: (
        Field(
            "number",
            True,
            (
                "n facture",
                "numero de facture",
                "numero facture",
                "facture",
                "no facture",
                "ref facture",
                "piece",
                "n piece",
                "invoice",
                "invoice no",
                "invoice number",
                "invoice num",
                "invoice ref",
                "document number",
                "pieceref",
                "n de facture",
                "documentnumber",
                "document no",
                "docnumber",
                "doc number",
                "invoice n",
                "numero de piece",
                "reference facture",
                "numero",
                "no",
                "num",
                "number",
                "reference",
                "ref",
                "invoice id",
            ),
        ),
        Field("customer_ref", True, _CUSTOMER_REF),
        Field(
            "issue_date",
            False,
            (
                "date",
                "date facture",
                "date de facture",
                "date d emission",
                "date de la facture",
                "invoice date",
                "issue date",
                "date issued",
                "piecedate",
                "invoiced at",
                "issued at",
                "invoice date issued",
                "date de facturation",
                "date facturation",
                "date d emission de la facture",
                "document date",
                "date du document",
                "date piece",
                "txndate",
                "txn date",
                "transaction date",
                "date utc",
            ),
        ),
        Field(
            "due_date",
            False,
            (
                "echeance",
                "date d echeance",
                "date echeance",
                "due date",
                "due",
                "date due",
                "payment due",
                "due at",
                "due on",
                "duedate",
                "payment due date",
                "date limite de paiement",
                "date limite de reglement",
                "date de paiement prevue",
                "date d echeance de paiement",
                "due date utc",
            ),
        ),
        Field(
            "amount",
            False,
            (
                "montant",
                "montant ttc",
                "total ttc",
                "ttc",
                "montant facture",
                "amount",
                "total",
                "invoice amount",
                "gross amount",
                "amount incl tax",
                "total amount",
                "invoice total",
                "montant total",
                "montant total ttc",
                "total amt",
                "totalamt",
                "grand total",
                "total incl tax",
                "total incl vat",
                "amount incl vat",
                "total tax incl",
                "net a payer",
            ),
        ),
        Field("currency", False, ("devise", "monnaie", "currency code")),
        Field(
            "open_amount",
            False,
            (
                "reste du",
                "reste a payer",
                "solde",
                "solde du",
                "montant du",
                "restant du",
                "outstanding",
                "open amount",
                "balance",
                "amount remaining",  # Stripe: its "Amount Due" stays the total once paid
                "amount due",
                "balance due",
                "remaining",
                "balancedueamount",
                "balance due amount",
                "open balance",
                "solde ttc",
                "reste du ttc",
                "montant restant",
                "restant a payer",
                "reste a regler",
                "amount outstanding",
                "outstanding amount",
                "unpaid amount",
                "montant impaye",
            ),
        ),
        Field(
            "paid_amount",
            False,
            (
                "montant regle",
                "montant paye",
                "deja regle",
                "deja paye",
                "total regle",
                "montant encaisse",
                "amount paid",  # before "paid": Stripe's "Paid" is a true/false column
                "paid",
                "paid amount",
                "paid to date",
                "total paid",
                "amount received",
                "payments",
                "reglements",
            ),
        ),
        Field(
            "status",
            False,
            (
                "statut",
                "etat",
                "statut de la facture",
                "etat de la facture",
                "statut facture",
                "invoice status",
                "status",
                "payment status",
                "statut du paiement",
                "statut de paiement",
            ),
        ),
        Field(
            "line_amount",
            False,
            (
                "montant ligne",
                "montant de la ligne",
                "total ligne",
                "total de la ligne",
                "line total",
                "line amount",
                "item total",
                "item line total",
                "item amount",
                "line total amount",
            ),
        ),
    ),
    Kind.PAYMENTS: (
        Field(
            "date",
            True,
            (
                "date de reglement",
                "date de paiement",
                "date reglement",
                "payment date",
                "date paid",
                "paid on",
                "received on",
                "date encaissement",
                "date d encaissement",
                "date",
            ),
        ),
        Field("customer_ref", True, _CUSTOMER_REF),
        Field(
            "amount",
            True,
            (
                "montant",
                "montant regle",
                "montant du reglement",
                "amount",
                "amount paid",
                "paid",
                "payment amount",
                "montant encaisse",
                "amount received",
            ),
        ),
        Field(
            "reference",
            False,
            (
                "ref",
                "reference du reglement",
                "libelle",
                "n cheque",
                "numero de cheque",
                "payment reference",
                "bank reference",
            ),
        ),
        Field(
            "invoice_number",
            False,
            (
                "n facture",
                "numero de facture",
                "facture",
                "invoice",
                "invoice no",
                "invoice number",
                "n de facture",
                "invoice ref",
                "document number",
            ),
        ),
        Field(
            "method",
            False,
            (
                "mode de reglement",
                "mode de paiement",
                "moyen de paiement",
                "payment method",
                "mode",
            ),
        ),
    ),
}


# An invoices export may name its customers and give their addresses: a row whose customer
# Relance does not know creates it from these (our invoices field → the customers field).
CUSTOMER_IN_INVOICES = {
    "customer_ref": "ref",
    "customer_name": "name",
    "address_line1": "address_line1",
    "address_line2": "address_line2",
    "postcode": "postcode",
    "city": "city",
    "country": "country",
    "email": "email",
    "phone": "phone",
}
_CUSTOMER_NAME = (
    "nom du client",
    "nom client",
    "client name",
    "customer name",
    "raison sociale",
    "nom",
    "name",
    "societe",
    "company",
    "company name",
    "denomination",
    "client",
    "customer",
    "compauxlib",
    "display name",
    "organization",
    "organisation",
    "nom du tiers",
    "tiers",
    "contact name",
    "contact",
)  # not "libellé" nor "intitulé": in an invoices export they describe the invoice
FIELDS[Kind.PAYMENTS] += (Field("customer_name", False, _CUSTOMER_NAME),)
FIELDS[Kind.INVOICES] += (
    Field("customer_name", False, _CUSTOMER_NAME),
    *(
        f
        for f in FIELDS[Kind.CUSTOMERS]
        if f.name in CUSTOMER_IN_INVOICES.keys() - {"customer_ref"}
    ),
)


class MappingError(ValueError):
    """A mapping file that cannot be used."""


def detect_mapping(kind: Kind, headers: list[str]) -> dict[str, str]:
    """Our field name → the file's header, for every field recognised (each header used once)."""
    by_normal: dict[str, str] = {}
    for name in headers:
        by_normal.setdefault(normal(name), name)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    header: str | None
    fields = FIELDS[kind]
    # Exact field names first, then synonyms in the order given (most specific first).
    for field in fields:
        header = by_normal.get(normal(field.name))
        if header is not None and header not in used:
            mapping[field.name] = header
            used.add(header)
    for field in fields:
        if field.name in mapping:
            continue
        for synonym in field.synonyms:
            header = by_normal.get(synonym)
            if header is not None and header not in used:
                mapping[field.name] = header
                used.add(header)
                break
    if kind is not Kind.CUSTOMERS:
        _generic_customer(mapping)
    return mapping


def _generic_customer(mapping: dict[str, str]) -> None:
    """A lone "Client" or "Customer" column names the customer: by reference or by name.

    Beside a name column it is the reference, as before. Alone, it is read as names, which also
    finds a customer whose reference it holds (see `services.import_names`).
    """
    ref = mapping.get("customer_ref")
    if ref is not None and normal(ref) in GENERIC_CUSTOMER and "customer_name" not in mapping:
        mapping["customer_name"] = mapping.pop("customer_ref")


MAX_MAPPING = 100_000  # characters: a mapping names a few dozen headers


def read_mapping_file(path: Path) -> dict[str, str]:
    """A mapping file's JSON object {"our field": "their header"}, or MappingError."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            text = handle.read(MAX_MAPPING + 1)
        if len(text) > MAX_MAPPING:
            raise ValueError(
                _("it holds more than {limit} characters, far more than a mapping needs").format(
                    limit=format_decimal(MAX_MAPPING, locale=current_locale())
                )
            )
        data = json.loads(text)
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: "[[[[…" nested deep
        raise MappingError(_("The mapping file cannot be read: {error}").format(error=exc)) from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise MappingError(_("The mapping file must be a JSON object of field names to headers."))
    return data


def load_mapping(
    path: Path, kind: Kind, headers: list[str], header_line: int = 1
) -> dict[str, str]:
    """A JSON object {"our field": "their header"}, applied over what was detected."""
    data = read_mapping_file(path)
    known = {f.name for f in FIELDS[kind]}
    problems = [
        _("“{field}” is not a column of a {kind} import.").format(field=k, kind=kind.value)
        for k in data
        if k not in known
    ]
    absent = [v for v in data.values() if v not in headers]
    problems += [_("The file has no column “{header}”.").format(header=v) for v in absent]
    if absent:
        problems.append(columns_read(headers, header_line))
    if problems:
        raise MappingError(" ".join(problems))
    mapping = {k: v for k, v in detect_mapping(kind, headers).items() if v not in data.values()}
    mapping.update(data)
    return mapping


def columns_read(headers: list[str], line: int) -> str:
    """The columns a file has, as read from its header line: what a user compares a mapping to."""
    found = ", ".join(f"“{h}”" for h in headers if h) or _("none")
    return _("The columns read on line {line} are: {found}.").format(line=line, found=found)


@cache
def _known(kind: Kind) -> frozenset[str]:
    return frozenset(name for f in FIELDS[kind] for name in (normal(f.name), *f.synonyms))


def recognised(kind: Kind, cells: list[str]) -> int:
    """How many cells of a line are column names Relance knows for this kind of import."""
    known = _known(kind)
    return sum(1 for cell in cells if cell and normal(cell) in known)


# The customer's reference field and its name field, per kind of import.
REF_FIELD = {Kind.CUSTOMERS: "ref", Kind.INVOICES: "customer_ref", Kind.PAYMENTS: "customer_ref"}
NAME_FIELD = {
    Kind.CUSTOMERS: "name",
    Kind.INVOICES: "customer_name",
    Kind.PAYMENTS: "customer_name",
}


def by_name(kind: Kind, mapping: dict[str, str]) -> bool:
    """Whether the file names its customers without references: they are found by name."""
    return REF_FIELD[kind] not in mapping and NAME_FIELD[kind] in mapping


def missing_required(kind: Kind, mapping: dict[str, str]) -> list[str]:
    """The required fields the mapping lacks (a file of names needs no references)."""
    named = by_name(kind, mapping)
    return [
        f.name
        for f in FIELDS[kind]
        if f.required and f.name not in mapping and not (named and f.name == REF_FIELD[kind])
    ]


# Words only French headers use (in the normal form): a file headed with them writes its dates
# day first. The other way round proves nothing: English is written day first in most of the
# world, so an English file's ambiguous dates follow the book's locale.
_FRENCH_WORDS = frozenset(
    [
        "facture",
        "echeance",
        "montant",
        "reglement",
        "regle",
        "reste",
        "restant",
        "solde",
        "societe",
        "raison",
        "numero",
        "devise",
        "paiement",
        "statut",
        "ttc",
        "ligne",
        "adresse",
        "ville",
        "pays",
        "piece",
        "emission",
        "tiers",
        "libelle",
        "nom",
        "paye",
        "payee",
        "encaisse",
        "encaissement",
        "etat",
        "commune",
        "denomination",
        "intitule",
        "telephone",
        "courriel",
    ]
)


def french_headers(headers: list[str]) -> bool:
    return any(_FRENCH_WORDS.intersection(normal(h).split()) for h in headers)
