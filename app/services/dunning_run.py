"""Running the reminders: letters into one batch PDF to print, the registered ones (formal
notices) apart with their slip, emails queued, calls planned, and every action in each customer's
history, in one transaction.

Each letter is also archived on its own, exactly as printed, with its SHA-256, and its history
event points to it. The batches and the archived letters take their names only when the
transaction commits (`app.db.staging`): a run stopped at any moment leaves either nothing to post
or everything recorded, and a batch never replaces an earlier one.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.db.models import Reminder, ReminderHoldback, ReminderItem, Task
from app.db.staging import stage
from app.domain.calendar import Clock, format_date
from app.domain.dunning import EMAIL, LETTER, PHONE
from app.domain.events import EventKind
from app.i18n import N_, _, current_locale
from app.letters import legal
from app.letters.content import InvoiceLine, Letter, Placed, Sender
from app.letters.wording import money, words
from app.services import history, history_text
from app.services.dunning import (
    DunningProposal,
    half_year_name,
    level_label,
    level_title,
    next_level_day,
)
from app.services.dunning_batches import (
    RegisteredLetter,
    RegisteredLetters,
    page_count,
    pages_of,
    registered_beside,
    write_registered,
)
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


class RunRefused(ValueError):
    """A run that must not start; every problem is named, nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


COMPANY_FIELDS = {
    "name": N_("company name"),
    "address_line1": N_("address"),
    "postcode": N_("postcode"),
    "city": N_("city"),
    "signatory_name": N_("signatory"),
}


def missing_company_fields(company: CompanyProfile) -> list[str]:
    """What the company profile lacks for a letter to be signed and answered (in words)."""
    return [_(label) for name, label in COMPANY_FIELDS.items() if not getattr(company, name)]


def check_run(
    company: CompanyProfile, items: Sequence[DunningProposal], *, accept_last_rates: bool
) -> None:
    """Refuse a run that would print a letter without a sender, or claim interest at a rate the
    table does not have without the user having said to use the last known one."""
    problems = []
    missing = missing_company_fields(company)
    if missing and items:
        problems.append(
            _(
                "The company profile lacks: {fields}. Letters carry who sends them and who signs "
                "them; complete it in Settings (or `config set company.…`)."
            ).format(fields=", ".join(missing))
        )
    stale = sorted({d for item in items for d in item.penalties.missing})
    if stale and not accept_last_rates:
        problems.append(
            _(
                "The late-payment rates of {halves} are not in the rates table, and some letters "
                "claim interest over those days. Enter them in Reminder settings ▸ Penalty "
                "rates, or confirm that the last known rates may be used."
            ).format(halves=", ".join(half_year_name(d) for d in stale))
        )
    if problems:
        raise RunRefused(problems)


@dataclass(frozen=True)
class ReminderEdit:
    """The user's own wording for one reminder, kept until it is sent: only the free text
    paragraphs; the figures, the tables, the QR code and the legal mentions stay generated.

    `email` None: the email says what the letter says (edited or not)."""

    letter: tuple[str, ...] | None = None
    email: tuple[str, ...] | None = None

    def applied(self, letter: Letter) -> Letter:
        """The letter as printed with the user's paragraphs."""
        return letter if self.letter is None else replace(letter, paragraphs=self.letter)

    def for_email(self, letter: Letter) -> Letter:
        """The letter whose paragraphs the email repeats."""
        return (
            self.applied(letter) if self.email is None else replace(letter, paragraphs=self.email)
        )


