"""Cells written for spreadsheets: text a spreadsheet would run as a formula is made inert.

OWASP's CSV-injection rule: a text cell starting with `=`, `+`, `-`, `@`, a tab or a line break
is written behind a single quote, which spreadsheets read as "this is text". Numbers are left as
they are, negative ones included, whether they come as numbers or as their plain text (`-12.50`):
they cannot run anything, and quoting them would turn them into text. Every CSV or workbook
Relance writes goes through `inert_row`; files Relance reads back go through `restored`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)")


def _runnable(text: str) -> bool:
    return text.startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def inert(value: object) -> object:
    """`value` as it can be written safely: text that would run gets a leading `'`."""
    if isinstance(value, str) and _runnable(value):
        return "'" + value
    return value


def inert_row(values: Iterable[object]) -> list[object]:
    return [inert(value) for value in values]


def restored(text: str) -> str:
    """A cell read back as it was before `inert` quoted it (a corrected rejects file)."""
    if text.startswith("'") and _runnable(text[1:]):
        return text[1:]
    return text
