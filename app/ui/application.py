"""Start the window: one copy per database, a clear refusal for a bad file, demo data offered."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QtMsgType, QTranslator, qInstallMessageHandler
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QProgressDialog,
    QSystemTrayIcon,
    QWidget,
)
from sqlalchemy import select

from app import APP_NAME, __version__, i18n
from app.db.errors import describe
from app.db.lock import DatabaseLock
from app.db.migrate import Database
from app.db.models import Customer
from app.domain.calendar import Clock
from app.i18n import _
from app.logging_setup import setup_logging
from app.paths import default_db_path, demo_db_path
from app.services.demo_book import is_demo_book
from app.services.promise_followup import evaluate_promises
from app.services.settings import Preferences, load_company, load_preferences
from app.ui import recent_books, window_state
from app.ui.background import BackgroundOp, wait_for_background
from app.ui.book_file import open_locked, take_lock
from app.ui.context import AppContext
from app.ui.local_server import ask_running_copy_to_show, server_name
from app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from app.ui.first_run import FirstRunWizard
    from app.ui.mail_scheduler import MailScheduler

log = logging.getLogger(__name__)
__all__ = ["Controller", "ask_running_copy_to_show", "run", "server_name"]


def _qt_message(mode: QtMsgType, _context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def apply_language(app: QApplication, preferences: Preferences) -> None:
    """Our strings through `i18n`, Qt's own buttons through its shipped translations."""
    language = preferences.language or i18n.system_language()
    i18n.set_language(language)
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", path):
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(i18n.current_locale()))


class Controller:
    """Owns the open book, its window and its local jobs; rebuilds the window when the language
    changes, and moves everything to another book when the user opens one."""

    def __init__(self, app: QApplication, database: Database, lock: DatabaseLock) -> None:
        self.app = app
        self.window: MainWindow | None = None
        self.mail: MailScheduler | None = None
        self.tray: QSystemTrayIcon | None = None
        self.server = QLocalServer()
        self.server.newConnection.connect(self._show_window)
        self._attach(database, lock)

    def _attach(self, database: Database, lock: DatabaseLock) -> None:
        self.lock = lock
        with database.session_factory() as session:
            self.preferences = load_preferences(session)
            demo = is_demo_book(session)
        self.context = AppContext(database, Clock(), self.preferences.currency, lock, demo=demo)
        with database.session_factory.begin() as session:
            evaluate_promises(session, self.context.clock)  # days passed while Relance was closed
        self.server.close()
        QLocalServer.removeServer(server_name(database.path))
        self.server.listen(server_name(database.path))
        recent_books.remember(database.path)

    def open_window(self, *, keep_place: bool = True) -> MainWindow:
        apply_language(self.app, self.preferences)
        window = MainWindow(self.context)
        window.preferences_changed.connect(self._preferences_changed)
        window.database_replaced.connect(window.reload)
        window.book_requested.connect(self.open_book)
        window.demo_requested.connect(self.open_demo)
        if self.window is not None:
            window.restoreGeometry(self.window.saveGeometry())
            if keep_place:
                window.go_to(self.window.place())
            self.window.close()
            self.window.deleteLater()
        else:
            window_state.restore(window)
        self.window = window
        window.show()
        window.reload()
        return window

    # --- local jobs ----------------------------------------------------------------------------
    def start_jobs(self) -> None:
        """Send the outbox and follow promises up in the background, for the open book."""
        from app.ui.mail_scheduler import MailScheduler  # the scheduler, after the window shows

        mail = MailScheduler(self.context)
        mail.sent.connect(lambda _report: self.window.after_mail() if self.window else None)
        mail.attention.connect(lambda texts: notify(self.tray, self, texts))
        mail.start()
        self.mail = mail

    def stop_jobs(self) -> None:
        if self.mail is not None:
            self.mail.shutdown()
            self.mail.deleteLater()
            self.mail = None

    def close(self) -> None:
        self.stop_jobs()
        self.server.close()
        if self.window is not None:
            self.window.reminders.stop_reading()  # minutes on a big book: nobody waits for it
        wait_for_background()
        self.context.database.dispose()
        self.lock.release()

    # --- books ---------------------------------------------------------------------------------
    def open_book(self, path: Path, *, first_run: bool = True) -> bool:
        """Move the window to the book at `path` (made when it does not exist yet)."""
        if path.resolve() == self.context.database.path.resolve():
            return True
        lock = take_lock(path, self.window)
        if lock is None:
            return False
        database = open_locked(path, lock, self.window)
        if database is None:
            return False
        old_database, old_lock = self.context.database, self.lock
        jobs_were_running = self.mail is not None
        self.stop_jobs()
        if self.window is not None:
            window_state.remember(self.window)
            self.window.reminders.stop_reading()  # of the old book
        self._attach(database, lock)
        self.open_window(keep_place=False)
        if jobs_were_running:
            self.start_jobs()
        wait_for_background()  # the old window's last reads run on the old book
        old_database.dispose()
        old_lock.release()
        if first_run:
            self.offer_demo_if_empty()
        return True

    def open_demo(self) -> bool:
        """Open the demo book (its own file beside the user's books), made on first use."""
        if not self.open_book(demo_db_path(), first_run=False):
            return False
        with self.context.database.session_factory() as session:
            empty = session.scalar(select(Customer.id).limit(1)) is None
        if empty:
            self.load_demo(self.window)
        return True

    def _preferences_changed(self, preferences: Preferences) -> None:
        language_changed = preferences.language != self.preferences.language
        self.preferences = preferences
        self.context.currency = preferences.currency
        if language_changed:
            self.open_window()
        elif self.window is not None:
            self.window.reload()

    def _show_window(self) -> None:
        connection = self.server.nextPendingConnection()
        if connection is not None:
            connection.close()
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def offer_demo_if_empty(self) -> FirstRunWizard | None:
        """An empty book with no company yet: the first-run assistant, then demo or import."""
        with self.context.database.session_factory() as session:
            if session.scalar(select(Customer.id).limit(1)) is not None:
                return None
            if load_company(session).name or is_demo_book(session):
                return None
        from app.ui.first_run import FirstRunWizard  # once in a book's life: not at each start

        wizard = FirstRunWizard(self.context, self.window)
        wizard.accepted.connect(lambda: self._first_run_done(wizard))
        wizard.open()
        return wizard

    def _first_run_done(self, wizard: FirstRunWizard) -> None:
        with self.context.database.session_factory() as session:
            preferences = load_preferences(session)
        self.preferences = preferences
        if preferences.language and preferences.language != i18n.current_language():
            self.open_window()  # the window speaks the language just chosen
        if wizard.choice == "demo":
            self.open_demo()  # in its own book: the one just set up stays the user's
        elif wizard.choice == "import" and self.window is not None:
            self.window.open_import_wizard()

    def load_demo(self, parent: QWidget | None) -> None:
        """Fill the open (demo) book with the demo's customers, in the background."""
        from app.services.demo import fill_demo

        progress = QProgressDialog(_("Creating the demo book…"), "", 0, 0, parent)
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.show()
        factory, clock = self.context.database.session_factory, self.context.clock

        def work() -> int:
            with factory.begin() as session:
                return fill_demo(session, clock).customers

        def done(_count: int) -> None:
            progress.close()
            self.context.demo = True
            if self.window is not None:
                self.window.show_demo_state()
                self.window.reload()

        def failed(error: Exception) -> None:
            progress.close()
            QMessageBox.warning(parent, APP_NAME, str(error))

        BackgroundOp(parent, work, writes=True).success(done).failure(failed).run()


