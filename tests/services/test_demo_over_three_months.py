"""The demo book reminded at four dates three weeks apart, every letter read back: no letter claims
what it should not, nobody goes backwards, nobody gets two reminders a day, and a formal notice
claims only invoices that had the amicable steps."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from app.db.migrate import Database
from app.db.models import Reminder
from app.domain.calendar import Clock
from app.services.demo import fill_demo
from app.services.dunning import propose
from app.services.dunning_run import run_reminders

FIRST = date(2026, 12, 1)
AMOUNT = r"€?\s?([\d\s.,]*\d)\s?€?"


def text_of(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    pages = [document[n].get_textpage().get_text_range() for n in range(len(document))]
    return " ".join(pages).replace("\u202f", " ").replace("\u00a0", " ").replace("\r\n", " ")


def cents(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


@pytest.mark.long
def test_the_demo_book_reminded_for_three_months(db: Database, tmp_path: Path) -> None:
    with db.session_factory.begin() as session:
        fill_demo(session, Clock.fixed(FIRST))
    for week in range(4):
        day = FIRST + timedelta(weeks=3 * week)
        with db.session_factory.begin() as session:
            run_reminders(
                session,
                Clock.fixed(day),
                propose(session, day).proposals,
                as_of=day,
                database_dir=tmp_path,
                letters_pdf=None,
                accept_last_rates=True,
            )
    seen: dict[int, list[Reminder]] = defaultdict(list)
    with db.session_factory() as session:
        reminders = session.scalars(select(Reminder).order_by(Reminder.sent_on, Reminder.id)).all()
        assert len(reminders) > 150
        assert any(r.credit_cents for r in reminders)  # the demo has customers with credit
        assert any(r.template == "formal_notice" for r in reminders)
        for reminder in reminders:
            text = text_of(tmp_path / str(reminder.document_path))
            total = re.search(rf"(?:Total restant dû|Total due) {AMOUNT}", text)
            assert total is not None, reminder.document_path
            assert cents(total.group(1)) == reminder.total_cents
            with_penalties = re.search(
                rf"(?:Total, pénalités comprises|Total including charges) {AMOUNT}", text
            )
            penalties = reminder.interest_cents + reminder.fixed_cents
            if reminder.template == "formal_notice":
                assert with_penalties is not None and penalties > 0
                assert cents(with_penalties.group(1)) == reminder.total_cents + penalties
            else:  # the last amicable reminder mentions them, and claims nothing
                assert with_penalties is None and penalties == 0
            if reminder.credit_cents:
                assert "Avoir / règlement non affecté" in text or "unallocated payment" in text
            earlier = seen[reminder.customer_id]
            assert all(e.sent_on < reminder.sent_on for e in earlier), "two reminders a day"
            assert all(e.level_rank <= reminder.level_rank for e in earlier), "backwards"
            if reminder.template == "formal_notice":
                for item in reminder.items:
                    steps = [
                        e.level_rank
                        for e in earlier
                        if item.invoice_id in {i.invoice_id for i in e.items}
                    ]
                    assert steps and max(steps) == 4, "notice without the amicable steps"
            earlier.append(reminder)
