"""The key polluting units' pages in the English edition (issue 31).

The units publish their information in Chinese, so their pages stay Chinese in the English edition,
under an English header that says what the page is (the action plan's article 35 disclosure: the
unit's self-monitoring data, penalties and rectification) and links the page's data files. The list
of all units and the per-area lists are in English, with each unit's name marked as Chinese. The
Chinese edition shows none of this: its pages are what they were.
"""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import markdown
import pandas as pd
import yaml

from generator import i18n
from generator.config import load_config
from generator.pages.enterprises import builder as pages
from generator.pages.enterprises import registers
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.standards.rules import POLLUTANTS
from generator.tables.dataset import Dataset
from tests.conftest import ROOT

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
HEADER = "Key polluter disclosure: "
HOSTILE = "<script>alert(1)</script>热电"


class _Text(HTMLParser):
    """The page's text, each piece with the language of its nearest lang= ancestor, inside the
    article (the page's own content, not the theme's navigation); links; the <title>; the h1s."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang)
        self.article = 0
        self.pieces: list[tuple[str, str | None]] = []
        self.links: list[tuple[str, str]] = []
        self.title = ""
        self.h1: list[str] = []
        self.elements: list[str] = []
        self.marked: list[str] = []  # lang= of the elements inside the article
        self._link: list | None = None

    def lang(self) -> str | None:
        return next((lang for _tag, lang in reversed(self.stack) if lang), None)

    def in_tag(self, tag: str) -> bool:
        return any(t == tag for t, _lang in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "lyg-sample-banner" in (attrs.get("class") or ""):
            attrs["lang"] = "theme"  # the theme's banner on every page: the theme's part, not these pages'
        if self.article or tag == "article":
            self.elements.append(tag)
            if attrs.get("lang"):
                self.marked.append(attrs["lang"])
        if tag == "article":
            self.article += 1
        if tag == "a" and self.article:
            self._link = [attrs.get("href") or "", ""]
        if tag == "h1" and self.article:
            self.h1.append("")
        if tag not in self.VOID:
            self.stack.append((tag, attrs.get("lang")))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            top, _lang = self.stack.pop()
            if top == tag:
                break
        if tag == "article":
            self.article -= 1
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], self._link[1].strip()))
            self._link = None

    def handle_data(self, data):
        if self.in_tag("title"):
            self.title += data
        if not self.article or self.in_tag("script") or self.in_tag("style"):
            return
        self.pieces.append((data, self.lang()))
        if self._link is not None:
            self._link[1] += data
        if self.in_tag("h1") and self.h1:
            self.h1[-1] += data


def read(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def chinese_outside_zh(page: _Text) -> list[str]:
    return [
        text.strip() for text, lang in page.pieces if CHINESE.search(text) and lang not in ("zh", "theme")
    ]


def english_text(page: _Text) -> str:
    return " ".join(text for text, lang in page.pieces if lang not in ("zh", "theme"))


def first_unit_with_records(site: Path) -> str:
    units = pd.read_csv(site / "enterprises" / "enterprises.csv", encoding="utf-8-sig", dtype=str)
    return units.loc[units["监测记录数"].astype(int) > 0, "统一社会信用代码"].iloc[0]


# --- A unit's page ------------------------------------------------------------------------------


def test_an_english_unit_page_says_what_it_is_in_english_and_keeps_the_units_words_marked_chinese(
    sample_site,
):
    code = first_unit_with_records(sample_site)
    page = read(sample_site / "en" / "enterprises" / code / "index.html")
    zh = read(sample_site / "enterprises" / code / "index.html")
    name = zh.h1[0].strip()
    assert page.h1[0].strip() == HEADER + name
    text = english_text(page)
    assert "Article 35" in text and "self-monitoring data" in text and "penalties and rectification" in text
    assert "The rest of this page is in Chinese only" in text
    assert "Unified social credit code " + code in text
    # The unit's own words below are there, marked as Chinese; nothing Chinese outside the marks.
    assert any("排放口与监测项目" in t and lang == "zh" for t, lang in page.pieces)
    assert chinese_outside_zh(page) == []
    # The browser's tab says it in English; the unit's name is the only Chinese there.
    assert page.title.startswith(HEADER + name)
    assert CHINESE.findall(page.title.replace(name, "")) == []


def test_an_english_unit_pages_data_file_links_resolve_to_files_of_the_english_edition(sample_site):
    code = first_unit_with_records(sample_site)
    page_path = sample_site / "en" / "enterprises" / code / "index.html"
    page = read(page_path)
    links = dict((label, href) for href, label in page.links)
    records = links["All of this unit's monitoring records (CSV)"]
    target = sample_site / unquote(urljoin(f"en/enterprises/{code}/", records))
    assert target == sample_site / "en" / "enterprises" / code / "records.csv" and target.is_file()
    # The same records the Chinese page links (the English edition has its own copy).
    assert target.read_bytes() == (sample_site / "enterprises" / code / "records.csv").read_bytes()
    index = sample_site / unquote(urljoin(f"en/enterprises/{code}/", links["All key polluting units"]))
    assert (index / "index.html").is_file() and index == sample_site / "en" / "enterprises"


def test_the_chinese_unit_page_has_no_english_header(sample_site):
    code = first_unit_with_records(sample_site)
    page = read(sample_site / "enterprises" / code / "index.html")
    text = " ".join(t for t, _lang in page.pieces)
    assert HEADER not in text and "Article 35" not in text and "The rest of this page" not in text
    assert "zh" not in page.marked  # the page is Chinese as a whole: no part of it is marked
    assert page.h1[0].strip() == page.title.split(" - ")[0].strip()  # the unit's name, as before


# --- The list, the area lists and the other pages -------------------------------------------------


def test_the_english_list_of_units_is_in_english_with_each_units_name_marked_chinese(sample_site):
    page = read(sample_site / "en" / "enterprises" / "index.html")
    html = (sample_site / "en" / "enterprises" / "index.html").read_text(encoding="utf-8")
    assert page.h1 == ["Key polluting units: self-monitoring, penalties and rectification"]
    for heading in ("Enterprise", "County or district", "Industry", "Exceedance rate", "Penalties"):
        assert '<th scope="col"' in html and f">{heading}</th>" in html, heading
    assert "Haizhou District" in english_text(page)
    names = pd.read_csv(sample_site / "enterprises" / "enterprises.csv", encoding="utf-8-sig")["企业名称"]
    assert {n for n in names} <= {t.strip() for t, lang in page.pieces if lang == "zh"}
    assert chinese_outside_zh(page) == []
    labels = {label for _href, label in page.links}
    assert {"All units (CSV)", "Penalties and rectification (CSV)", "Data validation report"} <= labels


def test_every_english_enterprise_page_has_english_outside_its_chinese_part(sample_site):
    en = sample_site / "en" / "enterprises"
    pages = sorted(en.rglob("index.html"))
    assert len(pages) >= 10  # list, units, areas, validation, reports, three response levels
    for path in pages:
        page = read(path)
        assert page.h1 and re.search("[A-Za-z]{3}", page.h1[0]), path
        assert re.match("[A-Za-z]", page.title.strip()), path  # the front matter was read
        assert chinese_outside_zh(page) == [], path
    response = read(en / "response" / "orange" / "index.html")
    assert response.h1 == ["Orange alert: industrial emission cuts"]
    reports = read(en / "reports" / "index.html")
    assert {"CSV", "JSON", "Overdue report alerts (Atom feed)"} <= {label for _h, label in reports.links}
    validation = read(en / "validation" / "index.html")
    assert "Every published file is checked row by row" in english_text(validation)


# --- Names from the files stay text ---------------------------------------------------------------

MONITORING_HEADER = (
    "企业名称,统一社会信用代码,县区,行业,排放口,监测项目,监测时间,监测值,单位,标准限值,监测方式"
)


def _build_en(tmp_path: Path, name: str | None) -> OutputTree:
    """The enterprise pages of the English edition from one unit named `name` (None: no files)."""
    config = load_config(ROOT / "data" / "site.toml")
    folder = tmp_path / "data" / "enterprises"
    folder.mkdir(parents=True)
    if name is not None:
        quoted = '"' + name.replace('"', '""') + '"'
        rows = [MONITORING_HEADER] + [
            f'{quoted},91320700MA1YL0R7TB,海州区,"电力: ""热电""",1#烟囱,二氧化硫,{day},{v},mg/m3,35,自动监测'
            for day, v in (("2026-01-05", 20), ("2026-01-06", 40))
        ]
        (folder / "自行监测.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    hourly = pd.DataFrame(
        {
            "station": pd.Series(dtype=str),
            "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
            **{p: pd.Series(dtype=float) for p in POLLUTANTS},
        }
    )
    dataset = Dataset(tmp_path / "data", False, "测试", hourly, pd.DataFrame(), pd.DataFrame())
    out = OutputTree(tmp_path / "generated")
    out.reset()
    ctx = BuildContext(
        config=config,
        dataset=dataset,
        out=out,
        env=make_env(),
        built_at=datetime.fromisoformat("2026-11-23T08:00:00+08:00"),
        lang="en",
    )
    with i18n.use("en"):
        pages.build(ctx)
        registers.build(ctx)  # the reports and the emergency cuts' pages
    return out


