"""The demo's individuals and contacts have the civility their names call for, so that its
letters say "Madame," or "Monsieur," and not "Madame, Monsieur,"."""

from __future__ import annotations

import random

from app.domain.civility import split_name
from app.services.demo_customers import FOREIGN_WOMEN, foreign_business, french_business, individual


def test_an_individual_has_the_civility_their_name_starts_with() -> None:
    rng = random.Random(11)
    specs = [individual(rng, f"411{n:05d}", set()) for n in range(1, 60)]
    assert {spec.fields["civility"] for spec in specs} == {"m", "mme"}
    for spec in specs:
        assert split_name(spec.name)[0] == spec.fields["civility"]
        (contact,) = spec.contacts
        assert contact.civility == spec.fields["civility"]


def test_every_business_contact_has_a_civility() -> None:
    rng = random.Random(5)
    specs = [french_business(rng, f"411{n:05d}", set()) for n in range(1, 40)]
    countries = ["BE", "DE", "CH", "GB"]
    specs += [foreign_business(rng, f"411F{n:04d}", set(), c) for n, c in enumerate(countries)]
    contacts = [contact for spec in specs for contact in spec.contacts]
    assert {c.civility for c in contacts} == {"m", "mme"}
    for contact in specs[-4:]:
        (person,) = contact.contacts
        assert (person.civility == "mme") == (person.name.split()[0] in FOREIGN_WOMEN)
