"""Start the window: one copy per database, a clear refusal for a bad file, demo data offered."""

from __future__ import annotations

import hashlib
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QtMsgType, QTranslator, qInstallMessageHandler
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QProgressDialog,
    QSystemTrayIcon,
    QWidget,
)

from app import APP_NAME, __version__, i18n
from app.db.errors import describe
from app.db.lock import DatabaseLock
from app.db.migrate import Database, DatabaseError, open_database
from app.domain.calendar import Clock
from app.i18n import _
from app.logging_setup import setup_logging
from app.services.promise_followup import evaluate_promises
from app.services.settings import Preferences, load_company, load_preferences
from app.ui import window_state
from app.ui.background import BackgroundOp
from app.ui.backups import restore_at_start
from app.ui.context import AppContext
from app.ui.first_run import FirstRunWizard
from app.ui.mail_scheduler import MailScheduler
from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def server_name(db_path: Path) -> str:
    digest = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]
    return f"relance-{digest}"


def ask_running_copy_to_show(db_path: Path) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(500):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(500)
    socket.disconnectFromServer()
    return True


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
    """Owns the open database and the window; rebuilds the window when the language changes."""

    def __init__(self, app: QApplication, database: Database, lock: DatabaseLock) -> None:
        self.app = app
        self.lock = lock
        with database.session_factory() as session:
            self.preferences = load_preferences(session)
        self.context = AppContext(database, Clock(), self.preferences.currency, lock)
        with database.session_factory.begin() as session:
            evaluate_promises(session, self.context.clock)  # days passed while Relance was closed
        self.window: MainWindow | None = None
        self.server = QLocalServer()
        self.server.newConnection.connect(self._show_window)
        QLocalServer.removeServer(server_name(database.path))
        self.server.listen(server_name(database.path))

    def open_window(self) -> MainWindow:
        apply_language(self.app, self.preferences)
        window = MainWindow(self.context)
        window.preferences_changed.connect(self._preferences_changed)
        window.database_replaced.connect(window.reload)
        if self.window is not None:
            window.restoreGeometry(self.window.saveGeometry())
            window.go_to(self.window.place())
            self.window.close()
            self.window.deleteLater()
        else:
            window_state.restore(window)
        self.window = window
        window.show()
        window.reload()
        return window

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
        from app.db.models import Customer

        with self.context.database.session_factory() as session:
            if session.query(Customer.id).limit(1).first() is not None:
                return None
            if load_company(session).name:
                return None
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
            self.load_demo(self.window)
        elif wizard.choice == "import" and self.window is not None:
            self.window.open_import_wizard()

    def load_demo(self, parent: QWidget | None) -> None:
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
            if self.window is not None:
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


def run(db_path: Path) -> int:
    """Open the window on `db_path`; returns the process exit status."""
    log_path = setup_logging()
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    sys.excepthook = _excepthook(log_path)  # type: ignore[assignment]
    i18n.set_language(i18n.system_language())

    lock = DatabaseLock(db_path)
    if not lock.acquire():
        if not ask_running_copy_to_show(db_path):
            QMessageBox.information(
                None, APP_NAME, _("Relance is already open on {path}.").format(path=db_path)
            )
        return 0
    try:
        database: Database | None = open_database(db_path)
    except DatabaseError as exc:
        database = restore_at_start(exc, db_path, lock)
    except Exception as exc:  # busy, disk full, read-only: a sentence, never a traceback
        message = describe(exc, db_path)
        if message is None:
            raise
        log.warning("database not opened", exc_info=True)
        QMessageBox.critical(None, APP_NAME, message)
        database = None
    if database is None:
        lock.release()
        return 1
    controller = Controller(app, database, lock)
    controller.open_window()
    controller.offer_demo_if_empty()
    mail = MailScheduler(controller.context)
    mail.sent.connect(lambda _report: controller.window.after_mail() if controller.window else None)
    tray = notifier(app)
    mail.attention.connect(lambda texts: notify(tray, controller, texts))
    mail.start()
    status = app.exec()
    mail.shutdown()
    database.dispose()
    lock.release()
    return int(status)
