"""`dunning run` puts the formal notices apart: `--registered FILE` or beside the letters, counted
in the line it prints (French and English) and described in its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from registered_book import NOTICES, TODAY, fill, plain

from app.cli import main
from app.db.migrate import open_database
from app.services.settings import Preferences, save_preferences


def book(db_path: Path, language: str, *, notices: bool = True) -> Path:
    database = open_database(db_path)
    fill(database, notices=notices)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language=language))
    database.dispose()
    return db_path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str]:
    code = main(["--db", str(db), "dunning", "run", "--as-of", TODAY.isoformat(), *args])
    out, _err = capsys.readouterr()
    return code, out


def test_the_registered_letters_go_beside_the_letters_by_default(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.pdf"
    code, out = run(capsys, book(db_path, "en"), "--letters", str(target), "--email", "none")
    assert code == 0
    registered = tmp_path / "out-recommande.pdf"
    slip = tmp_path / "out-recommande-bordereau.pdf"
    with pdfplumber.open(registered) as pdf:
        pages = len(pdf.pages)
    assert out.strip() == (
        f"4 reminders: 4 letters, of which 3 registered in {registered} ({pages} pages, slip in "
        f"{slip}) and 1 in {target} (1 pages), 0 emails queued, 0 calls to make."
    )
    with pdfplumber.open(slip) as pdf:
        text = plain(pdf.pages[0].extract_text() or "")
    assert all(ref in text for ref in NOTICES)


def test_registered_names_the_file_and_the_line_is_french_in_a_french_book(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, wanted = tmp_path / "lettres.pdf", tmp_path / "ar" / "mises-en-demeure.pdf"
    wanted.parent.mkdir()
    code, out = run(
        capsys,
        book(db_path, "fr"),
        "--letters",
        str(target),
        "--registered",
        str(wanted),
        "--email",
        "none",
    )
    assert code == 0
    slip = tmp_path / "ar" / "mises-en-demeure-bordereau.pdf"
    assert wanted.exists() and slip.exists()
    assert not (tmp_path / "lettres-recommande.pdf").exists()
    with pdfplumber.open(wanted) as pdf:
        pages = len(pdf.pages)
    assert out.strip() == (
        f"4 relances\u00a0: 4 lettres, dont 3 recommandées dans {wanted} ({pages} pages, "
        f"bordereau dans {slip}) et 1 dans {target} (1 pages), 0 courriels en file d’attente, "
        "0 appels à passer."
    )
    with pdfplumber.open(slip) as pdf:
        text = plain(pdf.pages[0].extract_text() or "")
    assert "N° de recommandé" in text and "Lettres recommandées avec accusé de réception" in text


def test_the_json_describes_the_registered_letters(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.pdf"
    code, out = run(
        capsys, book(db_path, "en"), "--letters", str(target), "--email", "none", "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert {"batch", "reminders", "letters", "pages", "letters_pdf", "emails", "calls"} <= set(
        document
    )
    assert (document["reminders"], document["letters"], document["pages"]) == (4, 4, 1)
    assert document["letters_pdf"] == str(target)
    registered = document["registered_letters"]
    assert registered["path"] == str(tmp_path / "out-recommande.pdf")
    assert registered["slip"] == str(tmp_path / "out-recommande-bordereau.pdf")
    assert registered["count"] == 3
    with pdfplumber.open(registered["path"]) as pdf:
        assert registered["pages"] == len(pdf.pages)
    letters = registered["letters"]
    assert [r["customer_ref"] for r in letters] == sorted(NOTICES)
    assert letters[0] == {
        "customer_ref": "411MUL",
        "customer_name": "Müller & Söhne Bürobedarf GmbH",
        "amount": letters[0]["amount"],
        "currency": "EUR",
        "apart": None,
        "reference": "411MUL-20261123",
    }
    cents = [int(r["amount"].replace(".", "")) for r in letters]
    assert registered["totals"] == [
        {"amount": f"{sum(cents) // 100}.{sum(cents) % 100:02d}", "currency": "EUR"}
    ]
    assert letters[2]["amount"] == "459.90"  # the individual: principal only, no penalties


def test_without_formal_notices_the_line_and_the_json_say_nothing_of_them(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = book(db_path, "en", notices=False)
    target = tmp_path / "out.pdf"
    code, out = run(capsys, db, "--letters", str(target), "--email", "none")
    assert code == 0
    assert out.strip() == (
        f"1 reminders: 1 letters (1 pages) in {target}, 0 emails queued, 0 calls to make."
    )
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["out.pdf"]
    code, out = run(
        capsys,
        db,
        "--as-of",
        "2026-12-30",  # the next level, a month later: still no formal notice
        "--letters",
        str(target),
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    assert (document["letters"], document["registered_letters"]) == (1, None)
