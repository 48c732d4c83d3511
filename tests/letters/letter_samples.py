"""A sender, two hard recipients and a plain letter, shared by the letter tests."""

from __future__ import annotations

from datetime import date

from app.letters.address import PostalAddress
from app.letters.content import InvoiceLine, Letter, Sender

SENDER = Sender(
    "Bureautique Lyonnaise",
    ("12 quai Saint-Vincent", "69001 Lyon"),
    "Lyon",
    phone="04 78 00 00 00",
    email="relances@bureautique-lyonnaise.example",
    legal_form="SAS",
    rcs="RCS Lyon 852 123 454",
    siret="85212345400013",
    iban="FR76 3000 6000 0112 3456 7890 189",
    bic="AGRIFRPPXXX",
)
RECIPIENTS = {
    "cedex": PostalAddress(
        "Société Coopérative Agricole des Producteurs de Fruits du Beaujolais",
        "À l’attention de Mme Sylvie Garnier",
        ("Zone d’activités des Grandes Terres", "12 rue de la République"),
        "69422",
        "Lyon Cedex 03",
        "FR",
    ),
    "germany": PostalAddress(
        "Müller & Söhne Bürobedarf GmbH", "", ("Marienplatz 8",), "80331", "München", "DE"
    ),
}


def letter(recipient: list[str], *, registered: bool = False) -> Letter:
    return Letter(
        language="fr",
        key="formal_notice" if registered else "friendly",
        recipient=tuple(recipient),
        customer_ref="411COOP",
        day=date(2026, 11, 23),
        subject="Rappel : factures échues — réf. client 411COOP",
        salutation="Madame, Monsieur,",
        paragraphs=("Sauf erreur de notre part, les factures ci-dessous restent impayées.",),
        closing="Nous vous prions d’agréer nos salutations distinguées.",
        currency="EUR",
        invoices=(
            InvoiceLine("FA-1", date(2026, 9, 1), date(2026, 10, 1), 120_000, 0, 120_000, 53),
        ),
        total_cents=120_000,
        payment_reference="411COOP-20261123",
        registered=registered,
    )
