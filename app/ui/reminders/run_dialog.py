"""Run the reminders chosen: where to save the letters, emails or not, then print or open them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.db.errors import describe
from app.i18n import _, ngettext
from app.paths import documents_dir, free_name
from app.services.dunning import DunningProposal, half_year_name
from app.services.dunning_run import (
    HeldBack,
    ReminderEdit,
    RunRefused,
    RunResult,
    missing_company_fields,
    record_exclusions,
    run_reminders,
)
from app.services.letter_settings import load_letter_settings
from app.services.settings import load_company
from app.ui.background import BackgroundOp
from app.ui.context import AppContext
from app.ui.pdf_pages import print_pdf


class RunDialog(QDialog):
    finished_run = Signal(object)  # RunResult

    def __init__(
        self,
        context: AppContext,
        chosen: Sequence[DunningProposal],
        held_back: Sequence[HeldBack],
        as_of: date,
        parent: Any = None,
        *,
        edits: Mapping[int, ReminderEdit] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("run_dialog")
        self.setWindowTitle(_("Send the reminders"))
        self._context = context
        self._chosen = list(chosen)
        self._held_back = list(held_back)
        self._as_of = as_of
        self._edits = dict(edits or {})
        self.result_data: RunResult | None = None
        with context.database.session_factory() as session:
            self._settings = load_letter_settings(session)
            missing = missing_company_fields(load_company(session))
        name = _("reminders-{day}.pdf").format(day=f"{as_of:%Y-%m-%d}")
        self.path = QLineEdit(str(free_name(documents_dir() / name)), self)
        self.path.setObjectName("run_path")
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._browse)
        self.emails = QCheckBox(_("Queue the emails (sent from the Outbox)"), self)
        self.emails.setObjectName("run_emails")
        self.emails.setChecked(True)
        self.duplex = QCheckBox(_("Blank backs for a duplex printer"), self)
        self.duplex.setObjectName("run_duplex")
        self.duplex.setChecked(self._settings.duplex_blanks)
        stale = sorted({d for item in self._chosen for d in item.penalties.missing})
        self.last_rates = QCheckBox(
            _(
                "The rates of {halves} are not in the table: use the last known ones for the "
                "interest these letters claim"
            ).format(halves=", ".join(half_year_name(d) for d in stale)),
            self,
        )
        self.last_rates.setObjectName("run_last_rates")
        self.last_rates.setVisible(bool(stale))
        self.problem = QLabel(self)
        self.problem.setObjectName("run_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a1260d;")
        self.problem.setVisible(bool(missing))
        if missing:
            self.problem.setText(
                _(
                    "The company profile lacks: {fields}. Complete it in File ▸ Settings before "
                    "sending: letters carry who sends and who signs them."
                ).format(fields=", ".join(missing))
            )
        self.summary = QLabel(self)
        self.summary.setObjectName("run_summary")
        self.summary.setWordWrap(True)
        self.summary.setText(
            ngettext(
                "{n} reminder will be sent.", "{n} reminders will be sent.", len(self._chosen)
            ).format(n=len(self._chosen))
            + (
                " "
                + ngettext(
                    "{n} held back, with its reason in the history.",
                    "{n} held back, with their reasons in the history.",
                    len(self._held_back),
                ).format(n=len(self._held_back))
                if self._held_back
                else ""
            )
        )
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("Letters to print"), path_row)
        form.addRow("", self.emails)
        form.addRow("", self.duplex)
        form.addRow("", self.last_rates)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.run_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.run_button.setText(_("Send"))
        self.run_button.setEnabled(not missing and not stale)
        self.last_rates.toggled.connect(lambda on: self.run_button.setEnabled(on and not missing))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setObjectName("run_print")
        self.open_button = QPushButton(_("Open the PDF"), self)
        for button in (self.print_button, self.open_button):
            button.hide()
        self.print_button.clicked.connect(self.print_letters)
        self.open_button.clicked.connect(self._open_pdf)
        after = QHBoxLayout()
        after.addStretch(1)
        after.addWidget(self.open_button)
        after.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addLayout(after)
        layout.addWidget(self.buttons)
        self.resize(560, 220)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the letters"), self.path.text(), _("PDF (*.pdf)")
        )
        if path:
            self.path.setText(path)

    def start(self) -> None:
        """Write everything in one transaction, off the window's thread."""
        self.run_button.setEnabled(False)
        self.summary.setText(_("Writing the letters…"))
        target = Path(self.path.text())
        context, chosen, held, as_of = self._context, self._chosen, self._held_back, self._as_of
        queue = self.emails.isChecked()
        settings = self._settings
        duplex = self.duplex.isChecked()
        last_rates = self.last_rates.isChecked()
        edits = self._edits

        def work() -> RunResult:
            from dataclasses import replace

            target.parent.mkdir(parents=True, exist_ok=True)  # a Documents folder not made yet
            with context.database.session_factory.begin() as session:
                record_exclusions(session, context.clock, held, as_of)
                return run_reminders(
                    session,
                    context.clock,
                    chosen,
                    as_of=as_of,
                    database_dir=Path(context.database.path).parent,
                    letters_pdf=target,
                    queue_emails=queue,
                    settings=replace(settings, duplex_blanks=duplex),
                    accept_last_rates=last_rates,
                    edits=edits,
                )

        BackgroundOp(self, work, writes=True).success(self._done).failure(self._failed).run()

    def _done(self, result: RunResult) -> None:
        self.result_data = result
        if result.letters_pdf is not None:  # beside the one asked for when that one existed
            self.path.setText(str(result.letters_pdf))
        self.path.setReadOnly(True)
        self.summary.setText(
            _(
                "Done: {letters} letters ({pages} pages), {emails} emails queued, "
                "{calls} calls to make. Everything is in each customer's history."
            ).format(
                letters=result.letters, pages=result.pages, emails=result.emails, calls=result.calls
            )
        )
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        has_letters = result.letters > 0
        self.print_button.setVisible(has_letters)
        self.open_button.setVisible(has_letters)
        self.finished_run.emit(result)

    def _failed(self, error: Exception) -> None:
        self.run_button.setEnabled(True)
        if isinstance(error, RunRefused):
            text = " ".join(error.problems)
        else:
            text = describe(error) or str(error)
        self.summary.setText(_("Nothing was sent: {error}").format(error=text))

    def print_letters(self) -> QPrintPreviewDialog:
        data = Path(self.path.text()).read_bytes()
        # The preview holds the printer by pointer only: the dialog keeps it alive, or the
        # preview paints through a freed printer and the process dies.
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        preview = QPrintPreviewDialog(self._printer, self)
        preview.paintRequested.connect(lambda target: print_pdf(data, target))
        preview.open()
        return preview

    def _open_pdf(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.path.text()))
