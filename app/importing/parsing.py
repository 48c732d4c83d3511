"""Reading a whole table into records: columns checked, customers named, item lines grouped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, NamedTuple

from app.i18n import _
from app.importing.columns import (
    NAME_FIELD,
    REF_FIELD,
    Kind,
    columns_read,
    french_headers,
    missing_required,
)
from app.importing.dates import ColumnOrder, file_orders
from app.importing.item_lines import group_item_lines
from app.importing.records import (
    Fields,
    InvoiceRecord,
    ItemLines,
    NameRefs,
    Parsed,
    Problem,
    Row,
    column_indexes,
    customer_row,
    invoice_fields,
    invoice_row,
    next_item_line,
    payment_row,
)
from app.importing.sources import Table, padded_rows
from app.importing.statuses import SKIPPED, status_of

DATE_FIELDS = ("issue_date", "due_date", "date")


def date_orders(table: Table, mapping: dict[str, str], locale: str) -> dict[str, ColumnOrder]:
    """How each date column of the file is read: day first or month first, and why."""
    columns: dict[str, list[str]] = {}
    for name in DATE_FIELDS:
        header = mapping.get(name)
        if header is None or header not in table.headers:
            continue
        at = table.headers.index(header)
        columns[name] = [cells[at] for _line, cells in table.rows if at < len(cells)]
    by_field = file_orders(columns, french_file=french_headers(table.headers), locale=locale)
    return {
        name: replace(order, column=mapping.get(order.column, order.column))
        for name, order in by_field.items()
    }


def parse(
    kind: Kind,
    table: Table,
    mapping: dict[str, str],
    default_currency: str = "EUR",
    *,
    locale: str = "fr_FR",
    names: NameRefs | None = None,
) -> Parsed:
    """Every row read into a record, or refused with the reason; nothing is written here.

    `names`: for a file without a reference column, the customers its names stand for.
    """
    parsed = Parsed(kind, headers=table.headers)
    for name in missing_required(kind, mapping):
        parsed.problems.append(Problem(table.header_line, name, _missing(name, table)))
    if parsed.problems:
        return parsed
    parsed.date_orders = date_orders(table, mapping, locale)
    seen: dict[str, int] = {}
    row_mapping = invoice_fields(mapping) if kind is Kind.INVOICES else mapping
    # The last row read in full: an invoice's next item line repeats its shared cells.
    previous: _Previous | None = None
    item_lines = ItemLines(row_mapping, table.headers, default_currency)
    at = column_indexes(table.headers)
    fields = Fields(row_mapping, table.headers)

    def cell(row: list[str], name: str) -> str:
        index = at.get(mapping.get(name, ""))
        return "" if index is None else row[index]

    for line, row_cells in padded_rows(table):
        parsed.rows_by_line[line] = row_cells
        extra = (
            {}
            if names is None
            else _named_ref(kind, line, row_cells, cell, mapping, names, parsed.problems)
        )
        if extra is None:
            if kind is Kind.INVOICES:  # its invoice's other item lines are refused with it
                number = cell(row_cells, "number").strip()
                parsed.failed[number or f"#{line}"] = line
            continue
        record: Any
        if (
            previous is not None
            and previous.record is not None
            and item_lines.repeats(row_cells, extra, previous.cells, previous.extra)
        ):
            record = next_item_line(
                line,
                item_lines.amount(row_cells),
                row_mapping,
                parsed.problems,
                previous.record,
                default_currency,
            )
            if record is None:
                parsed.failed[previous.record.number] = line
            else:
                parsed.records.append(record)
            continue
        row = Row(
            line, fields.values(row_cells), row_mapping, parsed.problems,
            extra=extra, orders=parsed.date_orders, book=default_currency,
        )  # fmt: skip
        if kind is Kind.CUSTOMERS:
            record = customer_row(row)
        elif kind is Kind.INVOICES:
            record = invoice_row(row)
            previous = _Previous(row_cells, extra, record)
            if record is None:
                parsed.failed[row.text("number") or f"#{line}"] = line
        else:
            record = payment_row(row)
        if record is None:
            continue
        if kind is Kind.CUSTOMERS:
            if record.ref in seen:
                row.fail(
                    "ref", _("Already on line {line} of this file.").format(line=seen[record.ref])
                )
                continue
            seen[record.ref] = line
        parsed.records.append(record)
    if kind is Kind.INVOICES:
        group_item_lines(parsed, mapping)
    return parsed


class _Previous(NamedTuple):
    """An invoice row read in full, whose next rows may be more item lines of its invoice."""

    cells: list[str]
    extra: dict[str, str]
    record: InvoiceRecord | None


def _named_ref(
    kind: Kind,
    line: int,
    cells: list[str],
    cell: Callable[[list[str], str], str],
    mapping: dict[str, str],
    names: NameRefs,
    problems: list[Problem],
) -> dict[str, str] | None:
    """The reference of the customer a row names, for a file without references.

    {} for a draft or void invoice naming no known customer, None when the row is refused here.
    """
    name = cell(cells, NAME_FIELD[kind]).strip()
    reason = names.refused.get(name) if name else _("This value is required.")
    if reason is not None and status_of(cell(cells, "status")) in SKIPPED:
        return {}  # a draft or a void invoice is skipped, whoever it names
    if reason is not None:
        problems.append(Problem(line, mapping[NAME_FIELD[kind]], reason))
        return None
    return {REF_FIELD[kind]: names.refs[name]}


def _missing(name: str, table: Table) -> str:
    """A required column not found, and the columns that were, so the user sees what was read."""
    return " ".join(
        (
            _("The required column “{name}” was not found.").format(name=name),
            columns_read(table.headers, table.header_line),
        )
    )
