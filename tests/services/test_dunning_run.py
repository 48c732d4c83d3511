"""Proposals against the ledger, a full run read back, a formal notice's penalties to the cent."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.db.models import Contact, HistoryEvent, OutboxMessage, Reminder, Task
from app.domain.calendar import Clock
from app.domain.dunning import LevelRefused
from app.domain.penalties import RatePeriod
from app.services import disputes, dunning_config, hold, ledger, promises
from app.services.dunning import at_level, propose
from app.services.dunning_run import ReminderEdit, paragraphs_of, run_reminders
from app.services.settings import CompanyProfile, save_company

TODAY = date(2026, 11, 23)


def customer(
    session: Session, clock: Clock, ref: str, invoices: list[tuple[int, int]], **fields: object
) -> int:
    """A customer with invoices (days late, cents) and a contact with an email."""
    made = ledger.create_customer(session, clock, ref=ref, name=f"Client {ref}", **fields)
    session.add(
        Contact(
            customer_id=made.id, name="Compta", email=f"{ref.lower()}@example.fr", is_primary=True
        )
    )
    for n, (late, cents) in enumerate(invoices, start=1):
        due = TODAY - timedelta(days=late)
        ledger.add_invoice(
            session,
            clock,
            customer_id=made.id,
            number=f"{ref}-{n}",
            issue_date=due - timedelta(days=30),
            due_date=due,
            amount_cents=cents,
        )
    return made.id


@pytest.fixture
def book(db: Database) -> Database:
    clock = Clock.fixed(TODAY)
    with db.session_factory.begin() as session:
        save_company(
            session,
            CompanyProfile(
                name="Bureautique Lyonnaise",
                address_line1="12 rue de la République",
                postcode="69002",
                city="Lyon",
                iban="FR7630006000011234567890189",
                bic="AGRIFRPPXXX",
                phone="04 78 00 00 00",
                email="relances@example.fr",
                signatory_name="Claire Martin",
            ),
        )
        customer(session, clock, "411DUP", [(10, 120_000), (25, 30_000)])
        disputed = customer(session, clock, "411LIT", [(40, 50_000)])
        promised = customer(session, clock, "411PRO", [(40, 80_000)])
        held = customer(session, clock, "411HLD", [(40, 90_000)])
        customer(session, clock, "411PAR", [(40, 60_000)], kind="individual")
        invoice = ledger.invoice_by_number(session, "411LIT-1")
        disputes.open_dispute(session, clock, invoices={invoice.id: None}, reason="quality")
        promises.record_promise(
            session,
            clock,
            promised,
            amount_cents=80_000,
            promised_on=TODAY + timedelta(days=5),
            invoice_ids=[ledger.invoice_by_number(session, "411PRO-1").id],
        )
        hold.set_hold(session, clock, held, "Takeover in progress")
        assert disputed
    return db


def test_proposals_match_the_ledger_and_exclusions_have_their_reason(book: Database) -> None:
    with book.session_factory.begin() as session:
        plan = propose(session, TODAY)
    document = plan.to_json()
    proposals = {p["customer_ref"]: p for p in document["proposals"]}  # type: ignore[union-attr,index]
    assert sorted(proposals) == ["411DUP", "411PAR"]
    dupont = proposals["411DUP"]
    assert [(i["number"], i["open_amount"], i["days_overdue"]) for i in dupont["invoices"]] == [
        ("411DUP-2", "300.00", 25),
        ("411DUP-1", "1200.00", 10),
    ]
    assert (dupont["total"], dupont["level_name"], dupont["interest"]) == (
        "1500.00",
        "Friendly reminder",
        "0.00",
    )
    assert proposals["411PAR"]["level_name"] == "Friendly reminder"
    skipped = {s["customer_ref"]: s["reason"] for s in document["skipped"]}  # type: ignore[union-attr]
    assert skipped == {"411LIT": "dispute", "411PRO": "promise", "411HLD": "hold"}


def test_a_run_prints_archives_queues_and_records(book: Database, tmp_path: Path) -> None:
    clock = Clock.fixed(TODAY)
    batch = tmp_path / "letters.pdf"
    with book.session_factory.begin() as session:
        plan = propose(session, TODAY)
        result = run_reminders(
            session,
            clock,
            plan.proposals,
            as_of=TODAY,
            database_dir=tmp_path,
            letters_pdf=batch,
        )
    assert (result.letters, result.emails, len(result.reminders)) == (2, 2, 2)
    with pdfplumber.open(batch) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Client 411DUP" in text and "Client 411PAR" in text and "411LIT" not in text
    with book.session_factory() as session:
        for reminder in session.scalars(select(Reminder)):
            archived = tmp_path / str(reminder.document_path)
            assert hashlib.sha256(archived.read_bytes()).hexdigest() == reminder.document_sha256
        events = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "letter_sent")
        ).all()
        assert len(events) == 2 and all(e.document_path for e in events)
        outbox = sorted(session.scalars(select(OutboxMessage.to_address)))
        assert outbox == ["411dup@example.fr", "411par@example.fr"]
        # the same day again: nothing new to say
        again = propose(session, TODAY)
        assert again.proposals == []


def test_an_edited_reminder_says_the_user_s_words_and_the_others_do_not(
    book: Database, tmp_path: Path
) -> None:
    clock = Clock.fixed(TODAY)
    with book.session_factory.begin() as session:
        plan = propose(session, TODAY)
        dupont = next(i for i in plan.proposals if i.proposal.customer.ref == "411DUP")
        edit = ReminderEdit(
            letter=("Comme convenu au téléphone, voici le point.", "Merci d'avance."),
            email=paragraphs_of("Bonjour Paul,\n\nUn petit mot  \n comme convenu."),
        )
        run_reminders(
            session,
            clock,
            plan.proposals,
            as_of=TODAY,
            database_dir=tmp_path,
            letters_pdf=tmp_path / "letters.pdf",
            edits={dupont.customer_id: edit},
        )
    with book.session_factory() as session:
        documents = {
            "411DUP" if r.customer_id == dupont.customer_id else "other": tmp_path
            / str(r.document_path)
            for r in session.scalars(select(Reminder))
        }
        bodies = dict(session.execute(select(OutboxMessage.to_address, OutboxMessage.body)).all())
        events = {
            e.customer_id: e
            for e in session.scalars(select(HistoryEvent).where(HistoryEvent.kind == "letter_sent"))
        }
    for ref, path in documents.items():
        with pdfplumber.open(path) as pdf:
            text = " ".join((page.extract_text() or "").replace("\n", " ") for page in pdf.pages)
        assert ("Comme convenu au téléphone, voici le point." in text) == (ref == "411DUP")
        assert "1 500,00" in text or ref != "411DUP"  # the figures stay generated
    assert "Un petit mot comme convenu." in bodies["411dup@example.fr"]
    assert "Comme convenu" not in bodies["411dup@example.fr"]
    assert "Un petit mot" not in bodies["411par@example.fr"]
    edited = events[dupont.customer_id]
    assert edited.payload["edited"] is True and edited.summary.endswith("(edited)")
    other = next(e for c, e in events.items() if c != dupont.customer_id)
    assert "edited" not in other.payload and "(edited)" not in other.summary


def test_the_next_level_comes_one_step_later_with_a_call(book: Database, tmp_path: Path) -> None:
    with book.session_factory.begin() as session:
        run_reminders(
            session,
            Clock.fixed(TODAY),
            propose(session, TODAY).proposals,
            as_of=TODAY,
            database_dir=tmp_path,
            letters_pdf=None,
        )
    later = TODAY + timedelta(days=40)
    with book.session_factory.begin() as session:
        plan = propose(session, later)
        levels = {p.proposal.customer.ref: p.proposal.level.template for p in plan.proposals}
        assert levels["411DUP"] == "firm"  # not the formal notice, though 65 days late
        assert levels["411PAR"] == "individual_firm"
        run_reminders(
            session,
            Clock.fixed(later),
            plan.proposals,
            as_of=later,
            database_dir=tmp_path,
            letters_pdf=None,
        )
        tasks = session.scalars(select(Task.customer_id)).all()
        assert len(tasks) == 1  # the individuals' second reminder asks for a call


def walk(book: Database, tmp_path: Path, first: date, days: int) -> None:
    """Send every reminder proposed, day after day, as a diligent credit manager would."""
    for offset in range(days):
        day = first + timedelta(days=offset)
        with book.session_factory.begin() as session:
            run_reminders(
                session,
                Clock.fixed(day),
                propose(session, day).proposals,
                as_of=day,
                database_dir=tmp_path,
                letters_pdf=None,
            )


def test_a_formal_notice_by_hand_needs_the_amicable_steps_first(book: Database) -> None:
    with book.session_factory.begin() as session:
        plan = propose(session, TODAY)
        dupont = next(p for p in plan.proposals if p.proposal.customer.ref == "411DUP")
        with pytest.raises(LevelRefused):
            at_level(session, dupont, 5, TODAY)  # 10 and 25 days late, never reminded


def test_a_formal_notice_states_the_interest_and_indemnities_of_the_ledger(
    book: Database, tmp_path: Path
) -> None:
    with book.session_factory.begin() as session:
        periods = dunning_config.rates(session)
        # The table stops at 2026 H1; this test's own later rows (users enter the real ones).
        later = [RatePeriod("FR", date(y, m, 1), 215, 262) for y, m in ((2026, 7), (2027, 1))]
        dunning_config.save_rates(session, [*periods, *later])
    walk(book, tmp_path, TODAY, 60)
    with book.session_factory() as session:
        notice = session.scalars(select(Reminder).where(Reminder.template == "formal_notice")).one()
        levels = [
            r.level_rank
            for r in session.scalars(
                select(Reminder)
                .where(Reminder.customer_id == notice.customer_id)
                .order_by(Reminder.sent_on)
            )
        ]
        assert levels == [2, 3, 4, 5]  # one step at a time, the notice last
        day = notice.sent_on
        document = (tmp_path / str(notice.document_path)).read_bytes()
    late = [(day - (TODAY - timedelta(days=d))).days for d in (10, 25)]
    assert late == [35 + 7, 50 + 7]  # the older one set the day; both had every amicable step
    rate = Fraction(1215, 10_000)  # 2026: ECB 2.15 % + 10 points; no floor without agreed rate
    expected = round(120_000 * rate * late[0] / 365) + round(30_000 * rate * late[1] / 365)
    assert (notice.interest_cents, notice.fixed_cents) == (expected, 2 * 4_000)
    with pdfplumber.open(io.BytesIO(document)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    plain = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "mise en demeure" in plain.lower()
    assert f"{expected // 100},{expected % 100:02d} €" in plain
    assert "80,00 €" in plain
    total = 150_000 + expected + 8_000
    assert f"{total // 100:,},{total % 100:02d} €".replace(",", " ", 1) in plain
    assert "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION" in plain.replace("\n", " ")
    assert "12,15 % au 2d semestre 2026" in plain.replace("\n", " ")
