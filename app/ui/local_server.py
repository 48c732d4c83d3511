"""One window per book: a second start on the same book asks the first window to show itself."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtNetwork import QLocalSocket


def server_name(db_path: Path) -> str:
    digest = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]
    return f"relance-{digest}"


def ask_running_copy_to_show(db_path: Path) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(500):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(500)
    socket.disconnectFromServer()
    return True
