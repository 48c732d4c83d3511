"""Render sample letters to PNG for the documentation, through the real pipeline.

    python scripts/letter_samples.py [OUTPUT_DIR]     (default: docs/letters)

A small book is written through the services into a temporary database (the demo's company,
four customers), the day's proposals are made, levels are set as the review screen would, and
each letter is drawn exactly as `dunning run` draws it:

- a friendly reminder to a long-named cooperative with a CEDEX address;
- a second reminder in English to a German customer (with the country line);
- a last amicable reminder listing 40 invoices (over two pages; penalties mentioned, not claimed);
- a formal notice (mise en demeure) with interest and the 40 € indemnities, a newer invoice
  listed apart (it has not been through the amicable steps);
- a last amicable reminder less the credit on the account, one invoice partly disputed;
- a French company's formal notice in English (French law, in euros).

Each customer's earlier reminders are written as history first, so that the level shown is one
the engine would send. The six are drawn on the five envelope layouts in turn.

Then every letter text Relance ships, in French and in English (`<language>-<text>-<layout>`),
the five layouts in turn: each drawn over the figures of a customer of the book (a French one
for French, the Irish one for English), as the reminders are; the few figures a reminder does
not have (a payment's date, a promised date, a plan's schedule) are written into the text as
the documents that use them would; an agreement leaves room for the customer's signature.
"""

from __future__ import annotations

import io
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from sqlalchemy.orm import Session  # noqa: E402

from app.db.migrate import open_database  # noqa: E402
from app.db.models import Contact, CreditNote, Reminder, ReminderItem  # noqa: E402
from app.domain.calendar import Clock  # noqa: E402
from app.letters.content import Letter  # noqa: E402
from app.letters.geometry import LAYOUTS  # noqa: E402
from app.letters.render import LetterRenderer  # noqa: E402
from app.letters.texts import KEYS, LANGUAGES, LetterText  # noqa: E402
from app.services import disputes, ledger  # noqa: E402
from app.services.demo import _company  # noqa: E402
from app.services.dunning import at_level, propose  # noqa: E402
from app.services.letters import compose, letter_text, sender_of  # noqa: E402
from app.services.settings import load_company  # noqa: E402
from app.ui.pdf_pages import page_images  # noqa: E402

AS_OF = date(2026, 6, 15)  # within the half-years of the shipped rates table
DPI = 110
ROTATION = ("fr", "din_b", "din_a", "fr", "ch_right", "us10")  # the six samples' layouts
# what a reminder's figures do not give, as the documents using these texts would write it
EXTRA = {
    "fr": {
        "promised_date": "30 juin 2026",
        "amount": "2\u202f000,00\u00a0€",
        "payment_date": "12 juin 2026",
        "instalments": "- 30 juin 2026\u00a0: 1\u202f000,00\u00a0€\n"
        "- 31 juillet 2026\u00a0: 1\u202f000,00\u00a0€",
    },
    "en": {
        "promised_date": "30 June 2026",
        "amount": "€2,000.00",
        "payment_date": "12 June 2026",
        "instalments": "- 30 June 2026: €1,000.00\n- 31 July 2026: €1,000.00",
    },
}
DESCRIPTIONS = {
    "friendly-cedex": "friendly reminder, CEDEX address (fr)",
    "second-reminder-germany": "second reminder to a German customer (en)",
    "last-reminder-40-invoices": "last reminder listing 40 invoices (fr)",
    "formal-notice": "formal notice, an invoice listed apart (fr)",
    "credit-and-dispute": "last reminder less the credit, one invoice partly disputed (fr)",
    "formal-notice-english": "a French company's formal notice in English (en)",
}
COUNTERSIGN = {"fr": "Bon pour accord, date et signature", "en": "Agreed: date and signature"}
WRITER = {"fr": "411TRAV", "en": "411CORK"}  # whose figures each language's texts are drawn over

