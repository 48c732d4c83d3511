"""The top of the customer file: who they are, who to talk to, and where the account stands."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.identifiers import format_iban
from app.i18n import _, ngettext
from app.services.collection_end import handed_to_label
from app.services.customer_file import ContactRow, CustomerHeader
from app.ui.formatting import date_text, money_text, percent_text

CHANNEL_LABELS = {
    "letter": lambda: _("prefers letters"),
    "email": lambda: _("prefers email"),
    "phone": lambda: _("prefers the phone"),
}
SEGMENT_LABELS = {
    "standard": lambda: _("Standard"),
    "premium": lambda: _("Premium"),
    "watch": lambda: _("Watch"),
}


def segment_label(segment: str) -> str:
    label = SEGMENT_LABELS.get(segment)
    return label() if label is not None else segment


def contact_html(contact: ContactRow | None) -> str:
    if contact is None:
        return "<i>" + escape(_("No contact yet")) + "</i>"
    name = f"<b>{escape(contact.name)}</b>"
    if contact.role:
        name += f" ({escape(contact.role)})"
    parts = [name]
    parts += [escape(p) for p in (contact.phone, contact.email) if p]
    channel = CHANNEL_LABELS.get(contact.preferred_channel)
    details = [channel()] if channel else []
    if contact.best_time:
        details.append(_("best reached {when}").format(when=contact.best_time))
    line = " · ".join(parts)
    if details:
        line += "<br><span style='color:#555'>" + escape(", ".join(details)) + "</span>"
    return line


class FigureBox(QFrame):
    """A figure with its caption, the way a dashboard tile shows it."""

    def __init__(self, object_name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(self)
        self.caption.setStyleSheet("color: #555;")
        self.value = QLabel(self)
        self.value.setObjectName(f"{object_name}_value")
        self.value.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)

    def show_figure(self, caption: str, value: str, colour: str = "") -> None:
        self.caption.setText(caption)
        self.value.setText(value)
        self.value.setStyleSheet(
            "font-size: 16px; font-weight: 600;" + (f" color: {colour};" if colour else "")
        )


class CustomerHeaderPanel(QWidget):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_header")
        self.name = QLabel(self)
        self.name.setObjectName("customer_name")
        self.name.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hold_badge = QLabel(self)
        self.hold_badge.setObjectName("hold_badge")
        self.hold_badge.setStyleSheet(
            "background: #fff1e0; color: #8a4500; border: 1px solid #e0a060;"
            " border-radius: 4px; padding: 2px 8px; font-weight: 600;"
        )
        self.identity = QLabel(self)
        self.identity.setObjectName("customer_identity")
        self.identity.setWordWrap(True)
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact = QLabel(self)
        self.contact.setObjectName("primary_contact")
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.policy = QLabel(self)
        self.policy.setObjectName("customer_policy")
        self.policy.setWordWrap(True)

        self.due = FigureBox("figure_due", self)
        self.overdue = FigureBox("figure_overdue", self)
        self.disputed = FigureBox("figure_disputed", self)
        self.credit = FigureBox("figure_credit", self)
        self.days_late = FigureBox("figure_days_late", self)
        self.promises = FigureBox("figure_promises", self)

        title = QHBoxLayout()
        title.addWidget(self.name)
        title.addWidget(self.hold_badge)
        title.addStretch(1)
        self.title_row = title  # the view adds the account's own actions at its right
        facts = QGridLayout()
        facts.setHorizontalSpacing(24)
        facts.addWidget(self.identity, 0, 0)
        facts.addWidget(self.contact, 0, 1)
        facts.addWidget(self.policy, 0, 2)
        for column in range(3):
            facts.setColumnStretch(column, 1)
        figures = QHBoxLayout()
        for box in (
            self.due,
            self.overdue,
            self.disputed,
            self.credit,
            self.days_late,
            self.promises,
        ):
            figures.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title)
        layout.addLayout(facts)
        layout.addLayout(figures)

    def show_header(self, header: CustomerHeader) -> None:
        self.name.setText(header.name)
        if header.handed_over_to:
            self.hold_badge.setText(
                _("Handed over to {whom} on {day}").format(
                    whom=handed_to_label(header.handed_over_to),
                    day=date_text(header.handed_over_on) if header.handed_over_on else "—",
                )
            )
            self.hold_badge.setToolTip(_("No reminder while the debt is with them."))
            self.hold_badge.show()
        elif header.on_hold:
            badge = _("On hold")
            if header.hold_until is not None:
                badge = _("On hold until {day}").format(day=date_text(header.hold_until))
            self.hold_badge.setText(badge)
            self.hold_badge.setToolTip(header.hold_reason)
            self.hold_badge.show()
        else:
            self.hold_badge.hide()
        kind = _("Business") if header.kind == "business" else _("Individual")
        first = [header.ref, kind]
        if header.siret:
            first.append(_("SIRET {number}").format(number=header.siret))
        lines = [" · ".join(first), *header.address]
        if header.country != "FR":
            lines.append(header.country)
        if header.iban:
            lines.append(_("IBAN {number}").format(number=format_iban(header.iban)))
        self.identity.setText("<br>".join(escape(line) for line in lines))
        self.contact.setText(contact_html(header.primary_contact))
        policy = (
            header.policy_name
            if header.dunning_policy
            else _("{policy} (from the segment)").format(policy=header.policy_name)
        )
        policy_lines = [
            _("Segment: {segment}").format(segment=segment_label(header.segment)),
            _("Dunning policy: {policy}").format(policy=policy),
            ngettext(
                "Payment terms: {n} day", "Payment terms: {n} days", header.payment_terms_days
            ).format(n=header.payment_terms_days),
        ]
        if header.on_hold:
            policy_lines.append(_("Hold: {reason}").format(reason=header.hold_reason))
        self.policy.setText("<br>".join(escape(line) for line in policy_lines))
        self._show_figures(header)

    def _show_figures(self, header: CustomerHeader) -> None:
        currency = header.currency
        self.due.show_figure(_("Total due"), money_text(header.due_cents, currency))
        self.overdue.show_figure(
            _("Overdue"),
            money_text(header.overdue_cents, currency),
            "#b00020" if header.overdue_cents else "",
        )
        self.disputed.show_figure(
            _("Disputed"),
            money_text(header.disputed_cents, currency),
            "#b35c00" if header.disputed_cents else "",
        )
        self.credit.show_figure(_("Credit to use"), money_text(header.credit_cents, currency))
        late = header.average_days_late
        self.days_late.show_figure(
            _("Average days late (12 months)"),
            "—" if late is None else ngettext("{n} day", "{n} days", late).format(n=late),
        )
        kept = header.promises_kept
        self.promises.show_figure(_("Promises kept"), "—" if kept is None else percent_text(kept))
