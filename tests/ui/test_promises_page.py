"""The Promises page: every promise, filtered by what it needs, opening its customer."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from app.domain.calendar import Clock
from app.services.promises import record_promise
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.test_casework_forms import customer_id


def test_promises_are_listed_filtered_and_open_their_customer(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    today = context.clock.today()
    with context.database.session_factory.begin() as session:
        record_promise(
            session,
            context.clock,
            customer_id(context, "411DUP"),
            amount_cents=50000,
            promised_on=today + timedelta(days=7),
        )
        record_promise(
            session,
            context.clock,
            customer_id(context, "411MAR"),
            amount_cents=20000,
            promised_on=today,
        )
    page = window.promises
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.navigation.show("promises")
    assert page.proxy.rowCount() == 2
    assert page.count_label.text() == "2 promises"
    page.filter.setCurrentIndex(page.filter.findData("due"))  # due today, not yet paid
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "Martin Bâtiment SAS"
    assert page.proxy.index(0, 3).data() == "Due now"
    assert page.count_label.text() == "1 of 2 promises"  # English agrees with the total
    page.table.selectRow(0)
    with qtbot.waitSignal(page.open_customer, timeout=2000) as opened:
        page.customer_button.click()
    assert opened.args == [customer_id(context, "411MAR")]
    later = Clock.fixed(context.clock.now() + timedelta(days=30))
    context.clock = later
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.reload()
    page.filter.setCurrentIndex(page.filter.findData("broken"))
    assert page.proxy.rowCount() == 2  # a month later, nothing paid: both broken
