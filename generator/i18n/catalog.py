"""The message catalogs: `en/*.po`, one file per part of the site, read with Babel and merged.

Several files instead of one keep the parts of the site apart (a change to the rankings' words
touches `en/rankings.po` only). A message id may appear in more than one file only with the same
translation; tests/test_i18n_catalog.py checks that, and that every message the code and templates
use has a translation and every translation is still used.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG_DIR = Path(__file__).parent


class CatalogConflict(ValueError):
    """One message translated two ways in two catalog files."""


def catalog_files(language: str) -> list[Path]:
    return sorted((CATALOG_DIR / language).glob("*.po"))


def read_messages(language: str) -> dict:
    """{message id: translation} of every catalog file of `language`; plural ids are tuples
    (singular, plural) with a tuple of forms, a message in a context is keyed "context\x04id"
    (gettext's own convention). Untranslated and fuzzy
    entries are left out, so that the page shows the Chinese text rather than a wrong word (and
    the catalog test fails)."""
    messages: dict = {}
    where: dict = {}
    for path in catalog_files(language):
        with path.open("rb") as fp:
            catalog = read_po(fp, locale=language)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                continue
            key = f"{message.context}\x04{message.id}" if message.context else message.id
            value = message.string
            if key in messages and messages[key] != value:
                raise CatalogConflict(
                    f"{path.name}: {key!r} translated as {value!r}, but {where[key]} says {messages[key]!r}"
                )
            messages[key] = value
            where[key] = path.name
    return messages


class _Translations(gettext_module.NullTranslations):
    """gettext's interface over the merged catalogs (English: two plural forms)."""

    def __init__(self, messages: dict):
        super().__init__()
        self._messages = messages

    def gettext(self, message):
        return self._messages.get(message, message)

    def ngettext(self, singular, plural, n):
        forms = self._messages.get((singular, plural))  # Babel keys a plural by its two ids
        if isinstance(forms, tuple):
            return forms[0] if n == 1 else forms[-1]
        return singular if n == 1 else plural

    def pgettext(self, context, message):
        return self._messages.get(f"{context}\x04{message}", message)


@functools.cache
def translations(language: str) -> _Translations:
    return _Translations(read_messages(language))
