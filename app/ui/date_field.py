"""A date field that takes what is typed.

Qt's QDateEdit corrects every keystroke against its minimum: typing 15/01/2027 over 08/12/2026
with today as the minimum passes through 15/01/2026 (before the minimum), which Qt "fixes" into
another month, and the field ends on a date nobody typed. So the minimum is not given to Qt: the
field accepts any date while it is typed, and `problem()` says, in a sentence, when the date is
too early. Dialogs check it before writing anything.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from app.domain.calendar import format_date
from app.i18n import _, current_locale
from app.ui.formatting import DATE_FORMAT


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DateField(QDateEdit):
    def __init__(
        self,
        value: date | None = None,
        parent: QWidget | None = None,
        *,
        minimum: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.minimum = minimum
        if value is not None:
            self.setDate(qdate(value))

    def value(self) -> date:
        typed = self.date()
        return date(typed.year(), typed.month(), typed.day())

    def set_value(self, value: date) -> None:
        self.setDate(qdate(value))

    def problem(self) -> str | None:
        """Why the date cannot be used, or None."""
        if self.minimum is not None and self.value() < self.minimum:
            return _("The date cannot be before {date}.").format(
                date=format_date(self.minimum, current_locale())
            )
        return None
