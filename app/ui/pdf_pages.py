"""PDF pages as Qt images (pdfium): to preview a letter exactly as it prints, and to print it."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

POINTS_PER_INCH = 72


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium  # deferred: loaded when a letter is first shown

    return len(pdfium.PdfDocument(data))


def page_images(data: bytes, dpi: float, pages: range | None = None) -> Iterator[QImage]:
    """Each page rendered at `dpi`, as an RGB image that owns its pixels."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    for index in pages if pages is not None else range(len(document)):
        bitmap = document[index].render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGB888,
        )
        yield image.copy()  # detach from the buffer before pdfium frees it


def print_pdf(data: bytes, printer: QPrinter) -> None:
    """Send every page to a printer (or to Qt's print preview), scaled to its page."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be opened.")
    try:
        dpi = min(printer.resolution(), 300)
        for number, image in enumerate(page_images(data, dpi)):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), size), image)
    finally:
        painter.end()
