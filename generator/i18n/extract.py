"""Every message the site uses, found where it is written, and the catalogs' state against them.

Sources of messages:
- Python under generator/ (`_`, `N_`, `gettext`, `ngettext`, `pgettext`: Babel's keywords);
- the page templates (generator/templates/, Jinja's i18n extension, whitespace trimmed as the
  environment does: generator/site/render.py);
- mkdocs.yml: the navigation's titles and the site's description;
- the standards' tables: the text columns the pages print (TABLE_MESSAGES), and the reasons of the
  archive's plausibility limits (TOML_MESSAGES).

    python -m generator.i18n.extract missing            messages with no English translation
    python -m generator.i18n.extract stale              translations no code uses any more
    python -m generator.i18n.extract add en/x.po FILE…  add the untranslated messages of FILEs to
                                                        en/x.po (empty translations, to fill in)

tests/test_i18n_catalog.py fails on a missing or stale message.
"""

from __future__ import annotations

import csv
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from generator.i18n.catalog import CATALOG_DIR, read_messages

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
TEMPLATES = PACKAGE / "templates"
MKDOCS_YML = ROOT / "mkdocs.yml"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "newstyle_gettext": "true"}
# Text columns of the standards' tables that pages print: (table, columns).
TABLE_MESSAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("standards/tables/levels.csv", ("health_effect", "advice")),
    ("standards/tables/versions.csv", ("label",)),
)

# Text fields of TOML tables that pages print: (file, array of tables, field).
TOML_MESSAGES: tuple[tuple[str, str, str], ...] = (("sources/archive/plausibility.toml", "limit", "why"),)


@dataclass(frozen=True)
class Message:
    id: str | tuple[str, str]  # a plural's id is (singular, plural)
    context: str | None
    where: str  # file:line

    @property
    def key(self):
        return f"{self.context}\x04{self.id}" if self.context else self.id


def _from_code(path: Path) -> list[Message]:
    if path.suffix == ".py":
        method, options = "python", {}
    else:
        method, options = "jinja2.ext:babel_extract", JINJA_OPTIONS
    found = []
    for line, message_id, _comments, context in extract_from_file(method, path, options=options):
        if isinstance(message_id, tuple):
            message_id = message_id if len(message_id) > 1 and message_id[1] else message_id[0]
        if message_id:
            found.append(Message(message_id, context, f"{path.relative_to(ROOT)}:{line}"))
    return found


def _nav_titles(nav) -> list[str]:
    if isinstance(nav, list):
        return [title for item in nav for title in _nav_titles(item)]
    if isinstance(nav, dict):
        return [title for key, value in nav.items() for title in (key, *_nav_titles(value))]
    return []


def _from_mkdocs_yml() -> list[Message]:
    settings = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    texts = [settings.get("site_description", ""), *_nav_titles(settings.get("nav"))]
    return [Message(text, None, "mkdocs.yml") for text in texts if text]


def _from_tables(only: Path | None = None) -> list[Message]:
    found = []
    for table, columns in TABLE_MESSAGES:
        if only is not None and (PACKAGE / table).resolve() != only.resolve():
            continue
        with (PACKAGE / table).open(encoding="utf-8", newline="") as fp:
            for row_number, row in enumerate(csv.DictReader(fp), start=2):
                found += [Message(row[c], None, f"generator/{table}:{row_number}") for c in columns if row[c]]
    return found


def _from_toml(only: Path | None = None) -> list[Message]:
    found = []
    for table, array, field in TOML_MESSAGES:
        if only is not None and (PACKAGE / table).resolve() != only.resolve():
            continue
        entries = tomllib.loads((PACKAGE / table).read_text(encoding="utf-8")).get(array, [])
        found += [Message(e[field], None, f"generator/{table}") for e in entries if e.get(field)]
    return found


def code_files() -> list[Path]:
    python = [p for p in sorted(PACKAGE.rglob("*.py")) if p.parent.name != "__pycache__"]
    return python + sorted(TEMPLATES.rglob("*.j2"))


def messages(files: list[Path] | None = None) -> dict:
    """{key: [Message, …]} of every message the site uses (or the given files use)."""
    if files is None:
        found = [m for path in code_files() for m in _from_code(path)]
        found += _from_mkdocs_yml() + _from_tables() + _from_toml()
    else:
        found = []
        for path in files:
            if path.suffix == ".csv":
                found += _from_tables(only=path)
            elif path.suffix == ".toml":
                found += _from_toml(only=path)
            elif path.resolve() == MKDOCS_YML:
                found += _from_mkdocs_yml()
            else:
                found += _from_code(path)
    by_key: dict = {}
    for message in found:
        by_key.setdefault(message.key, []).append(message)
    return by_key


def missing(language: str = "en", files: list[Path] | None = None) -> dict:
    translated = read_messages(language)
    return {key: where for key, where in messages(files).items() if key not in translated}


def stale(language: str = "en") -> list[tuple[str, object]]:
    """(catalog file, key) of every translation no code uses."""
    used = messages()
    found = []
    for path in sorted((CATALOG_DIR / language).glob("*.po")):
        with path.open("rb") as fp:
            for message in read_po(fp, locale=language):
                key = f"{message.context}\x04{message.id}" if message.context else message.id
                if message.id and key not in used:
                    found.append((path.name, key))
    return found


def add(po_file: Path, files: list[Path], language: str = "en") -> int:
    """Add the untranslated messages of `files` to `po_file`, with empty translations."""
    if po_file.exists():
        with po_file.open("rb") as fp:
            catalog = read_po(fp, locale=language)
    else:
        catalog = Catalog(locale=language, project="lyg-air", fuzzy=False, last_translator="lyg-air")
    added = 0
    for where in missing(language, files).values():
        context, message_id = where[0].context, where[0].id
        if catalog.get(message_id, context) is not None:
            continue
        catalog.add(message_id, string=("", "") if isinstance(message_id, tuple) else "", context=context)
        added += 1
    with po_file.open("wb") as fp:
        write_po(fp, catalog, width=0, no_location=True, sort_output=False, include_previous=False)
    return added


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "missing"
    if command == "missing":
        found = missing()
        for key, where in found.items():
            print(f"{where[0].where}\t{key!r}")
        print(f"{len(found)} messages without an English translation", file=sys.stderr)
        return 1 if found else 0
    if command == "stale":
        found = stale()
        for file, key in found:
            print(f"{file}\t{key!r}")
        print(f"{len(found)} translations no code uses", file=sys.stderr)
        return 1 if found else 0
    if command == "add" and len(argv) >= 3:
        po_file = Path(argv[1]) if "/" in argv[1] and Path(argv[1]).parent.exists() else CATALOG_DIR / argv[1]
        count = add(po_file, [Path(f).resolve() for f in argv[2:]])
        print(f"{count} messages added to {po_file}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
