"""Who to remind, read from the book by plain SQL that both ways of reading a book run: the ORM
session (`app.services.dunning.propose`, the window) and the command line's plain `sqlite3`
reading (`app.db.reading`), which spares `dunning propose` the loading of SQLAlchemy and the
models.

Every statement is standard SQL with `:name` parameters, which `sqlite3` and SQLAlchemy's
`text()` both take. Dates come back as `date` from a typed driver and as ISO text from
`sqlite3`; `_day` reads both. The open invoices are read in one statement with their disputed
part, their last reminder's rank and their promises joined (the partial index of open invoices
holds every invoice column read, 0012), then built into the engine's states.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from app.domain.dunning import CustomerState, InvoiceState, Level, Policy, Stopped, never
from app.domain.dunning_plan import CustomerFacts, PlanInputs, jurisdiction_of, policy_name
from app.domain.dunning_policies import SHIPPED, policy_key_for
from app.domain.letter_settings import LETTERS_KEY, LetterSettings
from app.domain.penalties import RatePeriod
from app.domain.preferences import known_fields

# A statement run with its parameters, giving rows: `sqlite_run(connection)`, or the ORM's
# `app.db.queries.session_run(session)`. Dates are passed as `date`.
Run = Callable[[str, Mapping[str, Any]], Iterable[Sequence[Any]]]


def sqlite_run(connection: sqlite3.Connection) -> Run:
    """Statements run on a plain `sqlite3` connection, dates passed as the ORM stores them."""

    def run(sql: str, params: Mapping[str, Any]) -> Iterable[Sequence[Any]]:
        stored = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        return connection.execute(sql, stored)

    return run


STOP_EVERY_ROWS = 10_000  # open invoices read between two looks at `stop`
COMPANY_KEY = "company"  # as app.services.settings stores the company profile

_OPEN_DISPUTE = "'open'"  # DisputeStatus.OPEN
_PENDING = "'pending'"  # PromiseStatus.PENDING
_BROKEN = "('broken', 'partly_kept')"  # PromiseStatus.BROKEN, PARTLY_KEPT


def _only(column: str, only: int | None) -> str:
    return f" AND {column} = :only" if only is not None else ""


def invoices_sql(only: int | None = None) -> str:
    """Every open invoice (or one customer's), with what the engine needs to know about it."""
    return f"""
SELECT i.customer_id, i.id, i.number, i.issue_date, i.due_date, i.currency, i.amount_cents,
       i.open_cents, COALESCE(d.cents, 0), COALESCE(r.max_rank, 0),
       CASE WHEN i.id IN (
           SELECT pi.invoice_id FROM promise_invoices pi JOIN promises p ON p.id = pi.promise_id
           WHERE p.status = {_PENDING}
       ) THEN 1 ELSE 0 END,
       CASE WHEN i.id IN (
           SELECT pi.invoice_id FROM promise_invoices pi JOIN promises p ON p.id = pi.promise_id
           LEFT JOIN (
               SELECT customer_id, MAX(sent_on) AS sent_on FROM reminders GROUP BY customer_id
           ) l ON l.customer_id = p.customer_id
           WHERE p.status IN {_BROKEN} AND (l.sent_on IS NULL OR p.promised_on >= l.sent_on)
       ) THEN 1 ELSE 0 END
FROM invoices i
LEFT JOIN (
    SELECT di.invoice_id AS invoice_id, SUM(di.amount_cents) AS cents
    FROM dispute_items di JOIN disputes ds ON ds.id = di.dispute_id
    WHERE ds.status = {_OPEN_DISPUTE}
    GROUP BY di.invoice_id
) d ON d.invoice_id = i.id
LEFT JOIN (
    SELECT ri.invoice_id AS invoice_id, MAX(rm.level_rank) AS max_rank
    FROM reminder_items ri JOIN reminders rm ON rm.id = ri.reminder_id
    GROUP BY ri.invoice_id
) r ON r.invoice_id = i.id
WHERE i.open_cents > 0{_only("i.customer_id", only)}
"""


def customers_sql(only: int | None = None) -> str:
    """Every customer owing something (or one), with their email, hold-back, last reminder and
    the receipt of that reminder when it was a registered letter (of several sent that day, the
    one written last); each looked up by index."""
    return f"""
SELECT c.id, c.ref, c.name, c.kind, c.segment, c.dunning_policy, c.on_hold, c.hold_until,
       c.language, c.country, c.handed_over_to,
       EXISTS (
           SELECT 1 FROM contacts ct
           WHERE ct.customer_id = c.id AND ct.email IS NOT NULL AND ct.email <> ''
       ),
       EXISTS (
           SELECT 1 FROM promises p
           WHERE p.customer_id = c.id AND p.status = {_PENDING}
             AND p.id NOT IN (SELECT promise_id FROM promise_invoices)
       ),
       (SELECT MAX(h.until) FROM reminder_holdbacks h
        WHERE h.customer_id = c.id AND h.until >= :as_of),
       l.sent_on,
       (SELECT rm.received_on FROM reminders rm
        WHERE rm.customer_id = c.id AND rm.sent_on = l.sent_on AND rm.received_on IS NOT NULL
        ORDER BY rm.id DESC LIMIT 1)
FROM customers c
LEFT JOIN (
    SELECT customer_id, MAX(sent_on) AS sent_on FROM reminders GROUP BY customer_id
) l ON l.customer_id = c.id
WHERE c.id IN (SELECT customer_id FROM invoices WHERE open_cents > 0){_only("c.id", only)}
"""


def _credit_sql(table: str, link: str) -> str:
    return f"""
SELECT t.customer_id, t.currency, t.amount_cents - COALESCE(SUM(a.amount_cents), 0) AS left_cents
FROM {table} t LEFT JOIN allocations a ON a.{link} = t.id
GROUP BY t.id  -- its other columns depend on it (PostgreSQL allows them too)
HAVING t.amount_cents - COALESCE(SUM(a.amount_cents), 0) <> 0
"""


CREDITS_SQL = (_credit_sql("payments", "payment_id"), _credit_sql("credit_notes", "credit_note_id"))

POLICIES_SQL = """
SELECT p.key, p.name, p.after_broken_rank, l.rank, l.name, l.days, l.channels, l.template,
       l.min_overdue_cents, l.min_days_since_previous, l.state_penalties, l.formal_notice,
       l.manual_only, l.attach_statement
FROM dunning_policies p LEFT JOIN dunning_levels l ON l.policy_id = p.id
ORDER BY p.id, l.rank
"""

RATES_SQL = """
SELECT jurisdiction, starts_on, reference_bp, legal_bp FROM rate_periods ORDER BY starts_on, id
"""

SETTING_SQL = "SELECT value FROM settings WHERE key = :key"


def _day(value: Any) -> date:
    """A stored date: a `date` from a typed driver, ISO text from `sqlite3`."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _maybe_day(value: Any) -> date | None:
    return None if value is None else _day(value)


class _Days(dict[Any, date]):
    """Stored dates read once each: a big book's invoices share a few thousand dates."""

    def __missing__(self, key: Any) -> date:
        day = self[key] = _day(key)
        return day


def policies(run: Run) -> dict[str, Policy]:
    """The book's policies, and the shipped ones it lacks (written by the first writing command;
    a reading never writes)."""
    rows: dict[str, tuple[str, int | None, list[Level]]] = {}
    for key, name, after_broken, rank, *level in run(POLICIES_SQL, {}):
        mine = rows.setdefault(key, (name, after_broken, []))
        if rank is None:
            continue
        lv_name, days, channels, template, minimum, spacing, states, notice, manual, attach = level
        mine[2].append(
            Level(
                rank,
                lv_name,
                days,
                tuple(c for c in channels.split(",") if c),
                template,
                minimum,
                spacing,
                bool(states),
                bool(notice),
                bool(manual),
                bool(attach),
            )
        )
    result = {
        key: Policy(key, policy_name(name), tuple(levels), after_broken)
        for key, (name, after_broken, levels) in rows.items()
    }
    for shipped in SHIPPED:
        if shipped.key not in result:
            result[shipped.key] = Policy(
                shipped.key, policy_name(shipped.name), shipped.levels, shipped.after_broken
            )
    return result


def rate_periods(run: Run) -> list[RatePeriod]:
    return [
        RatePeriod(where, _day(starts_on), reference_bp, legal_bp)
        for where, starts_on, reference_bp, legal_bp in run(RATES_SQL, {})
    ]


def section(run: Run, key: str) -> dict[str, Any]:
    """One group of settings (empty when never saved): JSON text from `sqlite3`, already a dict
    from a driver that reads JSON."""
    for (value,) in run(SETTING_SQL, {"key": key}):
        stored = json.loads(value) if isinstance(value, str | bytes) else value
        return dict(stored) if isinstance(stored, dict) else {}
    return {}


def plan_inputs(run: Run) -> PlanInputs:
    settings = LetterSettings(**known_fields(LetterSettings, section(run, LETTERS_KEY)))
    country = section(run, COMPANY_KEY).get("country")
    return PlanInputs(
        jurisdiction_of(country if isinstance(country, str) else ""), rate_periods(run), settings
    )


def credits(run: Run) -> dict[int, dict[str, int]]:
    """Every customer's unallocated payments and credit notes, per currency (only documents with
    something left: few, in any book)."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for sql in CREDITS_SQL:
        for customer_id, currency, cents in run(sql, {}):
            mine = result[customer_id]
            mine[currency] = mine.get(currency, 0) + int(cents)
    return result


def customer_states(
    run: Run,
    as_of: date,
    book_policies: dict[str, Policy],
    only: int | None = None,
    stop: Callable[[], bool] = never,
) -> tuple[list[CustomerState], dict[int, tuple[str, CustomerFacts]]]:
    """Every customer owing something (or only one), as the engine sees it, sorted by reference;
    and the facts a letter needs. Stopped as soon as `stop()` says so."""
    one: dict[str, Any] = {} if only is None else {"only": only}
    days = _Days()
    invoices: dict[int, list[InvoiceState]] = defaultdict(list)
    for n, row in enumerate(run(invoices_sql(only), one)):
        if n % STOP_EVERY_ROWS == 0 and stop():
            raise Stopped
        cid, iid, number, issued, due, currency, amount, open_cents, *flags = row
        disputed, rank, promised, broken = flags
        invoices[cid].append(
            InvoiceState(
                iid,
                number,
                days[issued],
                days[due],
                currency,
                amount,
                open_cents,
                int(disputed),
                bool(promised),
                rank,
                bool(broken),
            )
        )
    if stop():
        raise Stopped
    credit = credits(run)
    states, facts = [], {}
    for row in run(customers_sql(only), one | {"as_of": as_of}):
        (
            cid,
            ref,
            name,
            kind,
            segment,
            chosen,
            on_hold,
            until,
            language,
            country,
            handed,
            has_email,
            account_promised,
            held_back_until,
            last_sent,
            received,
        ) = row
        key = policy_key_for(segment, kind, chosen)
        policy = book_policies.get(key) or book_policies[policy_key_for(segment, kind, None)]
        held = bool(on_hold) and (until is None or as_of <= _day(until))
        states.append(
            CustomerState(
                cid,
                ref,
                name,
                policy,
                tuple(invoices.get(cid, ())),
                held,
                bool(has_email),
                bool(account_promised),
                _maybe_day(last_sent),
                credit.get(cid, {}),
                _maybe_day(held_back_until),
                bool(handed),
                _maybe_day(received),
            )
        )
        facts[cid] = (policy.key, CustomerFacts(kind, language, country))
    states.sort(key=lambda s: s.ref)
    return states, facts
