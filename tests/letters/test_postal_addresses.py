"""Address blocks by La Poste's NF Z 10-011 and the destination's rules (issue 16, items 10–12)."""

from __future__ import annotations

import pytest

from app.letters.address import (
    FR_MAX_CHARS,
    FR_MAX_LINES,
    PostalAddress,
    attention_line,
    recipient_lines,
    return_line,
)


def _within_the_standard(lines: list[str]) -> None:
    assert len(lines) <= FR_MAX_LINES, lines
    assert all(len(line) <= FR_MAX_CHARS for line in lines), lines


def _words(text: str) -> list[str]:
    return text.replace(",", " ").split()


def test_a_long_company_name_takes_two_lines_and_keeps_every_word() -> None:
    name = "Société Lyonnaise de Distribution Alimentaire et de Services"
    lines = recipient_lines(
        PostalAddress(name, "", ("12 rue de la République",), "69002", "Lyon"), "FR", "fr"
    )
    assert lines == [
        "Société Lyonnaise de Distribution",
        "Alimentaire et de Services",
        "12 rue de la République",
        "69002 LYON",
    ]
    assert _words(" ".join(lines[:2])) == _words(name)


def test_the_building_comes_before_the_street_and_the_lieu_dit_after_it() -> None:
    address = PostalAddress(
        "Mme Virginie Guérin",
        "",
        ("Lieu-dit Les Granges", "Chemin des Vignes", "Résidence du Parc, bâtiment C"),
        "69210",
        "L’Arbresle",
    )
    assert recipient_lines(address, "FR", "fr") == [
        "Mme Virginie Guérin",
        "Résidence du Parc, bâtiment C",
        "Chemin des Vignes",
        "Lieu-dit Les Granges",
        "69210 L ARBRESLE",
    ]


def test_a_po_box_goes_after_the_street_and_cedex_is_kept_without_punctuation() -> None:
    address = PostalAddress(
        "Transports Legrand & Cie",
        "",
        ("BP 45", "45 rue de l’Industrie"),
        "42100",
        "Saint-Étienne Cedex 2",
    )
    assert recipient_lines(address, "FR", "fr")[-3:] == [
        "45 rue de l’Industrie",
        "BP 45",
        "42100 SAINT ETIENNE CEDEX 2",
    ]


def test_a_long_line_is_abbreviated_just_enough_never_cut_inside_a_word() -> None:
    address = PostalAddress(
        "Dupont SARL",
        "À l’attention d’Agnès Martin",
        ("Résidence du Parc, bâtiment C, appartement 12", "145 boulevard du Maréchal Foch"),
        "69006",
        "Lyon",
    )
    lines = recipient_lines(address, "FR", "fr")
    _within_the_standard(lines)
    assert lines[2] == "Résidence du Parc, bâtiment C, app. 12"  # not "…bâtiment C, ap."
    assert lines[3] == "145 boulevard du Maréchal Foch"  # fits: left as typed


def test_a_line_too_long_even_abbreviated_goes_on_two_lines_with_all_its_words() -> None:
    street = "Résidence Les Jardins de la Vallée de l’Azergues, entrée B, escalier 3"
    address = PostalAddress("M. Paul Martin", "", (street, "7 rue Pasteur"), "69210", "Lentilly")
    lines = recipient_lines(address, "FR", "fr")
    _within_the_standard(lines)
    assert len(lines) == 5
    assert " ".join(lines[1:3]).startswith("Résidence Les Jardins de la Vallée")
    assert all(w.rstrip(".") for w in _words(" ".join(lines[1:3])))


def test_a_crowded_block_abbreviates_rather_than_dropping_a_line() -> None:
    address = PostalAddress(
        "Établissements Martin et Compagnie Négoce International",
        "À l’attention de M. Jean-Baptiste Durand",
        ("Zone industrielle des Grands Prés, bâtiment 4", "145 boulevard Jean Jaurès"),
        "42100",
        "Saint-Étienne",
    )
    lines = recipient_lines(address, "FR", "fr")
    _within_the_standard(lines)
    assert "ZI des Grands Prés, bâtiment 4" in lines
    assert "À l’att. de M. Jean-Baptiste Durand" in lines  # 40 characters as typed
    assert lines[-1] == "42100 SAINT ETIENNE"
    assert _words(" ".join(lines[:2])) == _words(address.name)


