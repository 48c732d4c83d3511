"""Syncing validated import records into the ledger, in bulk where the volume asks for it.

Re-importing is a sync: customers are matched on their reference, invoices on their number,
payments on customer + date + amount + reference; what changed is updated and written to the
customer's history, what did not change is counted as unchanged. Nothing is written when a row is
refused, unless the caller asks to skip invalid rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, func, select, update
from sqlalchemy.orm import Session

from app.db.bulk import insert_many
from app.db.models import Allocation, Contact, Customer, HistoryEvent, Invoice, Payment
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.i18n import _
from app.importing.records import (
    CustomerRecord,
    InvoiceRecord,
    Parsed,
    PaymentRecord,
    Problem,
)
from app.importing.statuses import Status
from app.services import history, history_text, ledger

Progress = Callable[[int, int], None]
# Core tables: executemany keyed by our own parameters, not the ORM's bulk mode (slower per row).
INVOICES = cast(Table, Invoice.__table__)
EVENTS = cast(Table, HistoryEvent.__table__)
ALLOCATIONS = cast(Table, Allocation.__table__)
# The columns `insert_many` is given, in the order of the tuples built below.
NEW_INVOICE = ("customer_id", "number", "issue_date", "due_date", "amount_cents", "currency",
               "open_cents", "settled_on")  # fmt: skip
EVENT = ("customer_id", "invoice_id", "kind", "summary", "payload")
ISSUED = EventKind.INVOICE_ISSUED.value


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    settled: int = 0  # invoices absent from a snapshot, settled in the accounting system
    customers_created: int = 0  # by an invoices file or a FEC, for the customers it names
    refused: list[Problem] = field(default_factory=list)
    # rows left out on purpose (a draft or cancelled invoice): not refused, nothing to correct
    skipped: list[Problem] = field(default_factory=list)
    # imported, but worth a look (an unbalanced FEC entry, dates read month first…)
    warnings: list[Problem] = field(default_factory=list)
    header_line: int = 1  # the line read as the header (title lines above it skipped)
    written: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "settled": self.settled,
            "customers_created": self.customers_created,
            "refused": [p.to_json() for p in self.refused],
            "skipped": [p.to_json() for p in self.skipped],
            "warnings": [p.to_json() for p in self.warnings],
            "header_line": self.header_line,
        }


def _customers_by_ref(session: Session, refs: Iterable[str]) -> dict[str, tuple[int, int]]:
    """ref → (id, payment terms), for the references asked (all customers when many)."""
    wanted = set(refs)
    rows = session.execute(select(Customer.ref, Customer.id, Customer.payment_terms_days))
    return {ref: (cid, terms) for ref, cid, terms in rows if ref in wanted}


def _unknown_customer(record: InvoiceRecord | PaymentRecord, column: str) -> Problem:
    return Problem(
        record.line,
        column,
        _("No customer has the reference “{ref}”: import the customers first.").format(
            ref=record.customer_ref
        ),
    )


# --- customers ---------------------------------------------------------------------------------


def _sync_contact(
    session: Session, customer_id: int, record: CustomerRecord
) -> list[dict[str, object]]:
    if not (record.email or record.phone or record.contact_name):
        return []
    contact = session.scalar(
        select(Contact).where(Contact.customer_id == customer_id, Contact.is_primary)
    )
    if contact is None:
        session.add(
            Contact(
                customer_id=customer_id,
                name=record.contact_name or "",
                email=record.email,
                phone=record.phone,
                is_primary=True,
                preferred_channel="email" if record.email else "letter",
                civility=record.values.get("civility"),
            )
        )
        return [history.change("contact")]
    changes = []
    for attr, value in (
        ("email", record.email),
        ("phone", record.phone),
        ("name", record.contact_name),
        ("civility", record.values.get("civility")),
    ):
        if value and getattr(contact, attr) != value:
            changes.append(history.change(attr, getattr(contact, attr), value))
            setattr(contact, attr, value)
    return changes


def sync_customers(
    session: Session,
    clock: Clock,
    records: list[CustomerRecord],
    report: ImportReport,
    progress: Progress | None = None,
) -> None:
    existing = {c.ref: c for c in session.scalars(select(Customer))}
    for index, record in enumerate(records):
        customer = existing.get(record.ref)
        if customer is None:
            customer = ledger.create_customer(
                session,
                clock,
                ref=record.ref,
                name=record.name,
                **{k: v for k, v in record.values.items() if v is not None},
            )
            _sync_contact(session, customer.id, record)
            report.created += 1
        else:
            changes = []
            for attr, value in {"name": record.name, **record.values}.items():
                if value is None and attr in ("kind", "country", "language", "payment_terms_days"):
                    continue
                if getattr(customer, attr) != value:
                    changes.append(history.change(attr, getattr(customer, attr), value))
                    setattr(customer, attr, value)
            changes += _sync_contact(session, customer.id, record)
            if changes:
                customer.updated_at = clock.now()
                payload = {"source": history_text.FROM_IMPORT, "changes": changes}
                history.record(
                    session,
                    clock,
                    customer.id,
                    EventKind.CUSTOMER_UPDATED,
                    history_text.sentence(EventKind.CUSTOMER_UPDATED, payload),
                    payload=payload,
                )
                report.updated += 1
            else:
                report.unchanged += 1
        if progress and index % 500 == 0:
            progress(index, len(records))


# --- invoices ----------------------------------------------------------------------------------
@dataclass
class _Existing:
    id: int
    customer_id: int
    issue_date: date
    due_date: date
    amount_cents: int
    currency: str
    open_cents: int
    external_cents: int  # allocated by earlier imports ("settled in the accounting system")


LOOKUP_CHUNK = 5_000  # invoice numbers per statement (SQLite takes 32,766 parameters)


def _existing_invoices(
    session: Session, source: str, numbers: Iterable[str] | None
) -> dict[str, _Existing]:
    """The book's invoices of `source` that the file names, looked up by number so that the
    cost follows the file, not the book (loading all 300,000 of a goal-size book took longer
    than the rest of the lookups); all of them when `numbers` is None (a snapshot settles the
    ones it does not list)."""
    external = (  # allocated by earlier imports: no payment, no credit note behind it
        select(func.coalesce(func.sum(Allocation.amount_cents), 0))
        .where(
            Allocation.invoice_id == Invoice.id,
            Allocation.payment_id.is_(None),
            Allocation.credit_note_id.is_(None),
        )
        .scalar_subquery()
    )
    query = select(
        Invoice.number,
        Invoice.id,
        Invoice.customer_id,
        Invoice.issue_date,
        Invoice.due_date,
        Invoice.amount_cents,
        Invoice.currency,
        Invoice.open_cents,
        external,
    ).where(Invoice.source == source)
    if numbers is None:
        return {r[0]: _Existing(*r[1:]) for r in session.execute(query)}
    wanted = sorted(set(numbers))
    found: dict[str, _Existing] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        for r in session.execute(query.where(Invoice.number.in_(chunk))):
            found[r[0]] = _Existing(*r[1:])
    return found


def sync_invoices(
    session: Session,
    clock: Clock,
    records: list[InvoiceRecord],
    report: ImportReport,
    *,
    source: str = "",
    snapshot: bool = False,
    label: str = "",
    progress: Progress | None = None,
    listed: Iterable[str] = (),
    status_column: str = "status",
) -> None:
    """Create or update invoices in bulk; `open_amount` and snapshots settle what accounting did.

    `listed`: every invoice number the file lists, refused rows included, which a snapshot must
    not settle. A draft or cancelled invoice is skipped, or settled when it was imported before.
    """
    customers = _customers_by_ref(session, (r.customer_ref for r in records))
    existing = _existing_invoices(
        session, source, None if snapshot else (r.number for r in records)
    )
    now, today = clock.now(), clock.today()
    note = _("Settled in the accounting system ({label})").format(label=label or _("import"))
    new_rows: list[tuple[Any, ...]] = []  # in the order of NEW_INVOICE
    events: list[tuple[Any, ...]] = []  # in the order of EVENT
    settlements: list[tuple[int, int]] = []  # (invoice id, cents settled outside Relance)
    born_settled: list[tuple[int, int]] = []  # the same, for new invoices
    reopenings: list[tuple[int, int]] = []  # (invoice id, cents of earlier settlements to undo)
    changes_rows: list[dict[str, Any]] = []

    for index, record in enumerate(records):
        old = existing.get(record.number)
        if record.skipped:
            if old is None:
                report.skipped.append(_skipped(record, status_column))
                continue
            # imported while it was owed, now void (or back to draft): nothing is owed on it
            record = record._replace(
                customer_ref="",
                issue_date=old.issue_date,
                due_date=old.due_date,
                amount_cents=old.amount_cents,
                open_cents=0,
            )
            customer_id, terms = old.customer_id, 0
        else:
            customer_id, terms = customers[record.customer_ref]
        issue = record.issue_date or record.due_date
        assert issue is not None
        due = record.due_date or issue + timedelta(days=terms)
        if old is None:
            amount = record.amount_cents if record.amount_cents is not None else record.open_cents
            assert amount is not None
            target = amount if record.open_cents is None else record.open_cents
            # born with what is still owed: what the accounts settled is allocated below
            settled = today if target == 0 else None
            new_rows.append(
                (customer_id, record.number, issue, due, amount, record.currency, target, settled)
            )  # fmt: skip
            report.created += 1
        else:
            amount = record.amount_cents if record.amount_cents is not None else old.amount_cents
            changes = []
            if old.customer_id != customer_id:
                changes.append(history.change("customer"))
            if old.issue_date != (record.issue_date or old.issue_date):
                changes.append(history.change("issue_date", old.issue_date, issue))
            if record.due_date is not None and old.due_date != due:
                changes.append(history.change("due_date", old.due_date, due))
            if old.amount_cents != amount:
                changes.append(history.change("amount_cents", old.amount_cents, amount))
            allocated = old.amount_cents - old.open_cents
            open_now = amount - allocated
            settle = reopen = 0
            if record.open_cents is not None and record.open_cents != open_now:
                if record.open_cents < open_now:
                    settle = open_now - record.open_cents
                else:  # accounting says more is owed: undo earlier import settlements only
                    reopen = min(record.open_cents - open_now, old.external_cents)
            if open_now < 0 and reopen == 0:
                report.refused.append(
                    Problem(
                        record.line,
                        "amount",
                        _("Relance has already received more than this amount for this invoice."),
                    )
                )
                continue
            final_open = open_now - settle + reopen
            if final_open != old.open_cents:
                changes.append(history.change("open_cents", old.open_cents, final_open))
            if not changes:
                report.unchanged += 1
                continue
            changes_rows.append(
                {
                    "b_id": old.id,
                    "b_customer_id": customer_id,
                    "b_issue_date": record.issue_date or old.issue_date,
                    "b_due_date": due if record.due_date is not None else old.due_date,
                    "b_amount_cents": amount,
                    "b_open_cents": open_now,
                }
            )
            if settle:
                settlements.append((old.id, settle))
            if reopen:
                reopenings.append((old.id, reopen))
            events.append(
                _event(
                    customer_id,
                    old.id,
                    EventKind.INVOICE_UPDATED,
                    {"number": record.number, "currency": old.currency, "changes": changes},
                )
            )
            report.updated += 1
        if progress and index % 2000 == 0:
            progress(index, len(records))

    if changes_rows:
        session.execute(
            update(INVOICES)
            .where(INVOICES.c.id == bindparam("b_id"))
            .values(
                customer_id=bindparam("b_customer_id"),
                issue_date=bindparam("b_issue_date"),
                due_date=bindparam("b_due_date"),
                amount_cents=bindparam("b_amount_cents"),
                open_cents=bindparam("b_open_cents"),
                settled_on=None,
            ),
            changes_rows,
        )
    if new_rows:
        # A plain executemany, then the ids by number (unique per source): on SQLite, RETURNING in
        # parameter order makes SQLAlchemy insert one row per statement, several times slower.
        # Only the rows just written: the import holds the book's write lock, and ids only grow.
        before = session.scalar(select(func.max(INVOICES.c.id))) or 0
        # In the order of the (customer, due date) index, which their history then follows: the
        # index pages are written one after the other, not each again and again.
        new_rows.sort(key=itemgetter(0, 3))
        constants = {"source": source, "created_at": now}
        insert_many(session, INVOICES, NEW_INVOICE, new_rows, constants)
        numbers = select(INVOICES.c.number, INVOICES.c.id).where(
            INVOICES.c.id > before, INVOICES.c.source == source
        )
        ids: dict[str, int] = {number: iid for number, iid in session.execute(numbers)}
        issued = history_text.issued_sentences(history_text.FROM_IMPORT)
        for row in new_rows:
            customer_id, number, _issue, due, amount, currency, target, _settled = row
            invoice_id, due_iso = ids[number], due.isoformat()
            payload = {
                "source": history_text.FROM_IMPORT,
                "number": number,
                "amount_cents": amount,
                "currency": currency,
                "due_date": due_iso,
            }
            sentence = issued(number, amount, currency, due_iso)
            events.append((customer_id, invoice_id, ISSUED, sentence, payload))
            if target < amount:
                born_settled.append((invoice_id, amount - target))
    for invoice_id, cents in reopenings:
        _undo_settlements(session, invoice_id, cents)
    if snapshot:
        seen = {r.number for r in records}.union(listed)
        for number, old in existing.items():
            if number not in seen and old.open_cents > 0:
                settlements.append((old.id, old.open_cents))
                events.append(
                    _event(
                        old.customer_id,
                        old.id,
                        EventKind.INVOICE_SETTLED_EXTERNALLY,
                        {"number": number},
                    )
                )
                report.settled += 1
    _allocate(session, [*born_settled, *settlements], today, note, now)
    _settle(session, settlements, today)
    insert_many(session, EVENTS, EVENT, events, {"at": now})


def _skipped(record: InvoiceRecord, column: str) -> Problem:
    draft = record.status is Status.DRAFT
    if not record.number:  # a draft not yet numbered
        reason = (
            _("Draft invoice without a number: not imported.")
            if draft
            else _("Cancelled invoice without a number: not imported.")
        )
    else:
        reason = (
            _("Draft invoice “{number}”: not imported.")
            if draft
            else _("Cancelled invoice “{number}”: not imported.")
        )
    return Problem(record.line, column, reason.format(number=record.number))


def _event(
    customer_id: int, invoice_id: int | None, kind: EventKind, facts: dict[str, Any]
) -> tuple[Any, ...]:
    """A row of the history (in the order of EVENT), its summary written from its facts in
    today's language."""
    payload = {"source": history_text.FROM_IMPORT, **facts}
    return (customer_id, invoice_id, kind.value, history_text.sentence(kind, payload), payload)


