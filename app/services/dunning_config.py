"""Editing what reminders are made of: policies and their levels, letter texts, penalty rates.

Each save checks everything first and refuses with one clear sentence; nothing half-written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.db.models import DunningLevel, DunningPolicy, LetterTemplate, RatePeriodRow
from app.domain.calendar import Clock
from app.domain.dunning import CHANNELS, LETTER, Level
from app.domain.penalties import JURISDICTIONS, RatePeriod
from app.i18n import _
from app.letters import texts
from app.letters.texts import LetterText, TemplateError
from app.services.dunning import ensure_shipped_policies, jurisdiction, load_policies
from app.services.ledger import LedgerError


def check_levels(levels: Sequence[Level]) -> None:
    if not levels:
        raise LedgerError(_("A policy needs at least one level."))
    days = [lv.days for lv in levels]
    if days != sorted(days) or len(set(days)) != len(days):
        raise LedgerError(_("Each level must come later than the one before it."))
    for number, level in enumerate(levels, start=1):
        if not level.channels or any(c not in CHANNELS for c in level.channels):
            raise LedgerError(_("Level {n}: choose letter, email or phone.").format(n=number))
        if level.template not in texts.KEYS:
            raise LedgerError(_("Level {n}: no such letter text.").format(n=number))
        if level.min_overdue_cents < 0 or level.min_days_since_previous < 0:
            raise LedgerError(_("Level {n}: minimums cannot be negative.").format(n=number))
        if level.days < 0 and LETTER in level.channels:
            raise LedgerError(
                _(
                    "Level {n}: a reminder before the due date cannot go by post (it would "
                    "arrive after the date); choose email or phone."
                ).format(n=number)
            )


def states_penalties(text: LetterText) -> bool:
    """Whether a text states penalties (their amounts, or the total with them)."""
    used = set(texts.placeholders_in(text.subject)) | set(texts.placeholders_in(text.body))
    return bool(used & set(texts.PENALTY_PLACEHOLDERS))


def check_texts_agree(
    session: Session, levels: Sequence[Level], *, changed: LetterText | None = None
) -> None:
    """A level either claims penalties (its total includes them and its text states them) or
    does not (its text may say they *may* apply, but states no amount): refuse a mismatch."""
    for number, level in enumerate(levels, start=1):
        for language in texts.LANGUAGES:
            text = (
                changed
                if changed is not None
                and (changed.key, changed.language) == (level.template, language)
                else text_state(session, level.template, language).text
            )
            states = states_penalties(text)
            if level.state_penalties and not states:
                raise LedgerError(
                    _(
                        "Level {n} claims penalties, but its text ({language}) states none: add "
                        "{{total_with_penalties}} (and {{interest}}, {{fixed_fees}}) to the text, "
                        "or untick “claims penalties”."
                    ).format(n=number, language=language)
                )
            if not level.state_penalties and states:
                raise LedgerError(
                    _(
                        "Level {n} does not claim penalties, but its text ({language}) states "
                        "them: its total would not agree with its words. Tick “claims penalties”, "
                        "or take {{interest}}, {{fixed_fees}} and {{total_with_penalties}} out of "
                        "the text."
                    ).format(n=number, language=language)
                )


def save_policy(
    session: Session,
    key: str,
    name: str,
    levels: Sequence[Level],
    *,
    create: bool = False,
    after_broken: int | None = None,
) -> None:
    """Replace a policy's levels (ranked in their order), or create a new policy."""
    key, name = key.strip(), name.strip()
    if not key or not name:
        raise LedgerError(_("A policy needs a key and a name."))
    check_levels(levels)
    check_texts_agree(session, levels)
    policy = session.scalars(select(DunningPolicy).where(DunningPolicy.key == key)).first()
    if create and policy is not None:
        raise LedgerError(_("The key “{key}” is already used.").format(key=key))
    if policy is None:
        if not create:
            raise LedgerError(_("This policy does not exist."))
        policy = DunningPolicy(key=key, name=name, shipped=False)
        session.add(policy)
    if after_broken is not None and not 1 <= after_broken <= len(levels):
        raise LedgerError(_("After a broken promise: choose one of the policy's levels."))
    policy.name = name
    policy.after_broken_rank = after_broken
    policy.levels.clear()
    session.flush()
    for rank, level in enumerate(levels, start=1):
        policy.levels.append(
            DunningLevel(
                rank=rank,
                name=level.name,
                days=level.days,
                channels=",".join(level.channels),
                template=level.template,
                min_overdue_cents=level.min_overdue_cents,
                min_days_since_previous=level.min_days_since_previous,
                state_penalties=level.state_penalties,
                formal_notice=level.formal_notice,
                manual_only=level.manual_only,
                attach_statement=level.attach_statement,
            )
        )
    session.flush()