CUSTOMERS = [
    # file name, level, customer fields, contact, invoices (days late, amount in cents)
    (
        "friendly-cedex",
        2,
        {
            "ref": "411COOP",
            "name": "Société Coopérative Agricole des Producteurs de Fruits du Beaujolais",
            "address_line1": "Zone d’activités des Grandes Terres",
            "address_line2": "12 rue de la République, bâtiment B",
            "postcode": "69422",
            "city": "Lyon Cedex 03",
        },
        ("Mme Sylvie Garnier", "s.garnier@coop-beaujolais.example"),
        [(9, 184_320), (16, 56_010)],
    ),
    (
        "second-reminder-germany",
        3,
        {
            "ref": "411MULL",
            "name": "Müller & Söhne Bürobedarf GmbH",
            "address_line1": "Marienplatz 8",
            "postcode": "80331",
            "city": "München",
            "country": "DE",
            "language": "en",
        },
        ("Jonas Weber", "j.weber@mueller-soehne.example"),
        [(24, 412_500), (31, 98_740)],
    ),
    (
        "last-reminder-40-invoices",
        4,
        {
            "ref": "411HPD",
            "name": "Hôtel de la Part-Dieu SARL",
            "address_line1": "129 rue Servient",
            "postcode": "69003",
            "city": "Lyon",
        },
        ("Karim Benali", "k.benali@hotel-part-dieu.example"),
        [(36 + 3 * n, 6_180 + 1_371 * n) for n in range(40)],
    ),
    (
        "formal-notice",
        5,
        {
            "ref": "411TRAV",
            "name": "Travaux & Rénovation Dauphinoise <TRD> SAS",
            "address_line1": "4 impasse des Tanneurs",
            "postcode": "38000",
            "city": "Grenoble",
        },
        ("M. Laurent Roche", "l.roche@trd.example"),
        [(52, 1_250_000), (83, 348_900), (121, 97_560), (12, 23_450)],
    ),
    (
        "credit-and-dispute",
        4,
        {
            "ref": "411BOIS",
            "name": "Menuiserie Bois & Lumière SARL",
            "address_line1": "27 chemin de la Scierie",
            "postcode": "42000",
            "city": "Saint-Étienne",
        },
        ("Mme Anne Fabre", "a.fabre@bois-lumiere.example"),
        [(38, 412_980), (45, 228_000), (60, 85_512)],
    ),
    (
        "formal-notice-english",
        5,
        {
            "ref": "411CORK",
            "name": "Cork Harbour Trading Ltd",
            "address_line1": "Unit 4, Marina Commercial Park",
            "postcode": "T12 X2Y3",
            "city": "Cork",
            "country": "IE",
            "language": "en",
        },
        ("Mr Sean Murphy", "s.murphy@corkharbour.example"),
        [(55, 730_000), (70, 191_250)],
    ),
]
DISPUTED = {"411BOIS": (2, 80_000)}  # (invoice number, disputed part)
CREDIT = {"411BOIS": 128_337}  # a payment kept as the customer's credit
NEW = 12  # invoices this late have not been through the amicable steps


def build(folder: Path) -> Path:
    path = folder / "samples.sqlite3"
    database = open_database(path, backup=False)
    clock = Clock.fixed(AS_OF)
    with database.session_factory.begin() as session:
        _company(session)
        for _file, _level, fields, (contact, email), invoices in CUSTOMERS:
            customer = ledger.create_customer(session, clock, **fields)
            session.add(
                Contact(customer_id=customer.id, name=contact, email=email, is_primary=True)
            )
            reminded = []
            for n, (late, cents) in enumerate(invoices, start=1):
                due = AS_OF - timedelta(days=late)
                invoice = ledger.add_invoice(
                    session,
                    clock,
                    customer_id=customer.id,
                    number=f"FA-2026-{fields['ref'][3:]}-{n:02d}",
                    issue_date=due - timedelta(days=30),
                    due_date=due,
                    amount_cents=cents,
                )
                if late > NEW:
                    reminded.append(invoice.id)
                if DISPUTED.get(str(fields["ref"]), (0, 0))[0] == n:
                    disputes.open_dispute(
                        session,
                        clock,
                        invoices={invoice.id: DISPUTED[str(fields["ref"])][1]},
                        reason="quality",
                        note="Finitions à reprendre",
                    )
            _history(session, customer.id, _level - 1, reminded)
            if fields["ref"] in CREDIT:  # as an accounting import leaves it: not yet allocated
                session.add(
                    CreditNote(
                        customer_id=customer.id,
                        number=f"AV-{fields['ref']}",
                        source="samples",
                        issued_on=AS_OF - timedelta(days=3),
                        amount_cents=CREDIT[str(fields["ref"])],
                        currency="EUR",
                        created_at=clock.now(),
                    )
                )
    database.dispose()
    return path


