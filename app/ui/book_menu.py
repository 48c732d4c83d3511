"""File ▸ New book, Open book, Open recent, the demo book, and taking the demo out of a book.

The actions only ask: the controller that owns the open book moves the window to another one
(`book_requested`, `demo_requested`). Taking the demo out happens here, after confirmation, in
one transaction in the background.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from app.i18n import _, ngettext
from app.paths import data_dir, demo_db_path
from app.services.demo_book import (
    DemoRemoved,
    demo_customer_ids,
    has_demo_customers,
    remove_demo,
)
from app.ui import recent_books
from app.ui.background import BackgroundOp
from app.ui.context import AppContext

BOOK_FILTER = "*.sqlite3 *.db"


class BookActions(QObject):
    book_requested = Signal(object)  # Path of the book to open (made when it does not exist)
    demo_requested = Signal()
    demo_removed = Signal(str)  # what was removed, in a sentence

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self.recent_menu = QMenu(_("Open &recent"), window)
        self.recent_menu.setObjectName("recent_books")
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def add_actions(self, menu: QMenu) -> None:
        new = QAction(_("&New book…"), self._window)
        new.setObjectName("new_book")
        new.setShortcut(QKeySequence("Ctrl+Shift+N"))
        new.triggered.connect(lambda: self.new_book())
        open_book = QAction(_("&Open book…"), self._window)
        open_book.setObjectName("open_book")
        open_book.setShortcut(QKeySequence.StandardKey.Open)
        open_book.triggered.connect(lambda: self.open_book())
        demo = QAction(_("Open the &demo book"), self._window)
        demo.setObjectName("open_demo_book")
        demo.triggered.connect(self.demo_requested.emit)
        self.remove_demo_action = QAction(_("Remove the demo customers from this book…"), self)
        self.remove_demo_action.setObjectName("remove_demo")
        self.remove_demo_action.triggered.connect(lambda: self.confirm_remove_demo())
        menu.addAction(new)
        menu.addAction(open_book)
        menu.addMenu(self.recent_menu)
        menu.addAction(demo)
        menu.addAction(self.remove_demo_action)
        self.remove_demo_action.setVisible(False)
        self._fill_recent()
        self.look_for_demo()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = self._context.database.path.resolve()
        books = [book for book in recent_books.listed() if book != current]
        for number, book in enumerate(books, start=1):
            label = _("Demo book") if book == demo_db_path().resolve() else book.name
            action = self.recent_menu.addAction(f"&{number} {label} — {book.parent}")
            action.triggered.connect(lambda _checked=False, b=book: self.book_requested.emit(b))
        self.recent_menu.setEnabled(bool(books))

    def look_for_demo(self) -> None:
        """Offer to take the demo out only where an older Relance put it: asked once per book,
        off the window's thread (a scan of the contacts on a big book)."""
        if self._context.demo:
            return
        factory = self._context.database.session_factory

        def work() -> bool:
            with factory() as session:
                return has_demo_customers(session)

        BackgroundOp(self._window, work).success(self.remove_demo_action.setVisible).run()

    def _demo_count(self) -> int:
        with self._context.database.session_factory() as session:
            return len(demo_customer_ids(session))

    def new_book(self, path: str | None = None) -> Path | None:
        """Ask where the new book goes; an existing file is never taken for a new book."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self._window,
                _("New book"),
                str(data_dir() / _("my-book.sqlite3")),
                _("Relance books ({patterns})").format(patterns=BOOK_FILTER),
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".sqlite3")
        if target.exists():
            QMessageBox.information(
                self._window,
                _("New book"),
                _(
                    "{name} already exists and is left as it is. Open it with File ▸ Open book, "
                    "or choose another name for the new book."
                ).format(name=target.name),
            )
            return None
        self.book_requested.emit(target)
        return target

    def open_book(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self._window,
                _("Open book"),
                str(self._context.database.path.parent),
                _("Relance books ({patterns})").format(patterns=BOOK_FILTER)
                + ";;"
                + _("All files (*)"),
            )
        if not path:
            return None
        target = Path(path)
        self.book_requested.emit(target)
        return target

    def confirm_remove_demo(self) -> bool:
        count = self._demo_count()
        if not count:
            return False
        answer = QMessageBox.question(
            self._window,
            _("Remove the demo customers"),
            ngettext(
                "{n} customer of this book comes from the demo (fictitious name, address "
                "on the reserved .example domain). Remove it with its invoices, payments "
                "and history? Your own customers stay as they are.",
                "{n} customers of this book come from the demo (fictitious names, addresses "
                "on the reserved .example domain). Remove them with their invoices, payments "
                "and history? Your own customers stay as they are.",
                count,
            ).format(n=count),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.remove_demo()
        return True

    def remove_demo(self) -> None:
        factory = self._context.database.session_factory

        def work() -> DemoRemoved:
            with factory.begin() as session:
                return remove_demo(session)

        BackgroundOp(self._window, work, writes=True).success(self._removed).run()

    def _removed(self, removed: DemoRemoved) -> None:
        self.remove_demo_action.setVisible(False)
        self.demo_removed.emit(
            ngettext(
                "{n} demo customer removed, with {invoices} invoices.",
                "{n} demo customers removed, with {invoices} invoices.",
                removed.customers,
            ).format(n=removed.customers, invoices=removed.invoices)
        )
