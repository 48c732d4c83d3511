"""The import wizard's mapping page: the file as read, and which column feeds each field.

When the user chose the columns of this source before (same kind, same headers in any order),
that choice is applied over what Relance recognises, and the page says so.
"""

from __future__ import annotations

import logging
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
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from shiboken6 import isValid
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.i18n import _, current_locale, ngettext
from app.importing.columns import FIELDS, REF_FIELD, Kind, by_name, missing_required
from app.importing.dates import Basis, Order
from app.services.importing import Prepared, prepare
from app.services.saved_mappings import SavedMapping, recall
from app.ui.background import BackgroundOp
from app.ui.context import AppContext
from app.ui.dialogs.import_job import ImportJob, describe_error, field_label
from app.ui.dialogs.import_pages import error_label, hint_label
from app.ui.formatting import date_text
from app.ui.models.import_preview import PREVIEW_ROWS, PreviewModel

log = logging.getLogger(__name__)

FIELD_COLUMNS = 3  # pairs of (field, combo) side by side


def _read_file(
    session_factory: sessionmaker[Session], kind: Kind, path: Path
) -> tuple[Prepared, SavedMapping | None]:
    """The file as read and recognised, and the columns the user chose for it before."""
    prepared = prepare(kind, path)
    try:
        with session_factory() as session:
            saved = recall(session, kind, prepared.table.headers)
    except SQLAlchemyError:  # the file can still be imported; only the convenience is lost
        log.warning("the columns kept for this source could not be read", exc_info=True)
        saved = None
    return prepared, saved


