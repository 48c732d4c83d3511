"""What the import wizard carries from page to page, and the background run of an import."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.calendar import Clock
from app.i18n import _
from app.importing.columns import Kind
from app.services.import_sync import ImportReport, Progress
from app.services.importing import ImportOptions, Prepared, run_import
from app.services.saved_mappings import SavedMapping, keep
from app.ui.background import BackgroundOp
from app.ui.context import AppContext

log = logging.getLogger(__name__)

SOURCE, MAPPING, CHECK, IMPORT = range(4)  # the wizard's page ids
FEC = "fec"
KINDS = (Kind.CUSTOMERS.value, Kind.INVOICES.value, Kind.PAYMENTS.value, FEC)


def fec_importer() -> Callable[..., ImportReport] | None:
    """The FEC importer when this build has one; the wizard offers FEC only then."""
    try:
        from app.services.fec_import import import_fec
    except ImportError:
        return None
    return import_fec


def kind_label(kind: str) -> str:
    return {
        Kind.CUSTOMERS.value: _("Customers"),
        Kind.INVOICES.value: _("Invoices"),
        Kind.PAYMENTS.value: _("Payments"),
        FEC: _("Accounting ledger (FEC)"),
    }[kind]


def field_label(name: str) -> str:
    """Our name for a column of an import, as the wizard shows it."""
    return {
        "ref": _("Customer reference"),
        "name": _("Name"),
        "kind": _("Business or individual"),
        "siret": _("SIRET"),
        "vat_number": _("VAT number"),
        "iban": _("IBAN"),
        "address_line1": _("Address"),
        "address_line2": _("Address (line 2)"),
        "postcode": _("Postcode"),
        "city": _("City"),
        "region": _("State or province"),
        "country": _("Country"),
        "email": _("Email"),
        "phone": _("Phone"),
        "contact_name": _("Contact name"),
        "civility": _("Civility"),
        "language": _("Language"),
        "payment_terms_days": _("Payment terms (days)"),
        "segment": _("Segment"),
        "number": _("Invoice number"),
        "customer_ref": _("Customer reference"),
        "customer_name": _("Customer name"),
        "issue_date": _("Issue date"),
        "due_date": _("Due date"),
        "amount": _("Amount"),
        "currency": _("Currency"),
        "open_amount": _("Still owed"),
        "paid_amount": _("Already paid"),
        "status": _("Status"),
        "line_amount": _("Item line total"),
        "date": _("Date received"),
        "reference": _("Payment reference"),
        "invoice_number": _("Invoice number"),
        "method": _("Method"),
    }.get(name, name)


@dataclass
class ImportJob:
    """The user's choices so far: kind, file, options, and the file as read and mapped."""

    kind: str = Kind.INVOICES.value
    path: Path | None = None
    snapshot: bool = False
    skip_invalid: bool = False
    terms_days: int = 30
    prepared: Prepared | None = None  # read on the mapping page; FEC files skip it
    detected: dict[str, str] | None = None  # the mapping Relance recognised in that file
    saved: SavedMapping | None = None  # the user's choice for this source, kept from before

    def options(self, *, dry_run: bool) -> ImportOptions:
        return ImportOptions(
            dry_run=dry_run,
            skip_invalid=self.skip_invalid,
            snapshot=self.snapshot and self.kind == Kind.INVOICES.value,
        )

    def work(self, context: AppContext, *, dry_run: bool) -> Callable[[Progress], ImportReport]:
        """The import as a function of its progress callback, bound to today's choices."""
        session_factory, clock = context.database.session_factory, context.clock
        options = self.options(dry_run=dry_run)
        if self.kind == FEC:
            importer, path, terms = fec_importer(), self.path, self.terms_days
            if importer is None or path is None:
                raise RuntimeError("FEC import is not available")
            return lambda progress: importer(
                session_factory, clock, path, options, terms_days=terms, progress=progress
            )
        prepared, detected = self.prepared, self.detected
        if prepared is None:
            raise RuntimeError("the file has not been read")

        def work(progress: Progress) -> ImportReport:
            report = run_import(session_factory, clock, prepared, options, progress)
            if report.written:
                keep_mapping(session_factory, clock, prepared, detected)
            return report

        return work


def keep_mapping(
    session_factory: sessionmaker[Session],
    clock: Clock,
    prepared: Prepared,
    detected: dict[str, str] | None,
) -> None:
    """Right after an import was written, keep its columns for next month's file.

    The import is already committed: a failure here costs only the convenience, so it is
    logged, not reported as a failed import.
    """
    try:
        with session_factory.begin() as session:
            keep(
                session,
                prepared.kind,
                prepared.table.headers,
                prepared.mapping,
                detected,
                prepared.path.name,
                clock.today(),
            )
    except SQLAlchemyError:
        log.warning("the import's columns could not be kept for next time", exc_info=True)


class _Stopped(Exception):
    """Raised from the progress callback: the import rolls back and reports nothing."""


class ImportRun(QObject):
    """One import, dry or real, off the GUI thread; stoppable between batches.

    `progressed` is emitted from the worker thread: connect it to a QObject's method so that
    Qt queues the call to the GUI thread. Stopping raises inside the import, whose transaction
    rolls back, so a stopped run never writes anything.
    """

    progressed = Signal(int, int)  # done, total
    ended = Signal(object)  # the ImportReport, or None when stopped
    failed = Signal(object)  # the exception

    def __init__(self, parent: QObject, work: Callable[[Progress], ImportReport]) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.running = False

    def start(self) -> None:
        self.running = True
        BackgroundOp(None, self._job, writes=True).success(self._ended).failure(self._failed).run()

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise _Stopped
        self.progressed.emit(done, total)

    def _job(self) -> ImportReport | None:
        try:
            return self._work(self._progress)
        except _Stopped:
            return None

    def _ended(self, report: ImportReport | None) -> None:
        if isValid(self):  # the wizard may be gone with the window that owned it
            self.running = False
            self.ended.emit(report)

    def _failed(self, error: Exception) -> None:
        if isValid(self):
            self.running = False
            self.failed.emit(error)


def describe_error(error: Exception) -> str:
    """A refusal the user can act on, as it was worded; anything else with its kind."""
    if isinstance(error, ValueError | OSError):
        return str(error)
    return _("Unexpected error: {error}").format(error=f"{type(error).__name__}: {error}")
