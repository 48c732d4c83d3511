"""Importing a FEC: the accounting's customer accounts become Relance's ledger, and stay in sync.

The file is the accounting's truth for its period. Importing it creates what is new, updates
what changed, and lettering decides the allocations, so that afterwards each customer owes in
Relance exactly their account's debit minus credit. Importing the same file again changes
nothing; importing next week's file (the same fiscal year, grown) brings the week's changes.
Entries dated in the file's period that have gone from it are removed; older documents (an
earlier fiscal year) are kept, and their invoices still open and absent from the new file are
marked settled by the accounting (the opening entries carry what is still owed).

Existing customers are never renamed by a FEC: its account labels are often shortened and in
capitals, and the customer file is the place for names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.collector import collector_paused
from app.db.bulk import roomy_cache
from app.db.models import Allocation, CreditNote, Customer, Invoice, Payment
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.i18n import _
from app.importing.fec import FecFile, read_fec
from app.importing.fec_book import (
    BookAllocation,
    BookCredit,
    BookInvoice,
    CreditKind,
    FecBook,
    build_book,
    match,
)
from app.importing.records import Problem
from app.services import history, history_text
from app.services.import_sync import ImportReport, Progress
from app.services.importing import (
    ImportOptions,
    commit_after,
    rejects_path,
    write_rejects_file,
)
from app.services.promise_followup import evaluate_promises
from app.services.settings import load_preferences

SOURCE = "fec"
PAYMENT_PREFIX = "FEC "
ADJUSTMENT_METHOD = "accounting"
Credit = Payment | CreditNote
AllocationKey = tuple[int, int | None, int | None]  # invoice, payment, credit note


@collector_paused()  # a large file's entries hold no cycles to collect: see `collector`
def import_fec(
    session_factory: sessionmaker[Session],
    clock: Clock,
    path: Path,
    options: ImportOptions = ImportOptions(),
    terms_days: int = 30,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, check every line, then sync the customer accounts in one transaction."""
    with session_factory() as session:
        currency = load_preferences(session).currency
        fec = read_fec(path, currency)
        problems = _ordered(fec.problems)
        header_missing = any(p.line == 1 for p in problems)
        if problems and (header_missing or not options.skip_invalid):
            return ImportReport(refused=problems, warnings=fec.warnings)
        report = ImportReport(warnings=fec.warnings)
        try:
            with roomy_cache(session):
                sync = _FecSync(session, clock, fec, report, currency, terms_days, path.name)
                sync.run(progress)
                evaluate_promises(session, clock)  # payments in the accounts may keep promises
        except BaseException:
            session.rollback()
            raise
        sync_problems = report.refused
        report.refused = _ordered([*problems, *sync_problems])
        if sync_problems and not options.skip_invalid:
            session.rollback()
            return ImportReport(refused=report.refused, warnings=fec.warnings)
        if options.dry_run:
            session.rollback()
            return report
        rejects = None
        if options.skip_invalid and problems:
            rejects = write_fec_rejects(path, fec, problems)
        commit_after(session, rejects)
        report.written = True
    return report


