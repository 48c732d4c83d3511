"""The main window: navigation on the left, one page at a time, totals in the status bar."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.db.queries import CustomerRow, InvoiceRow
from app.domain.dunning import LevelRefused
from app.i18n import _, ngettext
from app.services import thanks
from app.services.calendar_export import promises_ics
from app.services.disputes import OpenDisputeRow
from app.services.import_sync import ImportReport
from app.services.today import TodayItem
from app.ui import window_state
from app.ui.backups import BackupActions
from app.ui.book_menu import BookActions
from app.ui.context import AppContext
from app.ui.customer.customer_view import CustomerView
from app.ui.customer.timeline_tab import Opener, open_with_system
from app.ui.demo_banner import DemoBanner
from app.ui.dialogs.casework.close_dispute_dialog import CloseDisputeDialog
from app.ui.dialogs.email_settings_dialog import EmailSettingsDialog
from app.ui.dialogs.import_wizard import ImportWizard
from app.ui.dialogs.payment_dialog import PaymentDialog
from app.ui.dialogs.settings_dialog import SettingsDialog
from app.ui.dialogs.thank_you_dialog import ThankYouDialog
from app.ui.dunning_settings.dialog import DunningSettingsDialog
from app.ui.formatting import money_text
from app.ui.help_menu import HelpMenu
from app.ui.navigation import Navigation, Page
from app.ui.reminders.reminders_view import START_DELAY_MS, RemindersView
from app.ui.views.customers_view import CustomersView
from app.ui.views.disputes_view import DisputesView
from app.ui.views.invoices_view import InvoicesView
from app.ui.views.outbox_view import OutboxView
from app.ui.views.promises_view import PromisesView
from app.ui.views.today_view import TodayView


class MainWindow(QMainWindow):
    preferences_changed = Signal(object)  # Preferences saved in settings
    database_replaced = Signal()  # a backup was restored over the open database
    book_requested = Signal(object)  # Path: move the window to that book
    demo_requested = Signal()  # open the demo book

    def __init__(
        self, context: AppContext, parent: Any = None, *, opener: Opener = open_with_system
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.context = context
        self.demo_banner = DemoBanner(self)
        self.resize(*window_state.PREFERRED)

        self.customers = CustomersView(context, self)
        self.invoices = InvoicesView(context, self)
        self.disputes = DisputesView(context, self)
        self.reminders = RemindersView(context, self)
        self.outbox = OutboxView(context, self)
        self.today = TodayView(context, self)
        self.promises = PromisesView(context, self)
        self.customer_view = CustomerView(context, opener, self)
        self.navigation = Navigation(self)
        self.navigation.add(Page("customers", lambda: _("Customers"), self.customers, icon="users"))
        self.navigation.add(Page("reminders", lambda: _("Reminders"), self.reminders, icon="bell"))
        self.navigation.add(Page("today", lambda: _("Today"), self.today, icon="calendar-check"))
        self.navigation.add(
            Page("promises", lambda: _("Promises"), self.promises, icon="handshake")
        )
        self.navigation.add(Page("invoices", lambda: _("Invoices"), self.invoices, icon="receipt"))
        self.navigation.add(
            Page("disputes", lambda: _("Disputes"), self.disputes, icon="message-square-warning")
        )
        self.navigation.add(Page("outbox", lambda: _("Outbox"), self.outbox, icon="send"))
        self.navigation.add(
            Page(
                "customer",
                lambda: _("Customer file"),
                self.customer_view,
                listed=False,
                icon="contact-round",
            )
        )
        self._return_to = "customers"  # the page the customer file was opened from

        central = QWidget(self)
        pages = QHBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.addWidget(self.navigation.list)
        pages.addWidget(self.navigation.stack, 1)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.demo_banner)
        layout.addLayout(pages, 1)
        self.setCentralWidget(central)

        self.totals = QLabel(self)
        self.totals.setObjectName("status_totals")
        self.mail_waiting = QLabel(self)
        self.mail_waiting.setObjectName("status_outbox")
        self.mail_waiting.linkActivated.connect(lambda _link: self.open_email_settings())
        self.statusBar().addPermanentWidget(self.mail_waiting)
        self.statusBar().addPermanentWidget(self.totals)
        self.backups = BackupActions(self, context)
        self.books = BookActions(self, context)
        self.books.book_requested.connect(self.book_requested.emit)
        self.books.demo_requested.connect(self.demo_requested.emit)
        self.books.demo_removed.connect(self._payment_recorded)  # the sentence, then reload
        self.demo_banner.new_book.clicked.connect(lambda: self.books.new_book())
        self.demo_banner.open_book.clicked.connect(lambda: self.books.open_book())
        self._build_menus()
        self.show_demo_state()

        self.customers.loaded.connect(self._update_totals)
        self.customers.open_customer.connect(self.open_customer)
        self.customers.show_invoices.connect(self._show_customer_invoices)
        self.customers.record_payment.connect(self._payment_for_customer)
        self.invoices.record_payment.connect(self._payment_for_invoice)
        self.disputes.open_customer.connect(self.open_customer)
        self.promises.open_customer.connect(self.open_customer)
        self.customers.changed.connect(self._customer_changed)  # typed, corrected or deleted
        self.customers.import_requested.connect(self.open_import_wizard)
        self.customers.demo_requested.connect(self.demo_requested.emit)
        self.today.open_customer.connect(self.open_customer)
        self.today.open_reminders.connect(lambda: self.navigation.show("reminders"))
        self.today.decide.connect(self._decide)
        self.customer_view.formal_notice.connect(self.formal_notice_by_hand)
        self.disputes.close_dispute.connect(self._close_dispute)
        self.customer_view.back.connect(lambda: self.navigation.show(self._return_to))
        self.customer_view.changed.connect(self._customer_changed)
        self.customer_view.record_payment.connect(
            lambda cid, ids, currency: self.open_payment_dialog(
                cid, invoice_ids=tuple(ids), currency=currency
            )
        )
        self.reminders.sent.connect(self._customer_changed)
        self.outbox.waiting.connect(self._show_waiting)
        self.reminders.sent.connect(self.outbox.reload)  # emails queued: the count, and why
        self.backups.restored.connect(self.database_replaced.emit)
        self.outbox.reload()  # the status bar says at once what waits, and why it cannot go

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.books.add_actions(file_menu)
        file_menu.addSeparator()
        import_action = QAction(_("&Import…"), self)
        import_action.setShortcut(QKeySequence("Ctrl+I"))
        import_action.triggered.connect(self.open_import_wizard)
        file_menu.addAction(import_action)
        export = QAction(_("Export promises to a &calendar…"), self)
        export.triggered.connect(self.export_promises)
        file_menu.addAction(export)
        file_menu.addSeparator()
        self.backups.add_actions(file_menu)
        file_menu.addSeparator()
        email_settings = QAction(_("&Email settings…"), self)
        email_settings.triggered.connect(self.open_email_settings)
        file_menu.addAction(email_settings)
        reminder_settings = QAction(_("&Reminder settings…"), self)
        reminder_settings.triggered.connect(self.open_dunning_settings)
        file_menu.addAction(reminder_settings)
        settings = QAction(_("&Settings…"), self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(self.open_settings)
        file_menu.addAction(settings)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(_("&Go"))
        for number, page in enumerate(self.navigation.listed(), start=1):
            action = QAction(page.title(), self)
            action.setObjectName(f"go_{page.key}")
            if number <= 9:  # Ctrl+1… in the side bar's order
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=page.key: self.navigation.show(k))
            go_menu.addAction(action)
        self.help = HelpMenu(self, Path(self.context.database.path))

    def show_demo_state(self) -> None:
        """The title says which book is open; the demo book says so in its title and banner."""
        demo = self.context.demo
        name = _("Demo book") if demo else self.context.database.path.name
        self.setWindowTitle(f"{APP_NAME} — {name}")
        self.demo_banner.setVisible(demo)

    def closeEvent(self, event: QCloseEvent) -> None:
        window_state.remember(self)  # size, place, splitters and columns, for next time
        super().closeEvent(event)

    # --- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every page anew: the customers list first, the page the window opens on, and
        the other pages once it has its rows. Read all at once, they took the interpreter from
        it in turns (a large book lists 86,000 open invoices) and the window stayed empty."""
        self.customers.loaded.connect(
            self._reload_the_rest, type=Qt.ConnectionType.SingleShotConnection
        )
        self.customers.reload()

    def _reload_the_rest(self) -> None:
        self.invoices.reload()
        self.disputes.reload()
        self.customer_view.reload()
        self.reminders.mark_stale(START_DELAY_MS)  # the list's first seconds are the user's
        self.outbox.reload()

    def place(self) -> tuple[str, int | None]:
        """Where the user is: the page, and the customer whose file is open."""
        return self.navigation.current_key(), self.customer_view.customer_id

    def go_to(self, place: tuple[str, int | None]) -> None:
        key, customer_id = place
        if key == "customer" and customer_id is not None:
            self.open_customer(customer_id)
        elif key != "customer":
            self.navigation.show(key)

    def _update_totals(self) -> None:
        rows: list[CustomerRow] = self.customers.model.rows()
        currency = self.context.currency
        owing = [r for r in rows if r.currency == currency and r.total_cents]
        total = sum(r.total_cents for r in owing)
        overdue = sum(r.overdue_cents for r in owing)
        customers = len({r.id for r in rows})
        self.totals.setText(
            ngettext("{n} customer", "{n} customers", customers).format(n=customers)
            + " · "
            + _("Due: {total}").format(total=money_text(total, currency))
            + " · "
            + _("Overdue: {overdue}").format(overdue=money_text(overdue, currency))
        )

    # --- actions -----------------------------------------------------------------------------
    def open_customer(self, customer_id: int) -> CustomerView:
        """Open the customer file; Back returns to the list it was opened from."""
        current = self.navigation.current_key()
        if current != "customer":
            self._return_to = current
        self.customer_view.show_customer(customer_id)
        self.navigation.show("customer")
        return self.customer_view

    def _decide(self, action: str, item: TodayItem) -> None:
        """A decision from Today: each way on opens where it is carried out."""
        if action == "notice":
            self.formal_notice_by_hand(item.customer_id, item.manual_rank)
            return
        view = self.open_customer(item.customer_id)
        if action == "plan":
            view.plan_button.click()
        elif action == "hand_over":
            view.casework.hand_over()
        elif action == "write_off":
            view.write_off_action.trigger()

    def formal_notice_by_hand(self, customer_id: int, rank: int | None) -> bool:
        """Put the customer's formal notice on the Reminders page, to review and send."""
        try:
            self.reminders.add_manual(customer_id, rank)
        except LevelRefused as refused:
            QMessageBox.information(self, _("Formal notice by hand"), _(str(refused)))
            return False
        self.navigation.show("reminders")
        return True

    def _customer_changed(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, 15000)
        self.customers.reload()
        self.invoices.reload()
        self.disputes.reload()
        self.reminders.mark_stale()

    def _close_dispute(self, row: OpenDisputeRow) -> CloseDisputeDialog:
        dialog = CloseDisputeDialog(self.context, row.dispute_id, parent=self)
        dialog.accepted.connect(lambda: self._payment_recorded(dialog.result_text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _show_customer_invoices(self, row: CustomerRow) -> None:
        self.invoices.set_customer((row.id, row.name))
        self.navigation.show("invoices")

    def _payment_for_customer(self, row: CustomerRow) -> None:
        self.open_payment_dialog(row.id, currency=row.currency)

    def _payment_for_invoice(self, row: InvoiceRow) -> None:
        self.open_payment_dialog(row.customer_id, invoice_ids=(row.id,), currency=row.currency)

    def open_payment_dialog(
        self, customer_id: int, *, invoice_ids: tuple[int, ...] = (), currency: str | None = None
    ) -> PaymentDialog:
        dialog = PaymentDialog(
            self.context, customer_id, invoice_ids=invoice_ids, currency=currency, parent=self
        )
        dialog.accepted.connect(lambda: self._payment_recorded(dialog.result_text))
        dialog.accepted.connect(lambda: self.propose_thanks(dialog.paid()))
        dialog.open()
        return dialog

    def propose_thanks(self, paid: tuple[int, int, str] | None) -> ThankYouDialog | None:
        """A reminded customer now up to date: propose a thank-you (never sent without you)."""
        if paid is None:
            return None
        customer_id, cents, currency = paid
        today = self.context.clock.today()
        with self.context.database.session_factory() as session:
            if not thanks.thank_you_due(session, customer_id, today):
                return None
            draft = thanks.draft(session, customer_id, cents, currency, today)
        dialog = ThankYouDialog(self.context, draft, self)
        dialog.accepted.connect(lambda: self._customer_changed(dialog.result_text))
        dialog.open()
        return dialog

    def _payment_recorded(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)
        self.reload()

    def open_import_wizard(self) -> ImportWizard:
        wizard = ImportWizard(self.context, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._imported)
        wizard.next_step.connect(
            lambda step: self.navigation.show("reminders") if step == "reminders" else None
        )  # another import: the wizard starts over on that kind by itself
        wizard.open()
        return wizard

    def _imported(self, report: ImportReport) -> None:
        counts = _(
            "{created} created, {updated} updated, {unchanged} unchanged, {refused} refused"
        ).format(
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            refused=len({p.line for p in report.refused}),
        )
        self.statusBar().showMessage(_("Import finished.") + " " + counts, 15000)
        self.reload()

    def export_promises(self, path: str | None = None) -> Path | None:
        """Pending promises and instalments to an .ics file, for any calendar application."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export promises"), "relance-promesses.ics", _("Calendar (*.ics)")
            )
        if not path:
            return None
        with self.context.database.session_factory() as session:
            data = promises_ics(
                session, self.context.clock.now(), book=self.context.database.path.stem
            )
        target = Path(path)
        target.write_bytes(data)
        self.statusBar().showMessage(_("Promises exported to {path}.").format(path=target), 15000)
        return target

    def open_email_settings(self) -> EmailSettingsDialog:
        dialog = EmailSettingsDialog(self.context, self)
        dialog.accepted.connect(self.outbox.reload)
        dialog.open()
        return dialog

    def after_mail(self) -> None:
        """Emails went out in the background: their pages and histories show it."""
        self.outbox.reload()
        self.customer_view.reload()

    def _show_waiting(self, count: int, problem: str) -> None:
        """How many emails wait, and, when they cannot go at all, why, with a link to fix it."""
        text = ngettext("{n} email waiting", "{n} emails waiting", count).format(n=count)
        if not count:
            self.mail_waiting.setText("")
            return
        if not problem:
            self.mail_waiting.setText(text)
            return
        link = f'<a href="settings">{escape(problem)}</a>'
        said = _("{waiting}: {problem}").format(waiting=escape(text), problem=link)
        self.mail_waiting.setText(f'<span style="color:#a1260d;">{said}</span>')

    def open_dunning_settings(self) -> DunningSettingsDialog:
        dialog = DunningSettingsDialog(self.context, self)
        dialog.finished.connect(lambda _code: self.reminders.mark_stale())
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.context, self)
        dialog.accepted.connect(lambda: self._settings_saved(dialog))
        dialog.open()
        return dialog

    def _settings_saved(self, dialog: SettingsDialog) -> None:
        if dialog.saved_preferences is not None:
            self.preferences_changed.emit(dialog.saved_preferences)
