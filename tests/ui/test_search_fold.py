"""The search keys' folding: case and accents aside, exactly as a test per character would."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.ui.models.row_table import fold


def by_character(text: str) -> str:
    """The plain definition: casefold, decompose, drop every combining mark of the basic plane."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not (ord(c) < 0x10000 and unicodedata.combining(c)))


@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",))))
def test_fold_drops_the_marks_a_test_per_character_drops(text: str) -> None:
    assert fold(text) == by_character(text)


def test_fold_reads_names_as_people_type_them() -> None:
    assert fold("Boulangerie du Parc à Genève") == "boulangerie du parc a geneve"
    assert fold("ÇA SARL Straße ﬁnance Москва й") == "ca sarl strasse finance москва и"
    assert fold("Łódź Ærø") == "łodz ærø"  # letters, not marks: kept