def _history(session: Session, customer_id: int, rank: int, invoice_ids: list[int]) -> None:
    """The reminder just below the one shown, sent a fortnight ago about these invoices."""
    if rank < 1:
        return
    sent = AS_OF - timedelta(days=15)
    session.add(
        Reminder(
            customer_id=customer_id,
            batch="samples",
            policy_key="standard_business",
            level_rank=rank,
            level_name="",
            template="",
            sent_on=sent,
            created_at=datetime.combine(sent, datetime.min.time()).astimezone(),
            channels="letter",
            currency="EUR",
            total_cents=0,
            items=[ReminderItem(invoice_id=i, open_cents=0, days_overdue=0) for i in invoice_ids],
        )
    )


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "letters"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(build(Path(folder)), backup=False)
        with database.session_factory.begin() as session:
            plan = propose(session, AS_OF)
            by_ref = {p.proposal.customer.ref: p for p in plan.proposals}
            sender = sender_of(load_company(session))
            rows: list[tuple[str, str, str, int]] = []
            for (name, level, fields, _contact, _invoices), layout in zip(
                CUSTOMERS, ROTATION, strict=True
            ):
                item = at_level(session, by_ref[str(fields["ref"])], level, AS_OF)
                drawn = compose(session, item, AS_OF)
                pages = _write(out, name, LetterRenderer(sender, layout), drawn)
                rows.append((name, DESCRIPTIONS[name], layout, pages))
            layouts = list(LAYOUTS)
            for n, (language, key) in enumerate((lang, k) for lang in LANGUAGES for k in KEYS):
                layout = layouts[n % len(layouts)]
                rank = 5 if _claims(key) else 4  # penalties stated by the formal notice
                item = at_level(session, by_ref[WRITER[language]], rank, AS_OF)
                text = _filled(letter_text(session, key, language), EXTRA[language])
                drawn = _as_kind(compose(session, item, AS_OF, text=text), key)
                name = f"{language}-{key}-{layout}"
                pages = _write(out, name, LetterRenderer(sender, layout), drawn)
                rows.append((name, f"{key.replace('_', ' ')} ({language})", layout, pages))
        database.dispose()
    (out / "README.md").write_text(_index(rows), encoding="utf-8")
    return 0


def _index(rows: list[tuple[str, str, str, int]]) -> str:
    """A page listing the samples, with their layout and a link to each page's picture."""
    lines = [
        "# Sample letters",
        "",
        "Written by `python scripts/letter_samples.py` through the real pipeline (see the",
        "script's docstring for what each shows); do not edit by hand.",
        "",
        "| letter | envelope layout | PDF | pages |",
        "| --- | --- | --- | --- |",
    ]
    for name, title, layout, pages in rows:
        pictures = " ".join(f"[{n}]({name}-{n}.png)" for n in range(1, pages + 1))
        label = LAYOUTS[layout].label
        lines.append(f"| {title} | {label} | [{name}.pdf]({name}.pdf) | {pictures} |")
    return "\n".join(lines) + "\n"


def _filled(text: LetterText, values: dict[str, str]) -> LetterText:
    subject, body = text.subject, text.body
    for name, value in values.items():
        subject, body = subject.replace(f"{{{name}}}", value), body.replace(f"{{{name}}}", value)
    return replace(text, subject=subject, body=body)


def _as_kind(letter: Letter, key: str) -> Letter:
    """The letter as the text `key` is sent: registered when a formal notice, signed by both
    sides when an agreement, without penalties unless it claims them."""
    formal = key.endswith("formal_notice")
    claims = _claims(key)
    return replace(
        letter,
        key=key,
        registered=formal,
        countersign=COUNTERSIGN[letter.language] if key == "plan_agreement" else "",
        penalties=letter.penalties if claims else (),
        interest_cents=letter.interest_cents if claims else 0,
        fixed_cents=letter.fixed_cents if claims else 0,
        rate_text=letter.rate_text if claims else "",
    )


def _claims(key: str) -> bool:
    """Whether the text claims interest and indemnities."""
    return key.endswith("formal_notice") or key == "late_penalties"


def _write(out: Path, name: str, renderer: LetterRenderer, letter: Letter) -> int:
    """The letter as `name`.pdf and a picture of each page; returns how many pages."""
    buffer = io.BytesIO()
    renderer.render([letter], buffer)
    pages = 0
    for pages, image in enumerate(page_images(buffer.getvalue(), DPI), start=1):
        image.save(str(out / f"{name}-{pages}.png"))
    (out / f"{name}.pdf").write_bytes(buffer.getvalue())
    return pages


if __name__ == "__main__":
    raise SystemExit(main())
