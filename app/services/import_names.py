"""Customers found by their name, for files that give no customer reference.

Many invoicing tools export the customer's name and nothing else ("Client", "Customer Name").
Each name is matched to the customer of that name (compared without case, accents or
punctuation), or to the customer whose reference it is (a lone "Client" column may hold
references). A name Relance does not know gets a reference made from it (`BOULANGERIE-DUPRE`),
kept with the customer, so the next import of the same export finds the same customer again.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Customer
from app.i18n import _
from app.importing.columns import NAME_FIELD, Kind, normal
from app.importing.records import NameRefs
from app.importing.sources import Table

REF_LENGTH = 30  # a generated reference: readable in a list, far within the column's 64


def name_refs(session: Session, kind: Kind, table: Table, mapping: dict[str, str]) -> NameRefs:
    """Every name of the file's name column, resolved to a customer's reference or refused."""
    header = mapping[NAME_FIELD[kind]]
    at = table.headers.index(header)
    names = {cells[at].strip() for _line, cells in table.rows if at < len(cells)} - {""}
    refs_taken: set[str] = set()
    by_name: dict[str, list[str]] = {}
    for ref, name in session.execute(select(Customer.ref, Customer.name)):
        refs_taken.add(ref)
        by_name.setdefault(name_key(name), []).append(ref)
    result = NameRefs()
    generated: dict[str, str] = {}  # a new name's normal form → the reference made for it
    for name in sorted(names):
        key = name_key(name)
        found = by_name.get(key, [])
        if name in refs_taken and not found:
            result.refs[name] = name
        elif len(found) == 1:
            result.refs[name] = found[0]
        elif found:
            result.refused[name] = _(
                "Several customers are named “{name}”: add a column with their references to "
                "tell them apart."
            ).format(name=name)
        elif kind is Kind.PAYMENTS:
            result.refused[name] = _(
                "No customer is named “{name}”: import the customers or their invoices first."
            ).format(name=name)
        else:
            if key not in generated:
                generated[key] = new_ref(name, refs_taken)
                refs_taken.add(generated[key])
            result.refs[name] = generated[key]
    return result


def name_key(name: str) -> str:
    """A name without case, accents or punctuation, in any script.

    Not `normal`, which keeps only ASCII letters: every name in Cyrillic, Greek or Chinese
    letters would be the same empty name, and one customer.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(
        " " if unicodedata.category(c)[0] in "PZS" else c
        for c in text
        if not unicodedata.combining(c)
    )
    return " ".join(text.casefold().split())


def new_ref(name: str, taken: set[str]) -> str:
    """A reference made from a name (`Boulangerie Dupré` → `BOULANGERIE-DUPRE`), unused yet."""
    base = "-".join(normal(name).upper().split())[:REF_LENGTH].strip("-") or "CLIENT"
    ref, count = base, 1
    while ref in taken:
        count += 1
        suffix = f"-{count}"
        ref = base[: REF_LENGTH - len(suffix)] + suffix
    return ref
