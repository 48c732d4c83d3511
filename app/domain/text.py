"""Single-line text: what names, addresses, references and email addresses may hold.

They end up in email headers, letters' address blocks and file names, where a line break or
another control character changes the meaning (a name holding "\\r\\nBcc: …" adds a header to
every email written to that customer). They are refused wherever such text comes in.
"""

from __future__ import annotations

import re

# C0 and C1 controls (line breaks, tab, escape, NUL…), DEL, and Unicode's line and paragraph
# separators, which some programs also take for line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
_PART = r"[^@\s\x00-\x1f\x7f-\x9f\u2028\u2029]+"
# Anchored with \A and \Z, not ^ and $: `$` also matches before a final line break.
EMAIL = re.compile(rf"\A{_PART}@{_PART}\.{_PART}\Z")


def has_control(text: str) -> bool:
    """Whether `text` holds a line break or another control character."""
    return _CONTROL.search(text) is not None


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a text typed over several lines, each stripped."""
    return [part.strip() for part in _BREAKS.split(text) if part.strip()]


def is_email(text: str) -> bool:
    """Looks like `name@domain.tld`, whole, without a control character."""
    return EMAIL.match(text) is not None
