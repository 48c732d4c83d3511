"""The language Relance starts in is the system's, whatever way the system says it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app import i18n
from app.i18n import system_language as real_system_language  # before the suite's English


@pytest.mark.parametrize(
    ("locale_name", "expected"),
    [
        (("fr_FR", "UTF-8"), "fr"),
        (("en_GB", "UTF-8"), "en"),
        (("English_United States", "1252"), "en"),  # Windows
        (("French_France", "1252"), "fr"),
    ],
)
def test_the_locale_names_the_language(
    monkeypatch: pytest.MonkeyPatch, locale_name: tuple[str, str], expected: str
) -> None:
    monkeypatch.setattr(i18n._locale, "getlocale", lambda: locale_name)
    assert real_system_language() == expected


def test_without_a_locale_the_desktop_s_languages_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(i18n._locale, "getlocale", lambda: (None, None))  # macOS from the Finder
    monkeypatch.setattr(QLocale, "system", lambda: QLocale("en_US"))
    assert real_system_language() == "en"
    monkeypatch.setattr(QLocale, "system", lambda: QLocale("de_DE"))
    assert real_system_language() == "fr"  # a language we do not speak: our first market's


def test_the_first_run_assistant_preselects_the_system_language(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.first_run import LanguagePage

    for language in ("fr", "en"):
        monkeypatch.setattr(i18n, "system_language", lambda language=language: language)
        page = LanguagePage()
        qtbot.addWidget(page)
        assert page.language.currentData() == language
