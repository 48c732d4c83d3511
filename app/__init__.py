"""Relance: courteous debt collection for small businesses."""

APP_NAME = "Relance"
# The one place the version is written: the package metadata reads it from here (pyproject.toml),
# and `--version` answers without reading the installed distribution's metadata.
__version__ = "0.1.0"
