"""Local jobs: send the outbox, follow promises up, and tell the user what needs attention.

APScheduler (its Qt scheduler) runs them off the window's thread; results reach widgets only by
Qt signals. The database is the truth: every run recomputes from it, so a run after days closed
or a laptop asleep catches up everything once (what was already notified is remembered in the
database), and a jump of the wall clock between runs triggers a catch-up at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QObject, Signal

from app.services import attention, outbox_send
from app.services.promise_followup import evaluate_promises
from app.ui.context import AppContext

log = logging.getLogger(__name__)
INTERVAL_MINUTES = 2


class MailScheduler(QObject):
    sent = Signal(object)  # a SendReport
    attention = Signal(list)  # texts to notify, each shown once

    def __init__(
        self,
        context: AppContext,
        parent: QObject | None = None,
        *,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`wall` and `monotonic` are the two clocks compared to notice a sleep; tests move them."""
        super().__init__(parent)
        self._context = context
        self._wall, self._monotonic = wall, monotonic
        self._last_wall: float | None = None
        self._last_mono: float | None = None
        self._scheduler = QtScheduler()
        self._scheduler.add_job(
            self.run_once,
            "interval",
            minutes=INTERVAL_MINUTES,
            id="local",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )

    def start(self) -> None:
        self._scheduler.start()
        self._scheduler.add_job(self.run_once, id="catch-up")  # at once, for what fell due

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def clock_jumped(self) -> bool:
        """The wall clock moved much more than the monotonic one: the laptop slept."""
        wall, mono = self._wall(), self._monotonic()
        jumped = (
            self._last_wall is not None
            and self._last_mono is not None
            and (wall - self._last_wall) - (mono - self._last_mono) > 60
        )
        self._last_wall, self._last_mono = wall, mono
        return jumped

    def run_once(self) -> None:
        if self.clock_jumped():
            log.info("the clock jumped (sleep?): catching up")
        try:
            self._follow_promises()
            self._send_outbox()
        except Exception:  # a bad round must not stop the next ones
            log.exception("a local job failed")

    def _follow_promises(self) -> None:
        context = self._context
        today = context.clock.today()
        with context.database.session_factory.begin() as session:
            evaluate_promises(session, context.clock)
            found = attention.pending_notifications(session, today)
            if found:
                attention.mark_notified(session, [key for key, _text in found], today)
        if found:
            self.attention.emit([text for _key, text in found])

    def _send_outbox(self) -> None:
        context = self._context
        report = outbox_send.send_pending(
            context.database, context.clock, outbox_send.smtp_transport
        )
        if report.sent or report.failed or report.held:
            self.sent.emit(report)
