"""Every folder Relance uses, resolved in one place (platformdirs), with a test override."""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path

import platformdirs

from app import APP_NAME

_ENV_DATA_DIR = "RELANCE_DATA_DIR"


def resources_dir() -> Path:
    """Bundled resources: inside a frozen bundle, installed with the package, or in a checkout.

    A wheel installs `resources/` as the package `relance_resources` (see setup.py); a checkout
    run without installing finds the folder beside the sources.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    try:
        installed = importlib.resources.files("relance_resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"
    return Path(str(installed))


def data_dir() -> Path:
    """The user data folder (database, archived documents); RELANCE_DATA_DIR overrides it."""
    override = os.environ.get(_ENV_DATA_DIR)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get(_ENV_DATA_DIR)
    path = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir() -> Path:
    """Where the letters to print go by default: the user's Documents folder;
    RELANCE_DOCUMENTS_DIR overrides it."""
    override = os.environ.get("RELANCE_DOCUMENTS_DIR")
    return Path(override) if override else Path(platformdirs.user_documents_dir())


def free_name(path: Path) -> Path:
    """`path`, or `name-2.pdf`, `name-3.pdf`… beside it: an earlier file is never replaced."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def default_db_path() -> Path:
    return data_dir() / "relance.sqlite3"


def demo_db_path() -> Path:
    """The demo book: a file of its own, so that the demo never enters the user's book."""
    return data_dir() / "demo.sqlite3"


BACKUPS = "backups"


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database they protect."""
    return db_path.resolve().parent / BACKUPS
