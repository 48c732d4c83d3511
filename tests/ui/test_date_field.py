"""Typing a date: what is typed is what is kept, and a date too early is refused in words."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db.models import Promise
from app.ui.context import AppContext
from app.ui.date_field import DateField
from app.ui.dialogs.casework.promise_dialog import PromiseDialog
from tests.ui.test_casework_forms import customer_id

SECTIONS = QDateEdit.Section


def type_date(qtbot: QtBot, field: QDateEdit, day: str, month: str, year: str) -> None:
    """As a user does: the day, then the month, then the year, section by section."""
    field.setFocus()
    for section, text in (
        (SECTIONS.DaySection, day),
        (SECTIONS.MonthSection, month),
        (SECTIONS.YearSection, year),
    ):
        field.setSelectedSection(section)
        qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def test_a_date_typed_over_a_minimum_is_the_date_typed(qtbot: QtBot) -> None:
    field = DateField(date(2026, 12, 8), minimum=date(2026, 12, 1))
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    type_date(qtbot, field, "15", "01", "2027")  # passes through 15/01/2026, before the minimum
    assert field.value() == date(2027, 1, 15)
    assert field.problem() is None


def test_a_date_before_the_minimum_is_refused_in_words(qtbot: QtBot) -> None:
    field = DateField(date(2026, 12, 8), minimum=date(2026, 12, 1))
    qtbot.addWidget(field)
    field.set_value(date(2026, 11, 30))
    assert field.problem() == "The date cannot be before 1 Dec 2026."


def test_a_promise_dated_in_the_past_is_refused_before_anything_is_written(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = PromiseDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    dialog.amount.setText("100")
    dialog.pay_by.set_value(context.clock.today() - timedelta(days=1))
    dialog.ok_button.click()
    assert dialog.problem.text().startswith("The date cannot be before")
    with context.database.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Promise)) == 0
