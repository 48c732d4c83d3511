"""Column titles are whole on a 1366 x 768 screen, in French (the longer language) too."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app import i18n
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.views.table_page import TablePage


@pytest.mark.parametrize("language", ["fr", "en"])
def test_list_page_titles_are_whole_at_1366_pixels(
    qtbot: QtBot, context: AppContext, language: str
) -> None:
    i18n.set_language(language)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    pages = [p for p in window.navigation.listed() if isinstance(p.widget, TablePage)]
    assert len(pages) >= 5
    for page in pages:
        window.navigation.show(page.key)
        qtbot.waitExposed(page.widget)
        table = page.widget.table
        header = table.horizontalHeader()
        cut = [
            f"{page.key}: {table.model().headerData(column, header.orientation())}"
            for column in range(header.count())
            if not table.isColumnHidden(column)
            and table.columnWidth(column) < header.sectionSizeHint(column)
        ]
        assert cut == []
