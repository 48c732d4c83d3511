"""Reading files as they come: UTF-8 with or without BOM, Windows-1252, `,` `;` or tab, XLSX."""

from __future__ import annotations

import codecs
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.importing.sources import (
    SourceError,
    Table,
    detect_delimiter,
    detect_encoding,
    iter_records,
    read_table,
)

FRENCH = "Raison sociale;Ville\nSociété Générale;Besançon\nÉtablissements Noël;Orléans\n"
FRENCH_ROWS = [
    (2, ["Société Générale", "Besançon"]),
    (3, ["Établissements Noël", "Orléans"]),
]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_utf8_without_bom_is_read_as_utf8(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "plain.csv", FRENCH.encode("utf-8")))
    assert table.encoding == "utf-8"
    assert table.headers == ["Raison sociale", "Ville"]
    assert table.rows == FRENCH_ROWS


def test_utf8_bom_is_removed_from_the_first_header(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "bom.csv", codecs.BOM_UTF8 + FRENCH.encode("utf-8")))
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["Raison sociale", "Ville"]  # not "\ufeffRaison sociale"
    assert table.rows == FRENCH_ROWS


def test_windows_1252_from_french_excel_keeps_its_accents(tmp_path: Path) -> None:
    data = (FRENCH + "Café du Nord;Saint-Étienne € 2\n").encode("cp1252")
    table = read_table(write(tmp_path / "excel.csv", data))
    assert table.encoding == "cp1252"
    assert table.rows == [*FRENCH_ROWS, (4, ["Café du Nord", "Saint-Étienne € 2"])]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    data = FRENCH.replace(";", "\t").encode("utf-16")  # Excel's "Unicode text"
    table = read_table(write(tmp_path / "unicode.txt", data))
    assert table.headers == ["Raison sociale", "Ville"]
    assert table.rows == FRENCH_ROWS


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"Nom;Ville\nA;Lyon\n", "utf-8"),
        ("Nom;Ville\nA;Besançon\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + b"Nom;Ville\n", "utf-8-sig"),
        ("Nom;Ville\nA;Besançon\n".encode("cp1252"), "cp1252"),
    ],
)
def test_detect_encoding(raw: bytes, encoding: str) -> None:
    assert detect_encoding(raw) == encoding


@pytest.mark.parametrize(
    ("delimiter", "name"), [(";", "semicolon"), (",", "comma"), ("\t", "tab"), ("|", "pipe")]
)
def test_delimiter_is_detected_from_the_header(tmp_path: Path, delimiter: str, name: str) -> None:
    text = delimiter.join(["N° facture", "Code client", "Montant TTC"]) + "\n"
    text += delimiter.join(["FA-1", "411DUP", "1234"]) + "\n"
    table = read_table(write(tmp_path / f"{name}.csv", text.encode()))
    assert table.delimiter == delimiter
    assert table.headers == ["N° facture", "Code client", "Montant TTC"]
    assert table.rows == [(2, ["FA-1", "411DUP", "1234"])]


def test_semicolon_wins_a_tie_as_in_france() -> None:
    assert detect_delimiter("a,b;c") == ";"


def test_quoted_cells_keep_their_delimiters_and_decimal_commas(tmp_path: Path) -> None:
    text = 'Customer,Name,Amount\r\n411DUP,"Dupont, Fils & Cie","1,234.56"\r\n'
    table = read_table(write(tmp_path / "quoted.csv", text.encode()))
    assert table.delimiter == ","
    assert table.rows == [(2, ["411DUP", "Dupont, Fils & Cie", "1,234.56"])]


def test_line_numbers_are_the_lines_of_the_file(tmp_path: Path) -> None:
    text = (
        "\n"  # a blank line before the header
        "Nom;Adresse;Ville\n"
        "A;1 rue Haute;Lyon\n"
        "\n"  # a blank line between rows is skipped, not counted as a row
        'B;"2 rue Basse\nBâtiment C";Paris\n'  # a quoted cell over two lines
        "C;3 place Neuve;Nantes\n"
        ";;\n"  # a row of empty cells is skipped
    )
    table = read_table(write(tmp_path / "lines.csv", text.encode()))
    assert table.headers == ["Nom", "Adresse", "Ville"]
    assert [(line, cells[0]) for line, cells in table.rows] == [(3, "A"), (5, "B"), (7, "C")]
    assert table.rows[1][1][1] == "2 rue Basse\nBâtiment C"


