"""The window fits a small screen the first time, and comes back as it was left."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.ui import window_state
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


def test_the_first_window_fits_the_screen_it_opens_on(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window_state.restore(window)  # nothing remembered yet
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
    assert free.contains(window.frameGeometry().center())


def test_size_splitter_and_columns_come_back_as_they_were_left(
    qtbot: QtBot, context: AppContext
) -> None:
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show()
    first.resize(1000, 600)
    size = (first.width(), first.height())  # as far as the screen and the pages allow
    first.customers.table.setColumnWidth(0, 333)
    splitter = first.findChild(type(first.reminders.preview.parent()), "reminders_splitter")
    assert splitter is not None
    splitter.setSizes([700, 200])
    remembered = splitter.sizes()
    first.close()
    assert window_state.settings_file().is_file()
    second = MainWindow(context)
    qtbot.addWidget(second)
    window_state.restore(second)
    second.show()
    assert (second.width(), second.height()) == size
    assert second.customers.table.columnWidth(0) == 333
    again = second.findChild(type(splitter), "reminders_splitter")
    assert again is not None and again.sizes() == remembered
