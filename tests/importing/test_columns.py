"""Recognising columns under the names real exports give them, and `--mapping` for the rest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.importing.columns import (
    FIELDS,
    Kind,
    MappingError,
    detect_mapping,
    load_mapping,
    missing_required,
    normal,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import.md"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("N° facture", "n facture"),
        ("N° Facture", "n facture"),
        ("no_facture", "no facture"),
        ("Date d'échéance", "date d echeance"),
        ("DATE D’ÉCHÉANCE", "date d echeance"),
        ("  Reste dû  ", "reste du"),
        ("Montant TTC (€)", "montant ttc"),
        ("Invoice No.", "invoice no"),
        ("E-mail", "e mail"),
        ("Nº pièce", "n piece"),
    ],
)
def test_headers_are_compared_without_case_accents_or_punctuation(
    header: str, expected: str
) -> None:
    assert normal(header) == expected


def test_french_invoice_headers_are_recognised() -> None:
    headers = [
        "N° facture",
        "Client",
        "Code client",
        "Date facture",
        "Date d'échéance",
        "Montant HT",
        "Montant TTC",
        "Reste dû",
        "Devise",
    ]
    assert detect_mapping(Kind.INVOICES, headers) == {
        "number": "N° facture",
        "customer_ref": "Code client",  # the code, not the name beside it
        "issue_date": "Date facture",
        "due_date": "Date d'échéance",
        "amount": "Montant TTC",  # not the amount before tax
        "currency": "Devise",
        "open_amount": "Reste dû",
        "customer_name": "Client",  # the name beside the code creates an unknown customer
    }


def test_english_invoice_headers_are_recognised() -> None:
    headers = ["Invoice No", "Customer", "Invoice Date", "Due date", "Total", "Outstanding"]
    assert detect_mapping(Kind.INVOICES, headers) == {
        "number": "Invoice No",
        "customer_name": "Customer",  # alone: a reference or a name, told apart by the book
        "issue_date": "Invoice Date",
        "due_date": "Due date",
        "amount": "Total",
        "open_amount": "Outstanding",
    }


def test_french_customer_headers_are_recognised() -> None:
    headers = [
        "Code client",
        "Raison sociale",
        "Type",
        "SIRET",
        "N° TVA intracommunautaire",
        "Adresse",
        "Complément d'adresse",
        "Code postal",
        "Ville",
        "Pays",
        "E-mail",
        "Téléphone",
        "Interlocuteur",
        "Langue",
        "Délai de paiement",
        "Catégorie client",
    ]
    assert detect_mapping(Kind.CUSTOMERS, headers) == {
        "ref": "Code client",
        "name": "Raison sociale",
        "kind": "Type",
        "siret": "SIRET",
        "vat_number": "N° TVA intracommunautaire",
        "address_line1": "Adresse",
        "address_line2": "Complément d'adresse",
        "postcode": "Code postal",
        "city": "Ville",
        "country": "Pays",
        "email": "E-mail",
        "phone": "Téléphone",
        "contact_name": "Interlocuteur",
        "language": "Langue",
        "payment_terms_days": "Délai de paiement",
        "segment": "Catégorie client",
    }


def test_english_customer_headers_are_recognised() -> None:
    headers = [
        "Account",
        "Company name",
        "VAT number",
        "Address line 1",
        "Address line 2",
        "Zip code",
        "Town",
        "Country code",
        "Email address",
        "Phone number",
        "Contact name",
        "Payment terms",
    ]
    assert detect_mapping(Kind.CUSTOMERS, headers) == {
        "ref": "Account",
        "name": "Company name",
        "vat_number": "VAT number",
        "address_line1": "Address line 1",
        "address_line2": "Address line 2",
        "postcode": "Zip code",
        "city": "Town",
        "country": "Country code",
        "email": "Email address",
        "phone": "Phone number",
        "contact_name": "Contact name",
        "payment_terms_days": "Payment terms",
    }


def test_payment_headers_are_recognised_in_french_and_english() -> None:
    french = ["Date de règlement", "Code client", "Montant", "N° chèque", "N° facture", "Mode"]
    assert detect_mapping(Kind.PAYMENTS, french) == {
        "date": "Date de règlement",
        "customer_ref": "Code client",
        "amount": "Montant",
        "reference": "N° chèque",
        "invoice_number": "N° facture",
        "method": "Mode",
    }
    english = ["Payment date", "Customer", "Amount paid", "Bank reference", "Invoice number"]
    assert detect_mapping(Kind.PAYMENTS, english) == {
        "date": "Payment date",
        "customer_name": "Customer",
        "amount": "Amount paid",
        "reference": "Bank reference",
        "invoice_number": "Invoice number",
    }


def test_our_own_field_names_are_always_recognised() -> None:
    for kind, fields in FIELDS.items():
        headers = [f.name for f in fields]
        assert detect_mapping(kind, headers) == {h: h for h in headers}


# "Client" and "Customer" alone name the customer (by reference or by name: see import_names),
# read through the name field; beside a code, they are its name.
SHADOWED = {
    (kind, "customer_ref", generic)
    for kind in (Kind.INVOICES, Kind.PAYMENTS)
    for generic in ("client", "customer")
}


@pytest.mark.parametrize(
    ("kind", "field", "synonym"),
    [
        (k, f.name, s)
        for k, fields in FIELDS.items()
        for f in fields
        for s in f.synonyms
        if (k, f.name, s) not in SHADOWED
    ],
)
def test_every_variant_alone_names_its_own_field(kind: Kind, field: str, synonym: str) -> None:
    assert detect_mapping(kind, [synonym.upper()]) == {field: synonym.upper()}


@pytest.mark.parametrize(
    ("code", "name"), [("Code client", "Client"), ("Customer code", "Customer")]
)
def test_client_beside_a_customer_code_is_the_customer_name(code: str, name: str) -> None:
    assert detect_mapping(Kind.INVOICES, [name]) == {"customer_name": name}
    assert detect_mapping(Kind.INVOICES, [name, code]) == {
        "customer_ref": code,
        "customer_name": name,
    }


def test_a_header_is_used_for_one_field_only() -> None:
    # "Compte" may be the customer's reference; once taken it cannot also be another field
    mapping = detect_mapping(Kind.CUSTOMERS, ["Compte", "Client"])
    assert mapping == {"ref": "Compte", "name": "Client"}
    assert len(set(mapping.values())) == len(mapping)


def test_unknown_headers_are_ignored_and_missing_required_ones_listed() -> None:
    mapping = detect_mapping(Kind.INVOICES, ["Montant TTC", "Commentaire", "Vendeur"])
    assert mapping == {"amount": "Montant TTC"}
    assert missing_required(Kind.INVOICES, mapping) == ["number", "customer_ref"]
    assert missing_required(Kind.PAYMENTS, {}) == ["date", "customer_ref", "amount"]
    assert missing_required(Kind.CUSTOMERS, {}) == ["ref", "name"]


# --- --mapping FILE ----------------------------------------------------------------------------
def mapping_file(tmp_path: Path, content: object, *, bom: bool = False) -> Path:
    path = tmp_path / "mapping.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return path


HEADERS = ["Pièce", "Tiers", "Dt", "Mt", "Montant TTC", "Échéance"]


def test_mapping_file_names_headers_detection_cannot_guess(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, {"customer_ref": "Tiers", "issue_date": "Dt"})
    assert load_mapping(path, Kind.INVOICES, HEADERS) == {
        "number": "Pièce",  # still detected
        "amount": "Montant TTC",
        "due_date": "Échéance",
        "customer_ref": "Tiers",
        "issue_date": "Dt",
    }


def test_mapping_file_overrides_what_was_detected(tmp_path: Path) -> None:
    path = mapping_file(tmp_path, {"amount": "Mt", "open_amount": "Montant TTC"}, bom=True)
    mapping = load_mapping(path, Kind.INVOICES, HEADERS)
    assert mapping["amount"] == "Mt"
    assert mapping["open_amount"] == "Montant TTC"
    assert list(mapping.values()).count("Montant TTC") == 1  # no longer also the amount


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot be read"),
        ('["Pièce", "Tiers"]', "JSON object"),
        ({"number": 3}, "JSON object"),
        ({"total_ttc": "Mt"}, "“total_ttc” is not a column of a invoices import"),
        ({"number": "N° facture"}, "The file has no column “N° facture”"),
    ],
)
def test_an_unusable_mapping_file_is_refused_with_the_reason(
    tmp_path: Path, content: object, message: str
) -> None:
    with pytest.raises(MappingError, match=message):
        load_mapping(mapping_file(tmp_path, content), Kind.INVOICES, HEADERS)


def test_a_missing_mapping_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="cannot be read"):
        load_mapping(tmp_path / "absent.json", Kind.INVOICES, HEADERS)


# --- the documentation lists what the code recognises ------------------------------------------
def documented_headers() -> dict[tuple[str, str], set[str]]:
    """(kind, field) → the normal form of every header the column tables of docs/import.md list."""
    documented: dict[tuple[str, str], set[str]] = {}
    kind = ""
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### (Customers|Invoices|Payments)\b", line)
        if heading:
            kind = heading.group(1).lower()
        elif line.startswith("#"):
            kind = ""
        row = re.match(r"\| `([a-z_0-9]+)` \|(.*)", line)
        if kind and row:
            names = re.findall(r"`([^`]+)`", row.group(2))
            documented[(kind, row.group(1))] = {normal(n) for n in names}
    return documented


def test_docs_list_every_column_and_every_recognised_header() -> None:
    documented = documented_headers()
    expected = {
        (kind.value, f.name): set(f.synonyms) for kind, fields in FIELDS.items() for f in fields
    }
    assert set(documented) == set(expected)
    for key, synonyms in expected.items():
        assert documented[key] == synonyms, key
