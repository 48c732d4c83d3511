"""Policies and their levels, edited as a table: one row per level, in the order they come."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dunning import CHANNELS, Level
from app.domain.money import AmountError, parse_amount
from app.i18n import _
from app.letters import texts
from app.services.ledger import LedgerError
from app.ui.dunning_settings.names import channel_name, text_name
from app.ui.formatting import money_text

NAME, DAYS, CHANNEL_COL, TEXT, MINIMUM, SPACING, PENALTIES, NOTICE, MANUAL, STATEMENT = range(10)
FLAGS = (PENALTIES, NOTICE, MANUAL, STATEMENT)
CURRENCY = "EUR"  # the minimum amounts are kept in euros


class ChannelBoxes(QWidget):
    """One check box per channel (Letter, Email, Phone) for a level's row."""

    def __init__(self, channels: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("level_channels")
        self.boxes: dict[str, QCheckBox] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        for code in CHANNELS:
            box = QCheckBox(channel_name(code), self)
            box.setObjectName(f"channel_{code}")
            box.setChecked(code in channels)
            row.addWidget(box)
            self.boxes[code] = box

    def channels(self) -> tuple[str, ...]:
        return tuple(code for code in CHANNELS if self.boxes[code].isChecked())


def headers() -> list[str]:
    return [
        _("Name (empty: the text's)"),
        _("Days after due"),
        _("Channels"),
        _("Letter text"),
        _("Minimum overdue"),
        _("Days since previous"),
        _("Claims penalties"),
        _("Formal notice"),
        _("By hand only"),
        _("Statement with emails"),
    ]


class PoliciesTab(QWidget):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("policies_tab")
        self._policies: dict[str, tuple[str, list[Level]]] = {}
        self.policy = QComboBox(self)
        self.policy.setObjectName("policy_choice")
        self.name = QLineEdit(self)
        self.name.setObjectName("policy_name")
        self.table = QTableWidget(0, len(headers()), self)
        self.table.setObjectName("level_table")
        self.table.setHorizontalHeaderLabels(headers())
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.after_broken = QSpinBox(self)
        self.after_broken.setObjectName("policy_after_broken")
        self.after_broken.setRange(0, 20)
        self.after_broken.setSpecialValueText(_("the next level, as usual"))
        self.add_button = QPushButton(_("Add a level"), self)
        self.remove_button = QPushButton(_("Remove the level"), self)
        self.copy_button = QPushButton(_("New policy from this one…"), self)
        self.copy_button.setObjectName("policy_copy")
        note = QLabel(
            _(
                "Tick at least one channel for each level. A customer gets the policy of its "
                "segment unless one is chosen for it."
            ),
            self,
        )
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Policy"), self))
        top.addWidget(self.policy, 1)
        top.addWidget(QLabel(_("Name"), self))
        top.addWidget(self.name, 1)
        top.addWidget(self.copy_button)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("After a broken promise, back at level"), self))
        buttons.addWidget(self.after_broken)
        buttons.addSpacing(24)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(note)
        self.policy.currentIndexChanged.connect(self._show_policy)
        self.add_button.clicked.connect(self._add_level)
        self.remove_button.clicked.connect(self._remove_level)

    def set_policies(
        self,
        policies: dict[str, tuple[str, list[Level]]],
        key: str = "",
        after_broken: dict[str, int | None] | None = None,
    ) -> None:
        self._policies = policies
        self._after_broken = after_broken or {}
        self.policy.blockSignals(True)
        self.policy.clear()
        for policy_key, (name, _levels) in policies.items():
            self.policy.addItem(name, policy_key)
        self.policy.blockSignals(False)
        self.policy.setCurrentIndex(max(self.policy.findData(key), 0))
        self._show_policy()

    def after_broken_rank(self) -> int | None:
        return self.after_broken.value() or None

    def current_key(self) -> str:
        return str(self.policy.currentData() or "")

    def _show_policy(self) -> None:
        name, levels = self._policies.get(self.current_key(), ("", []))
        self.name.setText(name)
        self.after_broken.setValue(self._after_broken.get(self.current_key()) or 0)
        self.table.setRowCount(0)
        for level in levels:
            self._append(level)

    def _append(self, level: Level) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = {
            NAME: level.name,
            DAYS: str(level.days),
            MINIMUM: money_text(level.min_overdue_cents, CURRENCY),
            SPACING: str(level.min_days_since_previous),
        }
        for column, text in values.items():
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setCellWidget(row, CHANNEL_COL, ChannelBoxes(level.channels, self.table))
        choice = QComboBox(self.table)
        for key in texts.KEYS:
            choice.addItem(text_name(key), key)
        choice.setCurrentIndex(max(choice.findData(level.template), 0))
        self.table.setCellWidget(row, TEXT, choice)
        for column, on in zip(
            FLAGS,
            (
                level.state_penalties,
                level.formal_notice,
                level.manual_only,
                level.attach_statement,
            ),
            strict=True,
        ):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.table.setItem(row, column, item)

    def _add_level(self) -> None:
        last = self.levels_or_none()
        days = (last[-1].days + 14) if last else 7
        self._append(Level(0, "", days, ("letter",), "friendly"))

    def _remove_level(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def levels_or_none(self) -> list[Level]:
        try:
            return self.levels()
        except LedgerError:
            return []

    def levels(self) -> list[Level]:
        """The levels as typed; LedgerError names the first cell that cannot be read."""
        levels = []
        for row in range(self.table.rowCount()):

            def cell(column: int, row: int = row) -> str:
                item = self.table.item(row, column)
                return item.text().strip() if item is not None else ""

            def checked(column: int, row: int = row) -> bool:
                item = self.table.item(row, column)
                return item is not None and item.checkState() == Qt.CheckState.Checked

            try:
                days = int(cell(DAYS))
                spacing = int(cell(SPACING) or "0")
                minimum = parse_amount(cell(MINIMUM) or "0", CURRENCY)
            except (ValueError, AmountError):
                raise LedgerError(
                    _("Level {n}: days and amounts must be numbers.").format(n=row + 1)
                ) from None
            boxes = self.table.cellWidget(row, CHANNEL_COL)
            channels = boxes.channels() if isinstance(boxes, ChannelBoxes) else ()
            choice = self.table.cellWidget(row, TEXT)
            template = choice.currentData() if isinstance(choice, QComboBox) else "friendly"
            levels.append(
                Level(
                    row + 1,
                    cell(NAME),
                    days,
                    channels,
                    template,
                    minimum,
                    spacing,
                    checked(PENALTIES),
                    checked(NOTICE),
                    checked(MANUAL),
                    checked(STATEMENT),
                )
            )
        return levels