def _ordered(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


def write_fec_rejects(path: Path, fec: FecFile, problems: list[Problem]) -> Path:
    """The refused lines as they were, with why, beside the FEC."""
    rows = (
        [problem.line, problem.column, problem.reason, *fec.raw_lines.get(problem.line, [])]
        for problem in problems
    )
    return write_rejects_file(rejects_path(path), ["line", "column", "reason", *fec.headers], rows)


class _FecSync:
    def __init__(
        self,
        session: Session,
        clock: Clock,
        fec: FecFile,
        report: ImportReport,
        currency: str,
        terms_days: int,
        label: str,
    ) -> None:
        self.session, self.clock, self.fec, self.report = session, clock, fec, report
        self.currency, self.terms_days, self.label = currency, terms_days, label
        self.book: FecBook = build_book(fec)
        self.customers: dict[str, Customer] = {}
        self.invoices: dict[str, Invoice] = {}  # in the book, by number
        self.credits: dict[str, Credit] = {}  # in the book, by key
        self.new_credits: set[str] = set()
        self.updated_credits: dict[str, list[dict[str, object]]] = {}
        self.today = clock.today()

    def run(self, progress: Progress | None) -> None:
        total = len(self.book.customers) + len(self.book.invoices) + len(self.book.credits)
        step = _Steps(progress, total)
        self._sync_customers(step)
        self._sync_invoices(step)
        self._remove_absent_credits()
        self._sync_credits(step)
        self.session.flush()
        changed = self._sync_allocations()
        self._settle_absent_invoices()
        self._record_credit_events(changed)
        step.done()

    # --- customers -----------------------------------------------------------------------------
    def _sync_customers(self, step: _Steps) -> None:
        existing = {c.ref: c for c in self.session.scalars(select(Customer))}
        now = self.clock.now()
        created = []
        for ref, entry in self.book.customers.items():
            customer = existing.get(ref)
            if customer is None:
                customer = Customer(
                    ref=ref,
                    name=entry.name,
                    payment_terms_days=self.terms_days,
                    created_at=now,
                    updated_at=now,
                )
                self.session.add(customer)
                created.append(customer)
                self.report.created += 1
                self.report.customers_created += 1
            else:
                self.report.unchanged += 1
            self.customers[ref] = customer
            step.tick()
        self.session.flush()
        for customer in created:
            self._event(customer.id, EventKind.CUSTOMER_CREATED, {"name": customer.name})

    # --- invoices ------------------------------------------------------------------------------
    def _sync_invoices(self, step: _Steps) -> None:
        existing = {
            i.number: i
            for i in self.session.scalars(select(Invoice).where(Invoice.source == SOURCE))
        }
        now = self.clock.now()
        created = []
        for number, entry in self.book.invoices.items():
            customer = self.customers[entry.customer_ref]
            due = entry.issue_date + timedelta(days=customer.payment_terms_days)
            invoice = existing.get(number)
            if invoice is None:
                invoice = Invoice(
                    customer_id=customer.id,
                    number=number,
                    source=SOURCE,
                    issue_date=entry.issue_date,
                    due_date=due,
                    amount_cents=entry.cents,
                    currency=self.currency,
                    open_cents=entry.cents,
                    created_at=now,
                )
                self.session.add(invoice)
                created.append(invoice)
                self.report.created += 1
            else:
                self._update_invoice(invoice, entry, customer, due)
            self.invoices[number] = invoice
            step.tick()
        self.session.flush()
        for invoice in created:
            self._event(
                invoice.customer_id,
                EventKind.INVOICE_ISSUED,
                {
                    "number": invoice.number,
                    "amount_cents": invoice.amount_cents,
                    "currency": invoice.currency,
                    "due_date": invoice.due_date.isoformat(),
                },
                invoice_id=invoice.id,
            )

    def _update_invoice(
        self, invoice: Invoice, entry: BookInvoice, customer: Customer, due: date
    ) -> None:
        changes = []
        if invoice.customer_id != customer.id:
            changes.append(history.change("customer"))
            invoice.customer_id = customer.id
        if invoice.issue_date != entry.issue_date:
            changes.append(history.change("issue_date", invoice.issue_date, entry.issue_date))
            invoice.issue_date, invoice.due_date = entry.issue_date, due
        if invoice.amount_cents != entry.cents:
            changes.append(history.change("amount_cents", invoice.amount_cents, entry.cents))
            invoice.open_cents += entry.cents - invoice.amount_cents
            invoice.amount_cents = entry.cents
        if not changes:
            self.report.unchanged += 1
            return
        self._event(
            customer.id,
            EventKind.INVOICE_UPDATED,
            {"number": invoice.number, "currency": invoice.currency, "changes": changes},
            invoice_id=invoice.id,
        )
        self.report.updated += 1

    def _settle_absent_invoices(self) -> None:
        """Open FEC invoices the file no longer lists were settled (or carried) by accounting."""
        open_invoices = self.session.scalars(
            select(Invoice).where(Invoice.source == SOURCE, Invoice.open_cents > 0)
        )
        absent = [i for i in open_invoices if i.number not in self.book.invoices]
        note = _("Settled in the accounting system ({label})").format(label=self.label)
        for invoice in absent:
            self.session.add(
                Allocation(
                    invoice_id=invoice.id,
                    amount_cents=invoice.open_cents,
                    applied_on=self.today,
                    note=note[:200],
                    recorded_at=self.clock.now(),
                )
            )
            invoice.open_cents, invoice.settled_on = 0, self.today
            self._event(
                invoice.customer_id,
                EventKind.INVOICE_SETTLED_EXTERNALLY,
                {"number": invoice.number},
                invoice_id=invoice.id,
            )
            self.report.settled += 1

    # --- payments, credit notes, adjustments ---------------------------------------------------
    def _existing_credits(self) -> dict[str, Credit]:
        payments = self.session.scalars(
            select(Payment).where(Payment.external_ref.startswith(PAYMENT_PREFIX))
        )
        notes = self.session.scalars(select(CreditNote).where(CreditNote.source == SOURCE))
        found: dict[str, Credit] = {}
        for payment in payments:
            found[payment.external_ref or ""] = payment
        for note in notes:
            found[note.number] = note
        return found

    def _remove_absent_credits(self) -> None:
        """Entries of the file's period that the file no longer holds were deleted in accounting."""
        first, last = self.fec.first_date, self.fec.last_date
        for key, credit in self._existing_credits().items():
            if key in self.book.credits or first is None or last is None:
                continue
            on = credit.received_on if isinstance(credit, Payment) else credit.issued_on
            if not first <= on <= last:
                continue
            for allocation in credit.allocations:
                allocation.invoice.open_cents += allocation.amount_cents
                allocation.invoice.settled_on = None
            self._event(credit.customer_id, EventKind.PAYMENT_DELETED, _payload(credit))
            self.session.delete(credit)
            self.report.updated += 1
        self.session.flush()

    def _sync_credits(self, step: _Steps) -> None:
        existing = self._existing_credits()
        now = self.clock.now()
        for key, entry in self.book.credits.items():
            customer = self.customers[entry.customer_ref]
            credit = existing.get(key)
            if credit is None:
                credit = self._new_credit(entry, customer.id, now)
                self.session.add(credit)
                self.new_credits.add(key)
                self.report.created += 1
            else:
                self.updated_credits[key] = self._update_credit(credit, entry, customer.id)
            self.credits[key] = credit
            step.tick()

    def _new_credit(self, entry: BookCredit, customer_id: int, now: object) -> Credit:
        if entry.kind is CreditKind.CREDIT_NOTE:
            return CreditNote(
                customer_id=customer_id,
                number=entry.key,
                source=SOURCE,
                issued_on=entry.on,
                amount_cents=entry.cents,
                currency=self.currency,
                reason=entry.label or None,
                created_at=now,
            )
        method = ADJUSTMENT_METHOD if entry.kind is CreditKind.ADJUSTMENT else entry.method
        return Payment(
            customer_id=customer_id,
            received_on=entry.on,
            amount_cents=entry.cents,
            currency=self.currency,
            reference=(entry.reference or entry.label or None),
            method=method,
            external_ref=entry.key,
            created_at=now,
        )

    def _update_credit(
        self, credit: Credit, entry: BookCredit, customer_id: int
    ) -> list[dict[str, object]]:
        changes = []
        if credit.customer_id != customer_id:
            changes.append(history.change("customer"))
            credit.customer_id = customer_id
        if credit.amount_cents != entry.cents:
            changes.append(history.change("amount_cents", credit.amount_cents, entry.cents))
            credit.amount_cents = entry.cents
        if isinstance(credit, Payment) and credit.received_on != entry.on:
            changes.append(history.change("date", credit.received_on, entry.on))
            credit.received_on = entry.on
        if isinstance(credit, Payment) and _kind_of(credit) is not entry.kind:
            credit.method = ADJUSTMENT_METHOD if entry.kind is CreditKind.ADJUSTMENT else None
            changes.append(history.change("reclassified"))
        if isinstance(credit, CreditNote) and credit.issued_on != entry.on:
            changes.append(history.change("date", credit.issued_on, entry.on))
            credit.issued_on = entry.on
        return changes

    # --- allocations ---------------------------------------------------------------------------
    def _sync_allocations(self) -> set[str]:
        """Make the allocations of the file's documents what its lettering says; return the
        keys of the credits whose allocations changed."""
        invoice_ids = {i.id for i in self.invoices.values()}
        payment_ids = {c.id for c in self.credits.values() if isinstance(c, Payment)}
        note_ids = {c.id for c in self.credits.values() if isinstance(c, CreditNote)}
        rows = self.session.scalars(
            select(Allocation).where(
                or_(
                    Allocation.invoice_id.in_(select(Invoice.id).where(Invoice.source == SOURCE)),
                    Allocation.payment_id.in_(_fec_payments()),
                    Allocation.credit_note_id.in_(_fec_credit_notes()),
                )
            )
        ).all()

        def managed(a: Allocation) -> bool:
            if a.payment_id is None and a.credit_note_id is None:
                return a.invoice_id in invoice_ids
            return a.payment_id in payment_ids or a.credit_note_id in note_ids

        reserved: Counter[int] = Counter()
        current: dict[AllocationKey, list[Allocation]] = {}
        for allocation in rows:
            if managed(allocation):
                current.setdefault(_key(allocation), []).append(allocation)
            else:
                reserved[allocation.invoice_id] += allocation.amount_cents
        room = {}
        for number, invoice in self.invoices.items():
            room[number] = invoice.amount_cents - reserved[invoice.id]
            if room[number] < 0:
                self.report.refused.append(
                    Problem(
                        self.book.invoices[number].line,
                        "Debit",
                        _(
                            "Relance has already received more than this amount for invoice "
                            "{number}."
                        ).format(number=number),
                    )
                )
                room[number] = 0
        wanted = self._wanted(match(self.book, room))
        have = {key: sum(a.amount_cents for a in group) for key, group in current.items()}
        keys = {_credit_id(c): k for k, c in self.credits.items()}
        changed: set[str] = set()
        for key in have.keys() | wanted.keys():
            if have.get(key, 0) == wanted.get(key, (0, self.today))[0]:
                continue
            _invoice_id, payment_id, note_id = key
            changed.add(keys.get((payment_id, note_id), ""))
            for allocation in current.get(key, []):
                allocation.invoice.open_cents += allocation.amount_cents
                self.session.delete(allocation)
            if key in wanted:
                cents, applied_on = wanted[key]
                invoice_id, payment_id, note_id = key
                self.session.add(
                    Allocation(
                        invoice_id=invoice_id,
                        payment_id=payment_id,
                        credit_note_id=note_id,
                        amount_cents=cents,
                        applied_on=applied_on,
                    )
                )
                self.session.get_one(Invoice, invoice_id).open_cents -= cents
        last_applied: dict[int, date] = {}
        for (invoice_id, _p, _n), (_cents, applied_on) in wanted.items():
            last_applied[invoice_id] = max(applied_on, last_applied.get(invoice_id, applied_on))
        for invoice in self.invoices.values():
            if invoice.open_cents == 0 and invoice.settled_on is None:
                invoice.settled_on = last_applied.get(invoice.id, self.today)
            elif invoice.open_cents:
                invoice.settled_on = None
        self.session.flush()
        return changed - {""}

    def _wanted(self, allocations: list[BookAllocation]) -> dict[AllocationKey, tuple[int, date]]:
        wanted: dict[AllocationKey, tuple[int, date]] = {}
        for allocation in allocations:
            credit = self.credits[allocation.credit_key]
            key = (
                self.invoices[allocation.invoice_number].id,
                credit.id if isinstance(credit, Payment) else None,
                credit.id if isinstance(credit, CreditNote) else None,
            )
            wanted[key] = (allocation.cents, allocation.applied_on)
        return wanted

    # --- history -------------------------------------------------------------------------------
    def _record_credit_events(self, changed: set[str]) -> None:
        allocated: dict[tuple[int | None, int | None], list[tuple[str, int, int]]] = {}
        rows = self.session.execute(
            select(
                Allocation.payment_id,
                Allocation.credit_note_id,
                Allocation.invoice_id,
                Invoice.number,
                Allocation.amount_cents,
            )
            .join(Invoice, Invoice.id == Allocation.invoice_id)
            .where(
                or_(
                    Allocation.payment_id.in_(_fec_payments()),
                    Allocation.credit_note_id.in_(_fec_credit_notes()),
                )
            )
            .order_by(Allocation.id)
        )
        for payment_id, note_id, invoice_id, number, cents in rows:
            allocated.setdefault((payment_id, note_id), []).append((number, invoice_id, cents))
        for key, credit in self.credits.items():
            changes = self.updated_credits.get(key, [])
            if key not in self.new_credits and not changes and key not in changed:
                self.report.unchanged += 1
                continue
            parts = allocated.get(_credit_id(credit), [])
            payload = {
                **_payload(credit),
                "allocated": [[number, c] for number, _i, c in parts],
                "unallocated_cents": credit.amount_cents - sum(c for _n, _i, c in parts),
            }
            if key in self.new_credits:
                kind = _event_kind(credit)
            else:
                kind = EventKind.ENTRY_UPDATED
                payload["changes"] = changes
                self.report.updated += 1
            self._event(
                credit.customer_id,
                kind,
                payload,
                invoice_id=parts[0][1] if len(parts) == 1 else None,
            )

    def _event(
        self,
        customer_id: int,
        kind: EventKind,
        facts: dict[str, object],
        *,
        invoice_id: int | None = None,
    ) -> None:
        """An event of the import, its summary written from its facts in today's language."""
        payload = {"source": SOURCE, **facts}
        history.record(
            self.session,
            self.clock,
            customer_id,
            kind,
            history_text.sentence(kind, payload),
            invoice_id=invoice_id,
            payload=payload,
        )


class _Steps:
    """Progress over the documents of the book, often enough for a bar, rarely enough to be free."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.count = progress, total, 0

    def tick(self) -> None:
        self.count += 1
        if self.progress and self.count % 500 == 0:
            self.progress(self.count, self.total)

    def done(self) -> None:
        if self.progress:
            self.progress(self.total, self.total)


def _fec_payments() -> Select[int]:
    return select(Payment.id).where(Payment.external_ref.startswith(PAYMENT_PREFIX))


def _fec_credit_notes() -> Select[int]:
    return select(CreditNote.id).where(CreditNote.source == SOURCE)


def _credit_id(credit: Credit) -> tuple[int | None, int | None]:
    """(payment id, credit note id), as an allocation names its credit."""
    return (credit.id, None) if isinstance(credit, Payment) else (None, credit.id)


def _key(allocation: Allocation) -> AllocationKey:
    return allocation.invoice_id, allocation.payment_id, allocation.credit_note_id


def _kind_of(credit: Credit) -> CreditKind:
    if isinstance(credit, CreditNote):
        return CreditKind.CREDIT_NOTE
    return CreditKind.ADJUSTMENT if credit.method == ADJUSTMENT_METHOD else CreditKind.PAYMENT


def _event_kind(credit: Credit) -> EventKind:
    return {
        CreditKind.CREDIT_NOTE: EventKind.CREDIT_NOTE,
        CreditKind.ADJUSTMENT: EventKind.ACCOUNTING_ENTRY,
        CreditKind.PAYMENT: EventKind.PAYMENT_RECEIVED,
    }[_kind_of(credit)]


def _payload(credit: Credit) -> dict[str, object]:
    """The facts of a payment, credit note or accounting entry, for its history."""
    facts = {"amount_cents": credit.amount_cents, "currency": credit.currency}
    if isinstance(credit, CreditNote):
        return {
            "credit_note_id": credit.id,
            "entry": "credit_note",
            "number": credit.number,
            **facts,
        }
    return {
        "payment_id": credit.id,
        "entry": "adjustment" if credit.method == ADJUSTMENT_METHOD else "payment",
        "on": credit.received_on.isoformat(),
        "reference": credit.reference,
        **facts,
    }
