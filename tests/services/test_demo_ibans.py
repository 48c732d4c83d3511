"""The demo's French businesses that pay by transfer or direct debit have a test IBAN."""

from __future__ import annotations

import random

from app.domain.identifiers import iban_number
from app.services.demo_customers import demo_iban, french_business


def _rib_key_matches(compact: str) -> bool:
    bank, branch, account, key = compact[4:9], compact[9:14], compact[14:25], compact[25:]
    return (89 * int(bank) + 15 * int(branch) + 3 * int(account) + int(key)) % 97 == 0


def test_a_demo_iban_passes_every_check_and_is_no_real_account() -> None:
    ibans = {demo_iban(f"411{n:05d}") for n in range(1, 400)}
    assert len(ibans) == 399  # one account per customer
    for value in ibans:
        assert iban_number(value) == value
        assert _rib_key_matches(value)
        assert value.startswith("FR") and value[4:16] == "300060000199"


def test_french_businesses_paying_by_transfer_have_an_iban_and_cheque_payers_none() -> None:
    rng = random.Random(7)
    specs = [french_business(rng, f"411{n:05d}", set()) for n in range(1, 120)]
    by_method = {spec.method for spec in specs}
    assert {"transfer", "cheque"} <= by_method
    for spec in specs:
        if spec.method == "cheque":
            assert "iban" not in spec.fields
        else:
            assert spec.fields["iban"] == demo_iban(spec.ref)