def test_a_hostile_unit_name_stays_text_in_the_english_title_and_header(tmp_path):
    out = _build_en(tmp_path, HOSTILE + ': "x" \\ #1')
    text = out.path("enterprises/91320700MA1YL0R7TB/index.md").read_text("utf-8")
    front, body = text.split("---\n", 2)[1:]
    title = yaml.safe_load(front)["title"]  # still one YAML string, whatever the name holds
    assert title.startswith(HEADER) and "<" not in title and '"' not in title
    html = markdown.markdown(body, extensions=["md_in_html", "attr_list", "tables"])
    page = _Text()
    page.feed(f"<article>{html}</article>")
    assert page.h1 == [HEADER + HOSTILE + ': "x" \\ #1']
    assert "script" not in page.elements
    assert any(t == HOSTILE + ': "x" \\ #1' and lang == "zh" for t, lang in page.pieces)
    assert chinese_outside_zh(page) == []


def _html(markdown_page: str) -> _Text:
    """A generated page as MkDocs makes it HTML (front matter aside), read like a built page."""
    body = markdown_page.split("---\n", 2)[2] if markdown_page.startswith("---\n") else markdown_page
    page = _Text()
    page.feed(
        "<article>" + markdown.markdown(body, extensions=["md_in_html", "attr_list", "tables"]) + "</article>"
    )
    return page


def test_with_no_disclosure_files_the_english_pages_still_say_it_in_english(tmp_path):
    """Like the real 2019 archive, which has no enterprise files: the lists are empty, not Chinese."""
    out = _build_en(tmp_path, None)
    for url in (
        "enterprises/",
        "enterprises/area/haizhou/",
        "enterprises/validation/",
        "enterprises/reports/",
    ):
        page = _html(out.path(url + "index.md").read_text("utf-8"))
        assert page.h1 and re.search("[A-Za-z]{3}", page.h1[0]), url
        assert chinese_outside_zh(page) == [], url
    index = _html(out.path("enterprises/index.md").read_text("utf-8"))
    assert "Period: no data" in english_text(index)
    assert "No key polluting unit in Haizhou District has published data yet." in english_text(
        _html(out.path("enterprises/area/haizhou/index.md").read_text("utf-8"))
    )
