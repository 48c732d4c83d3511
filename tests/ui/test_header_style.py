"""The sort arrow never covers the end of a title aligned to the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from app.ui.header_style import keep_titles_clear


def inked_runs(view: QTableView) -> list[tuple[int, int]]:
    """Runs of pixel columns of the header where something dark is drawn (letters, arrow)."""
    image = view.horizontalHeader().grab().toImage()
    inked = [
        x
        for x in range(3, view.columnWidth(0) - 3)  # inside the section's borders
        if any(image.pixelColor(x, y).lightness() < 140 for y in range(3, image.height() - 3))
    ]
    runs: list[tuple[int, int]] = []
    for x in inked:
        if runs and x == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    return runs


def sorted_title(qtbot: QtBot, clear: bool) -> QTableView:
    model = QStandardItemModel(2, 1)
    title = QStandardItem("Échéance")
    title.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    bold = QFont()
    bold.setBold(True)  # as the list pages' titles
    title.setFont(bold)
    model.setHorizontalHeaderItem(0, title)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    if clear:
        keep_titles_clear(view.horizontalHeader())
    view.setColumnWidth(0, 160)
    view.resize(300, 120)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_arrow_stands_apart_from_the_last_letter(qtbot: QtBot) -> None:
    runs = inked_runs(sorted_title(qtbot, clear=True))
    assert len(runs) >= 2
    last_letter_ends, arrow_starts = runs[-2][1], runs[-1][0]
    assert arrow_starts - last_letter_ends >= 6  # Fusion alone leaves 2 or less
