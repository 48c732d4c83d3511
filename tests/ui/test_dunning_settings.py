"""Reminder settings: policies, texts with placeholders and a live preview, rates, printing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import DunningLevel, DunningPolicy, LetterTemplate, RatePeriodRow
from app.domain.dunning_policies import STANDARD
from app.services.letter_settings import load_letter_settings
from app.ui.context import AppContext
from app.ui.dunning_settings.dialog import DunningSettingsDialog
from app.ui.dunning_settings.policies_tab import DAYS, PENALTIES
from app.ui.dunning_settings.rates_tab import STARTS


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
    rates.table.item(rows, STARTS).setText("2026-07-01")
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
    printing.deadline.setValue(14)
    printing.grace.setValue(5)
    printing.courtesy.setValue(3)
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
