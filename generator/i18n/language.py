"""Which language is being rendered, and the message lookup in it."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from generator.i18n.catalog import translations

SOURCE_LANGUAGE = "zh"  # the language of the message ids: the pages are written in Chinese
LANGUAGES = ("zh", "en")  # every edition a build can publish, the source language first
# Where each edition is published, relative to the site's root.
_PREFIXES = {"zh": "", "en": "en/"}

_current: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def current() -> str:
    """The language being rendered ("zh" outside any `use`)."""
    return _current.get()


@contextlib.contextmanager
def use(language: str):
    """Render in `language` inside the block."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: the site publishes {', '.join(LANGUAGES)}")
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def edition_prefix(language: str | None = None) -> str:
    """Where an edition is published below the site's root: "" (Chinese) or "en/"."""
    return _PREFIXES[language or current()]


def _format(text: str, variables: dict) -> str:
    return text % variables if variables else text


def translated(message: str) -> str:
    """`message` in the current language, its placeholders left in."""
    return message if current() == SOURCE_LANGUAGE else translations(current()).gettext(message)


def translated_plural(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` (Chinese has one form; English two), placeholders left in."""
    if current() == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    return translations(current()).ngettext(singular, plural, n)


def translated_in_context(context: str, message: str) -> str:
    """`message` in a context (one Chinese text with two English forms), placeholders left in."""
    return message if current() == SOURCE_LANGUAGE else translations(current()).pgettext(context, message)


def gettext(message: str, **variables) -> str:
    """`message` in the current language, its %(name)s placeholders filled from `variables`."""
    return _format(translated(message), variables)


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    """The form for `n`, its placeholders (%(num)d is `n`) filled from `variables`."""
    return _format(translated_plural(singular, plural, n), {"num": n, **variables})


def pgettext(context: str, message: str, **variables) -> str:
    """`message` in `context`, its placeholders filled from `variables`."""
    return _format(translated_in_context(context, message), variables)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it (translate where it is printed)."""
    return message
