"""Python's cycle collector, run less often while one command reads a large book.

A command such as `dunning propose` or `aging` holds a hundred thousand live objects at once
(rows read, invoice states, the JSON being built). With the default thresholds, the collector
walks them every few thousand new objects and frees nothing: about a fifth of the command's
time on a 300,000-invoice book. During a command it runs every 50,000 new objects instead;
cycles are still collected, and the thresholds come back when the command ends. (Imports go
further and pause it: `app.importing.collector`.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

COMMAND_THRESHOLD = 50_000


@contextmanager
def sparse_collections(threshold: int = COMMAND_THRESHOLD) -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
