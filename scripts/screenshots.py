"""Render the main screens of a demo book to PNG for the documentation.

    python scripts/screenshots.py [OUTPUT_DIR]     (default: docs/screenshots)

Runs offscreen; uses a fixed date so that the pictures do not change from day to day.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import i18n  # noqa: E402
from app.db.migrate import Database, open_database  # noqa: E402
from app.db.models import Customer, Interaction  # noqa: E402
from app.domain.calendar import Clock  # noqa: E402
from app.services.demo import fill_demo  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

AS_OF = date(2026, 11, 22)
SIZE = (1366, 768)  # the small laptop screen every page must fit


def settle(app: QApplication, window: MainWindow) -> None:
    # the invoices page loads when first shown, so wait for the page on view
    page = window.navigation.stack.currentWidget()
    model = window.invoices.model if page is window.invoices else window.customers.model
    wait(app, lambda: model.rowCount() > 0)


def _euros(cents: int) -> str:
    return f"{cents // 100:,}".replace(",", " ") + f",{cents % 100:02d}"


def invoices_export(database: Database, path: Path) -> None:
    """A French accounting export of open invoices for the demo customers, three rows wrong."""
    with database.session_factory() as session:
        customers = session.execute(select(Customer.ref, Customer.name)).all()[:40]
    rng = random.Random(11)
    lines = [
        "N° facture;Code client;Raison sociale;Date facture;Échéance;Montant HT;Montant TTC;"
        "Reste dû;Commercial"
    ]
    for number in range(1, 241):
        ref, name = customers[number % len(customers)]
        issued = date(2026, 6, 1) + timedelta(days=rng.randint(0, 170))
        net = rng.randint(8_000, 900_000)
        gross = net * 6 // 5
        owed = gross if rng.random() < 0.7 else rng.randint(0, gross)
        cells = [
            f"FC-2026-{number:05d}",
            ref,
            name,
            f"{issued:%d/%m/%Y}",
            f"{issued + timedelta(days=30):%d/%m/%Y}",
            _euros(net),
            _euros(gross),
            _euros(owed),
            rng.choice(("Claire M.", "Hugo B.", "Inès R.")),
        ]
        if number == 8:
            cells[3] = "31/09/2026"
        elif number == 15:
            cells[1] = "411ZZZZ"
        elif number == 23:
            cells[6] = "12,3,4"
        lines.append(";".join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))  # as French Excel saves


def wait(app: QApplication, done: Callable[[], bool]) -> None:
    while not done():
        app.processEvents()
    for _ in range(20):
        app.processEvents()


def import_screens(app: QApplication, window: MainWindow, folder: Path, out: Path) -> None:
    export = folder / "factures-novembre.csv"
    invoices_export(window.context.database, export)
    wizard = window.open_import_wizard()
    wizard.source_page.kinds["invoices"].setChecked(True)
    wizard.source_page.path.setText(str(export))
    wizard.source_page.skip_invalid.setChecked(True)
    wizard.next()
    wait(app, wizard.mapping_page.isComplete)
    wizard.grab().save(str(out / "import-preview.png"))
    wizard.next()
    wait(app, lambda: wizard.check_page.report is not None)
    wizard.grab().save(str(out / "import-check.png"))
    wizard.close()


def fec_screens(app: QApplication, window: MainWindow, folder: Path, out: Path) -> None:
    """The FEC of a year of sales, checked before import (shown in French, its first market)."""
    from benchmarks.fec_file import generate_fec

    fec = generate_fec(folder / "FEC-2026.txt", customers=120, invoices=1500)
    wizard = window.open_import_wizard()
    wizard.source_page.kinds["fec"].setChecked(True)
    wizard.source_page.path.setText(str(fec))
    app.processEvents()
    wizard.grab().save(str(out / "import-fec-source-fr.png"))
    wizard.next()
    wait(app, lambda: wizard.check_page.report is not None)
    wizard.grab().save(str(out / "import-fec-check-fr.png"))
    wizard.close()


def richest_customer(database: Database) -> int:
    """The demo customer with the most calls and notes: the one whose file shows everything."""
    with database.session_factory() as session:
        return (
            session.scalars(
                select(Interaction.customer_id)
                .group_by(Interaction.customer_id)
                .order_by(func.count().desc(), Interaction.customer_id)
            ).first()
            or 1
        )


def customer_file_screens(
    app: QApplication, window: MainWindow, database: Database, out: Path, suffix: str
) -> None:
    window.navigation.show("disputes")
    wait(app, lambda: window.disputes.model.rowCount() > 0)
    window.grab().save(str(out / f"disputes{suffix}.png"))
    view = window.open_customer(richest_customer(database))
    app.processEvents()
    window.grab().save(str(out / f"customer-file{suffix}.png"))
    view.tabs.setCurrentWidget(view.invoices)
    disputed = next((r for r in view.invoices.model.rows() if r.disputed_cents), None)
    if disputed is not None:
        view.invoices.select_invoice(disputed.id)
    app.processEvents()
    window.grab().save(str(out / f"customer-invoices{suffix}.png"))
    view.tabs.setCurrentWidget(view.contacts)
    app.processEvents()
    window.grab().save(str(out / f"customer-contacts{suffix}.png"))
    dialog = view.casework.log_call()
    dialog.note.setPlainText(  # type: ignore[attr-defined]
        "Virement promis pour vendredi." if suffix else "Promised a transfer on Friday."
    )
    dialog.outcome_box.setCurrentIndex(4)  # type: ignore[attr-defined]
    app.processEvents()
    dialog.grab().save(str(out / f"call{suffix}.png"))
    dialog.reject()
    view.tabs.setCurrentWidget(view.timeline)


def reminder_screens(app: QApplication, window: MainWindow, out: Path, suffix: str) -> None:
    view = window.reminders
    window.navigation.show("reminders")
    wait(app, lambda: view.model.rowCount() > 0)
    app.processEvents()
    window.grab().save(str(out / f"reminders{suffix}.png"))
    settings = window.open_dunning_settings()
    app.processEvents()
    settings.grab().save(str(out / f"reminder-policies{suffix}.png"))
    settings.tabs.setCurrentWidget(settings.texts)
    settings.texts.key.setCurrentIndex(settings.texts.key.findData("firm"))
    app.processEvents()
    settings.grab().save(str(out / f"reminder-texts{suffix}.png"))
    settings.close()


def later_screens(
    app: QApplication, window: MainWindow, database: Database, out: Path, suffix: str
) -> None:
    """Today (after the reminders were sent and a week passed), the outbox, the first run."""
    from app.services.dunning import propose
    from app.services.dunning_run import run_reminders
    from app.ui.first_run import FirstRunWizard

    clock = window.context.clock
    with database.session_factory.begin() as session:
        plan = propose(session, clock.today())
        run_reminders(
            session,
            clock,
            plan.proposals[:12],
            as_of=clock.today(),
            database_dir=Path(database.path).parent,
            letters_pdf=None,
            accept_last_rates=True,  # the shipped table stops at 2026 H1
        )
    window.reload()  # as after a run from the window: the pages and their counts follow
    window.navigation.show("today")
    wait(app, lambda: window.today.model.rowCount() > 0)
    app.processEvents()
    window.grab().save(str(out / f"today{suffix}.png"))
    window.navigation.show("promises")
    wait(app, lambda: window.promises.model.rowCount() > 0)
    app.processEvents()
    window.grab().save(str(out / f"promises{suffix}.png"))
    window.navigation.show("outbox")
    wait(app, lambda: window.outbox.model.rowCount() > 0)
    app.processEvents()
    window.grab().save(str(out / f"outbox{suffix}.png"))
    wizard = FirstRunWizard(window.context, window)
    wizard.show()
    wizard.next()
    wizard.company.fields["name"].setText("Bureautique Lyonnaise")
    wizard.company.fields["city"].setText("Lyon")
    wizard.next()
    app.processEvents()
    wizard.grab().save(str(out / f"first-run-letters{suffix}.png"))
    wizard.reject()


def empty_book_screen(app: QApplication, folder: Path, out: Path, suffix: str) -> None:
    """A new book, before anything is in it: the three ways in."""
    database = open_database(folder / f"empty{suffix}.sqlite3")
    window = MainWindow(AppContext(database, Clock.fixed(AS_OF), "EUR"))
    window.resize(*SIZE)
    window.show()
    window.reload()
    wait(app, window.customers.empty.isVisible)
    window.grab().save(str(out / f"empty-book{suffix}.png"))
    window.close()
    window.deleteLater()
    app.processEvents()
    database.dispose()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        clock = Clock.fixed(AS_OF)
        for language, suffix in (("en", ""), ("fr", "-fr")):
            i18n.set_language(language)  # history summaries are written in the user's language
            database = open_database(Path(folder) / f"demo-{language}.sqlite3")
            with database.session_factory.begin() as session:
                fill_demo(session, clock)
            window = MainWindow(AppContext(database, clock, "EUR", demo=True))
            window.resize(*SIZE)
            window.show()
            window.reload()
            settle(app, window)
            window.grab().save(str(out / f"customers{suffix}.png"))
            window.customers.table.selectRow(0)
            first = window.customers.selected_row()
            window.invoices.set_customer(None)
            window.navigation.show("invoices")
            settle(app, window)
            window.grab().save(str(out / f"invoices{suffix}.png"))
            dialog = window.open_payment_dialog(first.id, currency=first.currency)
            dialog.amount.setText("1500,00" if language == "fr" else "1500.00")
            dialog.reference.setText("VIR SEPA 20261120 0457")
            app.processEvents()
            dialog.grab().save(str(out / f"payment{suffix}.png"))
            dialog.close()
            settings = window.open_settings()
            app.processEvents()
            settings.grab().save(str(out / f"settings{suffix}.png"))
            settings.close()
            customer_file_screens(app, window, database, out, suffix)
            reminder_screens(app, window, out, suffix)
            later_screens(app, window, database, out, suffix)
            empty_book_screen(app, Path(folder), out, suffix)
            if language == "en":
                import_screens(app, window, Path(folder), out)
            else:
                fec_screens(app, window, Path(folder), out)
            window.close()
            window.deleteLater()
            app.processEvents()
            database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
