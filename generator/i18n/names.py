"""Proper names in English: the names table (names.csv), with the official English forms.

The table lists areas, stations, cities, pollutants, AQI levels, warning levels and standards by
their Chinese name. A name is a name, not a sentence: it is looked up whole, never translated in
parts. A name the table does not have stays Chinese on the English pages, and the site check
(generator/sitecheck/) reports it there; tests/test_i18n_names.py checks that every name the
configuration and the data hold is in the table.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from generator.i18n.language import SOURCE_LANGUAGE, current

NAMES_FILE = Path(__file__).with_name("names.csv")
COLUMNS = ("kind", "zh", "en")


@functools.cache
def names_table() -> dict[str, dict[str, str]]:
    """{Chinese name: {language: name}} from names.csv; a name listed twice is an error."""
    table: dict[str, dict[str, str]] = {}
    with NAMES_FILE.open(encoding="utf-8", newline="") as fp:
        reader = csv.DictReader(fp)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(
                f"{NAMES_FILE.name}: columns must be {', '.join(COLUMNS)}, not {reader.fieldnames}"
            )
        for row_number, row in enumerate(reader, start=2):
            zh, en = (row["zh"] or "").strip(), (row["en"] or "").strip()
            if not zh or not en:
                raise ValueError(f"{NAMES_FILE.name}, row {row_number}: both 'zh' and 'en' are needed")
            if zh in table:
                raise ValueError(f"{NAMES_FILE.name}, row {row_number}, field 'zh': {zh} is listed twice")
            table[zh] = {"zh": zh, "en": en}
    return table


def name(zh: str, language: str | None = None) -> str:
    """The name `zh` in `language` (default: the one being rendered); unchanged when the table
    has no form for it, or in the Chinese edition."""
    language = language or current()
    if language == SOURCE_LANGUAGE or zh is None:
        return zh
    return names_table().get(str(zh), {}).get(language, zh)


def has_name(zh: str, language: str = "en") -> bool:
    return language in names_table().get(str(zh), {})
