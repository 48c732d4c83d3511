"""The Help menu: where things are, and the guide in the window's language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
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
    assert opened[-1].toLocalFile().endswith("guide-fr.md")
    i18n.set_language("en")
    assert menu.open_guide()
    assert opened[-1].toLocalFile().endswith("guide-en.md")
    assert menu.open_data_folder()
    assert opened[-1].toLocalFile() == str(Path(context.database.path).parent)
    assert guide_path("fr") is not None and "Premiers pas" in guide_path("fr").read_text()
