"""Paper sizes and window-envelope layouts: where the recipient block must sit on the sheet.

Measures are millimetres from the top-left corner of the sheet, as the standards give them.
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

    @property
    def bottom_mm(self) -> float:
        return self.top_mm + self.height_mm

    @property
    def right_mm(self) -> float:
        return self.left_mm + self.width_mm


LAYOUTS: dict[str, Window] = {
    w.key: w
    for w in (
        # NF Z 11-001: a 100 × 45 mm field whose right edge is 10 mm from the sheet's right edge.
        Window("fr", "France — NF Z 11-001", 100, 35, 100, 45, (99, 198)),
        # DIN 5008: the 85 × 45 mm address field, 20 mm from the left, of form A or form B.
        Window("din_a", "DIN 5008 form A", 20, 27, 85, 45, (87, 192)),
        Window("din_b", "DIN 5008 form B", 20, 45, 85, 45, (105, 210)),
        # Swiss right window (SN 010130), C5/6 envelope.
        Window("ch_right", "Switzerland — SN 010130, right window", 118, 55, 72, 45, (99, 198)),
        # US #10 window envelope, US Letter folded in three.
        Window("us10", "US #10 window envelope", 22, 54, 102, 28.5, (93, 186), "LETTER"),
    )
}
DEFAULT_LAYOUT = "fr"
RETURN_LINE_MM = 4.5  # the sender's one-line return address, just inside the top of the field
MARGIN_MM = 20
