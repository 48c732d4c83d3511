"""The sentence of a history event, in the window's language, from the facts it stored.

Each call to `history.record` keeps its facts in the event's payload (amounts in cents with their
currency, ISO dates, numbers, the words the user typed); this module writes the sentence when it
is shown, so switching the language changes the history too. The summary written at the time
stays the record: an event whose payload lacks a fact (older books) is shown with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.domain.events import EventKind
from app.domain.money import format_money
from app.i18n import N_, _, current_locale, ngettext
from app.services.collection_end import handed_to_label
from app.services.disputes import reason_label
from app.services.dunning import LEVEL_LABELS, policy_name
from app.services.history_facts import Facts, Missing, day_text
from app.services.interactions import outcome_label

FROM_FEC = "fec"  # the `source` of events an accounting (FEC) import wrote
FROM_IMPORT = "import"  # the `source` of events a CSV or Excel import wrote

CHANNEL_WORDS = {"email": N_("email"), "letter": N_("letter"), "phone": N_("phone")}


def event_text(kind: str, payload: Mapping[str, Any] | None, summary: str) -> str:
    """What the history shows for an event, in the current language; the summary written at
    the time when the event lacks a fact (an older book, a kind from a newer version)."""
    try:
        return _render(kind, payload or {})
    except Missing:
        return summary


def sentence(kind: str, payload: Mapping[str, Any]) -> str:
    """The sentence of an event being written, from the facts it is given (all of them)."""
    try:
        return _render(kind, payload)
    except Missing as missing:
        raise ValueError(f"a {kind} event needs the fact {missing}") from None


def _render(kind: str, payload: Mapping[str, Any]) -> str:
    render = _RENDERERS.get(kind)
    if render is not None:
        return render(Facts(payload, kind))
    fixed = _FIXED.get(kind)
    if fixed is None:
        raise Missing(kind)
    return fixed()


# --- customer and contacts ---------------------------------------------------------------------
def _customer_created(f: Facts) -> str:
    return _("Customer {name} created").format(name=f.text("name"))


def _customer_updated(f: Facts) -> str:
    if f.has("policy"):
        if f.get("policy") is None:
            return _("Dunning policy: from the segment again")
        return _("Dunning policy: {policy}").format(policy=policy_name(f.text("policy_name")))
    if f.opt("source") == FROM_IMPORT:
        return _("Updated by import: {changes}").format(changes=f.changes("; "))
    f.get("fields")
    return _("Customer details corrected by hand")


def _contact_changed(f: Facts) -> str:
    name, role = f.text("name"), f.opt("role")
    described = f"{name} ({role})" if role else name
    what = f.text("change")
    if what == "added":
        return _("Contact added: {name}").format(name=described)
    if what == "removed":
        return _("Contact removed: {name}").format(name=described)
    if what == "changed":
        return _("Contact {name} changed: {changes}").format(name=name, changes=f.changes("; "))
    raise Missing("change")


# --- invoices ----------------------------------------------------------------------------------
def _invoice_issued(f: Facts) -> str:
    number, amount, due = f.text("number"), f.money("amount_cents"), f.day("due_date")
    return _issued_words(f.opt("source")).format(number=number, amount=amount, due=due)


def _issued_words(source: str) -> str:
    if source == FROM_FEC:
        return _("Invoice {number} imported from the accounting: {amount}, due {due}")
    if source == FROM_IMPORT:
        return _("Invoice {number} imported: {amount}, due {due}")
    return _("Invoice {number} issued for {amount}, due {due}")


def issued_sentences(source: str) -> Callable[[str, int, str, str], str]:
    """`sentence` of the INVOICE_ISSUED events of `source`, for an import writing a hundred
    thousand of them: the words and the language are looked up once.

    The returned function takes the invoice's number, amount in cents, currency and ISO due date.
    """
    words, locale = _issued_words(source), current_locale()

    def write(number: str, cents: int, currency: str, due: str) -> str:
        amount = format_money(cents, currency, locale)
        return words.format(number=number, amount=amount, due=day_text(due, locale))

    return write


def _invoice_updated(f: Facts) -> str:
    if f.has("deleted"):
        return _("Invoice {number} deleted (typed by mistake)").format(number=f.text("deleted"))
    number = f.text("number")
    if f.has("changes"):
        return _("Invoice {number} updated by import: {changes}").format(
            number=number, changes=f.changes(", ")
        )
    f.get("fields")
    return _("Invoice {number} corrected by hand").format(number=number)


def _invoice_settled(f: Facts) -> str:
    number = f.text("number")
    if f.text("source") == FROM_FEC:
        return _(
            "Invoice {number} is no longer open in the accounting file: marked as settled"
        ).format(number=number)
    return _(
        "Invoice {number} is no longer in the accounting's open items: marked as settled"
    ).format(number=number)


# --- payments, credit notes, accounting entries ------------------------------------------------
def _entry(f: Facts) -> str:
    """A payment, credit note or accounting entry in a few words."""
    entry = f.text("entry")
    if entry == "credit_note":
        return _("Credit note {number} for {amount}").format(
            number=f.text("number"), amount=f.money("amount_cents")
        )
    if entry == "adjustment":
        return _("Accounting entry of {amount} on {day} ({reference})").format(
            amount=f.money("amount_cents"), day=f.day("on"), reference=f.text("reference") or "—"
        )
    if entry != "payment":
        raise Missing("entry")
    text = _("Payment of {amount} received on {day}").format(
        amount=f.money("amount_cents"), day=f.day("on")
    )
    if f.opt("reference"):
        text += _(" (reference {reference})").format(reference=f.opt("reference"))
    return text


def _allocated(f: Facts, text: str) -> str:
    if f.get("allocated"):
        text += _(", allocated to {invoices}").format(invoices=f.lines("allocated"))
    if f.has("unallocated_cents") and f.cents("unallocated_cents"):
        text += _(", {amount} kept as credit").format(amount=f.money("unallocated_cents"))
    return text


def _entry_received(f: Facts) -> str:
    return _allocated(f, _entry(f))


def _entry_updated(f: Facts) -> str:
    text = _("{entry} updated by import").format(entry=_entry(f))
    if f.get("changes"):
        text += _(": {changes}").format(changes=f.changes(", "))
    return _allocated(f, text)


def _entry_deleted(f: Facts) -> str:
    if f.opt("source") == FROM_FEC:
        return _("{entry} removed: it is no longer in the accounting file").format(entry=_entry(f))
    return _("Payment of {amount} received on {day} deleted").format(
        amount=f.money("amount_cents"), day=f.day("on")
    )


def _amounts(f: Facts) -> str:
    """Interest and fixed charges: one total in one currency, else both."""
    interest, fixed = f.cents("interest_cents"), f.cents("fixed_cents")
    if f.text("fixed_currency") == f.text("currency"):
        return f.amount(interest + fixed)
    return f"{f.amount(interest)} + {f.amount(fixed, 'fixed_currency')}"


def _penalties_claimed(f: Facts) -> str:
    return _("Late-payment penalties claimed on {invoices}: {amount}").format(
        invoices=f.numbers(), amount=_amounts(f)
    )


def _penalties_waived(f: Facts) -> str:
    text = _("Late-payment penalties waived on {invoices}: {amount}").format(
        invoices=f.numbers(), amount=_amounts(f)
    )
    return f.with_note(text, "reason")


def _written_off(f: Facts) -> str:
    totals = f.get("amounts")
    if not isinstance(totals, dict):
        raise Missing("amounts")
    amounts = ", ".join(
        format_money(int(cents), currency, f.locale) for currency, cents in sorted(totals.items())
    )
    count = len(f.get("invoice_ids"))
    return ngettext(
        "Debt written off: {amount} ({count} invoice) — {reason}",
        "Debt written off: {amount} ({count} invoices) — {reason}",
        count,
    ).format(amount=amounts, count=count, reason=f.text("reason"))


# --- calls, notes, disputes, promises ----------------------------------------------------------
def _call(f: Facts) -> str:
    outcome = outcome_label(f.text("outcome"))
    f.get("note")
    contact = f.opt("contact")
    if contact:
        text = _("Call with {name}: {outcome}").format(name=contact, outcome=outcome)
    else:
        text = _("Call: {outcome}").format(outcome=outcome)
    text = f.with_note(text)
    if f.opt("next_action_on"):
        text += _(" (next action {day})").format(day=f.day("next_action_on"))
    return text


def _note(f: Facts) -> str:
    text, pinned = f.text("text"), bool(f.get("pinned"))
    if f.payload.get("pin_changed"):
        template = _("Note pinned: {text}") if pinned else _("Note unpinned: {text}")
    else:
        template = _("Pinned note: {text}") if pinned else _("Note: {text}")
    return template.format(text=text)


def _dispute_opened(f: Facts) -> str:
    text = _("Dispute opened ({reason}) on {invoices}").format(
        reason=reason_label(f.text("reason")), invoices=f.lines("invoices")
    )
    return f.with_note(text)


def _dispute_closed(f: Facts) -> str:
    if f.text("outcome") == "resolved":
        text = _("Dispute on {invoices} resolved in the customer's favour")
    else:
        text = _("Dispute on {invoices} rejected: reminders resume")
    return f.with_note(text.format(invoices=f.numbers()))


def _promise_made(f: Facts) -> str:
    if f.has("plan_id"):
        count = f.cents("instalments")
        return ngettext(
            "Payment plan agreed: {total} in {n} instalment from {first}",
            "Payment plan agreed: {total} in {n} instalments from {first}",
            count,
        ).format(total=f.money("total_cents"), n=count, first=f.day("first"))
    text = _("Promise to pay {amount} by {day}").format(
        amount=f.money("amount_cents"), day=f.day("promised_on")
    )
    if f.get("numbers"):
        text += _(" for {invoices}").format(invoices=f.numbers())
    return f.with_note(text)


def _promise_judged(f: Facts) -> str:
    outcome = f.text("outcome")
    facts = {
        "amount": f.money("amount_cents"),
        "day": f.day("promised_on"),
        "paid": f.money("paid_cents"),
    }
    if outcome == "kept":
        return _("Promise kept: {amount} by {day}").format(**facts)
    if outcome == "partly_kept":
        return _("Promise partly kept: {paid} of {amount} by {day}").format(**facts)
    return _("Promise broken: {amount} by {day}").format(**facts)


# --- letters and emails ------------------------------------------------------------------------
def _level(f: Facts) -> str:
    """A level's own name as the user typed it, or the shipped name in the window's language."""
    name = f.text("level_name")
    if name:
        return name
    template = f.text("template")
    label = LEVEL_LABELS.get(template)
    return _(label) if label else template


def channel_words(channels: Sequence[str]) -> str:
    """`email + letter`, in the current language."""
    return " + ".join(_(CHANNEL_WORDS[c]) if c in CHANNEL_WORDS else c for c in channels)


def _sent(f: Facts) -> str:
    """A letter posted or an email queued: a reminder, a thank-you, or a message by hand."""
    by_email = f.kind == EventKind.EMAIL_QUEUED
    template = f.opt("template")
    if template == "thank_you":
        if by_email:
            return _("Thank-you email queued: {subject}").format(subject=f.text("subject"))
        return _("Thank-you letter: {subject}").format(subject=f.text("subject"))
    if template == "promise_confirmation":
        amount, day = f.money("amount_cents"), f.day("promised_on")
        if by_email:
            return _("Promise confirmed by email to {to}: {amount} by {day}").format(
                to=f.text("to"), amount=amount, day=day
            )
        return _("Promise confirmed by letter: {amount} by {day}").format(amount=amount, day=day)
    if not f.has("level"):
        if template or not by_email:
            raise Missing("level")
        return _("Email queued to {to}: {subject}").format(
            to=f.text("to"), subject=f.text("subject")
        )
    channels = f.get("channels")
    if not isinstance(channels, list):
        raise Missing("channels")
    amount = f.money("claimed_cents")
    if f.has("penalties_cents") and f.cents("penalties_cents"):
        amount += f" + {f.money('penalties_cents')}"
    text = _("{level} ({channels}) — {invoices}: {amount}").format(
        level=_level(f), channels=channel_words(channels), invoices=f.numbers(), amount=amount
    )
    if f.payload.get("edited"):
        text += " " + _("(edited)")
    return text


def _notice_tracked(f: Facts) -> str:
    """A registered letter's tracking number and the day it was received."""
    parts = [
        _("{level} of {sent}, registered letter").format(level=_level(f), sent=f.day("sent_on"))
    ]
    if f.text("tracking_number"):
        parts.append(_("tracking number {number}").format(number=f.text("tracking_number")))
    if f.text("received_on"):
        parts.append(
            _("received on {received}: to be paid by {deadline}").format(
                received=f.day("received_on"), deadline=f.day("deadline")
            )
        )
    else:
        parts.append(_("receipt not known yet"))
    return ", ".join(parts)