def paragraphs_of(text: str) -> tuple[str, ...]:
    """Paragraphs typed in a text box: separated by an empty line, each without stray spaces."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in _blocks(text)]
    return tuple(b for b in blocks if b)


def _blocks(text: str) -> list[str]:
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(b) for b in blocks]


@dataclass
class RunResult:
    batch: str
    letters: int = 0
    emails: int = 0
    calls: int = 0
    pages: int = 0
    reminders: list[int] = field(default_factory=list)
    archived: list[Path] = field(default_factory=list)
    letters_pdf: Path | None = None  # where the batch to print was written, if any
    # The registered letters, apart from the batch, with their slip; None when there are none.
    # `letters` counts them too; `pages` is the batch's alone.
    registered: RegisteredLetters | None = None


def _invoice_lines(letter: Letter, lines: Sequence[InvoiceLine]) -> list[str]:
    w, lang = words(letter.language), letter.language
    sep = " : " if lang == "fr" else ": "
    result = []
    for invoice in lines:
        due = invoice.due_date.strftime("%d/%m/%Y")
        text = f"- {w['invoice']} {invoice.number} ({w['due'].lower()} {due}){sep}"
        text += money(invoice.due_cents, letter.currency, lang)
        if invoice.disputed_cents:
            disputed = money(invoice.disputed_cents, letter.currency, lang)
            text += w["disputed_apart"].format(amount=disputed)
        result.append(text)
    return result


def email_body(letter: Letter, signatory: str, sender: Sender | None = None) -> str:
    """The plain-text email of a reminder: the same words and the same figures as the letter
    (invoices, credit, penalties, what is listed apart) and how to pay."""
    w, lang = words(letter.language), letter.language
    sep = " : " if lang == "fr" else ": "
    cur = letter.currency
    lines = [letter.salutation, ""]
    for paragraph in letter.paragraphs:
        lines += [paragraph, ""]
    lines += _invoice_lines(letter, letter.invoices)
    if letter.credit_cents:
        lines.append(f"- {w['credit']}{sep}\u2212{money(letter.credit_cents, cur, lang)}")
    if letter.invoices:
        lines += ["", f"{w['total']}{sep}{money(letter.total_cents, cur, lang)}"]
    if letter.interest_cents or letter.fixed_cents:
        names = {**w, **legal.labels(letter.jurisdiction, lang)}
        fixed_cur = letter.fixed_currency or cur
        lines += [
            f"{names['interest']}{sep}{money(letter.interest_cents, cur, lang)}",
            f"{names['indemnity']}{sep}{money(letter.fixed_cents, fixed_cur, lang)}",
            f"{w['total_penalties']}{sep}{money(letter.total_with_penalties_cents, cur, lang)}",
        ]
    if letter.also_due:
        lines += ["", w["also_due"], *_invoice_lines(letter, letter.also_due)]
    lines.append("")
    if sender is not None and sender.iban and letter.total_with_penalties_cents > 0:
        lines.append(f"{w['how_to_pay']}{sep}{w['iban']} {sender.iban}")
        if sender.bic:
            lines.append(f"{w['bic']}{sep}{sender.bic}")
        if letter.payment_reference:
            lines.append(f"{w['reference']}{sep}{letter.payment_reference}")
        lines.append("")
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
    registered_pdf: Path | None = None,
    queue_emails: bool = True,
    settings: LetterSettings | None = None,
    accept_last_rates: bool = False,
    edits: Mapping[int, ReminderEdit] | None = None,
) -> RunResult:
    """Carry out the chosen proposals; the caller commits (or rolls back on any error).

    Every letter is drawn once, in one document; each is archived as its own page range of it,
    and the batch to print is made of the ranges of those that go by post, less the registered
    ones (formal notices): those go to `registered_pdf` (by default `<batch stem>-recommande.pdf`
    beside the batch), with a slip listing them (`…-bordereau.pdf`). The files appear when the
    caller's transaction commits; each goes to its name, or beside it with a number when that
    file already exists (`RunResult.letters_pdf`, `RunResult.registered`). RunRefused, before
    anything is written, when the company profile cannot sign letters or a needed rate is
    missing (unless `accept_last_rates`). `edits` holds the user's own wording of some
    reminders, by customer id; those letters and emails say it, and their history says they
    were edited by hand.
    """
    settings = settings or load_letter_settings(session)
    company = load_company(session)
    check_run(company, items, accept_last_rates=accept_last_rates)
    from app.letters.render import LetterRenderer  # deferred: ReportLab, when a run draws

    renderer = LetterRenderer(sender_of(company), settings.envelope, settings.paper_key)
    result = RunResult(batch=f"{as_of:%Y%m%d}-{uuid.uuid4().hex[:8]}")
    folder = database_dir / ARCHIVE / f"{as_of:%Y}" / f"{as_of:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    signatory = company.signatory_name or company.name
    edits = edits or {}
    planned = [
        _plan(session, item, as_of, company, settings, queue_emails, edits.get(item.customer_id))
        for item in items
    ]
    items = [item for item, plan in zip(items, planned, strict=True) if plan is not None]
    plans = [plan for plan in planned if plan is not None]
    if not plans:
        return result
    drawn = io.BytesIO()
    placed = renderer.render([letter for letter, _r, _c in plans], drawn)
    import pypdfium2 as pdfium  # deferred: a run loads it, not every start of the window

    document = pdfium.PdfDocument(drawn.getvalue())
    printed: list[Placed] = []
    registered: list[RegisteredLetter] = []
    for item, (letter, recipient, channels), pages in zip(items, plans, placed, strict=True):
        proposal = item.proposal
        data = pages_of(document, [pages])
        digest = hashlib.sha256(data).hexdigest()
        path = folder / f"{result.batch}-{_safe(proposal.customer.ref)}-{proposal.level.rank}.pdf"
        stage(session, path, data)
        result.archived.append(path)
        relative = path.relative_to(database_dir).as_posix()
        reminder = _reminder(item, result.batch, as_of, clock, channels, relative, digest)
        session.add(reminder)
        session.flush()
        result.reminders.append(reminder.id)
        if LETTER in channels:
            if letter.registered:
                registered.append(RegisteredLetter.of(pages, letter, proposal.customer.name))
            else:
                printed.append(pages)
            result.letters += 1
        edit = edits.get(proposal.customer.id)
        said = edit.for_email(letter) if edit is not None else letter
        if EMAIL in channels:
            extras = []
            if proposal.level.attach_statement:
                statement = statement_pdf(session, proposal.customer.id, as_of, renderer)
                extra = folder / f"{result.batch}-{_safe(proposal.customer.ref)}-releve.pdf"
                stage(session, extra, statement)
                extras.append(extra.relative_to(database_dir).as_posix())
            queue_email(
                session,
                clock,
                customer_id=proposal.customer.id,
                to_address=recipient.email,
                to_name=recipient.contact_name,
                subject=letter.subject,
                body=email_body(said, signatory, renderer.sender),
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
        edited = edit is not None and (edit.letter is not None or EMAIL in channels)
        _record(session, clock, item, channels, relative, digest, edited=edited)
    if letters_pdf is not None and printed:
        data = pages_of(document, printed, duplex_blanks=settings.duplex_blanks)
        result.letters_pdf = stage(session, letters_pdf, data, new_name=True)
        result.pages = page_count(data)
    if registered_pdf is None and letters_pdf is not None:
        registered_pdf = registered_beside(result.letters_pdf or letters_pdf)
    if registered_pdf is not None:
        result.registered = write_registered(
            session,
            document,
            registered,
            registered_pdf,
            sender=renderer.sender,
            paper=renderer.paper,
            day=as_of,
            batch=result.batch,
            duplex_blanks=settings.duplex_blanks,
        )
    return result


def _plan(
    session: Session,
    item: DunningProposal,
    as_of: date,
    company: CompanyProfile,
    settings: LetterSettings,
    queue_emails: bool,
    edit: ReminderEdit | None = None,
) -> tuple[Letter, Recipient, list[str]] | None:
    """The letter, its recipient, and the channels it really goes by: email falls back to a
    letter when emails are not queued or there is no address, except before the due date (a
    courtesy note posted would arrive after it): then it is a call, or nothing (None)."""
    letter = compose(session, item, as_of, company=company, settings=settings)
    if edit is not None:
        letter = edit.applied(letter)
    recipient = recipient_of(session, item.proposal.customer.id)
    channels = list(item.proposal.channels)
    if EMAIL in channels and (not queue_emails or not recipient.email):
        fallback = [] if item.proposal.level.days < 0 else [LETTER]
        channels = [f for c in channels for f in ([c] if c != EMAIL else fallback)]
    channels = list(dict.fromkeys(channels))
    if not channels:
        return None
    return letter, recipient, channels


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
        total_cents=proposal.claimed_cents,
        credit_cents=proposal.credit_cents,
        interest_cents=item.penalties.interest_cents,
        fixed_cents=item.penalties.fixed_cents,
        document_path=document,
        document_sha256=digest,
        registered=proposal.level.formal_notice and "letter" in channels,
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
    channels: list[str],
    document: str,
    digest: str,
    *,
    edited: bool = False,
) -> None:
    proposal = item.proposal
    kind = EventKind.LETTER_SENT if LETTER in channels else EventKind.EMAIL_QUEUED
    payload = {
        "level": proposal.level.rank,
        "level_name": proposal.level.name,
        "template": proposal.level.template,
        "channels": channels,
        "numbers": [p.invoice.number for p in proposal.invoices],
        "currency": proposal.currency,
        "invoice_ids": [p.invoice.id for p in proposal.invoices],
        "also_due_ids": [p.invoice.id for p in proposal.also_due],
        "claimed_cents": proposal.claimed_cents,
        "credit_cents": proposal.credit_cents,
        "penalties_cents": item.penalties.total_cents(proposal.currency),
        "sha256": digest,
        **({"edited": True} if edited else {}),
    }
    event = history.record(
        session,
        clock,
        proposal.customer.id,
        kind,
        history_text.sentence(kind, payload),
        invoice_id=proposal.invoices[0].invoice.id if len(proposal.invoices) == 1 else None,
        payload=payload,
    )
    event.document_path = document


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


@dataclass(frozen=True)
class HeldBack:
    """A proposal the credit manager held back, why, and until which day (None: until the
    next level would be due)."""

    item: DunningProposal
    reason: str
    until: date | None = None


def record_exclusions(
    session: Session, clock: Clock, excluded: Sequence[HeldBack], as_of: date | None = None
) -> None:
    """Proposals held back: each stays held back until its day, across runs, restarts and the
    command line, with the reason in the customer's history."""
    day = as_of or clock.today()
    for held in excluded:
        item, reason = held.item, held.reason
        proposal = item.proposal
        until = held.until or next_level_day(item, day)
        session.add(
            ReminderHoldback(
                customer_id=proposal.customer.id,
                level_rank=proposal.level.rank,
                reason=reason,
                until=until,
                created_at=clock.now(),
            )
        )
        numbers = ", ".join(p.invoice.number for p in proposal.invoices)
        summary = _("{level} held back until {day} for {invoices}: {reason}").format(
            level=level_label(proposal.level),
            day=format_date(until, current_locale()),
            invoices=numbers,
            reason=reason or "—",
        )
        history.record(
            session,
            clock,
            proposal.customer.id,
            EventKind.REMINDER_SKIPPED,
            summary,
            payload={
                "level": proposal.level.rank,
                "level_name": proposal.level.name,
                "template": proposal.level.template,
                "numbers": [p.invoice.number for p in proposal.invoices],
                "invoice_ids": [p.invoice.id for p in proposal.invoices],
                "reason": reason,
                "until": until.isoformat(),
            },
        )
