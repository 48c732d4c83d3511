"""Reports over the ledger: the aged balance, as the CLI prints it and the window shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal

from app.db.aging_query import AgingLine
from app.domain.aging import BUCKETS, Aging
from app.domain.money import plain_writer, to_decimal, to_plain
from app.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class AgingReport:
    as_of: date
    currency: str  # the default currency: the one the headline totals are in
    lines: list[AgingLine]
    totals: dict[str, Aging] = field(default_factory=dict)  # per currency
    disputed: dict[str, int] = field(default_factory=dict)  # per currency, under open disputes

    @property
    def headline(self) -> Aging:
        return self.totals.get(self.currency, Aging())

    def to_json(self) -> dict[str, Any]:
        """The `aging --format json` contract; amounts as strings with the currency's places."""

        def buckets(aging: Aging, currency: str) -> dict[str, str]:
            plain = plain_writer(currency)
            return {b: plain(aging.buckets[b]) for b in BUCKETS}

        result: dict[str, Any] = {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "total": to_plain(self.headline.total, self.currency),
            "buckets": buckets(self.headline, self.currency),
            "disputed": to_plain(self.disputed.get(self.currency, 0), self.currency),
            "customers": [
                {
                    "customer_ref": line.customer_ref,
                    "name": line.name,
                    "currency": line.currency,
                    "total": to_plain(line.aging.total, line.currency),
                    "buckets": buckets(line.aging, line.currency),
                    "disputed": to_plain(line.disputed_cents, line.currency),
                }
                for line in self.lines
            ],
        }
        others = {c: a for c, a in self.totals.items() if c != self.currency}
        if others:
            result["other_currencies"] = {
                c: {
                    "total": to_plain(a.total, c),
                    "buckets": buckets(a, c),
                    "disputed": to_plain(self.disputed.get(c, 0), c),
                }
                for c, a in sorted(others.items())
            }
        return result


def aging_report(session: Session, as_of: date) -> AgingReport:
    """The aged balance of a book opened through the ORM."""
    from app.db.queries import aging_lines
    from app.services.settings import load_preferences

    return aged_balance(as_of, load_preferences(session).currency, aging_lines(session, as_of))


def aged_balance(as_of: date, currency: str, lines: list[AgingLine]) -> AgingReport:
    """The report of aging lines, with its totals per currency; `currency` is the book's."""
    totals: dict[str, Aging] = {}
    disputed: dict[str, int] = {}
    for line in lines:
        totals.setdefault(line.currency, Aging()).merge(line.aging)
        disputed[line.currency] = disputed.get(line.currency, 0) + line.disputed_cents
    return AgingReport(as_of, currency, lines, totals, disputed)


def bucket_titles() -> dict[str, str]:
    return {
        "not_due": _("Not due"),
        "1-30": _("1–30 days"),
        "31-60": _("31–60 days"),
        "61-90": _("61–90 days"),
        "over_90": _("Over 90 days"),
    }


def aging_table(report: AgingReport, locale: str) -> str:
    """A plain-text table for the terminal, amounts in the user's number format."""

    def amount(cents: int, currency: str) -> str:
        return str(format_decimal(to_decimal(cents, currency), format="#,##0.00", locale=locale))

    titles = bucket_titles()
    header = [
        _("Customer"),
        _("Name"),
        _("Cur."),
        *(titles[b] for b in BUCKETS),
        _("Total"),
        _("Disputed"),
    ]
    rows = [
        [
            line.customer_ref,
            line.name if len(line.name) <= 32 else line.name[:31] + "…",
            line.currency,
            *(amount(line.aging.buckets[b], line.currency) for b in BUCKETS),
            amount(line.aging.total, line.currency),
            amount(line.disputed_cents, line.currency) if line.disputed_cents else "",
        ]
        for line in report.lines
    ]
    for currency, aging in sorted(report.totals.items()):
        rows.append(
            [
                _("TOTAL"),
                "",
                currency,
                *(amount(aging.buckets[b], currency) for b in BUCKETS),
                amount(aging.total, currency),
                amount(report.disputed.get(currency, 0), currency),
            ]
        )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for index, row in enumerate([header, *rows]):
        cells = [
            str(cell).ljust(widths[i]) if i < 3 else str(cell).rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0 or index == len(rows) - len(report.totals):
            lines.append("  ".join("-" * w for w in widths))
    if not report.lines:
        lines.append(_("Nothing is owed as of {day}.").format(day=report.as_of.isoformat()))
    return "\n".join(lines)