def _allocate(
    session: Session, settlements: list[tuple[int, int]], today: date, note: str, now: datetime
) -> None:
    """Allocations without payment: the accounting system settled these amounts."""
    insert_many(
        session,
        ALLOCATIONS,
        ("invoice_id", "amount_cents"),
        settlements,
        {"applied_on": today, "note": note, "recorded_at": now},
    )


def _settle(session: Session, settlements: list[tuple[int, int]], today: date) -> None:
    """What is owed on invoices already in the book, less what their allocations settled."""
    if not settlements:
        return
    session.execute(
        update(INVOICES)
        .where(INVOICES.c.id == bindparam("b_id"))
        .values(
            open_cents=INVOICES.c.open_cents - bindparam("cents"),
            settled_on=case(
                (INVOICES.c.open_cents == bindparam("cents"), today), else_=INVOICES.c.settled_on
            ),
        ),
        [{"b_id": i, "cents": c} for i, c in settlements],
    )


def _undo_settlements(session: Session, invoice_id: int, cents: int) -> None:
    """Remove the newest import settlements of an invoice, up to `cents`."""
    rows = session.scalars(
        select(Allocation)
        .where(
            Allocation.invoice_id == invoice_id,
            Allocation.payment_id.is_(None),
            Allocation.credit_note_id.is_(None),
        )
        .order_by(Allocation.id.desc())
    ).all()
    invoice = session.get_one(Invoice, invoice_id)
    for allocation in rows:
        if cents <= 0:
            break
        share = min(cents, allocation.amount_cents)
        if share == allocation.amount_cents:
            session.delete(allocation)
        else:
            allocation.amount_cents -= share
        invoice.open_cents += share
        invoice.settled_on = None
        cents -= share


