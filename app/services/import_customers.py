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

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Customer
from app.domain.calendar import Clock
from app.i18n import _
from app.importing.records import (
    CustomerRecord,
    InvoiceRecord,
    Parsed,
    Problem,
    customer_of_invoice,
)
from app.services.import_sync import ImportReport, Progress, sync_customers


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
    """Create the planned customers (as a customers import would) and count them in the report."""
    if not records:
        return
    created = ImportReport()
    # Each customer is flushed as it is created (for its id); the queries in between need not
    # flush the one before's history event and contact first: half as many flushes.
    with session.no_autoflush:
        sync_customers(session, clock, records, created, progress)
    report.customers_created += created.created
