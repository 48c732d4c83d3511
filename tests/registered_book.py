"""A book whose run sends ordinary letters and formal notices (registered letters), shared by the
service, command line and window tests of the registered letters apart."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.db.models import Contact, Invoice, Reminder, ReminderItem
from app.domain.calendar import Clock
from app.domain.penalties import RatePeriod
from app.services import dunning_config, ledger
from app.services.settings import CompanyProfile, save_company

TODAY = date(2026, 11, 23)
COMPANY = CompanyProfile(
    name="Bureautique Lyonnaise",
    address_line1="12 rue de la République",
    postcode="69002",
    city="Lyon",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPPXXX",
    phone="04 78 00 00 00",
    email="relances@example.fr",
    signatory_name="Claire Martin",
)
# ref, name, address fields, invoices (days late, cents), level already sent (policy) or None
CUSTOMERS: list[tuple[str, str, dict[str, str], list[tuple[int, int]], int | None]] = [
    (
        "411DUP",
        "Dupont et Fils SARL",
        {"address_line1": "8 avenue Jean Jaurès", "postcode": "69007", "city": "Lyon"},
        [(10, 120_000)],
        None,
    ),
    (
        "411NOT",
        "Transports Legrand & Cie",
        {
            "address_line1": "ZI des Iles",
            "address_line2": "45 rue de l’Industrie",
            "postcode": "38000",
            "city": "Grenoble",
        },
        [(80, 1_234_567), (65, 30_050)],
        4,
    ),
    (
        "411MUL",
        "Müller & Söhne Bürobedarf GmbH",
        {
            "address_line1": "Marienplatz 8",
            "postcode": "80331",
            "city": "München",
            "country": "DE",
            "language": "en",
        },
        [(90, 250_000)],
        4,
    ),
    (
        "411PAR",
        "Martine Parc",
        {
            "kind": "individual",
            "address_line1": "3 place Bellecour",
            "postcode": "69002",
            "city": "Lyon",
        },
        [(70, 45_990)],
        2,
    ),
]
NOTICES = ("411NOT", "411MUL", "411PAR")  # the formal notices of the day: registered letters
ORDINARY = ("411DUP",)


def fill(db: Database, *, notices: bool = True) -> None:
    """The company, the customers and their earlier reminders; without `notices`, only the
    customer who gets an ordinary letter."""
    clock = Clock.fixed(TODAY)
    with db.session_factory.begin() as session:
        save_company(session, COMPANY)
        periods = dunning_config.rates(session)  # the shipped table stops at 2026 H1
        later = RatePeriod("FR", date(2026, 7, 1), 215, 262)
        dunning_config.save_rates(session, [*periods, later])
        for ref, name, fields, invoices, sent_rank in CUSTOMERS:
            if not notices and ref not in ORDINARY:
                continue
            customer = ledger.create_customer(session, clock, ref=ref, name=name, **fields)
            session.add(
                Contact(
                    customer_id=customer.id,
                    name="Sylvie Garnier",
                    email=f"{ref.lower()}@example.fr",
                    is_primary=True,
                )
            )
            for number, (late, cents) in enumerate(invoices, start=1):
                due = TODAY - timedelta(days=late)
                ledger.add_invoice(
                    session,
                    clock,
                    customer_id=customer.id,
                    number=f"{ref}-{number}",
                    issue_date=due - timedelta(days=30),
                    due_date=due,
                    amount_cents=cents,
                )
            if sent_rank is not None:
                policy = "individuals" if fields.get("kind") == "individual" else None
                _sent_earlier(session, customer.id, sent_rank, policy or "standard_business")


def _sent_earlier(session: Session, customer_id: int, rank: int, policy: str) -> None:
    """The customer's invoices had the level `rank` twenty days ago."""
    sent = TODAY - timedelta(days=20)
    session.flush()
    ids = session.scalars(select(Invoice.id).where(Invoice.customer_id == customer_id)).all()
    session.add(
        Reminder(
            customer_id=customer_id,
            batch="earlier",
            policy_key=policy,
            level_rank=rank,
            level_name="",
            template="",
            sent_on=sent,
            created_at=datetime.combine(sent, datetime.min.time()).astimezone(),
            channels="letter",
            currency="EUR",
            total_cents=0,
            items=[ReminderItem(invoice_id=i, open_cents=0, days_overdue=0) for i in ids],
        )
    )


def plain(text: str) -> str:
    """Text read back from a PDF, its no-break spaces (Babel's, ours) made plain."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")
