"""The Help menu: about (version, where the data, logs and email password live), the data and
log folders, and the user guide in the window's language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import __version__, i18n
from app.i18n import _
from app.mail import keychain
from app.paths import log_dir, resources_dir

Opener = Callable[[QUrl], bool]


def guide_path(language: str) -> Path | None:
    """The user guide beside the sources, or bundled (frozen application or installed wheel)."""
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


class GuideWindow(QDialog):
    """The user guide, as a reader sees it; links to the web open in the browser."""

    def __init__(self, parent: QWidget, opener: Opener) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle(_("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self._opener = opener
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.resize(760, 640)

    def show_guide(self, path: Path) -> None:
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.browser.document().setDocumentMargin(24)
        self.show()
        self.raise_()

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            self._opener(url)
        elif url.hasFragment() and not url.path():
            self.browser.scrollToAnchor(url.fragment())


class HelpMenu:
    def __init__(
        self, window: QMainWindow, database: Path, opener: Opener = QDesktopServices.openUrl
    ) -> None:
        self._window, self._database, self._opener = window, database, opener
        self.menu: QMenu = window.menuBar().addMenu(_("&Help"))
        self.guide: GuideWindow | None = None
        for text, slot in (
            (_("User &guide"), self.open_guide),
            (_("Open the &data folder"), self.open_data_folder),
            (_("Open the &logs"), self.open_logs),
            (_("&About Relance"), self.about),
        ):
            action = QAction(text, window)
            action.triggered.connect(slot)
            self.menu.addAction(action)
            if slot == self.open_guide:
                action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))

    def open_guide(self) -> bool:
        """The guide in the window's language, rendered (headings, lists, pictures), in a window
        of its own that stays open beside Relance."""
        path = guide_path(i18n.current_language()) or guide_path("en")
        if path is None:
            QMessageBox.information(self._window, _("User guide"), _("The guide is not installed."))
            return False
        if self.guide is None:
            self.guide = GuideWindow(self._window, self._opener)
        self.guide.show_guide(path)
        return True

    def open_data_folder(self) -> bool:
        return self._opener(QUrl.fromLocalFile(str(self._database.parent)))

    def open_logs(self) -> bool:
        return self._opener(QUrl.fromLocalFile(str(log_dir())))

    def about(self) -> None:
        QMessageBox.about(self._window, _("About Relance"), about_text(self._database))
