"""The English catalogs (generator/i18n/en/*.po) against the messages the code, the templates,
mkdocs.yml and the standards' tables use: none missing, none stale, none translated two ways."""

from __future__ import annotations

import re

import pytest

from generator import i18n
from generator.i18n import extract
from generator.i18n.catalog import read_messages

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


@pytest.fixture(scope="module")
def used():
    return extract.messages()


@pytest.fixture(scope="module")
def english():
    return read_messages("en")  # raises CatalogConflict when one message is translated two ways


def test_every_message_has_an_english_translation(used, english):
    missing = [f"{where[0].where}: {key!r}" for key, where in used.items() if key not in english]
    assert not missing, (
        f"{len(missing)} messages without English (python -m generator.i18n.extract missing):\n"
        + "\n".join(missing[:40])
    )


def test_no_translation_is_stale():
    stale = extract.stale()
    assert not stale, (
        "translations no code uses any more (python -m generator.i18n.extract stale):\n"
        + "\n".join(f"{file}: {key!r}" for file, key in stale[:40])
    )


def test_translations_are_english_and_keep_their_placeholders(english):
    wrong = []
    for key, value in english.items():
        ids = key if isinstance(key, tuple) else (key.split("\x04")[-1],)  # a plural: (singular, plural)
        forms = value if isinstance(value, tuple) else (value,)
        for form in forms:
            if CJK.search(form):
                wrong.append(f"{key!r}: Chinese in the translation {form!r}")
            if sorted(set(PLACEHOLDER.findall(form))) != sorted(set(PLACEHOLDER.findall(ids[0]))):
                wrong.append(f"{key!r}: placeholders differ in {form!r}")
    assert not wrong, "\n".join(wrong[:40])


def test_the_chinese_edition_prints_the_message_itself_and_the_english_its_translation():
    assert i18n.gettext("数据截至：") == "数据截至："
    with i18n.use("en"):
        assert i18n.gettext("数据截至：") == "Data as of: "
        assert i18n.gettext("一条没有译文的消息") == "一条没有译文的消息"  # never a blank page
    assert i18n.current() == "zh"