def test_the_last_line_has_no_punctuation() -> None:
    address = PostalAddress("Garage Favre", "", ("2 rue Centrale",), "69210", "L'Arbresle")
    assert recipient_lines(address, "FR", "fr")[-1] == "69210 L ARBRESLE"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            PostalAddress("Brasserie Dupont", "", ("Rue Neuve 1",), "1000", "Bruxelles", "BE"),
            ["Brasserie Dupont", "Rue Neuve 1", "1000 BRUXELLES", "BELGIQUE"],
        ),
        (
            PostalAddress("Müller GmbH", "", ("Marienplatz 8",), "80331", "München", "DE"),
            ["Müller GmbH", "Marienplatz 8", "80331 MÜNCHEN", "ALLEMAGNE"],
        ),
        (
            PostalAddress("Favre SA", "", ("Rue du Rhône 12",), "1204", "Genève", "CH"),
            ["Favre SA", "Rue du Rhône 12", "1204 GENÈVE", "SUISSE"],
        ),
        (
            PostalAddress("SAM Rocher", "", ("2 avenue de Monte-Carlo",), "98000", "Monaco", "MC"),
            ["SAM Rocher", "2 avenue de Monte-Carlo", "98000 MONACO"],
        ),
        (
            PostalAddress(
                "Acme Inc", "", ("500 Market Street",), "94103", "San Francisco", "US", "California"
            ),
            ["Acme Inc", "500 Market Street", "SAN FRANCISCO CA 94103", "ETATS-UNIS"],
        ),
        (
            PostalAddress("Smith Ltd", "", ("10 Downing Street",), "SW1A 2AA", "London", "GB"),
            ["Smith Ltd", "10 Downing Street", "LONDON", "SW1A 2AA", "ROYAUME-UNI"],
        ),
    ],
)
def test_mail_posted_from_france_names_the_country_in_french(
    address: PostalAddress, expected: list[str]
) -> None:
    assert recipient_lines(address, "FR", "en") == expected  # whatever the letter's language


def test_a_british_sender_writes_no_country_at_home_and_english_names_abroad() -> None:
    london = PostalAddress("Smith Ltd", "", ("10 Downing Street",), "SW1A 2AA", "London", "GB")
    assert recipient_lines(london, "GB", "en") == [
        "Smith Ltd",
        "10 Downing Street",
        "LONDON",
        "SW1A 2AA",
    ]
    lyon = PostalAddress("Dupont SARL", "", ("3 place Bellecour",), "69002", "Lyon")
    assert recipient_lines(lyon, "GB", "fr") == [
        "Dupont SARL",
        "3 place Bellecour",
        "69002 LYON",
        "FRANCE",
    ]
    geneva = PostalAddress("Favre SA", "", ("Rue du Rhône 12",), "1204", "Genève", "CH")
    assert recipient_lines(geneva, "GB", "en")[-2:] == ["1204 GENÈVE", "SWITZERLAND"]


def test_a_us_state_typed_as_its_code_prints_the_same() -> None:
    address = PostalAddress("Acme Inc", "", ("1 Main St",), "94103", "San Francisco", "US", "ca")
    assert "SAN FRANCISCO CA 94103" in recipient_lines(address, "FR", "en")


@pytest.mark.parametrize(
    ("contact", "line"),
    [
        ("Agnès Martin", "À l’attention d’Agnès Martin"),
        ("Hélène Roux", "À l’attention d’Hélène Roux"),
        ("Marc Dupont", "À l’attention de Marc Dupont"),
        ("Mme Agnès Martin", "À l’attention de Mme Agnès Martin"),
    ],
)
def test_the_attention_line_elides_before_a_vowel(contact: str, line: str) -> None:
    assert attention_line(contact, "fr") == line


def test_the_return_line_drops_the_street_before_cutting_the_town() -> None:
    parts = ("12 quai Saint-Vincent, bâtiment des Archives", "69001 Lyon")

    def fits(text: str) -> bool:
        return len(text) <= 40

    line = return_line("Bureautique Lyonnaise", parts, fits)
    assert line == "Bureautique Lyonnaise · 69001 Lyon"
    assert return_line("Bureautique Lyonnaise", parts, lambda text: True).count("·") == 2
    assert return_line("B", ("69001 Lyon",), lambda text: False) == "69001 Lyon"
