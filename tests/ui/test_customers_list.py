"""The customers list: search as you type, sort by what matters, totals in the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.models.customers import CustomerTableModel


def visible_refs(window: MainWindow) -> list[str]:
    table = window.customers.table
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_all_customers_are_listed_with_what_they_owe(window: MainWindow) -> None:
    assert sorted(visible_refs(window)) == ["411DUP", "411LEG", "411MAR", "411PAR"]
    model = window.customers.table.model()
    row = visible_refs(window).index("411DUP")
    assert model.index(row, 4).data() == "€1,500.00"  # total due
    assert model.index(row, 5).data() == "€1,500.00"  # overdue (both invoices are past due)
    assert model.index(row, 7).data() == "114 days"  # oldest overdue: due 31 July, as of 22 Nov


def test_search_filters_as_you_type_over_name_reference_city_and_email(
    qtbot: QtBot, window: MainWindow
) -> None:
    search = window.customers.search
    qtbot.keyClicks(search, "lyon")
    assert sorted(visible_refs(window)) == ["411DUP", "411PAR"]
    search.clear()
    qtbot.keyClicks(search, "martin-batiment")
    assert visible_refs(window) == ["411MAR"]
    search.clear()
    qtbot.keyClicks(search, "411LE")
    assert visible_refs(window) == ["411LEG"]
    search.clear()
    qtbot.keyClicks(search, "BOULANGERIE parc")
    assert visible_refs(window) == ["411PAR"]
    assert window.customers.count_label.text() == "1 of 4 customers"
    search.clear()
    assert len(visible_refs(window)) == 4
    assert window.customers.count_label.text() == "4 customers"


def test_columns_sort_by_amount_not_by_text(qtbot: QtBot, window: MainWindow) -> None:
    header = window.customers.table.horizontalHeader()
    window.customers.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert visible_refs(window)[:3] == ["411LEG", "411DUP", "411MAR"]
    window.customers.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    assert visible_refs(window)[0] == "411LEG"
    assert header.sortIndicatorSection() == 7
    window.customers.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert visible_refs(window) == ["411PAR", "411DUP", "411LEG", "411MAR"]


def test_sorting_keeps_the_search_filter(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.customers.search, "lyon")
    window.customers.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert visible_refs(window) == ["411DUP", "411PAR"]
    window.customers.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert visible_refs(window) == ["411PAR", "411DUP"]


def test_status_bar_shows_totals(window: MainWindow) -> None:
    text = window.totals.text()
    assert "4 customers" in text
    assert "Due: €11,900.00" in text
    assert "Overdue: €11,400.00" in text


def test_customer_model_passes_qt_model_checks(
    qtmodeltester: ModelTester, window: MainWindow
) -> None:
    model = CustomerTableModel()
    model.set_rows(window.customers.model.rows())
    qtmodeltester.check(model)
    model.set_search("lyon")  # searched and sorted: the checks still hold
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.total_count() == 4


def test_double_click_opens_the_customer_file(qtbot: QtBot, window: MainWindow) -> None:
    table = window.customers.table
    row = visible_refs(window).index("411DUP")
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.navigation.current_key() == "customer"
    assert window.customer_view.header.name.text() == "Dupont et Fils SARL"
    window.customer_view.back_button.click()
    assert window.navigation.current_key() == "customers"


def test_enter_on_a_row_opens_the_customer_file(qtbot: QtBot, window: MainWindow) -> None:
    table = window.customers.table
    table.setFocus()
    table.selectRow(visible_refs(window).index("411LEG"))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.navigation.current_key() == "customer"
    assert window.customer_view.header.name.text() == "Legrand Transports"


def test_invoices_button_opens_the_customers_invoices(qtbot: QtBot, window: MainWindow) -> None:
    window.customers.table.selectRow(visible_refs(window).index("411DUP"))
    with qtbot.waitSignal(window.invoices.loaded, timeout=5000):
        window.customers.invoices_button.click()
    assert window.navigation.current_key() == "invoices"
    numbers = [
        window.invoices.proxy.index(r, 0).data() for r in range(window.invoices.proxy.rowCount())
    ]
    assert numbers == ["FA-1", "FA-2"]


def test_a_customer_owing_in_two_currencies_keeps_both_rows_through_sorting(
    qtbot: QtBot, window: MainWindow
) -> None:

    from app.db.queries import CustomerRow

    rows = [
        CustomerRow(1, "411A", "Alpha", "Lyon", "", "EUR", 500, 0, 0, False),
        CustomerRow(1, "411A", "Alpha", "Lyon", "", "GBP", 900, 900, 12, False),
        CustomerRow(2, "411B", "Beta", "Paris", "", "EUR", 700, 700, 40, False),
    ]
    model = window.customers.model
    model.set_rows(rows)
    window.customers.table.selectRow(0)
    for column in range(8):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            window.customers.table.sortByColumn(column, order)
            assert sorted((r.ref, r.currency) for r in model.rows()) == [
                ("411A", "EUR"),
                ("411A", "GBP"),
                ("411B", "EUR"),
            ]


def test_the_search_keeps_the_selected_customer_while_it_is_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.customers
    page.select_id(page.model.rows()[[r.ref for r in page.model.rows()].index("411PAR")].id)
    assert page.selected_row().ref == "411PAR"
    qtbot.keyClicks(page.search, "lyon")  # 411PAR is in Lyon: still selected, still current
    assert page.selected_row().ref == "411PAR"
    assert page.table.currentIndex().data() == "411PAR"
    page.search.clear()
    qtbot.keyClicks(page.search, "martin")  # hidden now: nothing selected, nothing half-chosen
    assert page.selected_row() is None
    page.search.clear()
    assert len(visible_refs(window)) == 4 and page.selected_row() is None


def test_the_totals_count_every_customer_whatever_the_search(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClicks(window.customers.search, "martin")
    assert visible_refs(window) == ["411MAR"]
    assert len(window.customers.model.rows()) == 4  # what the status bar's totals read
    window.customers.reload()
    qtbot.waitUntil(lambda: "4 customers" in window.totals.text(), timeout=5000)
    assert visible_refs(window) == ["411MAR"]  # a reload keeps the search
