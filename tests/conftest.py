"""Shared fixtures: a real migrated SQLite file per test, a fixed clock, isolated user folders."""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the developer's real keychain; a real plain-text backend in a temp folder instead.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app import i18n
from app.db.migrate import Database, open_database
from app.domain.calendar import Clock
from app.services.settings import CompanyProfile, save_company

TODAY = date(2026, 11, 22)
# A company that can sign letters: a run refuses to print without name, address and signatory.
SIGNING_COMPANY = CompanyProfile(
    name="Bureautique Lyonnaise",
    address_line1="12 rue de la République",
    postcode="69002",
    city="Lyon",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPPXXX",
    phone="04 78 00 00 00",
    email="relances@example.fr",
    signatory_name="Claire Martin",
    signatory_title="Gérante",
)


@pytest.fixture
def signing_company() -> CompanyProfile:
    return SIGNING_COMPANY


@pytest.fixture
def sign_letters() -> Callable[[Session], CompanyProfile]:
    """Writes a complete company profile into a book: `sign_letters(session)`."""
    return lambda session: save_company(session, SIGNING_COMPANY)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("RELANCE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("RELANCE_DOCUMENTS_DIR", str(home / "documents"))


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    """A window spaces the cycle collector's runs for as long as the process lives (the
    application's); a test's window must not carry that into the next tests, whose garbage
    (a connection in a cycle) would then be collected at any later moment, in another test."""
    before = gc.get_threshold()
    yield
    if gc.get_threshold() != before:
        gc.set_threshold(*before)


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests set their own language: English, whatever the machine's locale (a book's own
    preference, or a test's, still wins), so the suite reads the same under fr_FR.UTF-8."""
    monkeypatch.setattr(i18n, "system_language", lambda: "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "relance.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    if "app.ui.background" in sys.modules:  # a window's reads may still run on it
        sys.modules["app.ui.background"].wait_for_background()
    database.dispose()