def policies(session: Session) -> dict[str, tuple[str, list[Level]]]:
    ensure_shipped_policies(session)
    return {
        key: (policy.name, sorted(policy.levels, key=lambda lv: lv.rank))
        for key, policy in load_policies(session).items()
    }


def after_broken_ranks(session: Session) -> dict[str, int | None]:
    ensure_shipped_policies(session)
    return {key: policy.after_broken for key, policy in load_policies(session).items()}


# --- texts ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextState:
    text: LetterText
    customised: bool


def text_state(session: Session, key: str, language: str) -> TextState:
    own = session.scalars(
        select(LetterTemplate).where(LetterTemplate.key == key, LetterTemplate.language == language)
    ).first()
    if own is not None:
        return TextState(LetterText(key, language, own.subject, own.body), True)
    return TextState(texts.shipped(key, language, jurisdiction(session)), False)


def save_text(session: Session, clock: Clock, text: LetterText) -> None:
    """Keep the user's version of a text; refused when a placeholder is unknown."""
    try:
        texts.check(text)
    except TemplateError as exc:
        raise LedgerError(str(exc)) from exc
    for _name, levels in policies(session).values():
        check_texts_agree(session, levels, changed=text)
    own = session.scalars(
        select(LetterTemplate).where(
            LetterTemplate.key == text.key, LetterTemplate.language == text.language
        )
    ).first()
    if own is None:
        own = LetterTemplate(key=text.key, language=text.language, subject="", body="")
        session.add(own)
    own.subject, own.body, own.updated_at = text.subject.strip(), text.body, clock.now()


def reset_text(session: Session, key: str, language: str) -> None:
    """Back to Relance's own text."""
    session.execute(
        delete(LetterTemplate).where(LetterTemplate.key == key, LetterTemplate.language == language)
    )


# --- penalty rates -------------------------------------------------------------------------------
def rates(session: Session) -> list[RatePeriod]:
    return [
        RatePeriod(r.jurisdiction, r.starts_on, r.reference_bp, r.legal_bp)
        for r in session.scalars(
            select(RatePeriodRow).order_by(RatePeriodRow.jurisdiction, RatePeriodRow.starts_on)
        )
    ]


def save_rates(session: Session, periods: Sequence[RatePeriod]) -> None:
    """Replace the whole table: half-years starting 1 January or 1 July, one per country."""
    seen: set[tuple[str, date]] = set()
    for period in periods:
        if period.jurisdiction not in JURISDICTIONS:
            raise LedgerError(_("Rates are kept for France (FR) and the United Kingdom (GB)."))
        if period.starts_on.day != 1 or period.starts_on.month not in (1, 7):
            raise LedgerError(
                _("A rate period starts on 1 January or 1 July ({day}).").format(
                    day=period.starts_on.isoformat()
                )
            )
        if (period.jurisdiction, period.starts_on) in seen:
            raise LedgerError(
                _("Two rates for {country} from {day}.").format(
                    country=period.jurisdiction, day=period.starts_on.isoformat()
                )
            )
        if period.reference_bp < 0 or (period.legal_bp is not None and period.legal_bp < 0):
            raise LedgerError(_("A rate cannot be negative."))
        seen.add((period.jurisdiction, period.starts_on))
    session.execute(delete(RatePeriodRow))
    session.add_all(
        RatePeriodRow(
            jurisdiction=p.jurisdiction,
            starts_on=p.starts_on,
            reference_bp=p.reference_bp,
            legal_bp=p.legal_bp,
        )
        for p in periods
    )
    session.flush()


def _stored_name(session: Session, key: str | None) -> str | None:
    """A policy's name as stored (a shipped one in English), for the history to translate."""
    if key is None:
        return None
    return session.scalar(select(DunningPolicy.name).where(DunningPolicy.key == key))


def set_customer_policy(session: Session, clock: Clock, customer_id: int, key: str | None) -> None:
    """Give a customer a policy of its own, or (None) the one of its segment again."""
    from app.db.models import Customer
    from app.domain.events import EventKind
    from app.services import history

    customer = session.get(Customer, customer_id)
    if customer is None:
        raise LedgerError(_("This customer does not exist."))
    known = policies(session)
    if key is not None and key not in known:
        raise LedgerError(_("This policy does not exist."))
    if customer.dunning_policy == key:
        return
    customer.dunning_policy = key
    customer.updated_at = clock.now()
    summary = (
        _("Dunning policy: {policy}").format(policy=known[key][0])
        if key is not None
        else _("Dunning policy: from the segment again")
    )
    history.record(
        session,
        clock,
        customer.id,
        EventKind.CUSTOMER_UPDATED,
        summary,
        payload={"policy": key, "policy_name": _stored_name(session, key)},
    )
