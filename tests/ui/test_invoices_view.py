"""The invoices list: open, overdue or all, and a date range."""

from __future__ import annotations

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from app.db.queries import InvoiceFilter
from app.ui.main_window import MainWindow


def numbers(window: MainWindow) -> list[str]:
    proxy = window.invoices.proxy
    return sorted(proxy.index(r, 0).data() for r in range(proxy.rowCount()))


def reload_with(qtbot: QtBot, window: MainWindow, action: object) -> None:
    with qtbot.waitSignal(window.invoices.loaded, timeout=5000):
        action()  # type: ignore[operator]


def show_invoices(qtbot: QtBot, window: MainWindow) -> None:
    reload_with(qtbot, window, lambda: window.navigation.show("invoices"))


def test_invoices_load_only_when_their_page_is_first_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.invoices.model.rowCount() == 0  # a large book is not loaded for nothing
    show_invoices(qtbot, window)
    assert numbers(window) == ["FA-1", "FA-2", "FA-3", "FA-4"]


def test_status_filter_open_overdue_all(qtbot: QtBot, window: MainWindow) -> None:
    show_invoices(qtbot, window)
    assert numbers(window) == ["FA-1", "FA-2", "FA-3", "FA-4"]
    reload_with(qtbot, window, lambda: window.invoices.set_status(InvoiceFilter.OVERDUE))
    assert numbers(window) == ["FA-1", "FA-2", "FA-4"]
    reload_with(qtbot, window, lambda: window.invoices.set_status(InvoiceFilter.ALL))
    assert numbers(window) == ["FA-1", "FA-2", "FA-3", "FA-4"]


def test_date_range_filters_on_issue_date(qtbot: QtBot, window: MainWindow) -> None:
    view = window.invoices
    show_invoices(qtbot, window)
    reload_with(qtbot, window, lambda: view.date_from.setDate(QDate(2026, 9, 1)))
    reload_with(qtbot, window, lambda: view.from_check.setChecked(True))
    assert numbers(window) == ["FA-2", "FA-3"]
    reload_with(qtbot, window, lambda: view.date_to.setDate(QDate(2026, 10, 31)))
    reload_with(qtbot, window, lambda: view.to_check.setChecked(True))
    assert numbers(window) == ["FA-2"]


def test_search_by_number_or_customer(qtbot: QtBot, window: MainWindow) -> None:
    show_invoices(qtbot, window)
    qtbot.keyClicks(window.invoices.search, "legrand")
    assert numbers(window) == ["FA-4"]
