"""The customer file's timeline is in the window's language, whatever language wrote the events."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import i18n
from app.db.casework import CallOutcome
from app.db.models import Customer, Invoice
from app.domain.disputes import DisputeReason
from app.mail import keychain
from app.services import disputes, hold, interactions, ledger, promises
from app.services.dunning import propose
from app.services.dunning_run import run_reminders
from app.ui.context import AppContext
from app.ui.customer.customer_view import CustomerView
from app.ui.help_menu import about_text
from app.ui.models.timeline import DETAILS, WHAT

TODAY = date(2026, 11, 22)
SHOTS = Path("/tmp/shots-history")

# Words that only one of the two languages writes in this customer's history.
ENGLISH = re.compile(
    r"\b(Invoice|issued|Payment|received|allocated|Promise|Call|Promised|reminder|letter|email|"
    r"Dispute|opened|Quality|hold|until|Customer|created)\b"
)
FRENCH = re.compile(
    r"\b(Facture|émise|échéance|Règlement|reçu|affecté|Promesse|Appel|rappel|courrier|courriel|"
    r"Litige|ouvert|Qualité|Suspendu|jusqu|Client|créé)"
)


def write_a_history_in_french(context: AppContext, tmp_path: Path) -> int:
    """A payment, a call, a promise, a dispute, a reminder and a hold, written in French."""
    i18n.set_language("fr")
    clock = context.clock
    with context.database.session_factory.begin() as session:
        dupont = session.scalars(select(Customer).where(Customer.ref == "411DUP")).one()
        fa2 = session.scalars(select(Invoice.id).where(Invoice.number == "FA-2")).one()
        ledger.record_payment(
            session,
            clock,
            customer_id=dupont.id,
            amount_cents=20000,
            received_on=TODAY - timedelta(days=2),
            reference="VIR 42",
        )
        interactions.log_call(session, clock, dupont.id, CallOutcome.PROMISED, note="Vendredi")
        disputes.open_dispute(
            session, clock, invoices={fa2: 10000}, reason=DisputeReason.QUALITY, note="Chaises"
        )
        run_reminders(
            session,
            clock,
            [p for p in propose(session, TODAY).proposals if p.proposal.customer.id == dupont.id],
            as_of=TODAY,
            database_dir=tmp_path,
            letters_pdf=None,
        )
        promises.record_promise(
            session, clock, dupont.id, amount_cents=50000, promised_on=TODAY + timedelta(days=7)
        )
        hold.set_hold(session, clock, dupont.id, "Déménagement", TODAY + timedelta(days=20))
        return dupont.id


def shown(qtbot: QtBot, context: AppContext, customer_id: int, shot: str) -> list[str]:
    """Build the customer file as the window does after a language change, read its timeline."""
    view = CustomerView(context)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show_customer(customer_id)
    view.show()
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / shot))
    proxy = view.timeline.proxy
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    return headers + [
        f"{proxy.index(r, WHAT).data()} | {proxy.index(r, DETAILS).data()}"
        for r in range(proxy.rowCount())
    ]


def test_the_same_events_read_in_english_then_in_french(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    customer_id = write_a_history_in_french(context, tmp_path)

    i18n.set_language("en")
    english = shown(qtbot, context, customer_id, "timeline-en.png")
    i18n.set_language("fr")
    french = shown(qtbot, context, customer_id, "timeline-fr.png")

    assert len(english) == len(french) > 10
    assert "Payment | Payment of €200.00 received on 20 Nov 2026 (reference VIR 42), " in "\n".join(
        english
    )
    assert any(
        re.fullmatch(r"(Letter|Email queued) \| \w[\w ]+ \((email|letter)( \+ \w+)*\) — .*: €.*", t)
        for t in english
    ), english
    assert any(
        t.startswith("On hold | Put on hold: Déménagement (until 12 Dec 2026)") for t in english
    )
    assert any("Règlement de 200,00\u00a0€ reçu le 20 nov. 2026" in t for t in french), french
    assert any(
        re.fullmatch(r".+ \| .+ \((courriel|courrier)( \+ \w+)*\) — .*\u00a0: .*€", t)
        for t in french
    ), french
    left_in_english = [t for t in english if FRENCH.search(t) or "\u00a0€" in t]
    left_in_french = [t for t in french if ENGLISH.search(t) or re.search(r"€\d", t)]
    assert left_in_english == [] and left_in_french == []


def test_the_about_box_speaks_the_window_language_down_to_the_keychain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    i18n.set_language("fr")
    text = about_text(Path("/data/relance.sqlite3"))
    assert "Le recouvrement courtois" in text and "le trousseau du système (" in text
    monkeypatch.setattr(keychain, "available", lambda: False)
    text = about_text(Path("/data/relance.sqlite3"))
    assert "nulle part\u00a0: cet ordinateur n’a pas de trousseau" in text
    assert not re.search(r"\b(Database|Logs|password|nowhere|keychain|there)\b", text), text
