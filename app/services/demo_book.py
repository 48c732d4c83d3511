"""The demo lives in a book of its own: marking it, recognising it, and taking it out of a book.

A book that received the demo (the `demo` command, or the window's demo book) is marked in its
settings with the references of the customers the demo made. A book marked so never sends an
email (`outbox_send` asks `is_demo_book`), and its title and banner say what it is. Books filled
by an older Relance carry no mark; their demo customers are still recognised by the reserved
`.example` domain of their email addresses (RFC 2606: no real mailbox can have one) and the
fiction ranges of their phone numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Contact, CreditNote, Customer, Invoice, Payment
from app.i18n import _
from app.services.demo_data import FR_MOBILE_PREFIX, FR_PHONE_PREFIX
from app.services.settings import COMPANY_KEY, load_company, read_section, write_section

DEMO_KEY = "demo"
DEMO_COMPANY_EMAIL = "relances@bureautique-lyonnaise.example"
RESERVED_DOMAIN = ".example"
# The ranges ARCEP (France) and Ofcom (UK) set aside for fiction, as the demo writes them.
FICTION_PHONES = (*FR_PHONE_PREFIX.values(), FR_MOBILE_PREFIX, "+44 20 7946 0")


class DemoRefused(Exception):
    """The demo would go into a book that holds the user's own customers."""


@dataclass(frozen=True)
class DemoRemoved:
    customers: int
    invoices: int


def is_demo_book(session: Session) -> bool:
    """This book was made for the demo: nothing in it may reach a real person."""
    return bool(read_section(session, DEMO_KEY).get("book"))


def check_can_receive_demo(session: Session) -> None:
    """Refuse to mix the demo into a book that already holds real customers."""
    if is_demo_book(session):
        return
    if session.scalar(select(Customer.id).limit(1)) is None:
        return
    raise DemoRefused(
        _(
            "This book holds your own customers: the demo never goes into it. Open the demo "
            "in a book of its own (File ▸ Open the demo book, or --db with a new file)."
        )
    )


def mark_demo_book(session: Session, refs: list[str]) -> None:
    """Remember that this book is the demo's, and which customers the demo made."""
    section = read_section(session, DEMO_KEY)
    known = [str(ref) for ref in section.get("refs", [])]
    write_section(session, DEMO_KEY, {"book": True, "refs": sorted({*known, *refs})})


def has_demo_customers(session: Session) -> bool:
    """Whether the book holds any of the demo's customers (stops at the first)."""
    return session.scalar(_demo_customers(session).limit(1)) is not None


def demo_customer_ids(session: Session) -> list[int]:
    """The demo's customers in this book: marked ones, and any reached only through what is
    reserved for fiction (a `.example` address, a phone in the regulators' fiction ranges)."""
    return list(session.scalars(_demo_customers(session)))


def _demo_customers(session: Session) -> Select[int]:
    refs = [str(ref) for ref in read_section(session, DEMO_KEY).get("refs", [])]
    fiction = or_(
        Contact.email.like(f"%{RESERVED_DOMAIN}"),
        *(Contact.phone.like(f"{prefix}%") for prefix in FICTION_PHONES),
    )
    reserved = select(Contact.customer_id).where(fiction)
    return select(Customer.id).where(or_(Customer.ref.in_(refs), Customer.id.in_(reserved)))


def remove_demo(session: Session) -> DemoRemoved:
    """Delete the demo's customers with everything attached to them; real customers stay.

    The caller owns the transaction: all of it goes, or none. The demo's company profile is
    cleared too when it is still the one the demo wrote, so that letters never go out under it.
    """
    ids = demo_customer_ids(session)
    invoices = 0
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit, with margin
        chunk = ids[start : start + 500]
        counted = select(func.count()).where(Invoice.customer_id.in_(chunk))
        invoices += session.scalar(counted) or 0
        for model in (Payment, CreditNote, Invoice):  # kept by RESTRICT: removed first
            session.execute(delete(model).where(model.customer_id.in_(chunk)))
        session.execute(delete(Customer).where(Customer.id.in_(chunk)))  # the rest cascades
    if load_company(session).email == DEMO_COMPANY_EMAIL:
        write_section(session, COMPANY_KEY, {})
    write_section(session, DEMO_KEY, {})
    session.flush()
    return DemoRemoved(customers=len(ids), invoices=invoices)
