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


def gettext(message: str, **variables) -> str:
    """`message` in the current language, its %(name)s placeholders filled from `variables`."""
    if current() != SOURCE_LANGUAGE:
        message = translations(current()).gettext(message)
    return _format(message, variables)


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    """The singular or plural form for `n` (Chinese has one form; English two)."""
    variables.setdefault("num", n)
    if current() == SOURCE_LANGUAGE:
        return _format(singular if n == 1 else plural, variables)
    return _format(translations(current()).ngettext(singular, plural, n), variables)


def pgettext(context: str, message: str, **variables) -> str:
    """`message` in a context, where one Chinese text has two English forms."""
    if current() != SOURCE_LANGUAGE:
        message = translations(current()).pgettext(context, message)
    return _format(message, variables)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it (translate where it is printed)."""
    return message
