"""`demo` on the command line: a book of its own, never the user's customers; `demo --remove`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import i18n
from app.cli import main
from app.db.migrate import open_database
from app.db.models import Customer
from app.domain.calendar import Clock
from app.services import ledger
from app.services.demo_book import is_demo_book
from tests.db_digest import digest


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def english() -> None:
    i18n.set_language("en")


def test_demo_makes_a_demo_book_and_adds_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "demo.sqlite3"
    assert run(capsys, "--db", str(book), "demo", "--customers", "12")[0] == 0
    code, out, _err = run(capsys, "--db", str(book), "demo", "--customers", "3")
    assert code == 0 and out.startswith("3 customers")
    database = open_database(book)
    with database.session_factory() as session:
        assert is_demo_book(session)
        assert session.scalar(select(func.count()).select_from(Customer)) == 15
    database.dispose()


def test_demo_refuses_a_book_with_the_users_own_customers_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "relance.sqlite3"
    database = open_database(book)
    with database.session_factory.begin() as session:
        ledger.create_customer(session, Clock(), ref="C1", name="Mon Client")
    database.dispose()
    before = digest(book)
    code, out, err = run(capsys, "--db", str(book), "demo")
    assert code == 1 and out == ""
    assert "holds your own customers" in err
    assert digest(book) == before


def test_demo_remove_takes_the_demo_out_and_leaves_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "demo.sqlite3"
    assert run(capsys, "--db", str(book), "demo", "--customers", "10")[0] == 0
    code, out, _err = run(capsys, "--db", str(book), "demo", "--remove")
    assert code == 0 and out.startswith("10 demo customers and ")
    database = open_database(book)
    with database.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
        assert not is_demo_book(session)
    database.dispose()