def test_cells_and_headers_are_stripped(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "spaces.csv", b" Nom ; Ville \n  A  ;  Lyon \n"))
    assert table.headers == ["Nom", "Ville"]
    assert table.rows == [(2, ["A", "Lyon"])]


def test_missing_trailing_cells_read_as_empty() -> None:
    table = Table(["a", "b", "c"], [(2, ["1"]), (3, ["1", "2", "3", "extra"])])
    assert list(iter_records(table)) == [
        (2, {"a": "1", "b": "", "c": ""}),
        (3, {"a": "1", "b": "2", "c": "3"}),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"just one column\nand another line\n", "single column"),
    ],
)
def test_files_that_are_not_tables_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        read_table(write(tmp_path / "bad.csv", data))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        read_table(tmp_path / "nowhere.csv")


def test_bytes_no_known_encoding_can_read_are_refused_not_crashed(tmp_path: Path) -> None:
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid in UTF-8
    with pytest.raises(SourceError):
        read_table(write(tmp_path / "binary.csv", b"Nom;Ville\n\x81\x8d;Lyon\n"))


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "archive.xlsx", "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(SourceError, match="not an Excel workbook"):
        read_table(tmp_path / "archive.xlsx")


# --- XLSX --------------------------------------------------------------------------------------
def workbook(path: Path, rows: list[list[object]], first_row: int = 1) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Factures"
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=first_row + offset, column=column, value=value)
    book.create_sheet("Autre").append(["ignored", "sheet"])
    book.save(path)
    return path


def test_xlsx_typed_cells_come_back_as_the_text_a_person_would_type(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "factures.xlsx",
        [
            ["N° facture", "Code client", "Date facture", "Montant TTC", "Reste dû", "Payée"],
            ["FA-1", "411DUP", datetime(2026, 9, 1), 1234.56, 99.9, False],
            ["FA-2", 411, date(2026, 9, 2), 12, None, True],
        ],
    )
    table = read_table(path)
    assert table.encoding == "xlsx"
    assert table.headers == [
        "N° facture",
        "Code client",
        "Date facture",
        "Montant TTC",
        "Reste dû",
        "Payée",
    ]
    assert table.rows == [
        (2, ["FA-1", "411DUP", "2026-09-01", "1234.56", "99.9", "0"]),
        (3, ["FA-2", "411", "2026-09-02", "12", "", "1"]),
    ]


def test_xlsx_line_numbers_are_the_sheet_rows(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "offset.xlsx",
        [["Invoice No", "Customer"], ["A-1", "C1"], [None, None], ["A-2", "C2"]],
        first_row=3,
    )
    table = read_table(path)
    assert table.headers == ["Invoice No", "Customer"]
    assert table.rows == [(4, ["A-1", "C1"]), (6, ["A-2", "C2"])]


def test_xlsx_is_recognised_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    path = workbook(tmp_path / "export.csv", [["Invoice No", "Customer"], ["A-1", "C1"]])
    assert read_table(path).rows == [(2, ["A-1", "C1"])]


def rewrite_sheet(source: Path, target: Path, pattern: bytes, replacement: bytes) -> Path:
    """Copy a workbook, editing its first sheet's XML as another program would have written it."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data, count = re.subn(pattern, replacement, data)
                assert count == 1
            copy.writestr(name, data)
    return target


def test_xlsx_with_a_wrong_used_range_is_read_in_full(tmp_path: Path) -> None:
    """Some exporters declare the used range as A1 only; every cell must still be read."""
    source = workbook(tmp_path / "good.xlsx", [["Invoice No", "Customer"], ["A-1", "C1"]])
    target = rewrite_sheet(
        source, tmp_path / "bad.xlsx", rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>'
    )
    table = read_table(target)
    assert table.headers == ["Invoice No", "Customer"]
    assert table.rows == [(2, ["A-1", "C1"])]


def test_xlsx_formula_results_read_as_excel_shows_them(tmp_path: Path) -> None:
    """Excel stores 17 digits: =100.1*1.2 is saved as 120.11999999999999 and shown as 120.12."""
    source = workbook(tmp_path / "good.xlsx", [["Invoice No", "Amount"], ["A-1", 120.12]])
    target = rewrite_sheet(
        source, tmp_path / "excel.xlsx", rb"<v>120.12</v>", b"<v>120.11999999999999</v>"
    )
    assert read_table(target).rows == [(2, ["A-1", "120.12"])]
