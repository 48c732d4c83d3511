"""The documents around the reminders, read back from their PDFs: a payment plan's agreement
(disputed amounts left out, a QR code for the first instalment, both signatures together at the
end), a receipt whose columns add up, and a statement whose balance counts the credit and whose
words fit a late account or an up-to-date one."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from epc_reading import drawn_qr_cells, epc_cells
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.domain.calendar import Clock
from app.domain.promise_rules import split_equally
from app.letters.render import LetterRenderer
from app.services import disputes, ledger
from app.services.letter_settings import load_letter_settings
from app.services.letters import sender_of, statement_pdf
from app.services.payment_plans import create_plan
from app.services.receipts import receipt_pdf
from app.services.settings import CompanyProfile, load_company

TODAY = date(2026, 11, 22)


def text_of(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages).replace("\u00a0", " ")


def plain(text: str) -> str:
    """Amounts as one reads them: narrow no-break spaces as spaces."""
    return text.replace("\u202f", " ")


def flat(text: str) -> str:
    """The text as one line, to find a sentence wherever the page broke it."""
    return " ".join(plain(text).split())


@pytest.fixture
def dupont(
    db: Database, sign_letters: Callable[[Session], CompanyProfile], request: pytest.FixtureRequest
) -> tuple[int, dict[str, int]]:
    """FA-1 227 days late (400 € paid in May), FA-2 with 200 € of its 500 € in dispute, FA-3
    not yet due; the customer's language is the test's parameter (French by default)."""
    language = getattr(request, "param", "fr")
    clock = Clock.fixed(TODAY)
    with db.session_factory.begin() as session:
        sign_letters(session)
        customer = ledger.create_customer(
            session,
            clock,
            ref="411DUP",
            name="Dupont & Fils",
            address_line1="3 rue Mercière",
            postcode="69002",
            city="Lyon",
            language=language,
        )
        ids = {}
        for number, issued, due, cents in (
            ("FA-1", date(2026, 3, 10), date(2026, 4, 9), 120_000),
            ("FA-2", date(2026, 9, 1), date(2026, 10, 1), 50_000),
            ("FA-3", date(2026, 11, 1), date(2026, 12, 1), 30_000),
        ):
            invoice = ledger.add_invoice(
                session,
                clock,
                customer_id=customer.id,
                number=number,
                issue_date=issued,
                due_date=due,
                amount_cents=cents,
            )
            ids[number] = invoice.id
        return customer.id, ids


def pay(db: Database, customer_id: int, day: date, cents: int, to: dict[int, int]) -> int:
    with db.session_factory.begin() as session:
        posted = ledger.record_payment(
            session,
            Clock.fixed(day),
            customer_id=customer_id,
            amount_cents=cents,
            received_on=day,
            allocate_to=dict(to),
        )
        return posted.document_id


def dispute(db: Database, invoice_id: int, cents: int) -> None:
    with db.session_factory.begin() as session:
        disputes.open_dispute(
            session, Clock.fixed(TODAY), invoices={invoice_id: cents}, reason="quality"
        )


# --- the payment plan's agreement ----------------------------------------------------------------
def test_a_plan_agreement_leaves_out_the_disputed_amounts_and_asks_for_the_first_instalment(
    db: Database, dupont: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    customer_id, ids = dupont
    pay(db, customer_id, date(2026, 5, 2), 40_000, {ids["FA-1"]: 40_000})
    dispute(db, ids["FA-2"], 20_000)
    # Owed: FA-1 800 + FA-2 300 (500 less 200 disputed) + FA-3 300 = 1 400 €, in 3 instalments.
    with (
        db.session_factory.begin() as session,
        pytest.raises(ledger.LedgerError, match="add up to"),
    ):
        create_plan(
            session,
            Clock.fixed(TODAY),
            customer_id,
            split_equally(160_000, 2, date(2026, 12, 5)),
            database_dir=tmp_path,
        )
    schedule = [(date(2026, 12, 5), 50_000), (date(2027, 1, 5), 45_000), (date(2027, 2, 5), 45_000)]
    with db.session_factory.begin() as session:
        plan = create_plan(
            session, Clock.fixed(TODAY), customer_id, schedule, database_dir=tmp_path
        )
        document = tmp_path / str(plan.document_path)
        sender = sender_of(load_company(session))
        reference = f"411DUP-PLAN{plan.id}"
    text = flat(text_of(document))
    assert "1 400,00 €" in text
    assert "Les montants en litige ne font pas partie de cet échéancier (FA-2 : 200,00 €)" in text
    assert "Première échéance : 500,00 €, au plus tard le 5 décembre 2026" in text
    # The QR code asks for the first instalment, not the whole plan.
    drawn = drawn_qr_cells(document)
    assert drawn == epc_cells(sender, Decimal("500.00"), reference)
    assert drawn != epc_cells(sender, Decimal("1400.00"), reference)


def test_both_signatures_sit_together_on_the_last_page_after_the_schedule(
    db: Database, dupont: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    customer_id, _ids = dupont
    with db.session_factory.begin() as session:
        plan = create_plan(
            session,
            Clock.fixed(TODAY),
            customer_id,
            split_equally(200_000, 4, date(2026, 12, 5)),
            database_dir=tmp_path,
        )
        document = tmp_path / str(plan.document_path)
    with pdfplumber.open(document) as pdf:
        pages = [page.extract_words() for page in pdf.pages]
        last = len(pages) - 1

        def where(word: str) -> tuple[int, float, float]:
            for n, words in enumerate(pages):
                for w in words:
                    if w["text"] == word:
                        return n, w["top"], w["x0"]
            raise AssertionError(f"{word} is not in the agreement")

        ours = where("Gérante")  # our signatory's title, under her name
        theirs = where("«")  # "Pour Dupont & Fils, « Bon pour accord », date et signature"
        schedule_end = where("2027")  # the last instalment's year… and the table after it
        table_end = where("Total")
    assert ours[0] == theirs[0] == last
    assert abs(ours[1] - theirs[1]) < 20  # side by side, not one under the other
    assert theirs[2] > ours[2] + 100
    for earlier in (schedule_end, table_end):
        assert (earlier[0], earlier[1]) < (last, min(ours[1], theirs[1]))


# --- the receipt --------------------------------------------------------------------------------
ROW = re.compile(r"^(FA-\d) \S+ \S+ (.+?) €( .+? €| —)( .+? €| —) (.+?) €")


def receipt_rows(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """Each invoice row as (amount, paid so far, this payment, still due) in cents."""

    def cents(cell: str) -> int:
        cell = cell.strip()
        if cell == "—":
            return 0
        return int(plain(cell).rstrip(" €").replace(" ", "").replace(",", ""))

    rows = {}
    for line in plain(text_of(path)).splitlines():
        match = ROW.match(line)
        if match:
            number, *cells = match.groups()
            amount, paid, settled, due = (cents(c) for c in cells)
            rows[number] = (amount, paid, settled, due)
    return rows


def test_a_receipt_row_adds_up_after_a_partial_then_a_final_payment(
    db: Database, dupont: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    customer_id, ids = dupont
    first = pay(db, customer_id, date(2026, 5, 2), 40_000, {ids["FA-1"]: 40_000})
    # The second payment settles FA-1 and FA-2 and leaves 150 € on the account.
    final = pay(db, customer_id, TODAY, 145_000, {ids["FA-1"]: 80_000, ids["FA-2"]: 50_000})
    with db.session_factory.begin() as session:
        early = receipt_pdf(session, Clock.fixed(TODAY), first, tmp_path)
        late = receipt_pdf(session, Clock.fixed(TODAY), final, tmp_path)
    assert receipt_rows(early) == {"FA-1": (120_000, 120_000, 40_000, 0)}
    rows = receipt_rows(late)
    assert rows == {"FA-1": (120_000, 120_000, 80_000, 0), "FA-2": (50_000, 50_000, 50_000, 0)}
    for amount, paid, settled, due in rows.values():
        assert amount - paid == due and settled <= paid
    text = flat(text_of(late))
    assert "Ce règlement" in text
    assert "150,00 € de ce règlement ne sont affectés à aucune facture" in text
    # The balance counts that credit: FA-3's 300 € less 150 €.
    assert "Le solde de votre compte s’établit désormais à 150,00 €" in text


def test_a_partial_payment_shows_what_was_paid_before_and_what_it_settled(
    db: Database, dupont: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    customer_id, ids = dupont
    pay(db, customer_id, date(2026, 5, 2), 40_000, {ids["FA-1"]: 40_000})
    partial = pay(db, customer_id, TODAY, 30_000, {ids["FA-1"]: 30_000})
    with db.session_factory.begin() as session:
        path = receipt_pdf(session, Clock.fixed(TODAY), partial, tmp_path)
    assert receipt_rows(path) == {"FA-1": (120_000, 70_000, 30_000, 50_000)}


# --- the statement of account -------------------------------------------------------------------
def statement(db: Database, customer_id: int, tmp_path: Path) -> str:
    with db.session_factory() as session:
        settings = load_letter_settings(session)
        renderer = LetterRenderer(
            sender_of(load_company(session)), settings.envelope, settings.paper_key
        )
        data = statement_pdf(session, customer_id, TODAY, renderer)
    path = tmp_path / "releve.pdf"
    path.write_bytes(data)
    return flat(text_of(path))


@pytest.mark.parametrize(
    ("dupont", "late_words", "balance"),
    [
        ("fr", "dont 800,00 € arrivés à échéance", "solde de 1 000,00 €"),
        ("en", "of which €800.00 has fallen due", "balance of €1,000.00"),
    ],
    indirect=["dupont"],
)
def test_a_late_accounts_statement_counts_the_credit_and_asks_for_what_is_due(
    db: Database,
    dupont: tuple[int, dict[str, int]],
    tmp_path: Path,
    late_words: str,
    balance: str,
) -> None:
    customer_id, ids = dupont
    pay(db, customer_id, date(2026, 5, 2), 40_000, {ids["FA-1"]: 40_000})
    pay(db, customer_id, TODAY, 40_000, {ids["FA-3"]: 10_000})  # 300 € left as credit
    dispute(db, ids["FA-2"], 20_000)
    # Open 800 + 500 + 200, less 200 disputed, less 300 credit = 1 000; due: 800 + 300 − 300.
    text = statement(db, customer_id, tmp_path)
    assert balance in text and late_words in text
    assert "−300,00 €" in text or "−€300.00" in text
    assert "n’appelle aucune démarche" not in text and "requires no action" not in text
    assert "9 avril 2026" in text or "9 April 2026" in text


@pytest.mark.parametrize(
    ("dupont", "words"),
    [("fr", "il n’appelle aucune démarche"), ("en", "requires no action")],
    indirect=["dupont"],
)
def test_an_up_to_date_statement_is_for_information_only(
    db: Database, dupont: tuple[int, dict[str, int]], tmp_path: Path, words: str
) -> None:
    customer_id, ids = dupont
    pay(db, customer_id, TODAY, 170_000, {ids["FA-1"]: 120_000, ids["FA-2"]: 50_000})
    text = statement(db, customer_id, tmp_path)
    assert words in text
    assert "arrivés à échéance" not in text and "fallen due" not in text
