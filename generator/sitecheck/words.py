"""Public words: a public page speaks to its reader, in Chinese, never to the site's developers.

A reader of a public page must not meet a repository path (`docs/data-sources.md`), a file of
the project (`site.toml`), an identifier of the code (`O3_8h`, `generator.sample`, a config key
such as `stale_after_days`, `python -m …`) or an English sentence nobody translated. English is
fine where a page marks it as English (`lang="en"` on it or an ancestor, like the sample banner's
translation), and code may be code where the page marks it as code (`<code>`: a CSV's field
names), though never a repository path. Two kinds of page may name the code: the methodology
pages, which may use the archive's field names and cite code and tables by path as links to the
published source (the path must be the text of a link), and the editors' pages (`editors/`,
`forecast/check/`), written for the bureau's editors and in no navigation.

Each function takes a parsed page (lxml) and yields (what, where) pairs, one per problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator import i18n

# Not prose a reader reads as a sentence: scripts, styles, and the code a reader copies (an embed
# snippet is HTML meant to be pasted; its tags and attribute names are not words of the page).
_NOT_WORDS = frozenset({"script", "style", "template", "pre", "textarea", "svg"})
# Marked as code (a CSV's field names for data users, a feed's address): identifiers and English
# are expected there, but a repository path or a project file is still a developer's word.
# Attributes whose text is read out or shown (tooltips, screen readers, search boxes).
_SPOKEN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
# The folders of the repository, as a path would name them.
_REPO_PATH = re.compile(
    r"(?<![A-Za-z0-9_./-])(?:data|docs|generator|site_src|tests|scripts|build|\.github)/[A-Za-z0-9_./*{}-]+"
)
# A file of the project: its code, configuration, guides and templates (a download's .csv or
# .xml is something a reader fetches, not a project file).
_PROJECT_FILE = re.compile(
    r"(?<![A-Za-z0-9_./-])[A-Za-z0-9_.-]+\.(?:py|toml|md|j2|ya?ml|lock|cfg|ini)(?![A-Za-z0-9_])"
)
# An identifier of the code: a dotted module path, a command line, or a snake_case name
# (config keys, column names, pollutant codes such as O3_8h).
_IDENTIFIER = re.compile(
    r"(?<![A-Za-z0-9_.])(?:generator\.[A-Za-z_.]+|python -m|[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)"
    r"(?![A-Za-z0-9_])"
)
# An English sentence: four or more English words in a row (a product name such as "Atom" or
# "CAP 1.2" is not a sentence).
_ENGLISH = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z'’]+(?:[ ,;:]+[A-Za-z][a-z'’]*){3,}")
# An ASCII double quote touching a Chinese character: Chinese prose quotes with “ ” (GB/T 15834).
_ASCII_QUOTE = re.compile(r'[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"|"[\u3400-\u9fff]')
# A machine timestamp (2026-11-22T23:00:00+08:00): pages write times one way, 2026-11-22 23:00.
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
# A web address shown as text is an address, not a path or an identifier.
_URL = re.compile(r"(?:https?://|mailto:)\S+")

Finding = tuple[str, str]
# Pages for the bureau's editors, outside the navigation, search and robots.
EDITORS_PAGES = ("editors/", "forecast/check/")


def public_words(doc, path: str) -> Iterator[Finding]:
    """Every developer's word and untranslated English sentence in the page's text and the
    attributes a reader sees or hears."""
    inner = path.removeprefix(i18n.edition_prefix("en"))  # the same page in the English edition
    if inner.startswith(EDITORS_PAGES):
        return
    cites_code = inner.startswith("methodology/")
    body = doc.find(".//body")
    if body is None:
        return
    for element in body.iter():
        if not isinstance(element.tag, str) or _skipped(element):
            continue
        yield from _findings(element.text, *_allowed(element, cites_code))
        for name in _SPOKEN_ATTRIBUTES:
            yield from _findings(element.get(name), _marked_english(element), False, False)
        parent = element.getparent()
        if parent is not None and element.tail and not _skipped(parent):
            yield from _findings(element.tail, *_allowed(parent, cites_code))
    head = doc.find(".//head")
    for meta in head.iter("meta") if head is not None else ():
        if meta.get("name") == "description" or meta.get("property", "").startswith("og:title"):
            # English where the page is English (the English edition's <html lang="en">).
            yield from _findings(meta.get("content"), _marked_english(meta), False, False)


def _allowed(element, cites_code: bool) -> tuple[bool, bool, bool]:
    """(English allowed, paths allowed, identifiers allowed) for the text directly in `element`:
    English where marked English or in code; paths as the text of a link on a page that cites
    code; identifiers in code and on a page that cites code."""
    in_code = any(e.tag == "code" for e in (element, *element.iterancestors()))
    return (
        in_code or _marked_english(element),
        cites_code and _inside_link(element),
        in_code or cites_code,
    )


def _findings(text: str | None, english_ok: bool, paths_ok: bool, identifiers_ok: bool) -> Iterator[Finding]:
    if not text or not text.strip():
        return
    text = _URL.sub(" ", " ".join(text.split()))
    kinds = [] if paths_ok else [("repository path", _REPO_PATH), ("project file name", _PROJECT_FILE)]
    if not identifiers_ok:
        kinds.append(("code identifier", _IDENTIFIER))
    for what, pattern in kinds:
        for match in pattern.finditer(text):
            yield f"{what} on a public page", _context(text, match)
    if not english_ok:
        for match in _ENGLISH.finditer(text):
            yield "untranslated English sentence", _context(text, match)
    if not identifiers_ok:
        for match in _ISO_TIME.finditer(text):
            yield "ISO timestamp on a public page", _context(text, match)
    for match in _ASCII_QUOTE.finditer(text):
        yield "ASCII quotation mark in Chinese prose", _context(text, match)


def _skipped(element) -> bool:
    return any(e.tag in _NOT_WORDS for e in (element, *element.iterancestors()) if isinstance(e.tag, str))


def _marked_english(element) -> bool:
    for e in (element, *element.iterancestors()):
        lang = e.get("lang")
        if lang:
            return lang.lower().startswith("en")
    return False


def _inside_link(element) -> bool:
    return any(e.tag == "a" for e in (element, *element.iterancestors()))


def _context(text: str, match: re.Match, width: int = 30) -> str:
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return f"'{match.group(0)}' in …{text[start:end]}…"
