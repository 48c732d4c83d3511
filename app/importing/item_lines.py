"""Exports of one row per item line (Zoho, FreshBooks, Invoice Ninja): one invoice per number.

Such an export repeats the invoice's own columns (customer, dates, currency, total, balance,
status) on each of its item lines. The lines of one number are one invoice when those columns
agree; its amount is its total column when the file has one, else the sum of its lines' totals.
Lines that disagree are refused, each naming the other, since nothing says which one is right;
a line refused for another reason takes its invoice's other lines with it (an invoice short of
a line would be imported for less than it is).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from app.i18n import _, ngettext
from app.importing.records import InvoiceRecord, Parsed, Problem, finish_invoice

# The invoice's own fields, which each of its lines repeats: (field, the column it is read from).
_SHARED = (
    ("status", "status"),
    ("customer_ref", "customer_ref"),
    ("issue_date", "issue_date"),
    ("due_date", "due_date"),
    ("currency", "currency"),
    ("amount_cents", "amount"),
    ("open_cents", "open_amount"),
    ("paid_cents", "paid_amount"),
)


_shared_values = attrgetter(*(name for name, _column in _SHARED))


def _what(name: str) -> str:
    return {
        "status": _("status"),
        "customer_ref": _("customer"),
        "issue_date": _("issue date"),
        "due_date": _("due date"),
        "currency": _("currency"),
        "amount_cents": _("total"),
        "open_cents": _("balance"),
        "paid_cents": _("amount paid"),
    }[name]


def group_item_lines(parsed: Parsed, mapping: dict[str, str]) -> None:
    """Replace the invoice rows of `parsed` by one record per invoice number, or refuse them."""
    groups: dict[str, list[InvoiceRecord]] = {}
    for record in parsed.records:
        groups.setdefault(record.number or f"#{record.line}", []).append(record)  # drafts

    def header(name: str) -> str:
        return mapping.get(name, name)

    def cell(line: int, name: str) -> str:
        return parsed.cells(line).get(mapping.get(name, ""), "").strip()

    invoices: list[InvoiceRecord] = []
    for number, records in groups.items():
        refused_line = parsed.failed.get(number)
        if refused_line is not None:
            parsed.problems += [_with_refused(r, number, refused_line, header) for r in records]
            continue
        if len(records) > 1:
            problems = _disagreements(number, records, mapping, header, cell)
            if problems:
                parsed.problems += problems
                continue
        merged = _merged(records)
        invoice = finish_invoice(merged, mapping, parsed.problems)
        if invoice is None:
            parsed.problems += [
                Problem(
                    r.line,
                    header("number"),
                    _("The invoice “{number}” is refused: see line {line}.").format(
                        number=number, line=merged.line
                    ),
                )
                for r in records[1:]
            ]
            continue
        invoices.append(invoice)
    parsed.records = invoices


def _merged(records: list[InvoiceRecord]) -> InvoiceRecord:
    first = records[0]
    if len(records) == 1:
        return first
    lines = [r.line_cents for r in records if r.line_cents is not None]
    return first._replace(
        line_cents=sum(lines) if lines else None,
        lines=tuple(r.line for r in records),
    )


def _with_refused(
    record: InvoiceRecord, number: str, refused_line: int, header: Callable[[str], str]
) -> Problem:
    return Problem(
        record.line,
        header("number"),
        _(
            "Line {line} of the invoice “{number}” is refused, so the invoice is not imported: "
            "correct that line."
        ).format(line=refused_line, number=number),
    )


def _disagreements(
    number: str,
    records: list[InvoiceRecord],
    mapping: dict[str, str],
    header: Callable[[str], str],
    cell: Callable[[int, str], str],
) -> list[Problem]:
    """A problem on each line that differs from the invoice's first line, and one on that line."""
    first = records[0]
    values = _shared_values(first)
    if all(_shared_values(record) == values for record in records[1:]):
        return []  # the common case, in one comparison per line
    problems: list[Problem] = []
    for record in records[1:]:
        for name, column in _SHARED:
            if first.skipped and record.skipped and name != "status":
                continue  # drafts and void invoices are left out whatever their lines say
            if getattr(record, name) == getattr(first, name):
                continue
            hint = ""
            if name == "amount_cents" and "line_amount" not in mapping:
                hint = " " + _(
                    "If each line is one item of the invoice, read the line's total as the "
                    "line amount (a mapping naming its column “line_amount”), not as the amount."
                )
            elif name != "amount_cents" or "line_amount" in mapping:
                hint = " " + _(
                    "The lines of one invoice must agree on its customer, dates, currency, total, "
                    "balance and status."
                )
            problems.append(
                Problem(
                    record.line,
                    header(column),
                    _(
                        "The invoice “{number}” is also on line {first}, with another {what} "
                        "(“{there}” there, “{here}” here).{hint}"
                    ).format(
                        number=number,
                        first=first.line,
                        what=_what(name),
                        there=cell(first.line, column),
                        here=cell(record.line, column),
                        hint=hint,
                    ),
                )
            )
            break
    if not problems:
        return []
    lines = sorted({p.line for p in problems})
    refused = ngettext(
        "The invoice “{number}” is refused: line {lines} disagrees with this one.",
        "The invoice “{number}” is refused: lines {lines} disagree with this one.",
        len(lines),
    )
    listed = ", ".join(str(n) for n in lines)
    problems.append(
        Problem(first.line, header("number"), refused.format(number=number, lines=listed))
    )
    problems += [
        Problem(
            r.line,
            header("number"),
            _("The invoice “{number}” is refused: see line {line}.").format(
                number=number, line=first.line
            ),
        )
        for r in records[1:]
        if r.line not in lines
    ]
    return problems
