"""The import wizard's last two pages: a dry run that shows every problem, then the import."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.i18n import _, current_locale, ngettext
from app.importing.records import Problem
from app.services.import_sync import ImportReport
from app.services.importing import rejects_path
from app.ui.context import AppContext
from app.ui.dialogs.import_job import FEC, ImportJob, ImportRun, describe_error, field_label
from app.ui.dialogs.import_next import NextSteps
from app.ui.dialogs.import_pages import ERROR_STYLE
from app.ui.models.import_preview import ProblemsModel

COUNTS = ("created", "customers_created", "updated", "unchanged", "settled", "set_aside")


def _number(value: int) -> str:
    return format_decimal(value, locale=current_locale())


def refused_rows(report: ImportReport) -> int:
    return len({p.line for p in report.refused})


def _new_customers(report: ImportReport) -> str:
    """Said before importing: the customers the file names that Relance does not know yet."""
    count = report.customers_created
    if not count:
        return ""
    return (
        ngettext(
            "{n} customer will be created from the names in the file.",
            "{n} customers will be created from the names in the file.",
            count,
        ).format(n=_number(count))
        + " "
    )


class CountsView(QWidget):
    """What an import does, in large figures: created, updated, unchanged, settled, set aside."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        titles = {
            "created": _("New"),
            "customers_created": _("New customers"),
            "updated": _("Updated"),
            "unchanged": _("Unchanged"),
            "settled": _("Settled"),
            "set_aside": _("Rows set aside"),
        }
        self.values: dict[str, QLabel] = {}
        self._boxes: dict[str, QWidget] = {}
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key in COUNTS:
            box = QWidget(self)
            column = QVBoxLayout(box)
            value = QLabel("0", box)
            value.setObjectName(f"import_count_{key}")
            font = QFont(value.font())
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            value.setFont(font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title = QLabel(titles[key], box)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(value)
            column.addWidget(title)
            layout.addWidget(box, 1)
            self.values[key], self._boxes[key] = value, box

    def show_report(self, report: ImportReport, *, settles: bool) -> None:
        figures = {
            "created": report.created,
            "customers_created": report.customers_created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "settled": report.settled,
            "set_aside": refused_rows(report),
        }
        for key, value in figures.items():
            self.values[key].setText(_number(value))
        self._boxes["settled"].setVisible(settles or report.settled > 0)
        self._boxes["set_aside"].setVisible(figures["set_aside"] > 0)
        self._boxes["customers_created"].setVisible(report.customers_created > 0)


class _RunPage(QWizardPage):
    """A page that runs an import in the background and shows its progress."""

    run_ended = Signal(bool)  # True when the run was stopped before its end

    def __init__(self, context: AppContext, job: ImportJob, parent: Any = None) -> None:
        super().__init__(parent)
        self._context = context
        self._job = job
        self.run: ImportRun | None = None
        self.report: ImportReport | None = None
        self.progress = QProgressBar(self)
        self.progress.setFormat(_("%v of %m rows"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = CountsView(self)

    def running(self) -> bool:
        return self.run is not None and self.run.running

    def _start(self, *, dry_run: bool, busy_text: str) -> None:
        self.stop()
        if self.run is not None and not self.run.running:
            self.run.deleteLater()  # a stopping one goes when its page does
        self.report = None
        self.counts.hide()
        self._say(busy_text)
        self.progress.setRange(0, 0)
        self.progress.show()
        run = ImportRun(self, self._job.work(self._context, dry_run=dry_run))
        run.progressed.connect(self._progressed)  # a method: queued to the GUI thread
        run.ended.connect(lambda report: self._ended(run, report))
        run.failed.connect(lambda error: self._failed(run, error))
        self.run = run
        run.start()
        self.completeChanged.emit()

    def stop(self) -> None:
        if self.running():
            assert self.run is not None
            self.run.stop()
            self._say(_("Stopping… nothing will be written."))

    def _progressed(self, done: int, total: int) -> None:
        if self.run is not None and self.run.running and not self.run.stopping:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _ended(self, run: ImportRun, report: ImportReport | None) -> None:
        if run is not self.run:
            return
        self.progress.hide()
        if report is not None:
            self.report = report
            self._show(report)
        self.completeChanged.emit()
        self.run_ended.emit(report is None)

    def _failed(self, run: ImportRun, error: Exception) -> None:
        if run is not self.run:
            return
        self.progress.hide()
        self._say(describe_error(error), error=True)
        self.completeChanged.emit()
        self.run_ended.emit(False)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)

    def _settles(self) -> bool:
        return self._job.options(dry_run=True).snapshot or self._job.kind == FEC

    def _show(self, report: ImportReport) -> None:
        raise NotImplementedError


NOTES_SHOWN = 8  # lines of skipped rows or warnings listed; the rest are counted


def notes_text(report: ImportReport) -> str:
    """Rows left out on purpose and warnings: nothing to correct, but worth knowing."""
    parts = []
    for problems, heading in (
        (
            report.skipped,
            ngettext(
                "{n} row left out (a draft or a cancelled invoice):",
                "{n} rows left out (drafts or cancelled invoices):",
                len(report.skipped),
            ),
        ),
        (
            report.warnings,
            ngettext(
                "{n} warning (imported all the same):",
                "{n} warnings (imported all the same):",
                len(report.warnings),
            ),
        ),
    ):
        if not problems:
            continue
        lines = [heading.format(n=_number(len(problems)))]
        lines += [
            _("line {line}: {reason}").format(line=p.line, reason=p.reason)
            for p in problems[:NOTES_SHOWN]
        ]
        if len(problems) > NOTES_SHOWN:
            rest = len(problems) - NOTES_SHOWN
            lines.append(ngettext("…and {n} more.", "…and {n} more.", rest).format(n=_number(rest)))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


class CheckPage(_RunPage):
    """A dry run: every row validated and synced, then rolled back; shows what would happen."""

    def __init__(self, context: AppContext, job: ImportJob, parent: Any = None) -> None:
        super().__init__(context, job, parent)
        self.setTitle(_("Check"))
        self.setSubTitle(_("Every row is checked as if imported. Nothing is written yet."))
        self.setCommitPage(True)
        self.problems = ProblemsModel(self)
        self.problems_table = QTableView(self)
        self.problems_table.setObjectName("import_problems")
        self.problems_table.setModel(self.problems)
        self.problems_table.setSortingEnabled(True)
        self.problems_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.problems_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_table.setWordWrap(False)
        self.problems_table.verticalHeader().setVisible(False)
        self.problems_table.verticalHeader().setDefaultSectionSize(22)
        header = self.problems_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.problems_table.setColumnWidth(0, 70)
        self.problems_table.setColumnWidth(1, 180)
        self.problems_table.setAlternatingRowColors(True)
        self.problems_table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # no focus frame at first
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setObjectName("import_problems_label")
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setObjectName("import_notes")
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.counts)
        layout.addWidget(self.status)
        layout.addWidget(self.notes)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems_table, 1)
        layout.addStretch(0)  # takes the room when there is no problem to list

    def initializePage(self) -> None:
        self.problems.set_rows([])
        self.notes.hide()
        self.problems_label.hide()
        self.problems_table.hide()
        self._start(dry_run=True, busy_text=_("Checking every row…"))

    def cleanupPage(self) -> None:
        self.stop()

    def _show(self, report: ImportReport) -> None:
        self.notes.setText(notes_text(report))
        self.notes.setVisible(bool(self.notes.text()))
        problems = len(report.refused)
        self.problems.set_rows([self._named(p) for p in report.refused])
        self.problems_table.setVisible(problems > 0)
        self.problems_label.setVisible(problems > 0)
        self.problems_label.setText(
            ngettext("{n} problem, by line:", "{n} problems, by line:", problems).format(
                n=_number(problems)
            )
        )
        blocked = problems > 0 and not self._job.skip_invalid
        # refused before anything was synced: the counts would all read zero, which is not news
        self.counts.setVisible(not blocked)
        self.counts.show_report(report, settles=self._settles())
        if not problems:
            self._say(
                _new_customers(report)
                + _("No problems found. Click Import to write these changes.")
            )
        elif blocked:
            self._say(
                _(
                    "Nothing can be imported while the file has problems. Correct them in the "
                    "file and check again (Back, then Next), or go back to the first page and "
                    "choose to import the valid rows and set the others aside."
                ),
                error=True,
            )
        else:
            assert self._job.path is not None
            rows = refused_rows(report)
            self._say(
                _new_customers(report)
                + ngettext(
                    "{n} row will be set aside, with its problems, in {name} beside the file.",
                    "{n} rows will be set aside, with their problems, in {name} beside the file.",
                    rows,
                ).format(n=_number(rows), name=rejects_path(self._job.path).name)
            )

    def _named(self, problem: Problem) -> Problem:
        """A problem under a field the file lacks names it as the wizard does, not by its key."""
        prepared = self._job.prepared
        if self._job.kind == FEC or prepared is None or problem.column in prepared.table.headers:
            return problem
        return Problem(problem.line, field_label(problem.column), problem.reason)

    def isComplete(self) -> bool:
        report = self.report
        if self.running() or report is None:
            return False
        return not report.refused or self._job.skip_invalid


