"""Relance: courteous debt collection for small businesses."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "Relance"

try:
    __version__ = version("relance")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