def _file_details(prepared: Prepared) -> str:
    table = prepared.table
    rows = ngettext("{n} row", "{n} rows", len(table.rows)).format(
        n=format_decimal(len(table.rows), locale=current_locale())
    )
    header = ""
    if table.header_line > 1:
        header = ". " + _(
            "The header is line {line}: the lines above it (a title, a date) are skipped."
        ).format(line=table.header_line)
    if table.encoding == "xlsx":
        return (
            _("{name}: Excel workbook, first sheet, {rows}").format(
                name=prepared.path.name, rows=rows
            )
            + header
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
    return (
        _("{name}: encoding {encoding}, separator {delimiter}, {rows}").format(
            name=prepared.path.name, encoding=encoding, delimiter=delimiter, rows=rows
        )
        + header
    )


def dates_text(prepared: Prepared) -> str:
    """How each date column is read, so that `11/5/2019` is never a surprise."""
    lines = []
    for name, order in prepared.date_orders().items():
        column = prepared.mapping[name]
        first = order.order is Order.DAY_FIRST
        if order.basis is Basis.VALUES:
            text = (
                _("“{column}”: dates read day first, as “{example}” shows.")
                if first
                else _("“{column}”: dates read month first, as “{example}” shows.")
            )
        elif order.basis is Basis.OTHER_COLUMN:
            text = (
                _("“{column}”: dates read day first, as “{other}” writes them (“{example}”).")
                if first
                else _(
                    "“{column}”: dates read month first, as “{other}” writes them (“{example}”)."
                )
            )
        elif order.basis is Basis.LANGUAGE:
            text = _("“{column}”: dates read day first (22/11/2026), as a French file writes them.")
        else:
            text = (
                _("“{column}”: dates read day first (22/11/2026), as in your settings.")
                if first
                else _("“{column}”: dates read month first (11/22/2026), as in your settings.")
            )
        lines.append(text.format(column=column, example=order.example, other=order.column))
    return "\n".join(lines)


class MappingPage(QWizardPage):
    loaded = Signal()  # the file was read, or refused, and the page shows which

    def __init__(self, context: AppContext, job: ImportJob, parent: Any = None) -> None:
        super().__init__(parent)
        self._session_factory = context.database.session_factory
        self._job = job
        self._saved_applied = False
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

        self.saved_note = QWidget(self)
        self.saved_text = QLabel(self.saved_note)
        self.saved_text.setObjectName("import_saved_mapping")
        self.saved_text.setWordWrap(True)
        self.saved_switch = QPushButton(self.saved_note)
        self.saved_switch.setObjectName("import_saved_switch")
        self.saved_switch.clicked.connect(self._switch_saved)
        note_layout = QHBoxLayout(self.saved_note)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_layout.addWidget(self.saved_text, 1)
        note_layout.addWidget(self.saved_switch)
        self.saved_note.hide()

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
        self.dates = hint_label("", self)
        self.dates.setObjectName("import_dates")
        self.dates.hide()

        self.fields_box = QGroupBox(_("Where each field is read"), self)
        self._fields_layout = QVBoxLayout(self.fields_box)
        self._fields_widget = QWidget(self.fields_box)
        self._fields_layout.addWidget(self._fields_widget)
        self.combos: dict[str, QComboBox] = {}
        self._labels: dict[str, QLabel] = {}
        self.missing = error_label(self)
        self.missing.setObjectName("import_missing")

        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_note)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.dates)
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
        self.saved_note.hide()
        self.missing.hide()
        self.details.setText(path.name)
        self.busy.show()
        self.model.set_table(None)
        self._build_fields(Kind(self._job.kind), [])
        self.caption.setText("")
        self.completeChanged.emit()
        kind, session_factory = Kind(self._job.kind), self._session_factory
        BackgroundOp(None, lambda: _read_file(session_factory, kind, path)).success(
            lambda read: self._read_done(generation, *read, previous)
        ).failure(lambda error: self._read_failed(generation, error)).run()

    def _read_done(
        self,
        generation: int,
        prepared: Prepared,
        saved: SavedMapping | None,
        previous: Prepared | None,
    ) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.busy.hide()
        self._job.detected = prepared.mapping
        # the same choice as Relance's is nothing to tell
        self._job.saved = saved if saved is not None and saved.mapping != prepared.mapping else None
        if (
            previous is not None
            and (previous.kind, previous.path) == (prepared.kind, prepared.path)
            and set(previous.mapping.values()) <= set(prepared.table.headers)
        ):
            prepared = replace(
                prepared, mapping=previous.mapping
            )  # the file changed, not its columns
        elif self._job.saved is not None:
            prepared = replace(prepared, mapping=self._job.saved.mapping)
            self._saved_applied = True
        else:
            self._saved_applied = False
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
        self._show_saved()
        self.preview.resizeColumnsToContents()
        read = set(prepared.mapping.values())
        for column, header in enumerate(table.headers):
            # ignored columns stay narrow so that more of the imported ones fit
            widest = 260 if header in read else 140
            width = self.preview.columnWidth(column)
            self.preview.setColumnWidth(column, min(max(width, 80), widest))

    def _show_saved(self) -> None:
        saved = self._job.saved
        self.saved_note.setVisible(saved is not None)
        if saved is None:
            return
        if self._saved_applied:
            self.saved_text.setText(
                _("Columns as you chose them for this export on {date} ({name}).").format(
                    date=date_text(saved.used_on, "medium"), name=saved.file_name
                )
            )
            self.saved_switch.setText(_("Use the columns Relance recognises"))
        else:
            self.saved_text.setText(_("Columns as Relance recognises them."))
            self.saved_switch.setText(_("Use the columns you chose before"))

    def _switch_saved(self) -> None:
        """Between the user's earlier choice and what Relance recognises in the file."""
        prepared, saved, detected = self._job.prepared, self._job.saved, self._job.detected
        if prepared is None or saved is None or detected is None:
            return
        self._saved_applied = not self._saved_applied
        mapping = saved.mapping if self._saved_applied else detected
        self._job.prepared = replace(prepared, mapping=dict(mapping))
        self._show()

    def _build_fields(self, kind: Kind, headers: list[str]) -> None:
        self._fields_widget.hide()  # at once: it is deleted only when the event loop runs
        self._fields_widget.deleteLater()
        self._fields_widget = QWidget(self.fields_box)
        self._fields_layout.addWidget(self._fields_widget)
        grid = QGridLayout(self._fields_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.combos = {}
        mapping = self._job.prepared.mapping if self._job.prepared else {}
        self._labels = {}
        for index, field in enumerate(FIELDS[kind]):
            label = QLabel(field_label(field.name))
            self._labels[field.name] = label
            self._mark_required(field.name, field.required)
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

    def _mark_required(self, name: str, required: bool) -> None:
        label = self._labels[name]
        label.setText(field_label(name) + (" *" if required else ""))
        font = QFont(label.font())
        font.setBold(required)
        label.setFont(font)

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
        named = by_name(prepared.kind, prepared.mapping)  # customers found by name: no reference
        for field in FIELDS[prepared.kind]:
            if field.name in self._labels:
                self._mark_required(
                    field.name,
                    field.required and not (named and field.name == REF_FIELD[prepared.kind]),
                )
        self.dates.setText(dates_text(prepared))
        self.dates.setVisible(bool(self.dates.text()))
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
