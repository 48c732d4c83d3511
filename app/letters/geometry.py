"""Paper sizes and window-envelope layouts: where the recipient block must sit on the sheet,
and where the rest of a first page goes around it.

Measures are millimetres from the top-left corner of the sheet, as the standards give them.
Every layout gives each block of the first page its own zone:

- beside the window (France, Switzerland): the letterhead, then the place and date, the
  reference and the registered mention, down a column on the side away from the window;
- across the top (DIN 5008, US #10): the letterhead in the band above the window, and an
  information block beside the window with the sender's details, reference, date and mention.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # PostScript points per millimetre


@dataclass(frozen=True)
class Paper:
    key: str
    width_mm: float
    height_mm: float


A4 = Paper("A4", 210, 297)
LETTER = Paper("LETTER", 215.9, 279.4)
PAPERS = {p.key: p for p in (A4, LETTER)}


@dataclass(frozen=True)
class Window:
    """The field of the sheet that shows through the envelope's window."""

    key: str
    label: str
    left_mm: float
    top_mm: float
    width_mm: float
    height_mm: float
    folds_mm: tuple[float, ...]  # fold marks, from the top of the sheet
    paper: str = "A4"
    notes_mm: float = 4.5  # the field's top band, for the return line (DIN 5008: 5 lines)
    inset_mm: float = 4  # from the field's left edge to the start of its text
    info_mm: tuple[float, float] | None = None  # left and top of an information block
    details_in_head: bool = True  # the sender's address and contact under the company name
    punch_mark: bool = False  # a mark at mid-height of the sheet, for a hole punch
    body_left_mm: float = 20  # where the letter's text starts

    @property
    def bottom_mm(self) -> float:
        return self.top_mm + self.height_mm

    @property
    def right_mm(self) -> float:
        return self.left_mm + self.width_mm


def _din(key: str, label: str, top_mm: float, folds_mm: tuple[float, ...]) -> Window:
    return Window(
        key,
        label,
        20,
        top_mm,
        85,
        45,
        folds_mm,
        notes_mm=17.7,
        inset_mm=5,
        info_mm=(125, top_mm + 5),
        details_in_head=False,
        punch_mark=True,
        body_left_mm=25,
    )


LAYOUTS: dict[str, Window] = {
    w.key: w
    for w in (
        # NF Z 11-001: a 100 × 45 mm field whose right edge is 10 mm from the sheet's right edge.
        Window("fr", "France — NF Z 11-001", 100, 35, 100, 45, (99, 198)),
        # DIN 5008: the 85 × 45 mm address field, 20 mm from the left, of form A or form B: a
        # 17.7 mm Zusatz- und Vermerkzone (the return line) above the 27.3 mm Anschriftzone;
        # text on the 25 mm line, the information block at 125 mm, 5 mm below the field's top.
        _din("din_a", "DIN 5008 form A", 27, (87, 192)),
        _din("din_b", "DIN 5008 form B", 45, (105, 210)),
        # Swiss right window (SN 010130), C5/6 envelope.
        Window("ch_right", "Switzerland — SN 010130, right window", 118, 55, 72, 45, (99, 198)),
        # US #10 window envelope, US Letter folded in three; the date beside the window.
        Window(
            "us10",
            "US #10 window envelope",
            22,
            54,
            102,
            28.5,
            (93, 186),
            "LETTER",
            info_mm=(130, 54),
        ),
    )
}
DEFAULT_LAYOUT = "fr"
MARGIN_MM = 20
RIGHT_MARGIN_MM = 15
SAFE_MM = 8  # no text nearer the edge of the paper: printers cannot print there
TOP_MM = 10  # the top of the letterhead
PUNCH_MARK_MM = 148.5  # half the height of an A4 sheet
GAP_MM = 5  # between two zones of a first page
