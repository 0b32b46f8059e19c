"""What a reader sees on a page: one h1, a title, and no machine placeholder where a value goes.

Each function takes a parsed page (lxml) and yields (what, where) pairs, one per problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A value a program printed instead of a value: pandas/numpy/Python/JavaScript spellings of
# "missing" or "not a number", standing alone (not inside a word like 'Infinity Chemicals').
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(nan|NaN|NAN|None|NaT|-?inf|undefined|null)(?![A-Za-z])")
# Where a reader expects a value: table cells, headings, captions, the page title.
_VALUE_TAGS = ("td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "title")
# A cell that holds one of these shows something without text (a chart, an icon, a control).
_NON_TEXT_CONTENT = ("img", "svg", "input", "canvas", "picture", "video", "audio", "iframe", "object")
# Elements whose text is code or data, not prose: never searched for placeholders.
_NOT_PROSE = frozenset({"script", "style", "code", "pre", "textarea", "template"})

Finding = tuple[str, str]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _inside_code(element) -> bool:
    return any(ancestor.tag in _NOT_PROSE for ancestor in element.iterancestors())


def placeholders(doc) -> Iterator[Finding]:
    for element in doc.iter(*_VALUE_TAGS):
        text = _text(element)
        match = PLACEHOLDER.search(text)
        if match and not _inside_code(element):
            yield f"placeholder '{match.group(0)}' in <{element.tag}>", _snippet(text)


def empty_cells(doc) -> Iterator[Finding]:
    """A data cell with nothing in it: a value or a dash with its reason is expected there."""
    for table in doc.iter("table"):
        caption = _caption(table)
        for row_number, row in enumerate(table.iter("tr"), start=1):
            for col_number, cell in enumerate(row.findall("td"), start=1):
                if _text(cell) or next(cell.iter(*_NON_TEXT_CONTENT), None) is not None:
                    continue
                yield "empty table cell", f"table '{caption}', row {row_number}, cell {col_number}"


def _caption(table) -> str:
    caption = table.find("caption")
    if caption is not None:
        return _snippet(_text(caption))
    header = table.find(".//th")
    return _snippet(_text(header)) if header is not None else "(no caption)"


def structure(doc) -> Iterator[Finding]:
    """Exactly one h1 and one non-empty <title>."""
    h1s = [_snippet(_text(h)) for h in doc.iter("h1")]
    if len(h1s) != 1:
        yield f"{len(h1s)} h1 elements (one expected)", " | ".join(h1s) or "-"
    titles = doc.findall(".//title")
    # <title> inside an inline SVG is that drawing's label, not the page's title.
    titles = [t for t in titles if not any(a.tag.endswith("svg") for a in t.iterancestors())]
    if not titles:
        yield "no <title>", "<head>"
    elif len(titles) > 1:
        yield f"{len(titles)} <title> elements", "<head>"
    elif not _text(titles[0]):
        yield "empty <title>", "<head>"


def _snippet(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