def _email_sent(f: Facts) -> str:
    how = f.text("sent_as")
    if how == "confirmed":
        template = _("Email confirmed as sent to {to}: {subject}")
    elif how == "from_log":
        template = _("Email sent to {to} (found in the send log): {subject}")
    else:
        template = _("Email sent to {to}: {subject}")
    return template.format(to=f.text("to"), subject=f.text("subject"))


def _reminder_skipped(f: Facts) -> str:
    return _("{level} held back until {day} for {invoices}: {reason}").format(
        level=_level(f), day=f.day("until"), invoices=f.numbers(), reason=f.text("reason") or "—"
    )


# --- hold, agency, lawyer ----------------------------------------------------------------------
def _hold_on(f: Facts) -> str:
    text = _("Put on hold: {reason}").format(reason=f.text("reason"))
    if f.opt("until"):
        text += _(" (until {day})").format(day=f.day("until"))
    return text


def _handed_over(f: Facts) -> str:
    text = _("Handed over to {whom}").format(whom=handed_to_label(f.text("to")))
    if f.opt("who"):
        text += f" ({f.opt('who')})"
    return f.with_note(text)


def _taken_back(f: Facts) -> str:
    f.get("note")
    return f.with_note(_("Taken back from the agency or lawyer; reminders resume"))


