"""The import wizard's mapping page: the file as read, and which column feeds each field."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from shiboken6 import isValid

from app.i18n import _, current_locale, ngettext
from app.importing.columns import FIELDS, Kind, missing_required
from app.services.importing import Prepared, prepare
from app.ui.background import BackgroundOp
from app.ui.dialogs.import_job import ImportJob, describe_error, field_label
from app.ui.dialogs.import_pages import error_label, hint_label
from app.ui.models.import_preview import PREVIEW_ROWS, PreviewModel

FIELD_COLUMNS = 3  # pairs of (field, combo) side by side


def _file_details(prepared: Prepared) -> str:
    table = prepared.table
    rows = ngettext("{n} row", "{n} rows", len(table.rows)).format(
        n=format_decimal(len(table.rows), locale=current_locale())
    )
    if table.encoding == "xlsx":
        return _("{name}: Excel workbook, first sheet, {rows}").format(
            name=prepared.path.name, rows=rows
        )
    encoding = {
        "utf-8": "UTF-8",
        "utf-8-sig": _("UTF-8 with byte-order mark"),
        "utf-16": "UTF-16",
        "cp1252": _("Windows-1252 (Western European)"),
    }.get(table.encoding, table.encoding)
    delimiter = {
        ";": _("semicolon (;)"),
        ",": _("comma (,)"),
        "\t": _("tab"),
        "|": _("vertical bar (|)"),
    }.get(table.delimiter, table.delimiter)
    return _("{name}: encoding {encoding}, separator {delimiter}, {rows}").format(
        name=prepared.path.name, encoding=encoding, delimiter=delimiter, rows=rows
    )


class MappingPage(QWizardPage):
    loaded = Signal()  # the file was read, or refused, and the page shows which

    def __init__(self, job: ImportJob, parent: Any = None) -> None:
        super().__init__(parent)
        self._job = job
        self._key: tuple[object, ...] | None = None
        self._generation = 0
        self.setTitle(_("Columns"))
        self.setSubTitle(_("Check how each column of the file is read. Nothing is written yet."))
        self.details = QLabel(self)
        self.details.setObjectName("import_details")
        self.details.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setFormat(_("Reading the file…"))
        self.busy.hide()
        self.error = error_label(self)
        self.error.setObjectName("import_read_error")

        self.model = PreviewModel(self)
        self.preview = QTableView(self)
        self.preview.setObjectName("import_preview")
        self.preview.setModel(self.model)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setWordWrap(False)
        self.preview.setAlternatingRowColors(True)
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a preview: no focus frame at first
        self.preview.verticalHeader().setDefaultSectionSize(22)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.caption = hint_label("", self)

        self.fields_box = QGroupBox(_("Where each field is read"), self)
        self._fields_layout = QVBoxLayout(self.fields_box)
        self._fields_widget = QWidget(self.fields_box)
        self._fields_layout.addWidget(self._fields_widget)
        self.combos: dict[str, QComboBox] = {}
        self.missing = error_label(self)
        self.missing.setObjectName("import_missing")

        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.fields_box)
        layout.addWidget(self.missing)

    # --- reading -------------------------------------------------------------------------
    def initializePage(self) -> None:
        path = self._job.path
        assert path is not None
        try:
            stat = path.stat()
            key: tuple[object, ...] = (self._job.kind, path, stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (self._job.kind, path)
        if key == self._key and self._job.prepared is not None:
            self._show()
            return
        self._read(key, path)

    def _read(self, key: tuple[object, ...], path: Path) -> None:
        previous = self._job.prepared
        self._key = key
        self._generation += 1
        generation = self._generation
        self._job.prepared = None
        self.error.hide()
        self.missing.hide()
        self.details.setText(path.name)
        self.busy.show()
        self.model.set_table(None)
        self._build_fields(Kind(self._job.kind), [])
        self.caption.setText("")
        self.completeChanged.emit()
        kind = Kind(self._job.kind)
        BackgroundOp(None, lambda: prepare(kind, path)).success(
            lambda prepared: self._read_done(generation, prepared, previous)
        ).failure(lambda error: self._read_failed(generation, error)).run()

    def _read_done(self, generation: int, prepared: Prepared, previous: Prepared | None) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.busy.hide()
        if (
            previous is not None
            and (previous.kind, previous.path) == (prepared.kind, prepared.path)
            and set(previous.mapping.values()) <= set(prepared.table.headers)
        ):
            prepared = replace(
                prepared, mapping=previous.mapping
            )  # the file changed, not its columns
        self._job.prepared = prepared
        self._show()
        self.loaded.emit()

    def _read_failed(self, generation: int, error: Exception) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.busy.hide()
        self.error.setText(
            _("This file cannot be imported: {reason}").format(reason=describe_error(error))
            + "\n"
            + _("Go back to choose another file.")
        )
        self.error.show()
        self.loaded.emit()

    # --- showing and mapping -----------------------------------------------------------
    def _show(self) -> None:
        prepared = self._job.prepared
        assert prepared is not None
        table = prepared.table
        self.details.setText(_file_details(prepared))
        self.model.set_table(table)
        shown = min(len(table.rows), PREVIEW_ROWS)
        self.caption.setText(
            _(
                "The first {shown} of {total} rows. Bold columns are imported, grey ones ignored."
            ).format(shown=shown, total=format_decimal(len(table.rows), locale=current_locale()))
        )
        self._build_fields(prepared.kind, table.headers)
        self._mapping_changed()
        self.preview.resizeColumnsToContents()
        read = set(prepared.mapping.values())
        for column, header in enumerate(table.headers):
            # ignored columns stay narrow so that more of the imported ones fit
            widest = 260 if header in read else 140
            width = self.preview.columnWidth(column)
            self.preview.setColumnWidth(column, min(max(width, 80), widest))

    def _build_fields(self, kind: Kind, headers: list[str]) -> None:
        self._fields_widget.deleteLater()
        self._fields_widget = QWidget(self.fields_box)
        self._fields_layout.addWidget(self._fields_widget)
        grid = QGridLayout(self._fields_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.combos = {}
        mapping = self._job.prepared.mapping if self._job.prepared else {}
        for index, field in enumerate(FIELDS[kind]):
            label = QLabel(field_label(field.name) + (" *" if field.required else ""))
            if field.required:
                font = QFont(label.font())
                font.setBold(True)
                label.setFont(font)
            combo = QComboBox(self._fields_widget)
            combo.setObjectName(f"import_field_{field.name}")
            combo.addItem(_("— not in the file —"), None)
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(field.name))))
            combo.currentIndexChanged.connect(
                lambda _index, name=field.name: self._combo_changed(name)
            )
            label.setBuddy(combo)
            row, column = divmod(index, FIELD_COLUMNS)
            grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(combo, row, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
            self.combos[field.name] = combo
        note = hint_label(_("* required"), self._fields_widget)
        grid.addWidget(note, grid.rowCount(), 0, 1, FIELD_COLUMNS * 2)

    def _combo_changed(self, name: str) -> None:
        prepared = self._job.prepared
        if prepared is None:
            return
        header = self.combos[name].currentData()
        mapping = {k: v for k, v in prepared.mapping.items() if k != name}
        if header is not None:
            # One header feeds one field, as with a mapping file: the other field lets it go.
            for other, used in list(mapping.items()):
                if used == header:
                    del mapping[other]
                    combo = self.combos[other]
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
            mapping[name] = header
        self._job.prepared = replace(prepared, mapping=mapping)
        self._mapping_changed()

    def _mapping_changed(self) -> None:
        prepared = self._job.prepared
        assert prepared is not None
        self.model.set_fields({h: field_label(f) for f, h in prepared.mapping.items()})
        missing = missing_required(prepared.kind, prepared.mapping)
        if missing:
            self.missing.setText(
                _("Choose the file's column for: {fields}. These fields are required.").format(
                    fields=", ".join(field_label(name) for name in missing)
                )
            )
        self.missing.setVisible(bool(missing))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        prepared = self._job.prepared
        return prepared is not None and not missing_required(prepared.kind, prepared.mapping)
