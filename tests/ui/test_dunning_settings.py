"""Reminder settings: policies, texts with fields and a live preview, terms, rates, printing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import i18n
from app.db.models import DunningLevel, DunningPolicy, LetterTemplate, RatePeriodRow
from app.domain.dunning_policies import STANDARD
from app.letters import texts as letter_texts
from app.services import dunning_config
from app.services.letter_settings import load_letter_settings
from app.ui.context import AppContext
from app.ui.dunning_settings.dialog import DunningSettingsDialog
from app.ui.dunning_settings.policies_tab import (
    CHANNEL_COL,
    DAYS,
    MINIMUM,
    PENALTIES,
    TEXT,
    ChannelBoxes,
)
from app.ui.dunning_settings.rates_tab import STARTS
from app.ui.formatting import date_text


def dialog(qtbot: QtBot, context: AppContext) -> DunningSettingsDialog:
    opened = DunningSettingsDialog(context)
    qtbot.addWidget(opened)
    return opened


def test_a_levels_day_and_penalties_are_saved(qtbot: QtBot, context: AppContext) -> None:
    settings = dialog(qtbot, context)
    tab = settings.policies
    tab.policy.setCurrentIndex(tab.policy.findData(STANDARD))
    assert tab.table.rowCount() == 5
    tab.table.item(1, DAYS).setText("10")
    assert tab.table.item(3, PENALTIES).checkState() == Qt.CheckState.Unchecked  # "may" apply
    assert tab.table.item(4, PENALTIES).checkState() == Qt.CheckState.Checked  # the notice
    assert tab.after_broken.value() == 4  # shipped: back at the last amicable reminder
    tab.after_broken.setValue(3)
    assert settings.save(), settings.problem.text()
    with context.database.session_factory() as session:
        level = session.scalars(
            select(DunningLevel)
            .join(DunningPolicy)
            .where(DunningPolicy.key == STANDARD, DunningLevel.rank == 2)
        ).one()
        assert (level.days, level.state_penalties) == (10, False)
        policy = session.scalars(select(DunningPolicy).where(DunningPolicy.key == STANDARD)).one()
        assert policy.after_broken_rank == 3


def test_a_level_claims_penalties_only_if_its_text_states_them(
    qtbot: QtBot, context: AppContext
) -> None:
    settings = dialog(qtbot, context)
    tab = settings.policies
    tab.policy.setCurrentIndex(tab.policy.findData(STANDARD))
    tab.table.item(1, PENALTIES).setCheckState(Qt.CheckState.Checked)  # the friendly reminder
    assert not settings.save()
    assert settings.problem.text().startswith("Level 2 claims penalties, but its text (fr)")
    tab.table.item(1, PENALTIES).setCheckState(Qt.CheckState.Unchecked)
    tab.table.item(4, PENALTIES).setCheckState(Qt.CheckState.Unchecked)  # the formal notice
    assert not settings.save()
    assert settings.problem.text().startswith("Level 5 does not claim penalties, but its text")


def test_levels_out_of_order_are_refused(qtbot: QtBot, context: AppContext) -> None:
    settings = dialog(qtbot, context)
    tab = settings.policies
    tab.policy.setCurrentIndex(tab.policy.findData(STANDARD))
    tab.table.item(2, DAYS).setText("3")  # before the level above it
    assert not settings.save()
    assert settings.problem.text() == "Each level must come later than the one before it."
    assert settings.tabs.currentWidget() is tab


def test_an_unknown_placeholder_is_refused_and_a_good_text_is_kept(
    qtbot: QtBot, context: AppContext
) -> None:
    settings = dialog(qtbot, context)
    texts = settings.texts
    texts.key.setCurrentIndex(texts.key.findData("friendly"))
    texts.language.setCurrentIndex(texts.language.findData("en"))
    texts.body.setPlainText("Please pay {total_due} by {deadline}, {customer_nmae}.")
    texts.refresh_preview()
    assert texts.problem.text().startswith("{customer_nmae} is not a placeholder Relance knows.")
    assert not settings.save()
    texts.body.setPlainText("Please pay {total_due} by {deadline}.")
    texts.refresh_preview()
    assert texts.problem.text() == ""
    assert not texts.preview.pixmap().isNull()
    assert settings.save(), settings.problem.text()
    with context.database.session_factory() as session:
        own = session.scalars(select(LetterTemplate)).one()
        assert (own.key, own.language, own.body) == (
            "friendly",
            "en",
            "Please pay {total_due} by {deadline}.",
        )
    assert texts.status.text() == "Your own text."
    texts.reset_button.click()
    with context.database.session_factory() as session:
        assert session.scalars(select(LetterTemplate)).all() == []


def test_rates_with_a_bad_date_are_refused_and_good_ones_saved(
    qtbot: QtBot, context: AppContext
) -> None:
    settings = dialog(qtbot, context)
    rates = settings.rates
    rows = rates.table.rowCount()
    rates._add()
    rates.table.item(rows, STARTS).setText("2026-07-15")
    assert not settings.save()
    assert "1 January or 1 July" in settings.problem.text()
    rates.table.item(rows, STARTS).setText("01/07/2026")
    rates.table.item(rows, 2).setText("2,00")
    rates.table.item(rows, 3).setText("2,50")
    assert settings.save(), settings.problem.text()
    with context.database.session_factory() as session:
        row = session.scalars(
            select(RatePeriodRow).where(
                RatePeriodRow.jurisdiction == "FR", RatePeriodRow.starts_on == date(2026, 7, 1)
            )
        ).one()
        assert (row.reference_bp, row.legal_bp) == (200, 250)


def test_printing_settings_are_saved(qtbot: QtBot, context: AppContext) -> None:
    settings = dialog(qtbot, context)
    printing = settings.printing
    printing.envelope.setCurrentIndex(printing.envelope.findData("din_b"))
    printing.duplex.setChecked(True)
    settings.terms.deadline.setValue(14)
    settings.terms.grace.setValue(5)
    settings.terms.courtesy.setValue(3)
    assert settings.save(), settings.problem.text()
    with context.database.session_factory() as session:
        saved = load_letter_settings(session)
    assert (saved.envelope, saved.duplex_blanks, saved.deadline_days) == ("din_b", True, 14)
    assert (saved.promise_grace_days, saved.courtesy_days) == (5, 3)


def test_browsing_texts_saves_nothing_and_keeps_no_break_spaces(
    qtbot: QtBot, context: AppContext
) -> None:
    settings = dialog(qtbot, context)
    texts = settings.texts
    for key in ("friendly", "firm", "formal_notice"):
        texts.key.setCurrentIndex(texts.key.findData(key))
        texts.language.setCurrentIndex(texts.language.findData("en"))
        texts.language.setCurrentIndex(texts.language.findData("fr"))
    assert "\u00a0:" in texts.text().body  # French spacing survives the editor
    assert settings.save()
    with context.database.session_factory() as session:
        assert session.scalars(select(LetterTemplate)).all() == []


def _combo_texts(combo: object) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]


def test_letter_texts_are_named_never_shown_by_their_key_in_french_or_english(
    qtbot: QtBot, context: AppContext
) -> None:
    for language, formal in (("fr", "Mise en demeure"), ("en", "Formal notice")):
        i18n.set_language(language)
        settings = dialog(qtbot, context)
        shown = _combo_texts(settings.texts.key)
        settings.policies.policy.setCurrentIndex(settings.policies.policy.findData(STANDARD))
        shown += _combo_texts(settings.policies.table.cellWidget(0, TEXT))
        assert formal in shown
        for text in shown:  # neither a key alone, nor one beside the name, nor an underscore
            assert text not in letter_texts.KEYS and "_" not in text, (language, text)
            assert not any(f"({key})" in text or f"— {key}" in text for key in letter_texts.KEYS)
    i18n.set_language("en")


def test_ticking_a_channel_box_changes_the_saved_policy(qtbot: QtBot, context: AppContext) -> None:
    settings = dialog(qtbot, context)
    tab = settings.policies
    tab.policy.setCurrentIndex(tab.policy.findData(STANDARD))
    boxes = tab.table.cellWidget(1, CHANNEL_COL)
    assert isinstance(boxes, ChannelBoxes)
    assert [box.text() for box in boxes.boxes.values()] == ["Letter", "Email", "Phone"]
    boxes.boxes["phone"].setChecked(True)
    assert settings.save(), settings.problem.text()
    with context.database.session_factory() as session:
        level = session.scalars(
            select(DunningLevel)
            .join(DunningPolicy)
            .where(DunningPolicy.key == STANDARD, DunningLevel.rank == 2)
        ).one()
        assert "phone" in level.channels.split(",")
    for box in boxes.boxes.values():
        box.setChecked(False)
    assert not settings.save()
    assert settings.problem.text().startswith("Level 2: choose")


def test_minimum_amounts_show_like_the_rest_of_the_window_and_are_read_back(
    qtbot: QtBot, context: AppContext
) -> None:
    settings = dialog(qtbot, context)
    tab = settings.policies
    tab.policy.setCurrentIndex(tab.policy.findData(STANDARD))
    tab.table.item(0, MINIMUM).setText("1500")
    assert settings.save(), settings.problem.text()
    with context.database.session_factory() as session:
        policies = dunning_config.policies(session)
    tab.set_policies(policies, STANDARD)
    assert tab.table.item(0, MINIMUM).text() == "€1,500.00"
    assert tab.levels()[0].min_overdue_cents == 150_000


def test_inserting_a_field_puts_it_at_the_cursor(qtbot: QtBot, context: AppContext) -> None:
    settings = dialog(qtbot, context)
    texts = settings.texts
    texts.body.setPlainText("Please pay  now.")
    cursor = texts.body.textCursor()
    cursor.setPosition(len("Please pay "))
    texts.body.setTextCursor(cursor)
    listed = {str(action.data()): action.text() for action in texts.fields.actions()}
    assert set(listed) == set(letter_texts.PLACEHOLDERS)
    assert listed["total_due"] == "{total_due} — the total reminded, with its currency"
    texts.fields.actions()[list(listed).index("total_due")].trigger()
    assert texts.body_text() == "Please pay {total_due} now."


def test_payment_terms_and_promises_have_their_own_tab_and_are_saved(
    qtbot: QtBot, context: AppContext
) -> None:
    settings = dialog(qtbot, context)
    titles = [settings.tabs.tabText(i).replace("&&", "&") for i in range(settings.tabs.count())]
    assert "Payment terms & promises" in titles
    terms = settings.terms
    assert settings.tabs.indexOf(terms) == titles.index("Payment terms & promises")
    for name in ("print_deadline", "print_agreed_rate", "follow_grace", "follow_courtesy"):
        assert terms.findChild(QWidget, name) is not None
        assert settings.printing.findChild(QWidget, name) is None
    terms.deadline.setValue(21)
    terms.agreed.setText("12")
    terms.grace.setValue(7)
    terms.dispute_age.setValue(45)
    assert settings.save(), settings.problem.text()
    with context.database.session_factory() as session:
        saved = load_letter_settings(session)
    assert (saved.deadline_days, saved.agreed_rate_percent) == (21, "12")
    assert (saved.promise_grace_days, saved.dispute_age_days) == (7, 45)
    terms.agreed.setText("douze")
    settings.tabs.setCurrentWidget(settings.printing)
    assert not settings.save()
    assert settings.tabs.currentWidget() is terms


def test_rate_dates_show_like_the_rest_of_the_window(qtbot: QtBot, context: AppContext) -> None:
    settings = dialog(qtbot, context)
    rates = settings.rates
    shown = [rates.table.item(row, STARTS).text() for row in range(rates.table.rowCount())]
    assert shown and all("-" not in text and text.count("/") == 2 for text in shown)
    assert [date_text(p.starts_on) for p in rates.rates()] == shown
    rates.table.item(0, STARTS).setText("1st July")
    assert not settings.save()
    assert settings.problem.text() == "Row 1: a date like 01/07/2026 and rates like 2,15."


def test_a_field_goes_into_the_subject_when_the_subject_was_being_edited(
    qtbot: QtBot, context: AppContext
) -> None:
    settings = dialog(qtbot, context)
    settings.show()
    settings.tabs.setCurrentWidget(settings.texts)
    texts = settings.texts
    body = texts.body_text()
    texts.subject.setText("Account ")
    texts.subject.setFocus()
    qtbot.waitUntil(texts.subject.hasFocus)
    texts.fields.aboutToShow.emit()
    texts.insert_field("customer_ref")
    assert texts.subject.text() == "Account {customer_ref}"
    assert texts.body_text() == body
