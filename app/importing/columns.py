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
    "account",
    "client",
    "customer",
)

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
            "postcode", False, ("code postal", "cp", "postal code", "zip", "zip code", "post code")
        ),
        Field("city", False, ("ville", "commune", "localite", "town")),
        Field("region", False, ("state", "province", "state province", "etat province", "county")),
        Field("country", False, ("pays", "code pays", "country code")),
        Field("email", False, ("e mail", "mail", "courriel", "adresse e mail", "email address")),
        Field("phone", False, ("telephone", "tel", "phone number", "telephone number", "mobile")),
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
                "amount due",
                "balance due",
                "remaining",
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
)  # not "libellé" nor "intitulé": in an invoices export they describe the invoice
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
    return mapping


MAX_MAPPING = 100_000  # characters: a mapping names a few dozen headers


def load_mapping(path: Path, kind: Kind, headers: list[str]) -> dict[str, str]:
    """A JSON object {"our field": "their header"}, applied over what was detected."""
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
    known = {f.name for f in FIELDS[kind]}
    problems = [
        _("“{field}” is not a column of a {kind} import.").format(field=k, kind=kind.value)
        for k in data
        if k not in known
    ]
    problems += [
        _("The file has no column “{header}”.").format(header=v)
        for v in data.values()
        if v not in headers
    ]
    if problems:
        raise MappingError(" ".join(problems))
    mapping = {k: v for k, v in detect_mapping(kind, headers).items() if v not in data.values()}
    mapping.update(data)
    return mapping


def missing_required(kind: Kind, mapping: dict[str, str]) -> list[str]:
    return [f.name for f in FIELDS[kind] if f.required and f.name not in mapping]
