"""The Help menu: about (version, where the data, logs and email password live), the data and
log folders, and the user guide in the window's language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from app import __version__, i18n
from app.i18n import _
from app.mail import keychain
from app.paths import log_dir, resources_dir

Opener = Callable[[QUrl], bool]


def guide_path(language: str) -> Path | None:
    """The user guide beside the sources, or bundled with the frozen application."""
    for folder in (resources_dir().parent / "docs", resources_dir() / "docs"):
        path = folder / f"guide-{language}.md"
        if path.is_file():
            return path
    return None


def about_text(database: Path) -> str:
    return _(
        "Relance {version}\nCourteous debt collection for small businesses.\n\n"
        "Database: {path}\nLogs: {logs}\nEmail password: {keychain}"
    ).format(
        version=__version__,
        path=database,
        logs=log_dir(),
        keychain=keychain.where(),
    )


class HelpMenu:
    def __init__(
        self, window: QMainWindow, database: Path, opener: Opener = QDesktopServices.openUrl
    ) -> None:
        self._window, self._database, self._opener = window, database, opener
        self.menu: QMenu = window.menuBar().addMenu(_("&Help"))
        for text, slot in (
            (_("User &guide"), self.open_guide),
            (_("Open the &data folder"), self.open_data_folder),
            (_("Open the &logs"), self.open_logs),
            (_("&About Relance"), self.about),
        ):
            action = QAction(text, window)
            action.triggered.connect(slot)
            self.menu.addAction(action)

    def open_guide(self) -> bool:
        path = guide_path(i18n.current_language()) or guide_path("en")
        if path is None:
            QMessageBox.information(self._window, _("User guide"), _("The guide is not installed."))
            return False
        return self._opener(QUrl.fromLocalFile(str(path)))

    def open_data_folder(self) -> bool:
        return self._opener(QUrl.fromLocalFile(str(self._database.parent)))

    def open_logs(self) -> bool:
        return self._opener(QUrl.fromLocalFile(str(log_dir())))

    def about(self) -> None:
        QMessageBox.about(self._window, _("About Relance"), about_text(self._database))
