"""Render the main screens of a demo book to PNG for the documentation.

    python scripts/screenshots.py [OUTPUT_DIR]     (default: docs/screenshots)

Runs offscreen; uses a fixed date so that the pictures do not change from day to day.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app import i18n  # noqa: E402
from app.db.migrate import open_database  # noqa: E402
from app.domain.calendar import Clock  # noqa: E402
from app.services.demo import fill_demo  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

AS_OF = date(2026, 11, 22)


def settle(app: QApplication, window: MainWindow) -> None:
    while window.customers.model.rowCount() == 0 or window.invoices.model.rowCount() == 0:
        app.processEvents()
    for _ in range(20):
        app.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "demo.sqlite3")
        clock = Clock.fixed(AS_OF)
        with database.session_factory.begin() as session:
            fill_demo(session, clock)
        for language, suffix in (("en", ""), ("fr", "-fr")):
            i18n.set_language(language)
            window = MainWindow(AppContext(database, clock, "EUR"))
            window.resize(1280, 760)
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
            window.close()
            window.deleteLater()
            app.processEvents()
        database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