def notifier(app: QApplication) -> QSystemTrayIcon | None:
    """A tray icon for notifications; a desktop without a tray is not an error."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(app.windowIcon(), app)
    tray.setToolTip(APP_NAME)
    tray.show()
    return tray


def notify(tray: QSystemTrayIcon | None, controller: Controller, texts: list[str]) -> None:
    shown = "\n".join(texts[:5])
    if len(texts) > 5:
        shown += "\n" + _("… and {n} more in Today").format(n=len(texts) - 5)
    if tray is not None:
        tray.showMessage(_("Relance: to do today"), shown)
    if controller.window is not None:
        controller.window.statusBar().showMessage(texts[0], 30000)
        controller.window.today.reload()


def _excepthook(log_path: Path) -> object:
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.critical(
            "uncaught exception:\n%s", "".join(traceback.format_exception(kind, error, tb))
        )
        if QApplication.instance() is not None:
            said = describe(error)  # a full disk, another program writing: said as such
            QMessageBox.critical(
                None,
                APP_NAME,
                said
                or _(
                    "Something went wrong and Relance could not finish what it was doing. "
                    "Nothing you saved is lost.\n\nThe details are in {path}"
                ).format(path=log_path),
            )

    return hook


def run(db_path: Path | None = None) -> int:
    """Open the window on `db_path` (by default the book opened last); the exit status."""
    log_path = setup_logging()
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    sys.excepthook = _excepthook(log_path)  # type: ignore[assignment]
    i18n.set_language(i18n.system_language())

    if db_path is None:
        db_path = recent_books.last_opened() or default_db_path()
    lock = take_lock(db_path, None)
    if lock is None:
        return 0
    database = open_locked(db_path, lock, None)
    if database is None:
        return 1
    controller = Controller(app, database, lock)
    controller.tray = notifier(app)
    controller.open_window()
    controller.offer_demo_if_empty()
    controller.start_jobs()
    status = app.exec()
    controller.close()
    return int(status)
