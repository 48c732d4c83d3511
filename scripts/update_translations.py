"""Extract every translatable string from app/ and merge it into resources/locale/*.po.

Run after adding or changing user-visible text; then translate the new empty entries.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "resources" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGUAGES = ("fr",)


def extract() -> Catalog:
    template = Catalog(project="Relance", charset="utf-8")
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(ROOT / "app"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        template.add(message, None, [(f"app/{filename}", lineno)], auto_comments=comments)
    return template


def merge(template: Catalog, language: str) -> tuple[int, int]:
    path = LOCALE_DIR / f"{language}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(locale=language, project="Relance", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    return len(catalog), sum(1 for m in catalog if m.id and not is_translated(m.string))


def is_translated(value: object) -> bool:
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, tuple | list) and all(value)


def main() -> int:
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    template = extract()
    for language in LANGUAGES:
        total, missing = merge(template, language)
        print(f"{language}: {total} messages, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
