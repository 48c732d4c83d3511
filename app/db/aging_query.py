"""The aged balance per customer and currency, as one SQL statement that both ways of reading a
book run: the ORM session (`app.db.queries.aging_lines`) and the command line's plain `sqlite3`
reading (`app.db.reading`), which spares a report the loading of SQLAlchemy.

The buckets come from the domain's limits (`BUCKET_LIMITS`), as `bucket_for` reads them: an
invoice due on or after `as_of − limit` days is at most `limit` days late. Only customers who owe
something are listed; the part under open disputes is summed apart, whatever its age.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.aging import BUCKET_LIMITS, BUCKETS, Aging
from app.domain.disputes import DisputeStatus


@dataclass(frozen=True, slots=True)
class AgingLine:
    customer_id: int
    customer_ref: str
    name: str
    currency: str
    aging: Aging
    disputed_cents: int = 0  # part of the total under open disputes, whatever its age


def _limit(n: int) -> str:
    return f"due_from_{n}"


def _bucket_sums() -> list[str]:
    """One SUM per bucket, in the order of BUCKETS."""
    sums = []
    for n in range(len(BUCKET_LIMITS)):
        later = "" if n == 0 else f" AND i.due_date < :{_limit(n - 1)}"
        sums.append(
            f"SUM(CASE WHEN i.due_date >= :{_limit(n)}{later} THEN i.open_cents ELSE 0 END)"
        )
    last = len(BUCKET_LIMITS) - 1
    sums.append(f"SUM(CASE WHEN i.due_date < :{_limit(last)} THEN i.open_cents ELSE 0 END)")
    assert len(sums) == len(BUCKETS)
    return sums


AGING_SQL = f"""
SELECT c.id, c.ref, c.name, i.currency, COALESCE(SUM(d.cents), 0),
       {", ".join(_bucket_sums())}
FROM customers c
JOIN invoices i ON i.customer_id = c.id
LEFT JOIN (
    SELECT di.invoice_id AS invoice_id, SUM(di.amount_cents) AS cents
    FROM dispute_items di JOIN disputes ds ON ds.id = di.dispute_id
    WHERE ds.status = '{DisputeStatus.OPEN.value}'
    GROUP BY di.invoice_id
) d ON d.invoice_id = i.id
WHERE i.open_cents > 0
GROUP BY c.id, i.currency
ORDER BY c.ref, i.currency
"""

LIMIT_NAMES: tuple[str, ...] = tuple(_limit(n) for n in range(len(BUCKET_LIMITS)))


def aging_limits(as_of: date) -> dict[str, date]:
    """The statement's parameters: the first due date of each bucket but the last."""
    return {
        _limit(n): as_of - timedelta(days=limit) for n, (_name, limit) in enumerate(BUCKET_LIMITS)
    }


def aging_lines_from(rows: Iterable[Sequence[Any]]) -> list[AgingLine]:
    """The statement's rows as lines."""
    lines = []
    for row in rows:
        aging = Aging(dict(zip(BUCKETS, map(int, row[5:]), strict=True)))  # SUMs of ≥ 1 row
        lines.append(AgingLine(row[0], row[1], row[2], row[3], aging, int(row[4])))
    return lines


def sqlite_aging_lines(connection: sqlite3.Connection, as_of: date) -> list[AgingLine]:
    """The lines read through a plain `sqlite3` connection (dates are ISO text in SQLite)."""
    limits = {name: day.isoformat() for name, day in aging_limits(as_of).items()}
    return aging_lines_from(connection.execute(AGING_SQL, limits))
