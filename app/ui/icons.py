"""The application's icons: Lucide SVGs shipped in resources/icons, drawn in the palette's
colours so that they read on a light or a dark theme.

    button.setIcon(icon("send"))

An icon is rendered once per name and palette, at the sizes Qt asks for on a normal or a
high-density screen; the disabled and selected looks use the palette's own colours for them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.paths import resources_dir

log = logging.getLogger(__name__)

SIZES = (16, 20, 24, 32, 40, 48, 64)  # 32 and up serve 16–24 on a high-density screen

_rendered: dict[tuple[str, ...], QIcon] = {}


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def icon(name: str) -> QIcon:
    """The icon `name` (its Lucide name); an empty icon, logged, if its file is missing."""
    palette = QGuiApplication.palette()
    looks = {
        QIcon.Mode.Normal: palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText),
        QIcon.Mode.Disabled: palette.color(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText
        ),
        QIcon.Mode.Selected: palette.color(
            QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText
        ),
    }
    key = (name, *(colour.name(QColor.NameFormat.HexArgb) for colour in looks.values()))
    cached = _rendered.get(key)
    if cached is not None:
        return cached
    try:
        source = icon_path(name).read_text(encoding="utf-8")
    except OSError:
        log.warning("icon %s is missing from the resources", name)
        return QIcon()
    drawn = QIcon()
    for mode, colour in looks.items():
        renderer = QSvgRenderer(QByteArray(source.replace("currentColor", colour.name()).encode()))
        for size in SIZES:
            drawn.addPixmap(_render(renderer, size), mode)
    _rendered[key] = drawn
    return drawn


def _render(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap
