"""Icons: every name the code asks for is shipped, draws something, and follows the palette."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import resources_dir
from app.ui import icons
from app.ui.icons import icon
from app.ui.main_window import MainWindow

APP = Path(__file__).resolve().parents[2] / "app"
CALL = re.compile(r'\bicon\(\s*"([a-z0-9-]+)"\s*\)')  # icon("send")
PAGE = re.compile(r'\bicon="([a-z0-9-]+)"')  # Page(..., icon="users")
OTHER_CALL = re.compile(r'\bicon\((?!\s*"[a-z0-9-]+"\s*\))')
SHAPED = {APP / "ui" / "icons.py", APP / "ui" / "navigation.py"}  # define icon(), draw a Page's


def names_used() -> set[str]:
    """Every icon name written in app/, as icon("name") or as a page's icon="name"."""
    names: set[str] = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names.update(CALL.findall(text))
        names.update(PAGE.findall(text))
    return names


def opaque_pixels(image: QImage) -> list[QColor]:
    return [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 128
    ]


@pytest.fixture
def dark_palette(qapp: QApplication) -> Iterator[None]:
    before = qapp.palette()
    dark = QPalette(before)
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.ButtonText, "#f1f1f1"),
        (QPalette.ColorRole.Text, "#f1f1f1"),
        (QPalette.ColorRole.WindowText, "#f1f1f1"),
    ):
        dark.setColor(QPalette.ColorGroup.Active, role, QColor(colour))
        dark.setColor(QPalette.ColorGroup.Inactive, role, QColor(colour))
    qapp.setPalette(dark)
    yield
    qapp.setPalette(before)


def test_the_scan_finds_the_icons_of_the_side_bar_and_of_the_buttons() -> None:
    used = names_used()
    # the side bar's pages, a button made by a helper, a decision table and a hold toggle
    assert {"users", "bell", "send", "phone", "scale", "play", "pause", "search"} <= used
    assert len(used) >= 30


def test_icons_are_named_where_they_are_used_so_the_scan_sees_them_all() -> None:
    """A name passed through a variable would escape the scan, and could be missing."""
    hidden = [
        f"{path.relative_to(APP)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in APP.rglob("*.py")
        if path not in SHAPED
        for text in [path.read_text(encoding="utf-8")]
        for match in OTHER_CALL.finditer(text)
    ]
    assert hidden == []


def test_every_icon_used_is_shipped_and_draws_something(qapp: QApplication) -> None:
    for name in sorted(names_used()):
        assert icons.icon_path(name).is_file(), f"resources/icons/{name}.svg is missing"
        drawn = icon(name)
        assert not drawn.isNull(), name
        assert len(opaque_pixels(drawn.pixmap(24).toImage())) > 20, name


def test_only_the_icons_used_are_shipped_with_their_licence() -> None:
    folder = resources_dir() / "icons"
    shipped = {path.stem for path in folder.glob("*.svg")}
    assert shipped == names_used()
    assert "ISC License" in (folder / "LICENSE-Lucide.txt").read_text(encoding="utf-8")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Lucide" in readme and "1.33.0" in readme and "ISC" in readme


def test_a_missing_icon_is_empty_not_an_error(qapp: QApplication) -> None:
    assert icon("no-such-icon").isNull()


def test_icons_take_the_palette_text_colour(qapp: QApplication, dark_palette: None) -> None:
    """On a dark theme the strokes are light; disabled ones take the palette's disabled colour."""
    light = opaque_pixels(icon("users").pixmap(24).toImage())
    assert light and all(colour.lightness() > 200 for colour in light)
    disabled_colour = qapp.palette().color(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText
    )
    disabled = opaque_pixels(icon("users").pixmap(24, QIcon.Mode.Disabled).toImage())
    assert disabled and all(
        abs(colour.lightness() - disabled_colour.lightness()) <= 3 for colour in disabled
    )


def test_icons_are_rendered_once_per_name_and_palette(qapp: QApplication) -> None:
    assert icon("bell").cacheKey() == icon("bell").cacheKey()


def test_every_page_of_the_side_bar_has_its_icon(qtbot: QtBot, window: MainWindow) -> None:
    items = [window.navigation.list.item(row) for row in range(window.navigation.list.count())]
    assert len(items) == len(window.navigation.keys())
    assert all(not item.icon().isNull() for item in items)