class ImportPage(_RunPage):
    """The import itself, with a progress bar; then what was done."""

    imported = Signal(object)  # the ImportReport of an import that was written

    def __init__(self, context: AppContext, job: ImportJob, parent: Any = None) -> None:
        super().__init__(context, job, parent)
        self.next_steps = NextSteps(self)
        self.next_steps.hide()
        self.setTitle(_("Import"))
        self.setSubTitle(_("Writing to the database."))
        self.rejects = QLabel(self)
        self.rejects.setObjectName("import_rejects")
        self.rejects.setWordWrap(True)
        self.rejects.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rejects.hide()
        self._finished = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.counts)
        layout.addWidget(self.rejects)
        layout.addStretch(1)
        layout.addWidget(self.next_steps)

    def initializePage(self) -> None:
        self._finished = False
        self.setSubTitle(_("Writing to the database."))
        self.rejects.hide()
        self.next_steps.hide()
        self._start(dry_run=False, busy_text=_("Importing…"))

    def _ended(self, run: ImportRun, report: ImportReport | None) -> None:
        if run is self.run:
            self._finished = True
            if report is None:
                self._say(_("Stopped: nothing was written."))
        super()._ended(run, report)
        self._finish()

    def _failed(self, run: ImportRun, error: Exception) -> None:
        if run is self.run:
            self._finished = True
        super()._failed(run, error)
        self._finish()

    def _show(self, report: ImportReport) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if not report.written:
            # The data changed since the check: the import refused it as a whole.
            self._say(
                ngettext(
                    "Nothing was written: {n} problem appeared since the check. "
                    "Run the import again to see it.",
                    "Nothing was written: {n} problems appeared since the check. "
                    "Run the import again to see them.",
                    len(report.refused),
                ).format(n=_number(len(report.refused))),
                error=True,
            )
            return
        self.setSubTitle(_("The import is finished."))
        self._say("")
        self.counts.show_report(report, settles=self._settles())
        self.counts.show()
        path = rejects_path(self._job.path) if self._job.path else None
        rows = refused_rows(report)
        if rows and path is not None and path.exists():
            self.rejects.setText(
                ngettext(
                    "{n} row was set aside. It is in this file, with the reason, to correct "
                    "and import again:\n{path}",
                    "{n} rows were set aside. They are in this file, with the reasons, to "
                    "correct and import again:\n{path}",
                    rows,
                ).format(n=_number(rows), path=path)
            )
            self.rejects.show()
        self.next_steps.show_for(self._job.kind)
        self.imported.emit(report)

    def isComplete(self) -> bool:
        return self._finished and not self.running()

    def _finish(self) -> None:
        """After the end, only Finish remains: there is nothing left to cancel."""
        wizard = self.wizard()
        if wizard is not None:
            wizard.setButtonLayout(
                [QWizard.WizardButton.Stretch, QWizard.WizardButton.FinishButton]
            )
