"""The policies Relance ships: how a careful office escalates, gently, for each kind of customer.

Built from French collection practice: most late payers are in good faith, so the first steps
assume an oversight, the middle ones offer to talk and to arrange payments, and only the last
one, weeks later, is a formal notice stating the legal penalties. Users edit copies of these in
the database; the shipped ones are written there when missing.
"""

from __future__ import annotations

from app.domain.dunning import EMAIL, LETTER, PHONE, Level, Policy
from app.i18n import N_

STANDARD, GENTLE, INDIVIDUALS = "standard_business", "gentle", "individuals"

SHIPPED: tuple[Policy, ...] = (
    Policy(
        STANDARD,
        N_("Standard business"),
        (
            Level(1, "", -3, (EMAIL,), "courtesy"),
            Level(2, "", 7, (EMAIL, LETTER), "friendly", 1_000, 5),
            Level(3, "", 21, (LETTER, EMAIL), "firm", 1_000, 10),
            Level(
                4,
                "",
                35,
                (LETTER, PHONE, EMAIL),
                "last_amicable",
                1_000,
                10,
                attach_statement=True,  # penalties "may" apply: mentioned, not claimed
            ),
            Level(5, "", 50, (LETTER,), "formal_notice", 5_000, 12, True, formal_notice=True),
        ),
        after_broken=4,  # a broken word calls for the last amicable reminder, not a restart
    ),
    Policy(
        GENTLE,
        N_("Gentle (premium customers)"),
        (
            Level(1, "", 15, (EMAIL, LETTER), "friendly", 5_000),
            Level(2, "", 40, (LETTER, PHONE), "firm", 5_000, 20),
            Level(3, "", 70, (PHONE, LETTER), "last_amicable", 5_000, 20),
            Level(4, "", 90, (LETTER,), "formal_notice", 5_000, 20, True, True, manual_only=True),
        ),
        after_broken=2,
    ),
    Policy(
        INDIVIDUALS,
        N_("Individuals"),
        (
            Level(1, "", 10, (LETTER, EMAIL), "individual_friendly", 500),
            Level(2, "", 30, (LETTER, PHONE), "individual_firm", 500, 15),
            Level(3, "", 60, (LETTER,), "individual_formal_notice", 2_000, 20, formal_notice=True),
        ),
        after_broken=2,
    ),
)

# A customer without a policy of its own gets the one of its segment; individuals their own.
SEGMENT_POLICIES = {"standard": STANDARD, "premium": GENTLE, "watch": STANDARD}


def policy_key_for(segment: str, kind: str, chosen: str | None) -> str:
    if chosen:
        return chosen
    if kind == "individual":
        return INDIVIDUALS
    return SEGMENT_POLICIES.get(segment, STANDARD)


SHIPPED_NAMES = frozenset(p.name for p in SHIPPED)
