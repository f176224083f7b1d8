"""Keeps the message catalogues in step with the code: ``python -m service.presentation.catalog``
extracts every message from the templates and the modules of ``service`` (with Babel) and merges
them into each ``locale/<lang>/LC_MESSAGES/messages.po``, keeping the translations there.
The tests check that every message has a Swedish translation."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from service.presentation.i18n import LANGUAGES, LOCALE_DIR

SERVICE = Path(__file__).parent.parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "t": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    catalog = Catalog(project="grannskap", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        SERVICE, METHODS, keywords=KEYWORDS, options_map={"**/templates/**.html": {}}
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update() -> list[str]:
    """Merges the extracted messages into every catalogue; returns the missing ones."""
    template = extract()
    missing: list[str] = []
    for lang, locale in LANGUAGES.items():
        if lang == "en":
            continue  # the messages are English
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as f:
            catalog = read_po(f, locale=locale)
        created = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = created  # a stable header: no change when no message did
        catalog.obsolete.clear()
        with path.open("wb") as f:
            write_po(f, catalog, width=100, sort_output=True, no_location=True)
        missing += [f"{lang}: {m.id}" for m in catalog if m.id and not _translated(m)]
    return missing


def _translated(message: object) -> bool:
    string = message.string  # type: ignore[attr-defined]
    return all(string) if isinstance(string, tuple | list) else bool(string)


if __name__ == "__main__":
    left = update()
    print("\n".join(left) or "every message is translated")
    sys.exit(1 if left else 0)
