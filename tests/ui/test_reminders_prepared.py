"""The hidden Reminders page prepares its proposals in the background a moment after the book
changes, once for a burst of changes, and some seconds after the window opened, so that it is
ready when shown (and the side bar's count is known); a closed window prepares nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.services.dunning import DunningPlan
from app.ui.background import wait_for_background
from app.ui.main_window import MainWindow
from app.ui.reminders import reminders_view


@pytest.fixture
def proposals(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The days the page proposed for, one per reading of the book."""
    days: list[date] = []
    propose = reminders_view.propose

    def counted(session: Session, as_of: date, stop: Callable[[], bool]) -> DunningPlan:
        days.append(as_of)
        return propose(session, as_of, stop)

    monkeypatch.setattr(reminders_view, "propose", counted)
    return days


def test_a_burst_of_changes_is_proposed_once_and_the_page_is_ready_when_shown(
    qtbot: QtBot, window: MainWindow, proposals: list[date]
) -> None:
    view = window.reminders
    counts: list[Any] = []
    view.counted.connect(counts.append)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        for _change in range(3):
            view.mark_stale(30)
    assert len(proposals) == 1
    assert counts == [None, None, None, 2]  # unknown while changing, then the count to send
    assert not view.isVisible() and view.model.rowCount() == 2
    window.navigation.show("reminders")
    qtbot.wait(100)
    assert len(proposals) == 1  # shown: nothing read again
    first = view.model.row_at(0).item.proposal.customer.name
    assert view.preview.title.text().startswith(first)  # the first letter, drawn when shown
    table, preview = view.splitter.sizes()  # laid out when shown: a hidden page has no width
    assert table > 300 and preview > 300 and not view.preview.letter.pixmap().isNull()


def test_shown_before_the_delay_it_proposes_at_once(
    qtbot: QtBot, window: MainWindow, proposals: list[date]
) -> None:
    view = window.reminders
    view.mark_stale()  # the preparation would come in 1.5 s
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.navigation.show("reminders")
    qtbot.wait(reminders_view.PREPARE_DELAY_MS + 200)
    assert len(proposals) == 1 and view.model.rowCount() == 2


def test_a_closed_window_prepares_nothing(
    qtbot: QtBot, window: MainWindow, proposals: list[date]
) -> None:
    view = window.reminders
    view.mark_stale(30)
    window.close()
    qtbot.wait(200)
    assert proposals == []


def test_the_window_s_opening_prepares_later_than_a_change(
    qtbot: QtBot, window: MainWindow, proposals: list[date]
) -> None:
    """Opened, the window reads its list first: the proposals come some seconds later."""
    view = window.reminders
    assert view._prepare.isActive() and proposals == []
    assert view._prepare.remainingTime() > reminders_view.START_DELAY_MS - 2000
    view.mark_stale()  # a change meanwhile: sooner
    assert view._prepare.remainingTime() < 2 * reminders_view.PREPARE_DELAY_MS  # coarse timer


def test_a_newer_reading_stops_the_one_under_way_and_closing_stops_it_too(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each reading gets its own stop; a newer one (or the window closing) stops the reading
    under way, whose answer nobody wants: no error is shown for it."""
    stops: list[Callable[[], bool]] = []
    propose = reminders_view.propose

    def watched(session: Session, as_of: date, stop: Callable[[], bool]) -> DunningPlan:
        stops.append(stop)
        return propose(session, as_of, stop)

    monkeypatch.setattr(reminders_view, "propose", watched)
    view = window.reminders
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.navigation.show("reminders")
        view.reload()  # asked again at once: the first reading is stopped
    wait_for_background()
    qtbot.wait(50)
    assert sorted(stop() for stop in stops) == [False, True]  # in the order the workers began
    assert view.model.rowCount() == 2 and "could not" not in view.count.text()
    view.stop_reading()
    assert stops[-1]()
    window.navigation.show("customers")
    with qtbot.waitSignal(view.loaded, timeout=10000):  # stopped: read again when shown
        window.navigation.show("reminders")
    assert len(stops) == 3 and view.model.rowCount() == 2


def test_a_failed_preparation_is_read_again_when_the_page_is_shown(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[date] = []
    propose = reminders_view.propose

    def locked_once(session: Session, as_of: date, stop: Callable[[], bool]) -> DunningPlan:
        calls.append(as_of)
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        return propose(session, as_of, stop)

    monkeypatch.setattr(reminders_view, "propose", locked_once)
    view = window.reminders
    view.mark_stale(30)
    qtbot.waitUntil(lambda: len(calls) == 1 and "could not" in view.count.text(), timeout=10000)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.navigation.show("reminders")
    assert len(calls) == 2 and view.model.rowCount() == 2


def test_a_change_during_a_preparation_stops_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its answer would be the book before the change (and a count already out of date)."""
    started, go_on = threading.Event(), threading.Event()
    stops: list[Callable[[], bool]] = []
    propose = reminders_view.propose

    def held(session: Session, as_of: date, stop: Callable[[], bool]) -> DunningPlan:
        stops.append(stop)
        if len(stops) == 1:
            started.set()
            go_on.wait(10)
        return propose(session, as_of, stop)

    monkeypatch.setattr(reminders_view, "propose", held)
    view = window.reminders
    counts: list[Any] = []
    view.counted.connect(counts.append)
    view.mark_stale(30)
    qtbot.waitUntil(started.is_set, timeout=10000)
    view.mark_stale(30)  # the book changed again while the first preparation reads it
    assert stops[0]()
    go_on.set()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        pass  # the second preparation's answer
    assert len(stops) == 2 and not stops[1]() and counts == [None, None, 2]
