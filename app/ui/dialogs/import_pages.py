"""The import wizard's first page: what to import, from which file, with which options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.i18n import _
from app.importing.columns import Kind
from app.ui.dialogs.import_job import (
    CHECK,
    FEC,
    KINDS,
    MAPPING,
    ImportJob,
    kind_label,
)

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: palette(placeholder-text);"


def hint_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _kind_hint(kind: str) -> str:
    return {
        Kind.CUSTOMERS.value: _("Accounts, names, addresses and contacts. Import them first."),
        Kind.INVOICES.value: _("Invoices and what is still owed on them."),
        Kind.PAYMENTS.value: _("Payments received, applied to the open invoices."),
        FEC: _("The legal accounting export: customers, invoices and payments from one file."),
    }[kind]


class SourcePage(QWizardPage):
    def __init__(self, job: ImportJob, offer_fec: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self._job = job
        self.setTitle(_("What to import"))
        self.setSubTitle(
            _("Choose what the file holds and the file your accounting or invoicing software made.")
        )
        self.kinds: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        kinds_box = QGroupBox(_("The file holds"), self)
        kinds_layout = QGridLayout(kinds_box)
        for row, kind in enumerate(k for k in KINDS if k != FEC or offer_fec):
            button = QRadioButton(kind_label(kind), kinds_box)
            button.setObjectName(f"import_kind_{kind}")
            group.addButton(button)
            self.kinds[kind] = button
            kinds_layout.addWidget(button, row, 0)
            kinds_layout.addWidget(hint_label(_kind_hint(kind), kinds_box), row, 1)
            button.toggled.connect(self._kind_changed)
        kinds_layout.setColumnStretch(1, 1)

        self.path = QLineEdit(self)
        self.path.setObjectName("import_path")
        self.path.setPlaceholderText(_("A .csv, .txt or .xlsx file"))
        self.path.textChanged.connect(self._path_changed)
        browse = QPushButton(_("Browse…"), self)
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.error = error_label(self)

        self.snapshot = QCheckBox(
            _("The file lists every open invoice: invoices missing from it were settled"), self
        )
        self.snapshot.setObjectName("import_snapshot")
        self.skip_invalid = QCheckBox(_("Import the valid rows and set the others aside"), self)
        self.skip_invalid.setObjectName("import_skip_invalid")
        self.terms = QSpinBox(self)
        self.terms.setObjectName("import_terms")
        self.terms.setRange(0, 365)
        self.terms.setValue(job.terms_days)
        self.terms.setSuffix(" " + _("days"))
        self.terms_label = QLabel(_("Payment terms when the ledger gives no due date"), self)
        terms_row = QHBoxLayout()
        terms_row.addWidget(self.terms_label)
        terms_row.addWidget(self.terms)
        terms_row.addStretch(1)
        options = QGroupBox(_("Options"), self)
        options_layout = QVBoxLayout(options)
        options_layout.addWidget(self.snapshot)
        options_layout.addWidget(self.skip_invalid)
        options_layout.addWidget(
            hint_label(
                _(
                    "Otherwise nothing is written while any row has a problem. Rows set aside "
                    "are saved with their reasons in a file beside this one, to correct and "
                    "import again."
                ),
                options,
            )
        )
        options_layout.addLayout(terms_row)

        layout = QVBoxLayout(self)
        layout.addWidget(kinds_box)
        layout.addWidget(QLabel(_("File"), self))
        layout.addLayout(file_row)
        layout.addWidget(self.error)
        layout.addWidget(options)
        layout.addStretch(1)
        self.kinds[job.kind].setChecked(True)
        self._kind_changed()

    def kind(self) -> str:
        return next((k for k, b in self.kinds.items() if b.isChecked()), Kind.INVOICES.value)

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.snapshot.setEnabled(kind == Kind.INVOICES.value)
        self.terms_label.setVisible(kind == FEC)
        self.terms.setVisible(kind == FEC)

    def _path_changed(self) -> None:
        self.error.hide()
        self.completeChanged.emit()

    def _browse(self) -> None:
        current = Path(self.path.text().strip()).expanduser()
        start = str(current.parent) if self.path.text().strip() else ""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the file to import"),
            start,
            _("Spreadsheets and text files (*.csv *.txt *.xlsx);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        path = Path(self.path.text().strip()).expanduser()
        if not path.is_file():
            self.error.setText(_("There is no file at {path}.").format(path=path))
            self.error.show()
            return False
        self._job.kind = self.kind()
        self._job.path = path
        self._job.snapshot = self.snapshot.isChecked() and self.snapshot.isEnabled()
        self._job.skip_invalid = self.skip_invalid.isChecked()
        self._job.terms_days = self.terms.value()
        return True

    def nextId(self) -> int:
        return CHECK if self.kind() == FEC else MAPPING
