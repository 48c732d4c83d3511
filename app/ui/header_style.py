"""Column titles clear of the sort arrow: Fusion draws the arrow over the end of a title
aligned to the right ("Échéance" lost its last letter under it)."""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)


class SortArrowRoom(QProxyStyle):
    """The base style, with the title of the sorted column drawn short of its arrow."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if (
            element == QStyle.ControlElement.CE_HeaderLabel
            and isinstance(option, QStyleOptionHeader)
            and option.sortIndicator != QStyleOptionHeader.SortIndicator.None_
        ):
            room = self.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, option, widget)
            room += self.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, widget)
            option = QStyleOptionHeader(option)
            option.rect = option.rect.adjusted(0, 0, -room, 0)
        super().drawControl(element, option, painter, widget)


def keep_titles_clear(header: QHeaderView) -> None:
    """Give `header` the arrow-aware style; it lives and dies with the header."""
    style = SortArrowRoom()
    style.setParent(header)
    header.setStyle(style)
