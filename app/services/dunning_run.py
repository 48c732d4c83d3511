"""Running the reminders: letters into one batch PDF to print, emails queued, calls planned, and
every action in each customer's history, in one transaction.

Each letter is also archived on its own, exactly as printed, with its SHA-256, and its history
event points to it.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
from sqlalchemy.orm import Session

from app.db.models import Reminder, ReminderItem, Task
from app.domain.calendar import Clock
from app.domain.dunning import EMAIL, LETTER, PHONE
from app.domain.events import EventKind
from app.i18n import _
from app.letters.content import Letter
from app.letters.render import LetterRenderer, Placed
from app.letters.wording import money, words
from app.services import history
from app.services.dunning import DunningProposal, level_label, level_title
from app.services.letter_settings import LetterSettings, load_letter_settings
from app.services.letters import (
    ARCHIVE,
    Recipient,
    compose,
    recipient_of,
    sender_of,
    statement_pdf,
)
from app.services.outbox import queue_email
from app.services.settings import CompanyProfile, load_company


@dataclass
class RunResult:
    batch: str
    letters: int = 0
    emails: int = 0
    calls: int = 0
    pages: int = 0
    reminders: list[int] = field(default_factory=list)
    archived: list[Path] = field(default_factory=list)


def email_body(letter: Letter, signatory: str) -> str:
    """The plain-text email of a reminder: the same words as the letter, the invoices listed."""
    w = words(letter.language)
    lines = [letter.salutation, ""]
    for paragraph in letter.paragraphs:
        lines += [paragraph, ""]
    for invoice in letter.invoices:
        due = invoice.due_date.strftime("%d/%m/%Y")
        amount = money(invoice.due_cents, letter.currency, letter.language)
        lines.append(f"- {w['invoice']} {invoice.number} ({w['due'].lower()} {due}) : {amount}")
    if letter.invoices:
        total = money(letter.total_cents, letter.currency, letter.language)
        sep = " : " if letter.language == "fr" else ": "
        lines += ["", f"{w['total']}{sep}{total}", ""]
    lines += [letter.closing, "", signatory]
    return "\n".join(lines)


def run_reminders(
    session: Session,
    clock: Clock,
    items: Sequence[DunningProposal],
    *,
    as_of: date,
    database_dir: Path,
    letters_pdf: Path | None,
    queue_emails: bool = True,
    settings: LetterSettings | None = None,
) -> RunResult:
    """Carry out the chosen proposals; the caller commits (or rolls back on any error).

    Every letter is drawn once, in one document; each is archived as its own page range of it,
    and the batch to print is made of the ranges of those that go by post.
    """
    settings = settings or load_letter_settings(session)
    company = load_company(session)
    renderer = LetterRenderer(sender_of(company), settings.envelope, settings.paper_key)
    result = RunResult(batch=f"{as_of:%Y%m%d}-{uuid.uuid4().hex[:8]}")
    folder = database_dir / ARCHIVE / f"{as_of:%Y}" / f"{as_of:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    signatory = company.signatory_name or company.name
    plans = [_plan(session, item, as_of, company, settings, queue_emails) for item in items]
    if not plans:
        return result
    drawn = io.BytesIO()
    placed = renderer.render([letter for letter, _r, _c in plans], drawn)
    document = pdfium.PdfDocument(drawn.getvalue())
    printed: list[Placed] = []
    for item, (letter, recipient, channels), pages in zip(items, plans, placed, strict=True):
        proposal = item.proposal
        data = _pages(document, [pages])
        digest = hashlib.sha256(data).hexdigest()
        path = folder / f"{result.batch}-{_safe(proposal.customer.ref)}-{proposal.level.rank}.pdf"
        path.write_bytes(data)
        result.archived.append(path)
        relative = path.relative_to(database_dir).as_posix()
        reminder = _reminder(item, result.batch, as_of, clock, channels, relative, digest)
        session.add(reminder)
        session.flush()
        result.reminders.append(reminder.id)
        if LETTER in channels:
            printed.append(pages)
            result.letters += 1
        if EMAIL in channels:
            extras = []
            if proposal.level.attach_statement:
                statement = statement_pdf(session, proposal.customer.id, as_of, renderer)
                extra = folder / f"{result.batch}-{_safe(proposal.customer.ref)}-releve.pdf"
                extra.write_bytes(statement)
                extras.append(extra.relative_to(database_dir).as_posix())
            queue_email(
                session,
                clock,
                customer_id=proposal.customer.id,
                to_address=recipient.email,
                to_name=recipient.contact_name,
                subject=letter.subject,
                body=email_body(letter, signatory),
                attachment_path=relative,
                extra_attachments=extras,
                reminder_id=reminder.id,
            )
            result.emails += 1
        if PHONE in channels:
            session.add(
                Task(
                    customer_id=proposal.customer.id,
                    reminder_id=reminder.id,
                    kind="call",
                    due_on=as_of,
                    text=f"{level_label(proposal.level)} — {letter.subject}",
                )
            )
            result.calls += 1
        _record(session, clock, item, letter, channels, relative, digest)
    if letters_pdf is not None and printed:
        data = _pages(document, printed, duplex_blanks=settings.duplex_blanks)
        letters_pdf.write_bytes(data)
        result.pages = len(pdfium.PdfDocument(data))
    return result


def _plan(
    session: Session,
    item: DunningProposal,
    as_of: date,
    company: CompanyProfile,
    settings: LetterSettings,
    queue_emails: bool,
) -> tuple[Letter, Recipient, list[str]]:
    """The letter, its recipient, and the channels it really goes by: email falls back to a
    letter when emails are not queued or there is no address."""
    letter = compose(session, item, as_of, company=company, settings=settings)
    recipient = recipient_of(session, item.proposal.customer.id)
    channels = list(item.proposal.channels)
    if EMAIL in channels and (not queue_emails or not recipient.email):
        channels = [LETTER if c == EMAIL else c for c in channels]
    return letter, recipient, list(dict.fromkeys(channels))


def _pages(
    document: pdfium.PdfDocument, ranges: Sequence[Placed], *, duplex_blanks: bool = False
) -> bytes:
    """A new PDF of page ranges of a drawn one; with duplex blanks, each range fills sheets."""
    out = pdfium.PdfDocument.new()
    for placed in ranges:
        out.import_pages(document, pages=list(range(placed.first_page - 1, placed.last_page)))
        if duplex_blanks and (placed.last_page - placed.first_page + 1) % 2:
            width, height = document[placed.first_page - 1].get_size()
            out.new_page(width, height)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _reminder(
    item: DunningProposal,
    batch: str,
    as_of: date,
    clock: Clock,
    channels: list[str],
    document: str,
    digest: str,
) -> Reminder:
    proposal = item.proposal
    return Reminder(
        customer_id=proposal.customer.id,
        batch=batch,
        policy_key=item.policy_key,
        level_rank=proposal.level.rank,
        level_name=level_title(proposal.level),
        template=proposal.level.template,
        sent_on=as_of,
        created_at=clock.now(),
        channels=",".join(channels),
        currency=proposal.currency,
        total_cents=proposal.total_cents,
        interest_cents=item.penalties.interest_cents,
        fixed_cents=item.penalties.fixed_cents,
        document_path=document,
        document_sha256=digest,
        items=[
            ReminderItem(
                invoice_id=p.invoice.id,
                open_cents=p.invoice.remindable_cents,
                days_overdue=p.days_overdue,
            )
            for p in proposal.invoices
        ],
    )


def _record(
    session: Session,
    clock: Clock,
    item: DunningProposal,
    letter: Letter,
    channels: list[str],
    document: str,
    digest: str,
) -> None:
    proposal = item.proposal
    numbers = ", ".join(p.invoice.number for p in proposal.invoices)
    total = money(proposal.total_cents, proposal.currency, letter.language)
    how = " + ".join(channels)
    summary = f"{level_label(proposal.level)} ({how}) — {numbers} : {total}"
    if item.penalties.total_cents:
        penalties = money(item.penalties.total_cents, proposal.currency, letter.language)
        summary += f" + {penalties}"
    kind = EventKind.LETTER_SENT if LETTER in channels else EventKind.EMAIL_QUEUED
    event = history.record(
        session,
        clock,
        proposal.customer.id,
        kind,
        summary,
        invoice_id=proposal.invoices[0].invoice.id if len(proposal.invoices) == 1 else None,
        payload={
            "level": proposal.level.rank,
            "template": proposal.level.template,
            "channels": channels,
            "invoice_ids": [p.invoice.id for p in proposal.invoices],
            "sha256": digest,
        },
    )
    event.document_path = document


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def record_exclusions(
    session: Session, clock: Clock, excluded: Sequence[tuple[DunningProposal, str]]
) -> None:
    """Proposals the credit manager held back, with the reason given, in each history."""
    for item, reason in excluded:
        proposal = item.proposal
        numbers = ", ".join(p.invoice.number for p in proposal.invoices)
        summary = _("{level} not sent for {invoices}: {reason}").format(
            level=level_label(proposal.level), invoices=numbers, reason=reason or "—"
        )
        history.record(
            session,
            clock,
            proposal.customer.id,
            EventKind.REMINDER_SKIPPED,
            summary,
            payload={
                "level": proposal.level.rank,
                "invoice_ids": [p.invoice.id for p in proposal.invoices],
                "reason": reason,
            },
        )
