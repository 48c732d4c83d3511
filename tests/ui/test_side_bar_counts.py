"""The side bar counts what waits on each page ("Reminders 37"), once the page has looked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app import i18n
from app.db.migrate import Database
from app.domain.calendar import Clock
from app.services import outbox
from app.services.demo import fill_demo
from app.services.disputes import open_dispute_rows
from app.services.promise_followup import promise_rows
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


@pytest.fixture
def later(clock: Clock) -> Clock:
    """Six days after the demo was made: two of its promises have come due."""
    return Clock.fixed(clock.today() + timedelta(days=6))


@pytest.fixture
def demo_window(qtbot: QtBot, db: Database, clock: Clock, later: Clock) -> Iterator[MainWindow]:
    with db.session_factory.begin() as session:
        fill_demo(session, clock, customers=40)
    window = MainWindow(AppContext(db, later, "EUR"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    loaded = [window.customers.loaded, window.disputes.loaded, window.outbox.loaded]
    with qtbot.waitSignals(loaded, timeout=20000):
        window.reload()
    yield window


def show(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Open a page of the side bar and wait until it has loaded."""
    signal = getattr(window, key).loaded
    with qtbot.waitSignal(signal, timeout=20000):
        window.navigation.show(key)


def test_the_side_bar_counts_what_each_page_found_once_it_has_looked(
    qtbot: QtBot, demo_window: MainWindow, db: Database, later: Clock
) -> None:
    navigation = demo_window.navigation
    today = later.today()
    # not looked yet: no number rather than a guess
    assert navigation.count("reminders") is None and navigation.label("reminders") == "Reminders"
    assert navigation.count("today") is None
    with db.session_factory() as session:
        disputes = len(open_dispute_rows(session, today))
        waiting = outbox.waiting_count(session)
        promises = promise_rows(session, today)
    assert disputes > 0
    assert navigation.count("disputes") == disputes
    assert navigation.label("disputes") == f"Disputes {disputes}"
    assert navigation.count("outbox") == (waiting or None)

    show(qtbot, demo_window, "reminders")
    ready = len(demo_window.reminders.model.included())
    assert ready > 0
    assert navigation.label("reminders") == f"Reminders {ready}"

    show(qtbot, demo_window, "today")
    assert demo_window.today.model.rowCount() > 0
    assert navigation.count("today") == demo_window.today.model.rowCount()

    show(qtbot, demo_window, "promises")
    week_ago = today - timedelta(days=7)
    follow_up = [
        p
        for p in promises
        if (p.status == "pending" and p.promised_on <= today)
        or (p.status == "broken" and p.promised_on >= week_ago)
    ]
    assert follow_up
    assert navigation.count("promises") == len(follow_up)

    # the counts stay when the page changes, and the titles can be said again in French
    navigation.show("customers")
    i18n.set_language("fr")
    navigation.retranslate()
    assert navigation.label("reminders") == f"Relances {ready}"
    assert navigation.list.item(1).text() == "Relances"  # the number is drawn, not typed in


def test_a_reminder_run_updates_the_reminders_and_the_outbox(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    navigation = window.navigation
    assert navigation.count("outbox") is None  # nothing waits in the small book
    show(qtbot, window, "reminders")
    assert navigation.label("reminders") == "Reminders 2"
    dialog = window.reminders.open_run_dialog()
    dialog.path.setText(str(tmp_path / "letters.pdf"))
    with qtbot.waitSignal(dialog.finished_run, timeout=20000):
        dialog.start()
    with context.database.session_factory() as session:
        queued = outbox.waiting_count(session)
    assert queued > 0
    qtbot.waitUntil(lambda: navigation.count("outbox") == queued, timeout=10000)
    qtbot.waitUntil(lambda: navigation.count("reminders") is None, timeout=10000)  # all sent
    assert navigation.label("reminders") == "Reminders"


def test_an_email_queued_shows_in_the_outbox_count(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.session_factory.begin() as session:
        outbox.queue_email(
            session,
            context.clock,
            customer_id=1,
            to_address="compta@dupont.fr",
            to_name="Compta",
            subject="Relance",
            body="Bonjour",
        )
    window.outbox.reload()  # reloads begun before it was queued may answer first: wait for ours
    qtbot.waitUntil(lambda: window.navigation.label("outbox") == "Outbox 1", timeout=5000)


def test_the_reminders_count_goes_when_the_book_changes_behind_the_page(
    qtbot: QtBot, window: MainWindow
) -> None:
    show(qtbot, window, "reminders")
    assert window.navigation.count("reminders") == 2
    window.navigation.show("customers")
    window.customers.changed.emit("A payment was recorded.")  # as after any change
    assert window.navigation.count("reminders") is None
    show(qtbot, window, "reminders")  # proposed again when looked at
    assert window.navigation.count("reminders") == 2


def test_the_count_is_drawn_at_the_right_of_its_row(qtbot: QtBot, window: MainWindow) -> None:
    navigation = window.navigation
    row = navigation.keys().index("disputes")
    area = navigation.list.visualItemRect(navigation.list.item(row))

    def right_end() -> QImage:
        shot = navigation.list.viewport().grab(area).toImage()
        return shot.copy(shot.width() - 40, 0, 40, shot.height())

    navigation.set_count("disputes", None)
    before = right_end()
    navigation.set_count("disputes", 12)
    assert right_end() != before
    navigation.set_count("disputes", 0)  # nothing to do: no "0" either
    assert right_end() == before
