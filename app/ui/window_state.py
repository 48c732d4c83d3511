"""The window as the user left it: size, position, splitters and column widths.

Kept in a small INI file in the user's configuration folder (not in the book: two people may
open one book on different screens). On first start the window fits the screen it opens on,
taskbar excluded, even at 1366×768.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QTableView

from app import APP_NAME

PREFERRED = (1280, 800)
MARGIN = 24  # room left around the window on a small screen


def settings_file() -> Path:
    folder = Path(platformdirs.user_config_dir(APP_NAME, False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "window.ini"


def _settings() -> QSettings:
    return QSettings(str(settings_file()), QSettings.Format.IniFormat)


def fit_to_screen(window: QMainWindow) -> None:
    """The preferred size, or the screen's free area less a margin, centred on it."""
    screen = window.screen()
    if screen is None:
        window.resize(*PREFERRED)
        return
    free = screen.availableGeometry()
    width = min(PREFERRED[0], free.width() - 2 * MARGIN)
    height = min(PREFERRED[1], free.height() - 2 * MARGIN)
    window.resize(max(width, 640), max(height, 480))
    frame = window.frameGeometry()
    frame.moveCenter(free.center())
    window.move(frame.topLeft())


def _parts(window: QMainWindow) -> list[tuple[str, QSplitter | QTableView]]:
    found: list[tuple[str, QSplitter | QTableView]] = []
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            found.append((f"splitter/{splitter.objectName()}", splitter))
    for table in window.findChildren(QTableView):
        if table.objectName():
            found.append((f"columns/{table.objectName()}", table))
    return found


def restore(window: QMainWindow) -> None:
    """Size, place, splitters and columns as last left; the first time, fit the screen."""
    settings = _settings()
    geometry = settings.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        fit_to_screen(window)
    for key, part in _parts(window):
        state = settings.value(key)
        if not isinstance(state, QByteArray):
            continue
        if isinstance(part, QSplitter):
            part.restoreState(state)
        else:
            part.horizontalHeader().restoreState(state)


def remember(window: QMainWindow) -> None:
    settings = _settings()
    settings.setValue("window/geometry", window.saveGeometry())
    for key, part in _parts(window):
        if isinstance(part, QSplitter):
            settings.setValue(key, part.saveState())
        else:
            settings.setValue(key, part.horizontalHeader().saveState())
    settings.sync()
