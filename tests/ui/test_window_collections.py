"""The window collects cycles every 50,000 new objects, as the commands do: at Python's default
a big book's page reloads ran thousands of collections (app.collector)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.collector import COMMAND_THRESHOLD, window_collections
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


@pytest.fixture
def default_thresholds() -> Iterator[tuple[int, ...]]:
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_a_window_spaces_the_collections(
    default_thresholds: tuple[int, ...], context: AppContext, qtbot: QtBot
) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert gc.get_threshold() == (COMMAND_THRESHOLD, *default_thresholds[1:])


def test_a_higher_threshold_is_kept(default_thresholds: tuple[int, ...]) -> None:
    gc.set_threshold(COMMAND_THRESHOLD * 3, *default_thresholds[1:])
    window_collections()
    assert gc.get_threshold()[0] == COMMAND_THRESHOLD * 3
