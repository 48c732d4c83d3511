"""Formal notices recomputed to the cent, by the creditor's law, read back from the PDF."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta
from fractions import Fraction

import pdfplumber
import pytest

from app.db.migrate import Database
from app.db.models import Contact, Reminder, ReminderItem
from app.domain.calendar import Clock
from app.services import ledger
from app.services.dunning import DunningProposal, propose
from app.services.letter_settings import load_letter_settings, save_letter_settings
from app.services.letters import compose, draw
from app.services.settings import CompanyProfile, save_company

AS_OF = date(2026, 6, 15)
BRITISH = CompanyProfile(
    name="Thames Office Supplies Ltd",
    address_line1="10 Fleet Street",
    postcode="EC4Y 1AA",
    city="London",
    country="GB",
    phone="020 7946 0000",
    email="accounts@thames.example",
    signatory_name="Jane Smith",
    signatory_title="Credit controller",
)


def notice_for(
    db: Database,
    company: CompanyProfile,
    *,
    language: str,
    currency: str,
    invoices: list[tuple[date, int]],
    country: str = "FR",
) -> DunningProposal:
    """A customer whose invoices had every amicable reminder: the formal notice of AS_OF."""
    clock = Clock.fixed(AS_OF - timedelta(days=300))
    with db.session_factory.begin() as session:
        save_company(session, company)
        customer = ledger.create_customer(
            session,
            clock,
            ref="411LAW",
            name="Debtor Ltd" if country == "GB" else "Débiteur SARL",
            language=language,
            country=country,
            address_line1="1 High Street" if country == "GB" else "3 rue Vendôme",
            postcode="SW1A 1AA" if country == "GB" else "69006",
            city="London" if country == "GB" else "Lyon",
        )
        session.add(Contact(customer_id=customer.id, name="Accounts", email="a@debtor.example"))
        items = []
        for n, (due, cents) in enumerate(invoices, start=1):
            invoice = ledger.add_invoice(
                session,
                clock,
                customer_id=customer.id,
                number=f"N-{n}",
                issue_date=due - timedelta(days=30),
                due_date=due,
                amount_cents=cents,
                currency=currency,
            )
            items.append(ReminderItem(invoice_id=invoice.id, open_cents=cents, days_overdue=35))
        sent = AS_OF - timedelta(days=20)
        session.add(
            Reminder(
                customer_id=customer.id,
                batch="history",
                policy_key="standard_business",
                level_rank=4,
                level_name="",
                template="last_amicable",
                sent_on=sent,
                created_at=datetime.combine(sent, datetime.min.time()).astimezone(),
                channels="letter",
                currency=currency,
                total_cents=0,
                items=items,
            )
        )
    with db.session_factory.begin() as session:
        (item,) = propose(session, AS_OF).proposals
    assert item.proposal.level.formal_notice
    return item


def pdf_text(db: Database, item: DunningProposal) -> str:
    with db.session_factory() as session:
        data = draw(session, compose(session, item, AS_OF))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return text.replace("\u202f", " ").replace("\u00a0", " ").replace("\n", " ")


def test_a_french_notice_with_an_agreed_rate_claims_it_as_agreed(
    db: Database, signing_company: CompanyProfile
) -> None:
    with db.session_factory.begin() as session:
        save_letter_settings(
            session, replace(load_letter_settings(session), agreed_rate_percent="15")
        )
    due = date(2026, 3, 31)  # 76 days late on 15 June, all in 2026 H1
    item = notice_for(db, signing_company, language="fr", currency="EUR", invoices=[(due, 596_819)])
    days = (AS_OF - due).days
    interest = round(Fraction(596_819 * 1500 * days, 10_000 * 365))
    assert (item.penalties.interest_cents, item.penalties.fixed_cents) == (interest, 4_000)
    text = pdf_text(db, item)
    euros = f"{interest // 100},{interest % 100:02d} €"
    assert euros in text
    total = 596_819 + interest + 4_000
    assert f"{total // 100000} {total // 100 % 1000:03d},{total % 100:02d} €" in text
    assert "15,00 % l’an convenu" in text
    assert "BCE" not in text  # not "12,15 % (BCE + 10 points)"
    assert "L441-10" in text and "D441-5" in text


def test_a_french_company_writing_in_english_cites_french_law_in_euros(
    db: Database, signing_company: CompanyProfile
) -> None:
    due = date(2026, 4, 15)
    item = notice_for(db, signing_company, language="en", currency="EUR", invoices=[(due, 250_000)])
    days = (AS_OF - due).days
    interest = round(Fraction(250_000 * 1215 * days, 10_000 * 365))  # ECB 2.15 % + 10 points
    assert item.penalties.interest_cents == interest
    text = pdf_text(db, item)
    assert "Article L441-10 of the French Commercial Code" in text
    assert "Article D441-5" in text and "Article 1344 of the French Civil Code" in text
    assert "Late Payment of Commercial Debts" not in text
    assert "REGISTERED LETTER WITH ACKNOWLEDGEMENT OF RECEIPT" in text
    assert "RECORDED DELIVERY" not in text
    assert f"€{interest // 100}.{interest % 100:02d}" in text and "€40.00" in text
    assert "12.15% in the first half of 2026" in text
    assert "£" not in text


def test_a_british_notice_keeps_the_rate_of_the_day_the_debt_became_late(db: Database) -> None:
    # Late from 1 December 2025: the Bank of England rate of 30 June 2025 (4.25 %) plus 8 points
    # holds for the whole debt, although the rate of 31 December 2025 is 3.75 %.
    due = date(2025, 11, 30)
    item = notice_for(
        db, BRITISH, language="en", currency="GBP", invoices=[(due, 500_000)], country="GB"
    )
    days = (AS_OF - due).days
    assert days == 197
    interest = round(Fraction(500_000 * 1225 * days, 10_000 * 365))
    assert (item.penalties.interest_cents, item.penalties.fixed_cents) == (interest, 7_000)
    text = pdf_text(db, item)
    assert f"£{interest // 100:,}.{interest % 100:02d}" in text and "£70.00" in text
    total = 500_000 + interest + 7_000
    assert f"£{total // 100:,}.{total % 100:02d}" in text
    assert "Late Payment of Commercial Debts (Interest) Act 1998" in text
    assert "12.25% a year" in text and "4.25% in force on 30 June 2025" in text
    assert "11.75%" not in text and "Code de commerce" not in text and "€" not in text
    assert "RECORDED DELIVERY" in text


def test_a_british_company_writing_in_french_cites_its_own_act_in_pounds(db: Database) -> None:
    due = date(2026, 3, 31)
    item = notice_for(
        db, BRITISH, language="fr", currency="GBP", invoices=[(due, 90_000)], country="FR"
    )
    assert item.penalties.fixed_cents == 4_000 and item.penalties.fixed_currency == "GBP"
    text = pdf_text(db, item)
    assert "Late Payment of Commercial Debts (Interest) Act 1998" in text
    assert "40,00 £" in text and "€" not in text
    assert "L441-10" not in text and "1344" not in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_individual_never_gets_business_penalties(
    db: Database, language: str, signing_company: CompanyProfile
) -> None:
    with db.session_factory.begin() as session:
        save_company(session, signing_company)
        person = ledger.create_customer(
            session,
            Clock.fixed(AS_OF),
            ref="411IND",
            name="M. Durand",
            kind="individual",
            language=language,
        )
        ledger.add_invoice(
            session,
            Clock.fixed(AS_OF),
            customer_id=person.id,
            number="P-1",
            issue_date=date(2026, 3, 1),
            due_date=date(2026, 3, 31),
            amount_cents=30_000,
        )
    with db.session_factory.begin() as session:
        (item,) = propose(session, AS_OF).proposals
    assert item.penalties.items == ()
    assert "L441-10" not in pdf_text(db, item)
