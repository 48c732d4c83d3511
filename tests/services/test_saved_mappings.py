"""The columns chosen for an export are kept per source and offered for next month's file."""

from __future__ import annotations

from datetime import date

from app.db.migrate import Database
from app.db.models import Setting
from app.services.saved_mappings import (
    LIMIT,
    SECTION,
    SavedMapping,
    fingerprint,
    forget,
    keep,
    recall,
    remember,
)

OCTOBER = ["Doc", "Compte tiers", "Émise le", "Payable le", "Total", "Solde"]
CHOSEN = {
    "number": "Doc",
    "customer_ref": "Compte tiers",
    "issue_date": "Émise le",
    "due_date": "Payable le",
    "amount": "Total",
}
DETECTED = {"customer_ref": "Compte tiers", "amount": "Total", "open_amount": "Solde"}
NOV_3 = date(2026, 11, 3)


def test_the_same_export_is_recognised_with_its_columns_moved_and_recased(db: Database) -> None:
    with db.session_factory.begin() as session:
        remember(session, "invoices", OCTOBER, CHOSEN, "factures-octobre.csv", NOV_3)
    november = ["TOTAL", "Solde", "Payable le", "doc", "Compte  tiers", "Emise le"]
    with db.session_factory() as session:
        saved = recall(session, "invoices", november)
    assert saved == SavedMapping(
        {
            "number": "doc",
            "customer_ref": "Compte  tiers",
            "issue_date": "Emise le",
            "due_date": "Payable le",
            "amount": "TOTAL",
        },
        "factures-octobre.csv",
        NOV_3,
    )


def test_other_headers_or_another_kind_get_nothing(db: Database) -> None:
    with db.session_factory.begin() as session:
        remember(session, "invoices", OCTOBER, CHOSEN, "factures-octobre.csv", NOV_3)
    with db.session_factory() as session:
        assert recall(session, "invoices", [*OCTOBER, "Commentaire"]) is None
        assert recall(session, "invoices", OCTOBER[:-1]) is None
        assert recall(session, "payments", OCTOBER) is None


def test_the_fingerprint_ignores_order_case_accents_and_repeats() -> None:
    assert fingerprint(["Émise le", "Doc"]) == fingerprint(["doc", "EMISE LE", "Doc"])
    assert fingerprint(["Doc"]) != fingerprint(["Doc", "Total"])


def test_remembering_again_replaces_the_entry_and_its_date(db: Database) -> None:
    later = {**CHOSEN, "amount": "Solde"}
    with db.session_factory.begin() as session:
        remember(session, "invoices", OCTOBER, CHOSEN, "factures-octobre.csv", NOV_3)
        remember(session, "invoices", OCTOBER, later, "factures-novembre.csv", date(2026, 12, 2))
    with db.session_factory() as session:
        saved = recall(session, "invoices", OCTOBER)
        assert saved == SavedMapping(later, "factures-novembre.csv", date(2026, 12, 2))
        assert len(session.get(Setting, SECTION).value["sources"]) == 1  # type: ignore[union-attr]


def test_only_the_most_recent_sources_are_kept(db: Database) -> None:
    with db.session_factory.begin() as session:
        for month in range(LIMIT + 5):
            headers = [*OCTOBER, f"Colonne {month}"]
            remember(session, "invoices", headers, CHOSEN, f"{month}.csv", NOV_3)
    with db.session_factory() as session:
        assert len(session.get(Setting, SECTION).value["sources"]) == LIMIT  # type: ignore[union-attr]
        assert recall(session, "invoices", [*OCTOBER, "Colonne 4"]) is None
        newest = recall(session, "invoices", [*OCTOBER, f"Colonne {LIMIT + 4}"])
        oldest_kept = recall(session, "invoices", [*OCTOBER, "Colonne 5"])
    assert newest is not None and newest.file_name == f"{LIMIT + 4}.csv"
    assert oldest_kept is not None and oldest_kept.file_name == "5.csv"


def test_fields_this_version_does_not_know_are_left_out(db: Database) -> None:
    with db.session_factory.begin() as session:
        remember(session, "invoices", OCTOBER, {**CHOSEN, "colour": "Solde"}, "octobre.csv", NOV_3)
    with db.session_factory() as session:
        saved = recall(session, "invoices", OCTOBER)
    assert saved is not None and saved.mapping == CHOSEN


def test_a_choice_equal_to_what_relance_recognises_forgets_the_earlier_one(
    db: Database,
) -> None:
    with db.session_factory.begin() as session:
        keep(session, "invoices", OCTOBER, CHOSEN, DETECTED, "octobre.csv", NOV_3)
    with db.session_factory() as session:
        assert recall(session, "invoices", OCTOBER) is not None
    with db.session_factory.begin() as session:
        keep(session, "invoices", OCTOBER, DETECTED, DETECTED, "novembre.csv", NOV_3)
    with db.session_factory() as session:
        assert recall(session, "invoices", OCTOBER) is None


def test_forgetting_leaves_other_sources(db: Database) -> None:
    customers = ["Code", "Raison sociale"]
    with db.session_factory.begin() as session:
        remember(session, "invoices", OCTOBER, CHOSEN, "octobre.csv", NOV_3)
        remember(session, "customers", customers, {"ref": "Code"}, "clients.csv", NOV_3)
        forget(session, "invoices", OCTOBER)
    with db.session_factory() as session:
        assert recall(session, "invoices", OCTOBER) is None
        assert recall(session, "customers", customers) is not None


def test_damaged_settings_offer_nothing(db: Database) -> None:
    with db.session_factory.begin() as session:
        bad_date = {
            "kind": "invoices",
            "fingerprint": fingerprint(OCTOBER),
            "mapping": CHOSEN,
            "used_on": "hier",
        }
        value = {"sources": ["?", {"kind": "invoices"}, bad_date]}
        session.add(Setting(key=SECTION, value=value))
    with db.session_factory() as session:
        assert recall(session, "invoices", OCTOBER) is None
    with db.session_factory.begin() as session:
        remember(session, "invoices", OCTOBER, CHOSEN, "octobre.csv", NOV_3)
    with db.session_factory() as session:
        assert recall(session, "invoices", OCTOBER) is not None
