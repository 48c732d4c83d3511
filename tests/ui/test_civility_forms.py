"""The civility in the customer and contact forms and on the command line (issue 16, item 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Contact, Customer
from app.services.customer_file import contacts, customer_header
from app.ui.context import AppContext
from app.ui.dialogs.casework.contact_dialog import ContactDialog
from app.ui.dialogs.ledger_dialogs import CustomerDialog


def _customer(context: AppContext, ref: str) -> Customer:
    with context.database.session_factory() as session:
        customer = session.scalars(select(Customer).where(Customer.ref == ref)).one()
        session.expunge(customer)
        return customer


def test_an_individual_is_saved_with_the_civility_chosen_and_shown_again(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = CustomerDialog(context)
    qtbot.addWidget(dialog)
    assert not dialog.civility.isEnabled()  # a business is greeted through its contacts
    dialog.kind.setCurrentIndex(dialog.kind.findData("individual"))
    assert dialog.civility.isEnabled()
    dialog.fields["ref"].setText("411GUE")
    dialog.fields["name"].setText("Virginie Guérin")
    dialog.fields["region"].setText("")
    dialog.civility.set_code("mme")
    dialog.ok_button.click()
    assert dialog.problem.text() == ""
    assert _customer(context, "411GUE").civility == "mme"

    again = CustomerDialog(context, dialog.saved_id)
    qtbot.addWidget(again)
    assert again.civility.code() == "mme"
    again.civility.set_code("")
    again.ok_button.click()
    assert _customer(context, "411GUE").civility is None


def test_a_business_keeps_no_civility_of_its_own(qtbot: QtBot, context: AppContext) -> None:
    dialog = CustomerDialog(context)
    qtbot.addWidget(dialog)
    dialog.fields["ref"].setText("411ACM")
    dialog.fields["name"].setText("Acme Inc")
    dialog.fields["country"].setText("US")
    dialog.fields["postcode"].setText("94103")
    dialog.fields["city"].setText("San Francisco")
    dialog.fields["region"].setText("CA")
    dialog.civility.set_code("m")  # chosen, then the kind says business
    dialog.ok_button.click()
    customer = _customer(context, "411ACM")
    assert (customer.civility, customer.region) == (None, "CA")
    with context.database.session_factory() as session:
        header = customer_header(session, customer.id, context.clock.today())
    assert header.address[-1] == "94103 San Francisco CA"  # the state with the town


def test_a_contact_gets_its_civility_and_keeps_it_when_made_primary(
    qtbot: QtBot, context: AppContext
) -> None:
    customer_id = _customer(context, "411PAR").id
    dialog = ContactDialog(context, customer_id)
    qtbot.addWidget(dialog)
    dialog.civility.set_code("mme")
    dialog.name.setText("Agnès Martin")
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        rows = contacts(session, customer_id)
        contact = session.scalars(select(Contact).where(Contact.name == "Agnès Martin")).one()
        assert contact.civility == "mme"
    (row,) = [r for r in rows if r.name == "Agnès Martin"]
    assert row.civility == "mme"
    edit = ContactDialog(context, customer_id, row)
    qtbot.addWidget(edit)
    assert edit.civility.code() == "mme"


def test_customer_add_takes_a_civility_and_refuses_an_unknown_one(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(db_path), "customer", "add", "411GUE", "--name", "Virginie Guérin",
                 "--kind", "individual", "--civility", "Mme"])  # fmt: skip
    assert code == 0
    code = main(["--db", str(db_path), "customer", "add", "411ACM", "--name", "Acme Inc",
                 "--country", "US", "--region", "CA", "--civility", "Dr"])  # fmt: skip
    assert code == 1
    assert "“Dr” is not a civility" in capsys.readouterr().err
    database = open_database(db_path)
    try:
        with database.session_factory() as session:
            found = {c.ref: c.civility for c in session.scalars(select(Customer))}
    finally:
        database.dispose()
    assert found == {"411GUE": "mme"}
