"""The cycle collector is paused during an import, and always given back as it was."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.collector import collector_paused
from app.importing.columns import Kind
from app.services.importing import prepare


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_paused_inside_nested_and_back_after_an_error() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer import still runs
        raise RuntimeError("the file is damaged")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_two_threads_the_last_one_out_gives_it_back() -> None:
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def wizard_read() -> None:
        with collector_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=wizard_read)
    thread.start()
    assert inside.wait(10)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the thread's read still runs
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_an_import_that_fails_gives_the_collector_back(tmp_path: Path) -> None:
    gc.enable()
    damaged = tmp_path / "factures.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(Exception, match="not an Excel workbook"):
        prepare(Kind.INVOICES, damaged)
    assert gc.isenabled()
