"""Registered letters apart: a run's formal notices go into their own PDF with a slip for the
post office, the batch keeps the others; read back from the real PDFs."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from registered_book import NOTICES, ORDINARY, TODAY, fill, plain
from sqlalchemy import select

from app import i18n
from app.db.migrate import Database
from app.db.models import Customer, Reminder
from app.domain.calendar import Clock
from app.domain.money import format_money
from app.services.dunning import propose
from app.services.dunning_run import RunResult, run_reminders


def run(db: Database, folder: Path, **options: object) -> RunResult:
    with db.session_factory.begin() as session:
        plan = propose(session, TODAY)
        return run_reminders(
            session,
            Clock.fixed(TODAY),
            plan.proposals,
            as_of=TODAY,
            database_dir=folder,
            letters_pdf=folder / "letters.pdf",
            **options,  # type: ignore[arg-type]
        )


def text_of(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return plain("\n".join(page.extract_text() or "" for page in pdf.pages))


def claimed(db: Database) -> dict[str, int]:
    """What each formal notice of the day claims, from the database: principal (net of the
    credit), interest and fixed sums, in cents."""
    with db.session_factory() as session:
        rows = session.execute(
            select(Customer.ref, Reminder)
            .join(Customer, Customer.id == Reminder.customer_id)
            .where(Reminder.batch != "earlier", Reminder.template.contains("formal_notice"))
        ).all()
    return {ref: r.total_cents + r.interest_cents + r.fixed_cents for ref, r in rows}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_formal_notices_go_apart_with_a_slip_that_claims_what_they_claim(
    db: Database, tmp_path: Path, language: str
) -> None:
    i18n.set_language(language)  # the slip speaks the user's language, the letters their own
    fill(db)
    result = run(db, tmp_path)
    registered = result.registered
    assert registered is not None
    assert (result.letters, registered.count) == (4, 3)
    assert result.letters_pdf == tmp_path / "letters.pdf"
    assert registered.path == tmp_path / "letters-recommande.pdf"
    assert registered.slip == tmp_path / "letters-recommande-bordereau.pdf"

    batch = text_of(tmp_path / "letters.pdf")
    assert "Dupont et Fils SARL" in batch
    for ref in NOTICES:
        assert ref not in batch
    assert "mise en demeure" not in batch.lower() and "RECOMMANDÉE" not in batch

    notices = text_of(registered.path)
    for ref in NOTICES:
        assert ref in notices
    assert ORDINARY[0] not in notices
    # each letter's first page says how it goes (the mention wraps beside the address block)
    assert notices.count("LETTRE RECOMMANDÉE AVEC ACCUSÉ") == 2  # 411NOT, 411PAR
    assert notices.count("REGISTERED LETTER WITH") == 1  # 411MUL writes in English
    with pdfplumber.open(registered.path) as pdf:
        assert len(pdf.pages) == registered.pages

    slip = text_of(registered.slip)
    amounts = claimed(db)
    assert sorted(amounts) == sorted(NOTICES)
    locale = i18n.current_locale()
    for ref, cents in amounts.items():
        assert plain(format_money(cents, "EUR", locale)) in slip, ref
        assert ref in slip
    assert plain(format_money(sum(amounts.values()), "EUR", locale)) in slip
    for line in ("Transports Legrand & Cie", "ZI des Iles", "45 rue de l’Industrie"):
        assert line in slip
    # the country line is in the language of the post office it leaves from
    assert "38000 GRENOBLE" in slip and "ALLEMAGNE" in slip
    assert "Martine Parc" in slip and "3 place Bellecour" in slip and "69002 LYON" in slip
    for entry in registered.letters:  # the whole block, as the postal rules print it
        assert len(entry.line.recipient) >= 3
        for line in entry.line.recipient:
            assert line in slip, (entry.customer_ref, line)
    assert "Dupont" not in slip
    heading = {"fr": "N° de recommandé", "en": "Registration number"}[language]
    assert heading in slip
    other = {"fr": "Registration number", "en": "N° de recommandé"}[language]
    assert other not in slip


def test_each_formal_notice_prints_the_amount_its_slip_line_says(
    db: Database, tmp_path: Path
) -> None:
    """The letter itself, read back, states the sum the slip and the history give."""
    i18n.set_language("fr")
    fill(db)
    result = run(db, tmp_path)
    assert result.registered is not None
    amounts = claimed(db)
    with db.session_factory() as session:
        archived = dict(
            session.execute(
                select(Customer.ref, Reminder.document_path)
                .join(Customer, Customer.id == Reminder.customer_id)
                .where(Reminder.batch == result.batch)
            ).all()
        )
    for ref in ("411NOT", "411PAR"):  # French letters
        letter = text_of(tmp_path / str(archived[ref]))
        assert plain(format_money(amounts[ref], "EUR", "fr_FR")) in letter
    lines = {r.customer_ref: r.line.amount_cents for r in result.registered.letters}
    assert lines == amounts


def test_the_registered_letters_are_the_archived_ones_page_for_page(
    db: Database, tmp_path: Path
) -> None:
    fill(db)
    result = run(db, tmp_path)
    assert result.registered is not None
    with db.session_factory() as session:
        documents = dict(
            session.execute(
                select(Customer.ref, Reminder.document_path)
                .join(Customer, Customer.id == Reminder.customer_id)
                .where(Reminder.batch == result.batch)
            ).all()
        )
    expected: list[str] = []
    for letter in result.registered.letters:
        with pdfplumber.open(tmp_path / str(documents[letter.customer_ref])) as pdf:
            expected += [p.extract_text() or "" for p in pdf.pages]
    with pdfplumber.open(result.registered.path) as pdf:
        assert [p.extract_text() or "" for p in pdf.pages] == expected
    assert [r.customer_ref for r in result.registered.letters] == sorted(NOTICES)


def test_a_named_file_is_used_and_nothing_is_ever_replaced(db: Database, tmp_path: Path) -> None:
    fill(db)
    wanted = tmp_path / "notices" / "today.pdf"
    wanted.parent.mkdir()
    wanted.write_bytes(b"an earlier batch")
    (tmp_path / "notices" / "today-2-bordereau.pdf").write_bytes(b"an earlier slip")
    result = run(db, tmp_path, registered_pdf=wanted)
    assert result.registered is not None
    assert result.registered.path == tmp_path / "notices" / "today-2.pdf"
    assert result.registered.slip == tmp_path / "notices" / "today-2-bordereau-2.pdf"
    assert wanted.read_bytes() == b"an earlier batch"
    assert (tmp_path / "notices" / "today-2-bordereau.pdf").read_bytes() == b"an earlier slip"
    assert "Transports Legrand" in text_of(result.registered.path)
    assert not (tmp_path / "letters-recommande.pdf").exists()


def test_the_default_name_follows_the_batch_when_the_batch_was_renamed(
    db: Database, tmp_path: Path
) -> None:
    fill(db)
    (tmp_path / "letters.pdf").write_bytes(b"yesterday's batch")
    result = run(db, tmp_path)
    assert result.letters_pdf == tmp_path / "letters-2.pdf"
    assert result.registered is not None
    assert result.registered.path == tmp_path / "letters-2-recommande.pdf"
    assert result.registered.slip == tmp_path / "letters-2-recommande-bordereau.pdf"


def test_without_formal_notices_no_registered_file_is_written(db: Database, tmp_path: Path) -> None:
    fill(db, notices=False)
    result = run(db, tmp_path)
    assert (result.letters, result.registered) == (1, None)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["letters.pdf"]


def test_when_every_letter_is_registered_there_is_no_other_batch(
    db: Database, tmp_path: Path
) -> None:
    fill(db)
    with db.session_factory.begin() as session:
        plan = propose(session, TODAY)
        notices = [p for p in plan.proposals if p.proposal.customer.ref in NOTICES]
        result = run_reminders(
            session,
            Clock.fixed(TODAY),
            notices,
            as_of=TODAY,
            database_dir=tmp_path,
            letters_pdf=tmp_path / "letters.pdf",
        )
    assert (result.letters, result.letters_pdf, result.pages) == (3, None, 0)
    assert result.registered is not None and result.registered.count == 3
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "letters-recommande-bordereau.pdf",
        "letters-recommande.pdf",
    ]


def test_duplex_blanks_apply_to_the_registered_letters_too(db: Database, tmp_path: Path) -> None:
    from dataclasses import replace

    from app.services.letter_settings import load_letter_settings

    fill(db)
    with db.session_factory() as session:
        settings = replace(load_letter_settings(session), duplex_blanks=True)
    result = run(db, tmp_path, settings=settings)
    assert result.registered is not None
    spans = [r.pages for r in result.registered.letters]
    sheets = sum((p.last_page - p.first_page + 2) // 2 for p in spans)
    assert result.registered.pages == 2 * sheets
