"""Python's cycle collector, paused or run less often while a large file or book is read.

Each full collection walks every live object. While an import reads a file of 300,000 lines, the
live objects are mostly the rows it has read, so the collector keeps walking them again and again
(about a fifth of the time of a large import) to find nothing: rows, cells and records hold no
reference cycles, and reference counting frees them. `collector_paused` stops it during an
import; it runs again, and collects whatever cycles came meanwhile, as soon as the last import
that paused it is done.

A command such as `dunning propose` or `aging` also holds a hundred thousand live objects at once
(rows read, invoice states, the JSON being built). `sparse_collections` runs the collector every
50,000 new objects instead of every few hundred during a command; cycles are still collected, and
the thresholds come back when the command ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

COMMAND_THRESHOLD = 50_000

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


@contextmanager
def sparse_collections(threshold: int = COMMAND_THRESHOLD) -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
