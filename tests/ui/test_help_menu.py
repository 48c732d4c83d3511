"""The Help menu: where things are, and the guide in the window's language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app import __version__, i18n
from app.ui.context import AppContext
from app.ui.help_menu import HelpMenu, about_text, guide_path
from app.ui.main_window import MainWindow


def test_about_says_where_the_data_logs_and_password_are(context: AppContext) -> None:
    text = about_text(Path(context.database.path))
    assert f"Relance {__version__}" in text
    assert str(context.database.path) in text and "Logs:" in text and "Email password:" in text


def test_guide_and_folders_open_in_the_right_language(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    opened: list[QUrl] = []
    menu = HelpMenu(window, Path(context.database.path), lambda url: opened.append(url) or True)
    i18n.set_language("fr")
    assert menu.open_guide()
    assert menu.guide is not None and menu.guide.isVisible()
    shown = menu.guide.browser.toPlainText()
    assert "Premiers pas" in shown and "# " not in shown  # rendered, not raw markdown
    i18n.set_language("en")
    assert menu.open_guide()
    assert "First steps" in menu.guide.browser.toPlainText()
    assert opened == []  # nothing handed to another program
    assert menu.open_data_folder()
    assert opened[-1].toLocalFile() == str(Path(context.database.path).parent)
    assert guide_path("fr") is not None and "Premiers pas" in guide_path("fr").read_text()


def test_the_go_menu_lists_every_page_in_side_bar_order(window: MainWindow) -> None:
    go = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Go")
    actions = [a for a in go.actions() if a.objectName().startswith("go_")]
    keys = [a.objectName().removeprefix("go_") for a in actions]
    assert keys == [p.key for p in window.navigation.listed()]
    assert [a.shortcut().toString() for a in actions] == [
        f"Ctrl+{n}" for n in range(1, len(actions) + 1)
    ]
    actions[1].trigger()
    assert window.navigation.current_key() == keys[1]
