"""What the settings call each letter text and each channel, in the language of the window."""

from __future__ import annotations

from app.i18n import N_, _

TEXT_NAMES: dict[str, str] = {
    "courtesy": N_("Courtesy note before the due date"),
    "friendly": N_("First reminder"),
    "firm": N_("Second reminder"),
    "last_amicable": N_("Last amicable reminder"),
    "formal_notice": N_("Formal notice"),
    "individual_friendly": N_("First reminder (private customer)"),
    "individual_firm": N_("Second reminder (private customer)"),
    "individual_formal_notice": N_("Formal notice (private customer)"),
    "plan_agreement": N_("Payment plan agreement"),
    "promise_confirmation": N_("Confirmation of a promise to pay"),
    "thank_you": N_("Thank you for a payment"),
    "statement": N_("Statement of account"),
    "statement_overdue": N_("Statement of account with amounts overdue"),
    "receipt": N_("Payment receipt"),
    "late_penalties": N_("Late-payment charges after a late payment"),
}

CHANNEL_NAMES: dict[str, str] = {
    "letter": N_("Letter"),
    "email": N_("Email"),
    "phone": N_("Phone"),
}


def text_name(key: str) -> str:
    """A letter text's name for people; a key Relance does not name is shown humanised."""
    name = TEXT_NAMES.get(key)
    return _(name) if name else key.replace("_", " ").capitalize()


def channel_name(code: str) -> str:
    name = CHANNEL_NAMES.get(code)
    return _(name) if name else code
