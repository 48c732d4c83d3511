"""The customers an invoices file creates: those it names that Relance does not know yet.

One file of unpaid invoices is enough to start: a row whose customer reference is unknown creates
that customer from the row's name and address columns, checked as a customers import checks them.
The first row of a reference that gives a name creates the customer; the reference's other rows
use it. Customers Relance already knows are left exactly as they are: their name and address in an
invoices file are not read, since the customers file (or the window) is where they are kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.db.bulk import insert_many, scalar_default
from app.db.models import Contact, Customer, HistoryEvent
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.i18n import _
from app.importing.records import (
    CustomerRecord,
    InvoiceRecord,
    Parsed,
    Problem,
    customer_of_invoice,
)
from app.services.import_sync import ImportReport, Progress

CUSTOMERS = cast(Table, Customer.__table__)
CONTACTS = cast(Table, Contact.__table__)
EVENTS = cast(Table, HistoryEvent.__table__)


@dataclass
class NewCustomers:
    """The customers to create, and the rows refused because their customer cannot be."""

    records: list[CustomerRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def plan_new_customers(session: Session, parsed: Parsed, mapping: dict[str, str]) -> NewCustomers:
    """Every unknown customer of the valid invoice rows: created from a row, or its rows refused."""
    rows: dict[str, list[InvoiceRecord]] = defaultdict(list)
    for record in parsed.records:
        if not record.skipped:  # a draft or a void invoice creates no customer
            rows[record.customer_ref].append(record)
    known = set(session.scalars(select(Customer.ref).where(Customer.ref.in_(list(rows)))))
    plan = NewCustomers()
    ref_column = mapping.get("customer_ref", "customer_ref")
    name_column = mapping.get("customer_name")
    for ref, records in rows.items():
        if ref in known:
            continue
        creator = next((r for r in records if _name(parsed, r.line, name_column)), None)
        if creator is None:
            plan.problems += [_nameless(r, ref_column, name_column) for r in records]
            continue
        cells = parsed.cells(creator.line)
        generated = ref if "customer_ref" not in mapping else None  # see import_names
        customer = customer_of_invoice(creator.line, cells, mapping, plan.problems, generated)
        if customer is None:
            plan.problems += [
                Problem(
                    r.line,
                    ref_column,
                    _("The customer “{ref}” cannot be created: see line {line}.").format(
                        ref=ref, line=creator.line
                    ),
                )
                for r in records
                if r is not creator
            ]
            continue
        plan.records.append(customer)
    return plan


def _name(parsed: Parsed, line: int, column: str | None) -> str:
    return parsed.cells(line).get(column, "").strip() if column else ""


def _nameless(record: InvoiceRecord, ref_column: str, name_column: str | None) -> Problem:
    if name_column is None:
        reason = _("No customer has the reference “{ref}”: import the customers first.")
        return Problem(record.line, ref_column, reason.format(ref=record.customer_ref))
    return Problem(
        record.line,
        name_column,
        _(
            "No customer has the reference “{ref}”: write the customer's name in this column "
            "to create the customer, or import the customers first."
        ).format(ref=record.customer_ref),
    )


def create_customers(
    session: Session,
    clock: Clock,
    records: list[CustomerRecord],
    report: ImportReport,
    progress: Progress | None = None,
) -> None:
    """Create the planned customers, with their history and primary contact, as a customers
    import would, and count them in the report.

    In bulk: the plan holds only references the book does not have, each once, from rows
    checked as a customers import checks them. A value the row leaves empty takes the column's
    default (`FR`, 30 days…), as `ledger.create_customer` gives it.
    """
    if not records:
        return
    now = clock.now()
    columns = sorted({k for r in records for k, v in r.values.items() if v is not None})
    defaults = {k: scalar_default(CUSTOMERS, k) for k in columns}

    def value(record: CustomerRecord, key: str) -> object:
        given = record.values.get(key)
        return defaults[key] if given is None else given

    before = session.scalar(select(func.max(Customer.id))) or 0
    insert_many(
        session,
        CUSTOMERS,
        ("ref", "name", *columns),
        [(r.ref, r.name, *(value(r, k) for k in columns)) for r in records],
        {"created_at": now, "updated_at": now},
    )
    new = select(Customer.ref, Customer.id).where(Customer.id > before)
    ids: dict[str, int] = {ref: customer_id for ref, customer_id in session.execute(new)}
    kind = EventKind.CUSTOMER_CREATED.value
    insert_many(
        session,
        EVENTS,
        ("customer_id", "kind", "summary", "payload"),
        [
            (ids[r.ref], kind, _("Customer {name} created").format(name=r.name), {"name": r.name})
            for r in records
        ],
        {"at": now},
    )
    insert_many(
        session,
        CONTACTS,
        ("customer_id", "name", "email", "phone", "preferred_channel", "civility"),
        [
            (
                ids[r.ref],
                r.contact_name or "",
                r.email,
                r.phone,
                "email" if r.email else "letter",
                r.values.get("civility"),
            )
            for r in records
            if r.email or r.phone or r.contact_name
        ],
        {"is_primary": True},
    )
    report.customers_created += len(records)
    if progress:
        progress(len(records), len(records))
