"""The site's machine-readable files: every CAP alert valid against the OASIS CAP 1.2 schema (and the
rules the schema cannot check), every Atom feed well formed with what readers need, every JSON file
parseable. Reported like page problems: (file, what, where)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from lxml import etree

from generator.formats.warnings_cap import CAP_NS, cap_problems, schema_errors

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM = {"a": ATOM_NS}
# RFC 4287 §4.1.1 and §4.1.2: what a feed and each entry must carry.
_FEED_REQUIRED = ("id", "title", "updated")
_ENTRY_REQUIRED = ("id", "title", "updated")


def _atom_date_problem(text: str | None) -> str | None:
    try:
        moment = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return f"'{text}' is not an RFC 3339 date"
    return None if moment.tzinfo else f"'{text}' has no time-zone offset"


def atom_problems(root) -> Iterator[tuple[str, str]]:
    for name in _FEED_REQUIRED:
        if root.find(f"a:{name}", _ATOM) is None:
            yield "Atom feed without a required element", f"<feed> has no <{name}>"
    for i, entry in enumerate(root.iterfind("a:entry", _ATOM), start=1):
        for name in _ENTRY_REQUIRED:
            if entry.find(f"a:{name}", _ATOM) is None:
                yield "Atom entry without a required element", f"entry {i} has no <{name}>"
        if entry.find("a:link", _ATOM) is None and entry.find("a:content", _ATOM) is None:
            yield "Atom entry without a link or content", f"entry {i}"
    for element in root.iter(f"{{{ATOM_NS}}}updated", f"{{{ATOM_NS}}}published"):
        problem = _atom_date_problem(element.text)
        if problem:
            yield "Atom date not valid", problem


def xml_problems(data: bytes) -> list[tuple[str, str]]:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [("XML does not parse", str(exc))]
    if root.tag == f"{{{CAP_NS}}}alert":
        return [("CAP alert not valid", m) for m in (*schema_errors(data), *cap_problems(data))]
    if root.tag == f"{{{ATOM_NS}}}feed":
        return list(atom_problems(root))
    return []


def json_problems(data: bytes) -> list[tuple[str, str]]:
    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [("JSON does not parse", str(exc))]
    return []


def file_problems(site_dir: Path, path: str) -> list[tuple[str, str]]:
    """Problems of one machine-readable file of the site (none for other kinds of file)."""
    if path.endswith(".xml"):
        return xml_problems(Path(site_dir, path).read_bytes())
    if path.endswith(".json"):
        return json_problems(Path(site_dir, path).read_bytes())
    return []
