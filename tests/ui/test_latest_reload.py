"""Reloads: a read asked earlier that finishes later never shows its older rows over the newer
ones (every page that reloads gives its reads a `Latest`); the window reads its customers list
before its other pages."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.background import BackgroundOp, Latest, wait_for_background
from app.ui.main_window import MainWindow


def test_only_the_last_reload_asked_is_delivered(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    latest, release, shown = Latest(), threading.Event(), []

    def slow_and_old() -> str:
        release.wait(10)
        return "old"

    BackgroundOp(parent, slow_and_old, latest=latest).success(shown.append).run()
    BackgroundOp(parent, lambda: "new", latest=latest).success(shown.append).run()
    qtbot.waitUntil(lambda: shown == ["new"], timeout=5000)
    release.set()
    assert wait_for_background()
    qtbot.wait(50)  # the old answer's signal, delivered and dropped
    assert shown == ["new"]


def test_a_failure_of_a_superseded_reload_is_not_shown_either(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    latest, release, failures, shown = Latest(), threading.Event(), [], []

    def fails_late() -> str:
        release.wait(10)
        raise OSError("the book moved")

    BackgroundOp(parent, fails_late, latest=latest).failure(failures.append).run()
    BackgroundOp(parent, lambda: "new", latest=latest).success(shown.append).run()
    qtbot.waitUntil(lambda: shown == ["new"], timeout=5000)
    release.set()
    assert wait_for_background()
    qtbot.wait(50)
    assert failures == []


def test_the_customers_page_keeps_the_rows_of_its_last_reload(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.customers
    fresh = view.load_rows()
    release = threading.Event()

    def stale() -> object:
        release.wait(10)
        return []  # what the book held before: nothing

    monkeypatch.setattr(view, "load_rows", stale)
    view.reload()  # asked first, answers last
    monkeypatch.setattr(view, "load_rows", lambda: fresh)
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(fresh) > 0, timeout=5000)
    release.set()
    assert wait_for_background()
    qtbot.wait(50)
    assert view.model.rowCount() == len(fresh)


def test_the_customers_list_is_read_before_the_other_pages(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    window.customers.loaded.connect(lambda: order.append("customers shown"))
    for page in ("invoices", "disputes", "outbox"):
        view = getattr(window, page)
        monkeypatch.setattr(view, "reload", lambda page=page: order.append(page))
    with qtbot.waitSignal(window.customers.loaded, timeout=5000):
        window.reload()
        assert order == []  # nothing else asked while the list is read
    qtbot.waitUntil(lambda: len(order) == 4, timeout=5000)
    assert order[0] == "customers shown" and set(order[1:]) == {"invoices", "disputes", "outbox"}
    window.customers.reload()  # a later reload of the list alone reloads nothing else
    qtbot.wait(300)
    assert len(order) == 5
