"""The English edition's hand-written pages (site_src/en/) against the Chinese ones (site_src/):
every page in both languages at the same path, no Chinese left outside the marked lang="zh"
spans, every relative link landing on a file the English edition publishes, no figure lost in
translation, and the explicit anchors other pages link to kept.

The pages are read and converted with mkdocs.yml's Markdown extensions; no build is needed.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import markdown
import pytest
import yaml

from generator import i18n
from generator.site.docs_tree import MARKDOWN_SUFFIXES, relative_files
from generator.site.mkdocs_config import read_base

ROOT = Path(__file__).resolve().parent.parent
BASE = read_base(ROOT / "mkdocs.yml")
EN = BASE.pages / i18n.edition_prefix("en").strip("/")

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
EXPLICIT_ID = re.compile(r"\{#([A-Za-z][\w-]*)\}")
# Figures the English page writes another way, per page: {path: {number: why}}. Month numbers
# and 万 are handled by the rules of `chinese_numbers` below, so none is needed today.
NUMBERS_WRITTEN_OTHERWISE: dict[str, dict[int, str]] = {}


def pages(folder: Path, leave_out: tuple[str, ...] = ()) -> list[str]:
    return [rel for rel in relative_files(folder, leave_out=leave_out) if rel.endswith(MARKDOWN_SUFFIXES)]


CHINESE_PAGES = pages(BASE.pages, leave_out=BASE.not_pages)
ENGLISH_PAGES = pages(EN)


def _markdown_settings() -> tuple[list[str], dict]:
    """mkdocs.yml's Markdown extensions, as the markdown package takes them."""
    names, configs = [], {}
    for entry in BASE.settings.get("markdown_extensions", []):
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if config:
            configs[name] = config
    return names, configs


