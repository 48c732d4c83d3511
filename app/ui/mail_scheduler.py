"""Sending the outbox by itself: an APScheduler job that retries what is due every few minutes.

Jobs run in the scheduler's threads; results reach the window through a Qt signal. The job
reads everything from the database each time (nothing to rebuild after a sleep), and a job
still running is never started twice.
"""

from __future__ import annotations

import logging
from pathlib import Path

from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QObject, Signal

from app.services import outbox
from app.ui.context import AppContext

log = logging.getLogger(__name__)
INTERVAL_MINUTES = 2


class MailScheduler(QObject):
    sent = Signal(object)  # a SendReport

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._scheduler = QtScheduler()
        self._scheduler.add_job(
            self.run_once,
            "interval",
            minutes=INTERVAL_MINUTES,
            id="outbox",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )

    def start(self) -> None:
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def run_once(self) -> None:
        context = self._context
        try:
            report = outbox.send_pending(
                context.database.session_factory,
                context.clock,
                outbox.smtp_transport,
                Path(context.database.path).parent,
            )
        except Exception:  # a bad round must not stop the next ones
            log.exception("sending the outbox failed")
            return
        if report.sent or report.failed or report.held:
            self.sent.emit(report)
