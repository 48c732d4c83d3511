"""Reminder settings: one dialog, five tabs, all saved in one transaction on Save."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QTabWidget,
    QVBoxLayout,
)

from app.i18n import _
from app.services import dunning_config
from app.services.dunning import jurisdiction, rate_warnings
from app.services.ledger import LedgerError
from app.services.letter_settings import load_letter_settings, save_letter_settings
from app.services.letters import sender_of
from app.services.settings import SettingsError, load_company
from app.ui.context import AppContext
from app.ui.dunning_settings.policies_tab import PoliciesTab
from app.ui.dunning_settings.printing_tab import PrintingTab
from app.ui.dunning_settings.rates_tab import RatesTab
from app.ui.dunning_settings.terms_tab import TermsTab
from app.ui.dunning_settings.texts_tab import TextsTab


class DunningSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("dunning_settings")
        self.setWindowTitle(_("Reminder settings"))
        self._context = context
        with context.database.session_factory.begin() as session:
            policies = dunning_config.policies(session)
            after_broken = dunning_config.after_broken_ranks(session)
            rates = dunning_config.rates(session)
            warnings = rate_warnings(session, context.clock.today(), jurisdiction(session))
            printing = load_letter_settings(session)
            sender = sender_of(load_company(session))
        self.policies = PoliciesTab(self)
        self.policies.set_policies(policies, after_broken=after_broken)
        self.texts = TextsTab(sender, self)
        self.rates = RatesTab(context.clock.today(), self)
        self.rates.set_rates(rates)
        self.rates.show_warnings([w.message() for w in warnings])
        self._letter_settings = printing
        self.terms = TermsTab(self)
        self.terms.set_settings(printing)
        self.printing = PrintingTab(self)
        self.printing.set_settings(printing)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.policies, _("Policies"))
        self.tabs.addTab(self.texts, _("Letter texts"))
        self.tabs.addTab(self.terms, _("Payment terms & promises").replace("&", "&&"))
        self.tabs.addTab(self.rates, _("Penalty rates"))
        self.tabs.addTab(self.printing, _("Printing"))
        self.problem = QLabel(self)
        self.problem.setObjectName("settings_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._shown_text: tuple[str, str] | None = None
        self.texts.key.currentIndexChanged.connect(self._switch_text)
        self.texts.language.currentIndexChanged.connect(self._switch_text)
        self.texts.reset_button.clicked.connect(self._reset_text)
        self.policies.copy_button.clicked.connect(self._new_policy)
        self._load_text()
        self.resize(1100, 680)

    def _switch_text(self) -> None:
        """Keep the edits of the text being left (saved if they can be), then show the next."""
        if self._shown_text is not None:
            key, language = self._shown_text
            edited = self.texts.text()
            edited = type(edited)(key, language, edited.subject, edited.body)
            try:
                self._keep_text(edited)
            except LedgerError as exc:
                for box, value in ((self.texts.key, key), (self.texts.language, language)):
                    box.blockSignals(True)
                    box.setCurrentIndex(box.findData(value))
                    box.blockSignals(False)
                self.problem.setText(str(exc))
                return
        self._load_text()

    def _keep_text(self, text: Any) -> None:
        with self._context.database.session_factory.begin() as session:
            original = dunning_config.text_state(session, text.key, text.language).text
            if (text.subject, text.body.strip()) != (original.subject, original.body.strip()):
                dunning_config.save_text(session, self._context.clock, text)

    def _load_text(self) -> None:
        self.problem.setText("")
        key, language = self.texts.chosen()
        self._shown_text = (key, language)
        with self._context.database.session_factory() as session:
            state = dunning_config.text_state(session, key, language)
        self.texts.show_text(state.text, state.customised)

    def _reset_text(self) -> None:
        key, language = self.texts.chosen()
        with self._context.database.session_factory.begin() as session:
            dunning_config.reset_text(session, key, language)
        self._load_text()

    def _new_policy(self) -> None:
        name, ok = QInputDialog.getText(self, _("New policy"), _("Name of the new policy"))
        if not ok or not name.strip():
            return
        key = "".join(c if c.isalnum() else "_" for c in name.strip().lower())[:32]
        try:
            levels = self.policies.levels()
            with self._context.database.session_factory.begin() as session:
                dunning_config.save_policy(
                    session,
                    key,
                    name,
                    levels,
                    create=True,
                    after_broken=self.policies.after_broken_rank(),
                )
                policies = dunning_config.policies(session)
                after_broken = dunning_config.after_broken_ranks(session)
        except LedgerError as exc:
            self.problem.setText(str(exc))
            return
        self.policies.set_policies(policies, key, after_broken)

    def save(self) -> bool:
        """Save every tab in one transaction; a refusal names the tab and changes nothing."""
        tab = self.tabs.currentWidget()
        try:
            with self._context.database.session_factory.begin() as session:
                tab = self.policies
                dunning_config.save_policy(
                    session,
                    self.policies.current_key(),
                    self.policies.name.text(),
                    self.policies.levels(),
                    after_broken=self.policies.after_broken_rank(),
                )
                tab = self.texts
                text = self.texts.text()
                original = dunning_config.text_state(session, text.key, text.language).text
                if (text.subject, text.body.strip()) != (original.subject, original.body.strip()):
                    dunning_config.save_text(session, self._context.clock, text)
                tab = self.rates
                dunning_config.save_rates(session, self.rates.rates())
                tab = self.terms  # the saved printing choices are valid: a refusal is this tab's
                chosen = self.terms.applied_to(self._letter_settings).validated()
                tab = self.printing
                saved = save_letter_settings(session, self.printing.applied_to(chosen))
        except (LedgerError, SettingsError) as exc:
            self.tabs.setCurrentWidget(tab)
            self.problem.setText(str(exc))
            return False
        self._letter_settings = saved
        self.problem.setText("")
        self._load_text()
        return True