def split_page(path: Path) -> tuple[dict, str]:
    """(front matter, Markdown body) of a page."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    return yaml.safe_load(match.group(1)) or {}, text[match.end() :]


def rendered(path: Path):
    names, configs = _markdown_settings()
    body = split_page(path)[1]
    return lxml.html.fragment_fromstring(
        markdown.markdown(body, extensions=names, extension_configs=configs), create_parent="div"
    )


def _marked_chinese(element) -> bool:
    return any(e.get("lang") == "zh" for e in (element, *element.iterancestors()))


def chinese_outside_marks(path: Path) -> list[str]:
    """Every run of Chinese text in the English page that no lang="zh" element encloses."""
    found = []
    title = split_page(path)[0].get("title", "")
    if CJK.search(str(title)):
        found.append(f"title: {title}")
    for element in rendered(path).iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and CJK.search(element.text) and not _marked_chinese(element):
            found.append(element.text.strip())
        parent = element.getparent()
        if element.tail and CJK.search(element.tail) and parent is not None and not _marked_chinese(parent):
            found.append(element.tail.strip())
        for name in ("title", "alt", "aria-label"):
            value = element.get(name) or ""
            if CJK.search(value) and not _marked_chinese(element):
                found.append(f"{name}={value}")
    return found


def relative_links(path: Path) -> set[str]:
    """The targets (in the docs folder, without #fragment) of the page's relative links."""
    page = path.relative_to(EN if path.is_relative_to(EN) else BASE.pages).as_posix()
    folder = posixpath.dirname(page)
    targets = set()
    for element in rendered(path).iter("a", "img"):
        address = element.get("href") or element.get("src") or ""
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or address.startswith(("/", "#")) or not parts.path:
            continue
        targets.add(posixpath.normpath(posixpath.join(folder, parts.path)))
    return targets


def chinese_numbers(text: str) -> set[int]:
    """The figures of a Chinese page, as an English page writes them: a month number is a month's
    name in English (2026年3月1日 is 1 March 2026), and 12万 is 120,000."""
    text = re.sub(r"(\d+)万", lambda m: str(int(m.group(1)) * 10000), text)
    text = re.sub(r"(?<![\d.])\d{1,2}\s*月", "", text)
    text = re.sub(r"(?<![\d.])\d{1,2}(?=\s*[—–-]\s*\d{1,2}\s*月)", "", text)  # 1—3 月: January–March
    return {int(run) for run in re.findall(r"\d+", text)}


def english_numbers(text: str) -> set[int]:
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 120,000
    return {int(run) for run in re.findall(r"\d+", text)}


def test_the_pages_to_compare_are_found():
    assert "methodology/index.md" in CHINESE_PAGES and "warnings/emergency-plan.md" in CHINESE_PAGES
    assert not any(rel.startswith(("en/", "overrides/")) for rel in CHINESE_PAGES)


def test_every_hand_written_page_has_its_english_counterpart_at_the_same_path_and_the_other_way():
    assert sorted(set(CHINESE_PAGES) - set(ENGLISH_PAGES)) == [], "Chinese pages with no English page"
    assert sorted(set(ENGLISH_PAGES) - set(CHINESE_PAGES)) == [], "English pages with no Chinese page"


@pytest.mark.parametrize("rel", ENGLISH_PAGES)
def test_an_english_page_has_no_chinese_outside_elements_marked_lang_zh(rel):
    assert chinese_outside_marks(EN / rel) == []


def test_the_check_for_chinese_sees_unmarked_chinese_and_accepts_marked(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "---\ntitle: Methods\n---\n# Methods\n\n"
        'The plan (<span lang="zh">连政发〔2019〕10号</span>) and 扣沙.\n\n'
        '<div lang="zh" markdown>\n\n**重污染天气**\n\n</div>\n',
        encoding="utf-8",
    )
    assert chinese_outside_marks(page) == [") and 扣沙."]


@pytest.mark.parametrize("rel", ENGLISH_PAGES)
def test_an_english_page_links_only_to_files_the_english_edition_publishes(rel):
    """A relative link lands on an English hand-written page or a file both editions share (the
    assets, the methodology's CSV); any other target is a generated page, which each edition
    builds at the same path: the Chinese page must link it too (MkDocs checks it exists when it
    builds)."""
    own = set(ENGLISH_PAGES) | set(BASE.shared_files())
    chinese_targets = relative_links(BASE.pages / rel) if rel in CHINESE_PAGES else set()
    unknown = sorted(t for t in relative_links(EN / rel) if t not in own and t not in chinese_targets)
    assert unknown == []


@pytest.mark.parametrize("rel", ENGLISH_PAGES)
def test_an_english_page_links_every_hand_written_page_or_shared_file_its_chinese_page_links(rel):
    hand_written = set(CHINESE_PAGES) | set(BASE.shared_files())
    wanted = {t for t in relative_links(BASE.pages / rel) if t in hand_written}
    assert sorted(wanted - relative_links(EN / rel)) == []


@pytest.mark.parametrize("rel", sorted(set(ENGLISH_PAGES) & set(CHINESE_PAGES)))
def test_an_english_page_keeps_every_figure_of_its_chinese_page(rel):
    chinese = chinese_numbers((BASE.pages / rel).read_text(encoding="utf-8"))
    english = english_numbers((EN / rel).read_text(encoding="utf-8"))
    lost = sorted(chinese - english - set(NUMBERS_WRITTEN_OTHERWISE.get(rel, {})))
    assert lost == [], f"figures of the Chinese page missing from the English one: {lost}"


def test_the_figure_check_reads_chinese_dates_and_ten_thousands_as_english_writes_them():
    chinese = "2026年3月1日起；2019 年 8 月、9 月；2026 年 1—3 月；12万个"
    assert chinese_numbers(chinese) == {2026, 1, 2019, 120000}
    assert english_numbers("From 1 March 2026; 120,000 random values; 08:00") == {1, 2026, 120000, 8, 0}


@pytest.mark.parametrize("rel", sorted(set(ENGLISH_PAGES) & set(CHINESE_PAGES)))
def test_an_english_page_keeps_the_explicit_anchors_other_pages_link_to(rel):
    """The ranking pages link methodology/rankings/#columns and #monthly in both editions."""
    chinese = set(EXPLICIT_ID.findall((BASE.pages / rel).read_text(encoding="utf-8")))
    english = set(EXPLICIT_ID.findall((EN / rel).read_text(encoding="utf-8")))
    assert sorted(chinese - english) == []


def test_the_english_ranking_method_documents_every_download_column_the_chinese_one_does():
    column = re.compile(r"^\| `(\w+)` \|", re.M)
    chinese = column.findall((BASE.pages / "methodology" / "rankings.md").read_text(encoding="utf-8"))
    english = column.findall((EN / "methodology" / "rankings.md").read_text(encoding="utf-8"))
    assert len(chinese) > 60 and english == chinese