# --- payments ----------------------------------------------------------------------------------
def sync_payments(
    session: Session,
    clock: Clock,
    records: list[PaymentRecord],
    report: ImportReport,
    progress: Progress | None = None,
) -> None:
    customers = _customers_by_ref(session, (r.customer_ref for r in records))
    known = {
        (cid, day, cents, ref or "")
        for cid, day, cents, ref in session.execute(
            select(
                Payment.customer_id, Payment.received_on, Payment.amount_cents, Payment.reference
            )
        )
    }
    for index, record in enumerate(records):
        customer_id, _terms = customers[record.customer_ref]
        key = (customer_id, record.received_on, record.amount_cents, record.reference or "")
        if key in known:
            report.unchanged += 1
            continue
        allocate_to = None
        if record.invoice_number:
            try:
                invoice = ledger.invoice_by_number(session, record.invoice_number, customer_id)
            except ledger.LedgerError as exc:
                report.refused.append(Problem(record.line, "invoice_number", str(exc)))
                continue
            allocate_to = {invoice.id: None} if invoice.open_cents else None
        try:
            ledger.record_payment(
                session,
                clock,
                customer_id=customer_id,
                amount_cents=record.amount_cents,
                received_on=record.received_on,
                currency=record.currency,
                reference=record.reference,
                method=record.method,
                allocate_to=allocate_to,
            )
        except ledger.LedgerError as exc:
            future = record.received_on > clock.today()
            report.refused.append(Problem(record.line, "date" if future else "amount", str(exc)))
            continue
        known.add(key)
        report.created += 1
        if progress and index % 500 == 0:
            progress(index, len(records))


def check_references(session: Session, parsed: Parsed, mapping: dict[str, str]) -> list[Problem]:
    """Problems only the database can see: unknown customers."""
    if parsed.kind.value == "customers":
        return []
    refs = {r.customer_ref for r in parsed.records}
    known = _customers_by_ref(session, refs)
    column = mapping.get("customer_ref", "customer_ref")
    return [_unknown_customer(r, column) for r in parsed.records if r.customer_ref not in known]
