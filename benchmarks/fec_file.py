"""Writing FEC files as accounting packages do: balanced entries, tab-separated, decimal comma.

`FecWriter` builds small hand-made files for the tests; `generate_fec` a large realistic one
(sales, bank receipts lettered with their invoices, credit notes, write-offs) for the benchmark.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HEADERS = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
]
JOURNALS = {"VT": "Ventes", "BQ": "Banque", "OD": "Opérations diverses", "AN": "A nouveaux"}


def amount(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def ymd(day: date) -> str:
    return day.strftime("%Y%m%d")


@dataclass(frozen=True)
class Account:
    aux: str
    name: str


@dataclass
class FecWriter:
    separator: str = "\t"
    rows: list[list[str]] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def entry(
        self,
        journal: str,
        day: date,
        piece: str,
        label: str,
        lines: list[tuple[str, str, Account | None, int, int, str]],
        piece_day: date | None = None,
    ) -> None:
        """One balanced entry; each line is (account, account label, customer, debit, credit,
        lettering code)."""
        assert sum(d - c for _a, _l, _c, d, c, _t in lines) == 0, "an entry must balance"
        number = self.numbers[journal] = self.numbers.get(journal, 0) + 1
        for account, account_label, customer, debit, credit, letter in lines:
            self.rows.append(
                [
                    journal,
                    JOURNALS.get(journal, journal),
                    f"{journal}{number:06d}",
                    ymd(day),
                    account,
                    account_label,
                    customer.aux if customer else "",
                    customer.name if customer else "",
                    piece,
                    ymd(piece_day or day),
                    label,
                    amount(debit),
                    amount(credit),
                    letter,
                    ymd(day) if letter else "",
                    ymd(day),
                    "",
                    "",
                ]
            )

    def sale(self, customer: Account, number: str, day: date, cents: int, letter: str = "") -> None:
        vat = round(cents / 6)
        self.entry(
            "VT",
            day,
            number,
            f"Facture {number}",
            [
                ("411000", "Clients", customer, cents, 0, letter),
                ("706000", "Prestations de services", None, 0, cents - vat, ""),
                ("445710", "TVA collectée", None, 0, vat, ""),
            ],
        )

    def credit_note(
        self, customer: Account, number: str, day: date, cents: int, letter: str = ""
    ) -> None:
        vat = round(cents / 6)
        self.entry(
            "VT",
            day,
            number,
            f"Avoir {number}",
            [
                ("411000", "Clients", customer, 0, cents, letter),
                ("706000", "Prestations de services", None, cents - vat, 0, ""),
                ("445710", "TVA collectée", None, vat, 0, ""),
            ],
        )

    def receipt(
        self, customer: Account, piece: str, day: date, cents: int, letter: str = ""
    ) -> None:
        self.entry(
            "BQ",
            day,
            piece,
            f"Règlement {customer.name}",
            [
                ("512000", "Banque", None, cents, 0, ""),
                ("411000", "Clients", customer, 0, cents, letter),
            ],
        )

    def write_off(
        self, customer: Account, piece: str, day: date, cents: int, letter: str = ""
    ) -> None:
        self.entry(
            "OD",
            day,
            piece,
            "Perte sur créance irrécouvrable",
            [
                ("654000", "Pertes sur créances", None, cents, 0, ""),
                ("411000", "Clients", customer, 0, cents, letter),
            ],
        )

    def text(self) -> str:
        lines = [HEADERS, *self.rows]
        return "".join(self.separator.join(cells) + "\r\n" for cells in lines)

    def write(self, path: Path, encoding: str = "utf-8") -> Path:
        path.write_bytes(self.text().encode(encoding))
        return path


def letter_code(index: int) -> str:
    """A, B, … Z, AA, AB…: lettering codes as packages write them."""
    code = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        code = chr(ord("A") + rest) + code
    return code


def generate_fec(path: Path, customers: int = 1000, invoices: int = 10_000, seed: int = 7) -> Path:
    """A year of a small company's receivables: about five FEC lines per invoice."""
    rng = random.Random(seed)
    writer = FecWriter()
    accounts = [Account(f"C{n:05d}", f"CLIENT {n:05d}") for n in range(customers)]
    letters = dict.fromkeys(accounts, 0)
    start = date(2026, 1, 1)
    for n in range(invoices):
        customer = rng.choice(accounts)
        day = start + timedelta(days=n * 300 // invoices)
        cents = rng.randint(5_000, 500_000)
        number = f"FA{n + 1:07d}"
        fate = rng.random()
        letter = ""
        if fate < 0.85:
            letter = letter_code(letters[customer])
            letters[customer] += 1
        writer.sale(customer, number, day, cents, letter)
        paid_on = min(day + timedelta(days=rng.randint(10, 60)), date(2026, 11, 20))
        if fate < 0.75:
            writer.receipt(customer, f"VIR{n + 1:07d}", paid_on, cents, letter)
        elif fate < 0.80:
            first = cents // 2
            writer.receipt(customer, f"VIR{n + 1:07d}A", paid_on, first, letter)
            writer.receipt(customer, f"VIR{n + 1:07d}B", paid_on, cents - first, letter)
        elif fate < 0.85:
            writer.credit_note(customer, f"AV{n + 1:07d}", paid_on, cents, letter)
        elif fate < 0.87:
            writer.write_off(customer, f"OD{n + 1:07d}", paid_on, cents // 3)
        elif fate < 0.92:
            writer.receipt(customer, f"CHQ{n + 1:07d}", paid_on, cents // 2)  # not lettered yet
    return writer.write(path)
