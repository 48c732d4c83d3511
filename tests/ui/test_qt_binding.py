"""The Qt binding must not leak or over-release Python's singletons (PySide6 6.12.0 did).

On Python 3.11, None, True and False are ordinary reference-counted objects: a binding that
releases one reference too many on each call returning nothing or a bool makes the whole
application abort ("deallocating None") after a few thousand calls.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

CALLS = 200


class _Emitter(QObject):
    fired = Signal(object)


def _references() -> list[int]:
    return [sys.getrefcount(value) for value in (None, True, False)]


def test_void_and_bool_calls_do_not_release_none_true_or_false(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    emitter = _Emitter()
    emitter.fired.connect(lambda _value: None)
    loop = QEventLoop()
    before = _references()
    for _ in range(CALLS):
        edit.setText("x")  # returns None
        emitter.fired.emit([1])  # returns a bool
        loop.processEvents()
    after = _references()
    assert all(a >= b - 5 for a, b in zip(after, before, strict=True)), (before, after)
