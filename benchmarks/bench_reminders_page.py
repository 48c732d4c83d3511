"""The Reminders page on a big book: from asking for it until its proposals are painted.

    python -m benchmarks.bench_reminders_page [--customers 20000] [--invoices 300000] [--runs 5]

The main window is opened offscreen on the cached book of `benchmarks.book`. Two ways a user
gets the page are timed, each until the table has its rows, the first letter's preview is drawn
and the window has painted:

- shown: the user is on the customers list, the book changes (as a payment recorded or an import
  does), and a few seconds later the user clicks Reminders. The hidden page prepared its
  proposals in the background meanwhile (`prepared` times that, from the change, its delay
  included); the clock runs from the click;
- refresh: the page is on screen and Refresh proposes anew.

The bare reference, timed in the same process, is the proposals' own computation (`propose`): the
ratio is what a refresh costs on top of it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, date, datetime
from pathlib import Path


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--invoices", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="an existing book instead of the cached one")
    args = parser.parse_args()

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.db.migrate import open_database
    from app.domain.calendar import Clock
    from app.services.dunning import propose
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from benchmarks.book import AS_OF, cached_book

    path = args.db or cached_book(args.customers, args.invoices)
    app = QApplication([])
    database = open_database(path, backup=False)
    moment = datetime.combine(AS_OF, datetime.min.time(), UTC).replace(hour=11)
    context = AppContext(database, Clock(lambda: moment), "EUR")
    window = MainWindow(context)
    window.resize(1366, 768)
    window.show()
    view = window.reminders
    done: list[float] = []
    view.loaded.connect(lambda: done.append(time.perf_counter()))

    def wait_loaded() -> None:
        """Wait in Qt's event loop, idle as the application is: a loop polling processEvents
        would take the interpreter from the thread proposing."""
        loop = QEventLoop()
        view.loaded.connect(loop.quit)
        while not done:
            loop.exec()
        view.loaded.disconnect(loop.quit)
        window.repaint()
        app.processEvents()

    window.navigation.show("reminders")
    wait_loaded()  # warm-up: imports, first layout, fonts
    rows = view.model.rowCount()
    prepared: list[float] = []
    shown: list[float] = []
    for _run in range(args.runs):
        window.navigation.show("customers")
        app.processEvents()
        done.clear()
        changed = time.perf_counter()
        view.mark_stale()  # the book changed while the page is hidden
        wait_loaded()
        prepared.append(time.perf_counter() - changed)
        started = time.perf_counter()
        window.navigation.show("reminders")
        window.repaint()
        app.processEvents()
        shown.append(time.perf_counter() - started)
    page: list[float] = []
    for _run in range(args.runs):
        done.clear()
        started = time.perf_counter()
        view.reload()
        wait_loaded()
        page.append(time.perf_counter() - started)
    bare: list[float] = []
    for _run in range(args.runs):
        with database.session_factory.begin() as session:
            started = time.perf_counter()
            propose(session, date(AS_OF.year, AS_OF.month, AS_OF.day))
            bare.append(time.perf_counter() - started)
            session.rollback()
    ratios = [p / b for p, b in zip(page, bare, strict=True)]

    def figures(values: list[float]) -> dict[str, float]:
        return {
            "min": round(min(values), 3),
            "median": round(statistics.median(values), 3),
            "max": round(max(values), 3),
        }

    print(
        json.dumps(
            {
                "book": path.name,
                "proposals": rows,
                "shown_until_painted_s": figures(shown),
                "prepared_after_the_change_s": figures(prepared),
                "refresh_until_painted_s": figures(page),
                "bare_propose_s": figures(bare),
                "ratio": figures(ratios),
            },
            indent=2,
        )
    )
    window.close()
    database.dispose()


if __name__ == "__main__":
    main()
