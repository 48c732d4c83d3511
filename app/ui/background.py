"""Run slow work off the GUI thread; results come back by signal (Anki's CollectionOp shape).

    BackgroundOp(parent, lambda: slow_work()).success(show).failure(explain).run()

Database writes go through one single-threaded pool so that two writes never race; failures
are shown to the user by default. A view that reloads gives its reads a `Latest`: reloads
overlap (the page opened, a write ending, a setting saved), and one asked earlier may finish
later, from an older state of the book; only the answer to the last one asked is delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.db.errors import BookClosed, describe
from app.domain.dunning import Stopped
from app.i18n import _

log = logging.getLogger(__name__)
T = TypeVar("T")

_write_pool: QThreadPool | None = None
_running: set[BackgroundOp[Any]] = set()  # keeps ops alive until their signal has been delivered


def write_pool() -> QThreadPool:
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Let the reads and writes under way finish (before their book is closed); whether they did.

    A book closed under a running job would leave that job's connection open, and the next one
    would open the file again after it was handed to another book or to a restore.
    """
    done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    if _write_pool is not None:
        done = _write_pool.waitForDone(timeout_ms) and done
    return done


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Stopped as stopped:  # asked to: not a failure
            self._signals.failed.emit(stopped)
        except Exception as exc:  # reported to the GUI thread, never swallowed
            log.exception("background operation failed")
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class Latest:
    """The reloads of one view: each asks for a ticket; only the last ticket's answer counts."""

    def __init__(self) -> None:
        self._asked = 0

    def ticket(self) -> int:
        self._asked += 1
        return self._asked

    def is_last(self, ticket: int) -> bool:
        return ticket == self._asked


class BackgroundOp(Generic[T]):
    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[], T],
        *,
        writes: bool = False,
        latest: Latest | None = None,
    ) -> None:
        """`latest`: the op is one of a view's reloads; its answer (success or failure) is
        dropped when a later reload was asked meanwhile."""
        self._parent = parent
        self._fn = fn
        self._writes = writes
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None
        self._signals = _Signals()
        self._latest = latest
        self._ticket = latest.ticket() if latest is not None else 0

    def success(self, callback: Callable[[T], None]) -> BackgroundOp[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> BackgroundOp[T]:
        self._on_failure = callback
        return self

    def run(self) -> None:
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        _running.add(self)
        pool = write_pool() if self._writes else QThreadPool.globalInstance()
        pool.start(_Job(self._fn, self._signals))

    def _gone(self) -> bool:
        """The widget that asked was closed and deleted meanwhile, or asked again since:
        nobody to tell."""
        if self._latest is not None and not self._latest.is_last(self._ticket):
            return True
        return self._parent is not None and not shiboken6.isValid(self._parent)

    def _succeeded(self, result: T) -> None:
        _running.discard(self)
        if self._on_success is not None and not self._gone():
            self._on_success(result)

    def _failed(self, error: Exception) -> None:
        _running.discard(self)
        if self._gone() or isinstance(error, BookClosed | Stopped):  # nobody, nothing, to tell
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            QMessageBox.warning(self._parent, _("Relance"), describe(error) or str(error))
