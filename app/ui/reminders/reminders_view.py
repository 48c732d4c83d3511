"""The Reminders page: who Relance proposes to remind today, how, and the exact letters.

Proposing reads the whole book (two to four seconds on 20,000 customers), so the page prepares
its proposals in the background while it is hidden: a moment after each change of the book
(`PREPARE_DELAY_MS`, so that a burst of changes proposes once), and some seconds after the
window opened (`START_DELAY_MS`: the first seconds, and the interpreter, go to the list the user
is looking at). Shown later, it is ready; shown sooner, it waits for the reading already under
way. The side bar's count of reminders to send stays current the same way. Refresh proposes
anew.
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dunning import LevelRefused
from app.i18n import _, ngettext
from app.services.dunning import (
    DunningPlan,
    DunningProposal,
    at_level,
    formal_notice_rank,
    manual_proposal,
    propose,
)
from app.services.dunning_run import HeldBack, ReminderEdit
from app.ui.background import BackgroundOp, Latest
from app.ui.context import AppContext
from app.ui.formatting import DATE_FORMAT
from app.ui.icons import icon
from app.ui.reminders.edit_dialog import EditTextDialog, email_note, letter_note
from app.ui.reminders.preview_panel import PreviewPanel
from app.ui.reminders.proposals_model import (
    CUSTOMER,
    PENALTIES,
    ProposalTableModel,
    ReviewRow,
    SkippedTableModel,
    penalties_of,
)
from app.ui.reminders.run_dialog import RunDialog

NAME_WIDTH_CAP = 320  # a longer name is cut, with the whole of it in the tooltip
PREPARE_DELAY_MS = 1500  # after the book's last change, the hidden page proposes again
START_DELAY_MS = 10_000  # after the window read the book at its opening


def _table(model: Any, parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class RemindersView(QWidget):
    loaded = Signal()
    sent = Signal(str)  # a run finished: its summary, for the status bar
    counted = Signal(object)  # how many are ready to send; None while the book changed since

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self._reloads = Latest()  # overlapping reloads: only the last one is shown
        self.setObjectName("reminders_view")
        self._context = context
        self._stale = True
        self._layout_due = False  # prepared while hidden: laid out and previewed when shown
        self._reading = threading.Event()  # set: the reading under way stops (none yet)
        self._prepare = QTimer(self)
        self._prepare.setSingleShot(True)
        self._prepare.timeout.connect(self._prepare_hidden)
        self._manual: dict[int, DunningProposal] = {}  # levels chosen by hand, until sent
        today = context.clock.today()
        self.as_of = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.as_of.setObjectName("reminders_as_of")
        self.as_of.setDisplayFormat(DATE_FORMAT)
        self.as_of.setCalendarPopup(True)
        self.refresh_button = QPushButton(_("Refresh"), self)
        self.refresh_button.setIcon(icon("refresh-cw"))
        self.count = QLabel(self)
        self.count.setObjectName("reminders_count")
        self.warnings = QLabel(self)
        self.warnings.setObjectName("reminders_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c36a; padding: 6px; color: #4a3b00;"
        )
        self.warnings.hide()
        self.run_button = QPushButton(_("Send the reminders…"), self)
        self.run_button.setIcon(icon("send"))
        self.run_button.setObjectName("reminders_run")
        self.run_button.setEnabled(False)

        self.model = ProposalTableModel(self)
        self.table = _table(self.model, self, "proposal_table")
        self.skipped = SkippedTableModel(self)
        self.skipped_table = _table(self.skipped, self, "skipped_table")
        self.lists = QTabWidget(self)
        self.lists.addTab(self.table, _("To remind"))
        self.lists.addTab(self.skipped_table, _("Not reminded"))
        self.preview = PreviewPanel(context, self)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Reminders as of"), self))
        bar.addWidget(self.as_of)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.count, 1)
        bar.addWidget(self.run_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter = splitter
        splitter.setObjectName("reminders_splitter")
        splitter.setChildrenCollapsible(True)
        splitter.addWidget(self.lists)
        splitter.addWidget(self.preview)
        splitter.setSizes([640, 460])
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(200)  # fit columns on 200 rows, not a whole big book
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.warnings)
        layout.addWidget(splitter, 1)

        self.refresh_button.clicked.connect(self.reload)
        self.as_of.dateChanged.connect(lambda _d: self.reload())
        self.run_button.clicked.connect(self.open_run_dialog)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.dataChanged.connect(lambda *_a: self._update_count())
        self.preview.level_chosen.connect(self._level_chosen)
        self.preview.inclusion_changed.connect(self._inclusion_changed)
        self.preview.edit_letter.connect(self.edit_letter)
        self.preview.edit_email.connect(self.edit_email)

    def day(self) -> date:
        value = self.as_of.date()
        return date(value.year(), value.month(), value.day())

    # --- loading -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
        elif self._layout_due:
            self._lay_out(self.model.rows())

    def _prepare_hidden(self) -> None:
        if self._stale and not self.isVisible() and self.window().isVisible():  # not once closed
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._prepare.stop()
        self._reading.set()  # a reading under way reads an older book: its answer would be dropped
        day = self.day()
        stop = self._reading = threading.Event()

        def work() -> DunningPlan:
            with self._context.database.session_factory() as session:  # a reading: no commit
                return propose(session, day, stop.is_set)

        reading = BackgroundOp(self, work, latest=self._reloads)
        reading.success(self._show).failure(self._failed).run()

    def stop_reading(self) -> None:
        """Stop the reading under way, if any (the window closes, the book changes): the page
        is read again when next shown."""
        self._reading.set()
        self._stale = True

    def _failed(self, error: Exception) -> None:
        self._stale = True  # not read: read again when next shown
        self.count.setText(_("The proposals could not be read: {error}").format(error=error))

    def mark_stale(self, prepare_in_ms: int = PREPARE_DELAY_MS) -> None:
        """The book changed: propose again now if shown, else in the background after
        `prepare_in_ms` (counted again from the last change) or when shown, if sooner."""
        self._stale = True
        if self.isVisible():
            self.reload()
        else:
            self._reading.set()  # a preparation under way reads the book before the change
            self.counted.emit(None)  # not known until proposed again
            self._prepare.start(prepare_in_ms)

    def _show(self, plan: DunningPlan) -> None:
        self.plan_warnings = list(plan.warnings)
        self.warnings.setText("\n".join(w.message() for w in plan.warnings))
        self.warnings.setVisible(bool(plan.warnings))
        items = [i for i in plan.proposals if i.customer_id not in self._manual]
        # proposed again (the book changed): the wording typed for the same level stays
        kept = {
            (r.customer_id, r.item.proposal.level.rank): r.edit
            for r in self.model.rows()
            if r.edit is not None
        }
        rows = [
            ReviewRow(item, edit=kept.get((item.customer_id, item.proposal.level.rank)))
            for item in [*self._manual.values(), *items]
        ]
        self.model.set_rows(rows)
        self.skipped.set_rows(plan.skipped)
        self.lists.setTabText(1, _("Not reminded ({n})").format(n=len(plan.skipped)))
        self._update_count()
        if self.isVisible():
            self._lay_out(rows)
        else:  # prepared in the background: a hidden page has no widths to fit to
            self._layout_due = True
        self.loaded.emit()

    def _lay_out(self, rows: list[ReviewRow]) -> None:
        """The columns fitted to the rows and the first letter drawn: on screen only."""
        self._layout_due = False
        self._fit_columns(rows)
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.preview.show_row(None, self.day())

    def _fit_columns(self, rows: list[ReviewRow]) -> None:
        """Every column as wide as its content, the customer's name whole: the preview gives
        way (it can shrink, or fold away with the splitter) rather than the name being cut."""
        self.table.setColumnHidden(PENALTIES, not any(penalties_of(r) for r in rows))
        self.table.resizeColumnsToContents()
        names = self.table.fontMetrics()
        longest = heapq.nlargest(50, (r.item.proposal.customer.name for r in rows), key=len)
        widest = max((names.horizontalAdvance(name) for name in longest), default=0)
        wanted = min(widest + 24, NAME_WIDTH_CAP)
        others = sum(
            self.table.columnWidth(c)
            for c in range(self.model.columnCount())
            if c != CUSTOMER and not self.table.isColumnHidden(c)
        )
        needed = others + wanted + self.table.verticalScrollBar().sizeHint().width() + 8
        total = sum(self.splitter.sizes())
        if total and self.splitter.sizes()[0] < needed:
            self.splitter.setSizes([needed, max(total - needed, 0)])

    def _update_count(self) -> None:
        chosen = len(self.model.included())
        total = self.model.rowCount()
        self.count.setText(
            ngettext("{n} reminder proposed", "{n} reminders proposed", total).format(n=total)
            + " · "
            + _("{n} to send").format(n=chosen)
        )
        self.run_button.setEnabled(chosen > 0)
        self.counted.emit(chosen)

    # --- review ------------------------------------------------------------------------------
    def selected(self) -> tuple[int, ReviewRow] | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return indexes[0].row(), self.model.row_at(indexes[0].row())

    def _selection_changed(self, *_args: object) -> None:
        chosen = self.selected()
        self.preview.show_row(chosen[1] if chosen else None, self.day())

    def _level_chosen(self, rank: int) -> None:
        chosen = self.selected()
        if chosen is None or chosen[1].item.proposal.level.rank == rank:
            return
        row, review = chosen
        try:
            with self._context.database.session_factory() as session:
                review.item = at_level(session, review.item, rank, self.day())
            review.edit = None  # the wording was for the other level's text
        except LevelRefused as refused:
            self.preview.show_refusal(_(str(refused)), review.item.proposal.level.rank)
            return
        self.model.refresh_row(row)
        self.preview.show_row(review, self.day())

    def _inclusion_changed(self, included: bool, reason: str, until: date) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        row, review = chosen
        review.included, review.reason, review.until = included, reason, until
        self.model.refresh_row(row)

    def edit_letter(self) -> EditTextDialog | None:
        """The selected reminder's letter paragraphs, to change by hand (kept until sent)."""
        return self._edit(letter=True)

    def edit_email(self) -> EditTextDialog | None:
        """The selected reminder's email paragraphs, to change by hand (kept until sent)."""
        return self._edit(letter=False)

    def _edit(self, *, letter: bool) -> EditTextDialog | None:
        chosen, generated = self.selected(), self.preview.generated
        if chosen is None or generated is None:
            return None
        row, review = chosen
        edit = review.edit or ReminderEdit()
        shown = edit.applied(generated) if letter else edit.for_email(generated)
        name = review.item.proposal.customer.name
        dialog = EditTextDialog(
            (_("Letter to {name}") if letter else _("Email to {name}")).format(name=name),
            letter_note() if letter else email_note(),
            shown.paragraphs,
            generated.paragraphs,
            self,
        )

        def accepted() -> None:
            if letter:
                changed = replace(edit, letter=dialog.edited())
            else:
                typed, said = dialog.paragraphs(), edit.applied(generated).paragraphs
                changed = replace(edit, email=None if typed == said else typed)
            review.edit = changed if changed != ReminderEdit() else None
            self.model.refresh_row(row)
            self.preview.show_row(review, self.day())

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def add_manual(self, customer_id: int, rank: int | None) -> DunningProposal:
        """A reminder chosen by hand (a formal notice the policy leaves to a person) joins the
        review, first in the list; LevelRefused when it has nothing it may claim."""
        day = self.day()
        with self._context.database.session_factory.begin() as session:
            if rank is None:
                rank = formal_notice_rank(session, customer_id)
            item = manual_proposal(session, customer_id, rank, day)
        self._manual[customer_id] = item
        self._stale = True
        return item

    def open_run_dialog(self) -> RunDialog:
        chosen = [r.item for r in self.model.included()]
        edits = {r.customer_id: r.edit for r in self.model.included() if r.edit is not None}
        held = [HeldBack(r.item, r.reason, r.until) for r in self.model.left_out()]
        dialog = RunDialog(self._context, chosen, held, self.day(), self, edits=edits)
        dialog.finished_run.connect(self._ran)
        dialog.open()
        return dialog

    def _ran(self, result: Any) -> None:
        self._manual.clear()
        for sent in self.model.rows():
            sent.edit = None
        self.sent.emit(
            _("Reminders sent: {letters}, {emails}, {calls}.").format(
                letters=ngettext("{n} letter", "{n} letters", result.letters).format(
                    n=result.letters
                ),
                emails=ngettext("{n} email", "{n} emails", result.emails).format(n=result.emails),
                calls=ngettext("{n} call", "{n} calls", result.calls).format(n=result.calls),
            )
        )
        self.reload()
