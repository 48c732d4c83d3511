"""Pausing Python's cycle collector while a large file is read into memory.

Each full collection walks every live object. While an import reads a file of 300,000 lines, the
live objects are mostly the rows it has read, so the collector keeps walking them again and again
(about a fifth of the time of a large import) to find nothing: rows, cells and records hold no
reference cycles, and reference counting frees them. The collector runs again, and collects
whatever cycles came meanwhile, as soon as the last import that paused it is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # imports running with the collector paused (the wizard reads in a thread)
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
