"""Import customers, invoices, payments or a FEC: preview, mapping and every problem before writing.

    SourcePage ─► MappingPage ─► CheckPage (dry run) ─► ImportPage (progress, result)
          └───────── FEC ──────────┘

The check page is the commit page: its button is "Import", enabled once the dry run found no
problem (or the user chose to set refused rows aside). Nothing is written before it. The last
page offers the next step: another import starts the wizard again on that kind; "reminders" is
for whoever opened the wizard (`next_step`), and closes it.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWizard

from app.i18n import _
from app.ui.context import AppContext
from app.ui.dialogs.import_check import CheckPage, ImportPage
from app.ui.dialogs.import_job import CHECK, IMPORT, MAPPING, SOURCE, ImportJob, fec_importer
from app.ui.dialogs.import_mapping import MappingPage
from app.ui.dialogs.import_next import REMINDERS
from app.ui.dialogs.import_pages import SourcePage


class ImportWizard(QWizard):
    imported = Signal(object)  # the ImportReport, once an import was written
    next_step = Signal(str)  # chosen after an import: "invoices", "payments" or "reminders"

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(_("Import"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.job = ImportJob()
        self._close_when_stopped = False
        self.source_page = SourcePage(self.job, fec_importer() is not None, self)
        self.mapping_page = MappingPage(context, self.job, self)
        self.check_page = CheckPage(context, self.job, self)
        self.import_page = ImportPage(context, self.job, self)
        self.setPage(SOURCE, self.source_page)
        self.setPage(MAPPING, self.mapping_page)
        self.setPage(CHECK, self.check_page)
        self.setPage(IMPORT, self.import_page)
        self.setStartId(SOURCE)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.check_page.run_ended.connect(self._run_ended)
        self.import_page.run_ended.connect(self._run_ended)
        self.import_page.imported.connect(self.imported)
        self.import_page.next_steps.chosen.connect(self._next_step)
        self.resize(980, 720)

    def reject(self) -> None:
        """Cancel stops a running import first (it rolls back), and closes once it has."""
        page = self.currentPage()
        if isinstance(page, CheckPage | ImportPage) and page.running():
            self._close_when_stopped = True
            page.stop()
            return
        super().reject()

    def _run_ended(self, stopped: bool) -> None:
        if self._close_when_stopped:
            self._close_when_stopped = False
            # a dry run writes nothing, finished or not; a real import that ended stays on view
            if stopped or self.currentPage() is self.check_page:
                super().reject()

    def _next_step(self, step: str) -> None:
        self.next_step.emit(step)
        if step == REMINDERS:
            self.accept()
            return
        self.start_over(step)

    def start_over(self, kind: str) -> None:
        """Back to the first page for another file, of this kind, with the usual buttons."""
        self.job.path = None
        self.job.prepared = None
        self.job.detected = self.job.saved = None
        self.source_page.kinds[kind].setChecked(True)
        self.source_page.path.clear()
        self.setButtonLayout(_BUTTONS)
        self.restart()


_B = QWizard.WizardButton
# The buttons as QWizard lays them out by itself; the last page narrows them to Finish.
_BUTTONS = (
    [_B.CancelButton, _B.Stretch, _B.BackButton, _B.NextButton, _B.CommitButton, _B.FinishButton]
    if sys.platform == "darwin"
    else [
        _B.Stretch,
        _B.BackButton,
        _B.NextButton,
        _B.CommitButton,
        _B.FinishButton,
        _B.CancelButton,
    ]
)
