"""A reading of the day's proposals stops when asked (a newer reading was asked, the window
closes): while reading the book and while proposing, without writing anything."""

from __future__ import annotations

from datetime import date

import pytest

from app.db.migrate import Database
from app.domain import dunning
from app.domain.calendar import Clock
from app.domain.dunning import Stopped
from app.services.demo import fill_demo
from app.services.dunning import propose

TODAY = date(2026, 11, 22)


def looks(after: int) -> tuple[list[int], object]:
    """A `stop` that says yes from its `after`-th look on, and the count of looks."""
    seen = [0]

    def stop() -> bool:
        seen[0] += 1
        return seen[0] > after

    return seen, stop


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_reading_stops_at_the_next_look(
    db: Database, clock: Clock, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    """0: before the first invoice row; 1: before the credits; 2: before the first customer is
    proposed (the rows and customers are looked at every thousand, more than this book has)."""
    with db.session_factory.begin() as session:
        fill_demo(session, clock, customers=30)
    seen, stop = looks(after)
    with db.session_factory() as session, pytest.raises(Stopped):
        propose(session, TODAY, stop)  # type: ignore[arg-type]
    assert seen == [after + 1]


def test_the_proposing_looks_every_thousand_customers(
    db: Database, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dunning, "STOP_EVERY", 7)
    with db.session_factory.begin() as session:
        fill_demo(session, clock, customers=30)
    seen, stop = looks(4)  # two looks reading; the third while proposing (the 15th) stops it
    with db.session_factory() as session, pytest.raises(Stopped):
        propose(session, TODAY, stop)  # type: ignore[arg-type]
    assert seen == [5]
    with db.session_factory() as session:
        assert propose(session, TODAY).proposals  # never asked to stop: the whole plan
