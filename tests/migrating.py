"""Moving a test book to a given schema revision, as an older or newer Relance left it."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from app.db.engine import make_engine, sqlite_url
from app.db.migrate import alembic_config


def migrate(path: Path, action: str, revision: str) -> None:
    """`action` is "upgrade" or "downgrade"; the book is at `revision` afterwards."""
    engine = make_engine(sqlite_url(path))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)
    engine.dispose()