_RENDERERS: dict[str, Callable[[Facts], str]] = {
    EventKind.CUSTOMER_CREATED: _customer_created,
    EventKind.CUSTOMER_UPDATED: _customer_updated,
    EventKind.CONTACT_CHANGED: _contact_changed,
    EventKind.INVOICE_ISSUED: _invoice_issued,
    EventKind.INVOICE_UPDATED: _invoice_updated,
    EventKind.INVOICE_SETTLED_EXTERNALLY: _invoice_settled,
    EventKind.PAYMENT_RECEIVED: _entry_received,
    EventKind.CREDIT_NOTE: _entry_received,
    EventKind.ACCOUNTING_ENTRY: _entry_received,
    EventKind.ENTRY_UPDATED: _entry_updated,
    EventKind.PAYMENT_DELETED: _entry_deleted,
    EventKind.PENALTIES_CLAIMED: _penalties_claimed,
    EventKind.PENALTIES_WAIVED: _penalties_waived,
    EventKind.WRITTEN_OFF: _written_off,
    EventKind.CALL: _call,
    EventKind.NOTE: _note,
    EventKind.DISPUTE_OPENED: _dispute_opened,
    EventKind.DISPUTE_CLOSED: _dispute_closed,
    EventKind.PROMISE_MADE: _promise_made,
    EventKind.PROMISE_KEPT: _promise_judged,
    EventKind.PROMISE_BROKEN: _promise_judged,
    EventKind.LETTER_SENT: _sent,
    EventKind.EMAIL_QUEUED: _sent,
    EventKind.EMAIL_SENT: _email_sent,
    EventKind.NOTICE_TRACKED: _notice_tracked,
    EventKind.REMINDER_SKIPPED: _reminder_skipped,
    EventKind.HOLD_ON: _hold_on,
    EventKind.HANDED_OVER: _handed_over,
    EventKind.TAKEN_BACK: _taken_back,
}

# Kinds whose sentence needs no fact at all.
_FIXED: dict[str, Callable[[], str]] = {
    EventKind.HOLD_OFF: lambda: _("Hold lifted: reminders resume"),
}
