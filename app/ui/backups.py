"""Back up now, and restore a backup after confirmation (the current file is saved first);
at start, a damaged database offers its newest good backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from app.db.backup import backup_database
from app.db.errors import DatabaseError, describe
from app.db.lock import DatabaseLock
from app.db.migrate import Database, open_database
from app.db.restore import restore_database
from app.i18n import _
from app.paths import backups_dir
from app.services.outbox_send import sending_lock, sending_now
from app.ui.background import BackgroundOp
from app.ui.context import AppContext


class BackupActions(QObject):
    restored = Signal()

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self._window = window
        self._context = context

    def add_actions(self, menu: QMenu) -> None:
        backup = QAction(_("&Back up now"), self._window)
        backup.triggered.connect(self.backup_now)
        restore = QAction(_("&Restore from a backup…"), self._window)
        restore.triggered.connect(self.choose_backup)
        menu.addAction(backup)
        menu.addAction(restore)

    def backup_now(self) -> None:
        path = self._context.database.path
        BackgroundOp(self._window, lambda: backup_database(path), writes=True).success(
            lambda target: self._window.statusBar().showMessage(
                _("Backup written to {path}").format(path=target), 15000
            )
        ).run()

    def choose_backup(self) -> None:
        folder = backups_dir(self._context.database.path)
        path, _filter = QFileDialog.getOpenFileName(
            self._window,
            _("Restore from a backup"),
            str(folder),
            _("Relance databases (*.sqlite3)"),
        )
        if path and self.confirm(Path(path)):
            self.restore(Path(path))

    def confirm(self, backup: Path) -> bool:
        answer = QMessageBox.question(
            self._window,
            _("Restore from a backup"),
            _(
                "Replace everything in the open database with the content of {name}?\n\n"
                "The current content is saved as a backup first, so this can be undone."
            ).format(name=backup.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore(self, backup: Path) -> None:
        database = self._context.database

        def work() -> tuple[Path | None, Database]:
            with sending_lock(database.path) as sending:  # no round starts meanwhile
                if not sending.acquire():
                    raise DatabaseError(sending_now())
                database.dispose()
                safety = restore_database(backup, database.path, self._context.lock)
                return safety, open_database(database.path, backup=False)

        BackgroundOp(self._window, work, writes=True).success(self._restored).failure(
            self._failed
        ).run()

    def _restored(self, result: tuple[Path | None, Database]) -> None:
        safety, database = result
        self._context.database = database
        message = _("Backup restored.")
        if safety is not None:
            message += " " + _("The previous content was saved to {path}").format(path=safety)
        self._window.statusBar().showMessage(message, 20000)
        self.restored.emit()

    def _failed(self, error: Exception) -> None:
        # The open database was not replaced; reconnecting to it is enough.
        self._context.database = open_database(self._context.database.path, backup=False)
        QMessageBox.warning(self._window, _("Restore from a backup"), describe(error) or str(error))


def restore_at_start(error: DatabaseError, db_path: Path, lock: DatabaseLock) -> Database | None:
    """The database cannot be opened: say why and, when it is damaged and a good backup exists,
    offer to restore that one (the damaged file is kept aside). The open database, or None."""
    if error.backup is None:
        QMessageBox.critical(None, _("Relance"), str(error))
        return None
    box = QMessageBox(QMessageBox.Icon.Critical, _("Relance"), str(error))
    restore = box.addButton(_("Restore this backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not restore:
        return None
    try:
        restore_database(error.backup, db_path, lock)
        return open_database(db_path)
    except Exception as exc:
        message = describe(exc, db_path)
        if message is None:
            raise
        QMessageBox.critical(None, _("Relance"), message)
        return None
