"""Reminder settings refuse what would make a letter's total disagree with its words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.db.migrate import Database
from app.domain.calendar import Clock
from app.domain.dunning import EMAIL, LETTER
from app.letters import texts
from app.services import dunning_config
from app.services.ledger import LedgerError


def test_a_text_of_a_claiming_level_cannot_drop_the_penalties(db: Database, clock: Clock) -> None:
    shipped = texts.shipped("formal_notice", "fr")
    plain = replace(
        shipped,
        body=shipped.body.replace("{total_with_penalties}", "{total_due}")
        .replace("{interest}", "—")
        .replace("{fixed_fees}", "—"),
    )
    with db.session_factory.begin() as session, pytest.raises(LedgerError, match="claims"):
        dunning_config.save_text(session, clock, plain)
    amicable = texts.shipped("last_amicable", "en")
    claiming = replace(amicable, body=amicable.body + "\n\nWith penalties: {total_with_penalties}.")
    with db.session_factory.begin() as session, pytest.raises(LedgerError, match="does not claim"):
        dunning_config.save_text(session, clock, claiming)


def test_a_courtesy_reminder_before_the_due_date_cannot_be_posted(db: Database) -> None:
    with db.session_factory.begin() as session:
        _name, levels = dunning_config.policies(session)["standard_business"]
        posted = [replace(levels[0], channels=(EMAIL, LETTER)), *levels[1:]]
        with pytest.raises(LedgerError, match="cannot go by post"):
            dunning_config.save_policy(session, "standard_business", "Standard", posted)
