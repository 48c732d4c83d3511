"""Printing the sent letters: the preview is opened the way the window opens it (a click on
"Print…", nothing kept by the caller), then Python collects its garbage and the preview paints
again. A printer freed under the preview kills the process, so the scenario runs in a child
process and the parent checks that it survived."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow

CHILD = "RELANCE_PRINT_PREVIEW_CHILD"


def test_print_preview_survives_the_garbage_collector(tmp_path: Path) -> None:
    env = {**os.environ, CHILD: "1", "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_preview_opened_by_the_print_button",
        ],
        env=env,
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert child.returncode == 0, f"the process died ({child.returncode}):\n{child.stdout[-3000:]}"
    assert "1 passed" in child.stdout


@pytest.mark.skipif(CHILD not in os.environ, reason="run in a child process by the test above")
def test_preview_opened_by_the_print_button(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with qtbot.waitSignal(window.reminders.loaded, timeout=10000):
        window.navigation.show("reminders")
    dialog = window.reminders.open_run_dialog()
    dialog.path.setText(str(tmp_path / "letters.pdf"))
    with qtbot.waitSignal(dialog.finished_run, timeout=20000):
        dialog.start()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    preview = dialog.findChild(QPrintPreviewDialog)
    assert preview is not None and preview.isVisible()
    gc.collect()
    qtbot.wait(50)
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    widget.updatePreview()  # paints again through the printer the dialog holds
    printed = tmp_path / "printed.pdf"
    preview.printer().setOutputFileName(str(printed))  # no printer here: print to a file
    widget.print_()
    preview.close()
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) >= 1
