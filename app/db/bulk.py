"""Inserting many rows at the driver's speed: one statement, each value converted once.

SQLAlchemy's executemany builds a parameter dictionary per row and runs every type's bind
processor through its execution context: for an import of a hundred thousand invoices that is
more time than SQLite takes to write them. `insert_many` writes the statement once for the
dialect, converts each value with the column type's own bind processor (so what is stored is
exactly what the ORM would store: dates as SQLite text, aware datetimes as UTC, JSON as text),
and hands the driver plain tuples.

Columns the caller does not give take their scalar default (`default="EUR"`); a column with a
callable default must be given, so no row is stored without a value the ORM would have set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from typing import Any

from sqlalchemy import Column, Date, DateTime, Dialect, Table
from sqlalchemy.orm import Session

BATCH = 5000
ROOMY_CACHE_KIB = 65536  # pages are taken as they are needed, and given back by `roomy_cache`

Processor = Callable[[Any], Any] | None


def insert_many(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> None:
    """Insert `rows` (values in the order of `columns`) into `table`, in the session's
    transaction; `constants` are values the same on every row, converted once."""
    connection = session.connection()
    dialect = connection.dialect
    fixed = {**_scalar_defaults(table, columns, constants or {}), **(constants or {})}
    names = [*columns, *fixed]
    for name in names:
        if name not in table.c:
            raise KeyError(f"{table.name} has no column {name}")
    processors = [_processor(table.c[name], dialect) for name in columns]
    tail = tuple(_convert(_processor(table.c[n], dialect), v) for n, v in fixed.items())
    sql = _insert_sql(table, names, dialect)
    positional = dialect.paramstyle in ("qmark", "format", "numeric")
    converting = [(i, p) for i, p in enumerate(processors) if p is not None]
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        values = _converted(batch, converting, tail)
        params: Any = values if positional else [dict(zip(names, v, strict=True)) for v in values]
        connection.exec_driver_sql(sql, params)


@contextmanager
def roomy_cache(session: Session, kib: int = ROOMY_CACHE_KIB) -> Iterator[None]:
    """A large page cache for the session's connection while a bulk write runs in its
    transaction; the connection's own size comes back when the block ends.

    SQLite's default cache (2 MB) is smaller than the index pages an import of a hundred
    thousand invoices touches: it spills them to the WAL and reads them back. Given back before
    the commit, the cache keeps the pages it still must write until then.
    """
    connection = session.connection()  # the transaction's: the same until its commit
    if connection.dialect.name != "sqlite":
        yield
        return
    raw: Any = connection.connection.driver_connection
    (before,) = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(before)}")


def _converted(
    batch: list[Sequence[Any]],
    converting: list[tuple[int, Callable[[Any], Any]]],
    tail: tuple[Any, ...],
) -> list[tuple[Any, ...]]:
    """The batch's rows with their values converted, column by column, and `tail` added."""
    columns = [list(column) for column in zip(*batch, strict=True)]
    for index, processor in converting:
        columns[index] = [None if v is None else processor(v) for v in columns[index]]
    columns += [[value] * len(batch) for value in tail]
    return list(zip(*columns, strict=True))


def _convert(processor: Processor, value: Any) -> Any:
    return value if value is None or processor is None else processor(value)


def _processor(column: Column[Any], dialect: Dialect) -> Processor:
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    if processor is not None and isinstance(column.type, Date | DateTime):
        return lru_cache(maxsize=4096)(processor)  # a file's dates repeat, each converted once
    return processor


def _scalar_defaults(
    table: Table, columns: Sequence[str], constants: Mapping[str, Any]
) -> dict[str, Any]:
    given = {*columns, *constants}
    return {
        column.key: scalar_default(table, column.key)
        for column in table.columns
        if column.key not in given and column.default is not None
    }


def scalar_default(table: Table, key: str) -> Any:
    """The value the ORM gives a column left out (None without a default); a computed default
    is refused: the caller must give that value."""
    default: Any = table.c[key].default
    if default is None:
        return None
    if not default.is_scalar:
        raise ValueError(f"{table.name}.{key} has a computed default: give its value")
    return default.arg


def _insert_sql(table: Table, names: Sequence[str], dialect: Dialect) -> str:
    quote = dialect.identifier_preparer.quote
    listed = ", ".join(quote(table.c[n].name) for n in names)
    values = ", ".join(_marker(dialect.paramstyle, i, n) for i, n in enumerate(names))
    return f"INSERT INTO {quote(table.name)} ({listed}) VALUES ({values})"


def _marker(paramstyle: str, index: int, name: str) -> str:
    """The placeholder of a parameter in the driver's own style (PEP 249)."""
    return {
        "qmark": "?",
        "format": "%s",
        "numeric": f":{index + 1}",
        "named": f":{name}",
        "pyformat": f"%({name})s",
    }[paramstyle]
