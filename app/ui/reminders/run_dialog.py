"""Run the reminders chosen: where to save the letters, emails or not, then print or open them,
and the registered letters (formal notices) apart, with their slip for the post office."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.db.errors import describe
from app.domain.dunning import LETTER
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

Opener = Callable[[Path], object]


def open_with_system(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


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
        opener: Opener = open_with_system,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("run_dialog")
        self.setWindowTitle(_("Send the reminders"))
        self._context = context
        self._chosen = list(chosen)
        self._held_back = list(held_back)
        self._as_of = as_of
        self._edits = dict(edits or {})
        self._opener = opener
        # Each print preview holds its printer by pointer only: the dialog keeps them all alive,
        # or a preview paints through a freed printer and the process dies.
        self._printers: list[QPrinter] = []
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
            + self._notices_text()
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
        self._registered_box()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addLayout(after)
        layout.addWidget(self.registered)
        layout.addWidget(self.buttons)
        self.resize(560, 220)

    def _notices_text(self) -> str:
        """Said before sending: the formal notices go apart, to be posted registered."""
        notices = sum(
            1
            for item in self._chosen
            if item.proposal.level.formal_notice and LETTER in item.proposal.channels
        )
        if not notices:
            return ""
        return " " + ngettext(
            "{n} formal notice goes by registered post: it is saved apart, with a slip for the "
            "post office.",
            "{n} formal notices go by registered post: they are saved apart, with a slip for "
            "the post office.",
            notices,
        ).format(n=notices)

    def _registered_box(self) -> None:
        """What is shown after sending when some letters are registered: their PDF and slip."""
        self.registered = QGroupBox(_("Registered letters"), self)
        self.registered.setObjectName("run_registered")
        self.registered_label = QLabel(self.registered)
        self.registered_label.setObjectName("run_registered_text")
        self.registered_label.setWordWrap(True)
        self.registered_open_button = QPushButton(_("Open the PDF"), self.registered)
        self.registered_open_button.setObjectName("run_registered_open")
        self.registered_print_button = QPushButton(_("Print…"), self.registered)
        self.registered_print_button.setObjectName("run_registered_print")
        self.slip_open_button = QPushButton(_("Open the slip"), self.registered)
        self.slip_open_button.setObjectName("run_slip_open")
        self.slip_print_button = QPushButton(_("Print the slip…"), self.registered)
        self.slip_print_button.setObjectName("run_slip_print")
        self.registered_open_button.clicked.connect(lambda: self._open(self._registered_path()))
        self.registered_print_button.clicked.connect(self.print_registered)
        self.slip_open_button.clicked.connect(lambda: self._open(self._slip_path()))
        self.slip_print_button.clicked.connect(self.print_slip)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (
            self.registered_open_button,
            self.registered_print_button,
            self.slip_open_button,
            self.slip_print_button,
        ):
            row.addWidget(button)
        box = QVBoxLayout(self.registered)
        box.addWidget(self.registered_label)
        box.addLayout(row)
        self.registered.hide()

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
        registered = result.registered
        if result.letters_pdf is not None:  # beside the one asked for when that one existed
            self.path.setText(str(result.letters_pdf))
        elif registered is not None:  # every letter was registered: no other batch
            self.path.clear()
            self.path.setPlaceholderText(_("No other letters to print"))
        self.path.setReadOnly(True)
        pages = result.pages + (registered.pages if registered is not None else 0)
        self.summary.setText(
            _(
                "Done: {letters} letters ({pages} pages), {emails} emails queued, "
                "{calls} calls to make. Everything is in each customer's history."
            ).format(letters=result.letters, pages=pages, emails=result.emails, calls=result.calls)
        )
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        has_batch = result.letters_pdf is not None
        self.print_button.setVisible(has_batch)
        self.open_button.setVisible(has_batch)
        if registered is not None:
            self.registered_label.setText(
                ngettext(
                    "{n} registered letter (formal notice) in {path} ({pages} pages), to post "
                    "with acknowledgement of receipt.",
                    "{n} registered letters (formal notices) in {path} ({pages} pages), to post "
                    "with acknowledgement of receipt.",
                    registered.count,
                ).format(n=registered.count, path=registered.path.name, pages=registered.pages)
                + " "
                + _("The slip lists them, to fill in the post office's forms: {slip}").format(
                    slip=registered.slip.name
                )
            )
            # the names say enough beside the batch's; the whole paths are a hover away
            self.registered_label.setToolTip(f"{registered.path}\n{registered.slip}")
        self.registered.setVisible(registered is not None)
        self.finished_run.emit(result)

    def _failed(self, error: Exception) -> None:
        self.run_button.setEnabled(True)
        if isinstance(error, RunRefused):
            text = " ".join(error.problems)
        else:
            text = describe(error) or str(error)
        self.summary.setText(_("Nothing was sent: {error}").format(error=text))

    def print_letters(self) -> QPrintPreviewDialog:
        return self._preview(Path(self.path.text()))

    def print_registered(self) -> QPrintPreviewDialog:
        return self._preview(self._registered_path())

    def print_slip(self) -> QPrintPreviewDialog:
        return self._preview(self._slip_path())

    def _preview(self, path: Path) -> QPrintPreviewDialog:
        data = path.read_bytes()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printers.append(printer)  # alive as long as the dialog: see __init__
        preview = QPrintPreviewDialog(printer, self)
        preview.paintRequested.connect(lambda target: print_pdf(data, target))
        preview.open()
        return preview

    def _registered_path(self) -> Path:
        assert self.result_data is not None and self.result_data.registered is not None
        return self.result_data.registered.path

    def _slip_path(self) -> Path:
        assert self.result_data is not None and self.result_data.registered is not None
        return self.result_data.registered.slip

    def _open_pdf(self) -> None:
        self._open(Path(self.path.text()))

    def _open(self, path: Path) -> None:
        self._opener(path)
