"""Logging into a rotating file in the user log folder. Never log a secret, a body or an address."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.paths import log_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send every logger to `relance.log` (1 MB × 5 files); return the file's path."""
    path = log_dir() / "relance.log"
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
    return path
