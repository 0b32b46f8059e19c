"""`check-site` on a site of two editions (issue 31): the Chinese one at the root, the English one
under en/, the same page at the same path. On a small hand-made site each rule is shown catching
its defect: Chinese left on an English page outside a `lang="zh"` element, a language switch or an
hreflang alternate leading nowhere (or to another page), a page with no counterpart in the other
edition. The sample build is held to the rules on links and counterparts (test at the end)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generator.cli import main
from generator.sitecheck import check_site
from generator.sitecheck.editions import chinese_outside_marks, editions

SITE_URL = "https://lyg-air.github.io/lyg-air/"
TWO = {"zh": "", "en": "en/"}


def address(inner: str) -> str:
    """The address of a page file inside its edition ('areas/haizhou/index.html' -> 'areas/haizhou/')."""
    return inner[: -len("index.html")] if inner.endswith("index.html") else inner


def page(
    inner: str,
    lang: str,
    *,
    title: str | None = None,
    body: str | None = None,
    head: str = "",
    alternates: str | None = None,
    switch: str | None = None,
) -> str:
    """A page of the edition `lang` at `inner` (its path inside the edition), as the theme writes
    it: <html lang> and the switch to the other edition (a relative link). The hreflang
    alternates are in the sitemaps (make_site); a page may still be given its own `alternates`."""
    prefix = TWO[lang]
    depth = (prefix + inner).count("/")
    other = "en" if lang == "zh" else "zh"
    if alternates is None:
        alternates = ""
    if switch is None:
        href = "../" * depth + TWO[other] + address(inner)
        name = "English" if other == "en" else "中文"
        switch = (
            f'<a class="md-header__button lyg-edition-switch" href="{href or "./"}" '
            f'hreflang="{other}" lang="{other}">{name}</a>'
        )
    if title is None:
        title = "海州区环境空气质量" if lang == "zh" else "Haizhou District air quality"
    if body is None:
        body = "<h1>海州区环境空气质量</h1>" if lang == "zh" else "<h1>Haizhou District air quality</h1>"
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"{alternates}{head}</head><body><header>{switch}</header>{body}</body></html>"
    )


def make_site(root: Path, pages: dict[str, str] | None = None, *, english: bool = True) -> Path:
    """A home page and an area page in each edition (English only when `english`), then `pages`."""
    files = {
        "index.html": page("index.html", "zh", title="首页", body="<h1>首页</h1>"),
        "areas/haizhou/index.html": page("areas/haizhou/index.html", "zh"),
    }
    if english:
        files |= {
            "en/index.html": page("index.html", "en", title="Home", body="<h1>Home</h1>"),
            "en/areas/haizhou/index.html": page("areas/haizhou/index.html", "en"),
        }
    else:  # a Chinese-only site: no switch, no alternates
        files = {
            rel: page(rel, "zh", alternates="", switch="", title="首页", body="<h1>首页</h1>")
            for rel in files
        }
    files |= pages or {}
    if english:  # each edition's sitemap, with every page's hreflang alternates as the theme writes them
        for prefix in TWO.values():
            inner = sorted(
                {r[len(prefix) :] for r in files if r.startswith(prefix) and r != f"{prefix}404.html"}
            )
            files.setdefault(
                f"{prefix}sitemap.xml", sitemap(prefix, [i for i in inner if not i.startswith("en/")])
            )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def sitemap_link(hreflang: str, href: str) -> str:
    return f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{href}"/>'


def sitemap(prefix: str, inners: list[str], links=None) -> str:
    """An edition's sitemap.xml listing the pages `inners`, each with `links(inner)` as its
    alternates (default: both editions and x-default, full addresses)."""
    links = links or (
        lambda inner: (
            sitemap_link("zh-CN", f"{SITE_URL}{address(inner)}")
            + sitemap_link("x-default", f"{SITE_URL}{address(inner)}")
            + sitemap_link("en", f"{SITE_URL}en/{address(inner)}")
        )
    )
    urls = "".join(
        f"<url><loc>{SITE_URL}{prefix}{address(inner)}</loc>{links(inner)}</url>" for inner in inners
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f' xmlns:xhtml="http://www.w3.org/1999/xhtml">{urls}</urlset>'
    )


def problems(root: Path, pages: dict[str, str] | None = None, **kwargs) -> list[tuple[str, str, str]]:
    report = check_site(make_site(root, pages, **kwargs), SITE_URL)
    return [(p.page, p.what, p.where) for p in report.problems]


def english_area(body: str, **kwargs) -> dict[str, str]:
    """The English area page with `body` after its h1."""
    return {
        "en/areas/haizhou/index.html": page(
            "areas/haizhou/index.html", "en", body=f"<h1>Haizhou District air quality</h1>{body}", **kwargs
        )
    }


# --- Chinese on an English page ---------------------------------------------------------------


def test_a_site_of_two_editions_made_as_the_theme_makes_it_has_no_problems(tmp_path):
    marked = (
        '<p>Station <span lang="zh">新浦子站</span> (no English name), '
        '<a href="../../" title="Home">home</a>.</p>'
        '<div lang="zh" markdown><p>关于启动重污染天气黄色预警的通知：请<b>注意防护</b>。</p></div>'
        '<img src="data:," alt="Bar chart of daily AQI"><script>var t = "中文";</script>'
        "<style>.x::after { content: '；'; }</style>"
    )
    assert problems(tmp_path, english_area(marked, title="新浦子站 station — Air quality")) == []


def test_what_is_never_shown_and_a_name_the_page_marks_are_not_reported(tmp_path):
    body = (
        # The theme's table of contents, hidden on a page that hides it, lists the Chinese headings.
        '<div hidden><nav aria-label="排放口与监测项目"><span>排放口与监测项目</span></nav></div>'
        # A chart's alt text names a unit the page shows marked Chinese.
        '<h2><span lang="zh">某化工有限公司</span>: daily mean</h2>'
        '<img src="data:," alt="某化工有限公司: daily mean">'
    )
    # The theme's header repeats the page's title, and code to copy holds it as it is.
    body += "<header><span>某化工有限公司: daily mean</span></header>"
    body += '<pre><code>"某化工有限公司: daily mean"</code></pre>'
    assert problems(tmp_path, english_area(body)) == []
    unmarked = english_area('<img src="data:," alt="另一家公司: daily mean">')
    assert [what for _page, what, _where in problems(tmp_path / "b", unmarked)] == [
        'Chinese in the alt attribute outside a lang="zh" element'
    ]


@pytest.mark.parametrize(
    ("body", "element", "text"),
    [
        ("<p>The rank of 海州区 this week</p>", "<p>", "The rank of 海州区 this week"),
        ('<p><span lang="zh">新浦</span> and 东海县</p>', "<p>", "and 东海县"),  # the tail is the <p>'s
        ("<table><tr><td>优</td></tr></table>", "<td>", "优"),
        ("<p>Level: Good（AQI 51–100）</p>", "<p>", "Level: Good（AQI 51–100）"),  # full-width brackets
        ('<svg viewBox="0 0 10 10"><text x="0" y="5">首要污染物</text></svg>', "<text>", "首要污染物"),
        ('<p lang="en-GB"><em>空气</em> quality</p>', "<em>", "空气"),
    ],
)
def test_chinese_text_outside_a_lang_zh_element_on_an_english_page_is_reported(tmp_path, body, element, text):
    found = problems(tmp_path, english_area(body))
    assert found == [
        ("en/areas/haizhou/index.html", 'Chinese text outside a lang="zh" element', f"{element} '{text}'")
    ]


@pytest.mark.parametrize(
    ("body", "attribute"),
    [
        ('<img src="data:," alt="海州区日均 AQI 柱状图">', "alt"),
        ('<a href="../../" title="返回首页">Home</a>', "title"),
        ('<button aria-label="搜索">Search</button>', "aria-label"),
        ('<input type="search" placeholder="搜索本站">', "placeholder"),
    ],
)
def test_chinese_in_what_a_reader_sees_or_hears_of_an_attribute_is_reported(tmp_path, body, attribute):
    found = problems(tmp_path, english_area(body))
    assert [(page, what) for page, what, _where in found] == [
        ("en/areas/haizhou/index.html", f'Chinese in the {attribute} attribute outside a lang="zh" element')
    ]
    # The attribute of an element marked Chinese is Chinese: allowed.
    marked = body.replace(" ", ' lang="zh" ', 1)
    assert problems(tmp_path / "marked", english_area(marked)) == []


def test_the_title_and_description_may_hold_chinese_only_as_the_body_shows_it_marked(tmp_path):
    name = '<p>Enterprise: <span lang="zh">连云港某某化工有限公司</span></p>'
    description = '<meta name="description" content="Emissions of 连云港某某化工有限公司">'
    assert (
        problems(tmp_path / "ok", english_area(name, title="连云港某某化工有限公司", head=description)) == []
    )
    found = problems(
        tmp_path / "bad", english_area("<p>Enterprise</p>", title="连云港某某化工有限公司 — 排污许可")
    )
    assert found == [
        (
            "en/areas/haizhou/index.html",
            'Chinese in the page\'s title or description not shown marked lang="zh" in the page',
            "<title> '连云港某某化工有限公司' in '连云港某某化工有限公司 — 排污许可'",
        ),
        (
            "en/areas/haizhou/index.html",
            'Chinese in the page\'s title or description not shown marked lang="zh" in the page',
            "<title> '排污许可' in '连云港某某化工有限公司 — 排污许可'",
        ),
    ]
    # Shown in the body but not marked: the title is not excused (and the body is reported too).
    unmarked = problems(
        tmp_path / "unmarked", english_area("<p>连云港某某化工有限公司</p>", head=description)
    )
    assert [where.split(" '")[0] for _page, _what, where in unmarked] == ["<p>", '<meta name="description">']


def test_a_chinese_page_is_chinese_the_rule_reads_only_the_other_editions(tmp_path):
    assert problems(tmp_path, {"areas/haizhou/index.html": page("areas/haizhou/index.html", "zh")}) == []


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@given(chinese=st.text(HAN, min_size=1, max_size=12), english=st.sampled_from(["", "Station ", "AQI 57, "]))
def test_any_chinese_is_allowed_exactly_when_marked_chinese(chinese, english):
    def found(body: str) -> list:
        doc = etree.fromstring(f'<html lang="en"><body>{body}</body></html>', etree.HTMLParser())
        return list(chinese_outside_marks(doc, "en/areas/index.html", TWO))

    assert found(f'<p>{english}<span lang="zh-Hans">{chinese}</span></p>') == []
    assert found(f"<p>{english}{chinese}</p>") == [
        ('Chinese text outside a lang="zh" element', f"<p> '{english}{chinese}'")
    ]


# --- the switch, hreflang, counterparts ---------------------------------------------------------


def test_a_language_switch_to_a_missing_page_is_reported_by_name(tmp_path):
    broken = page("areas/haizhou/index.html", "zh").replace(
        'href="../../en/areas/haizhou/"', 'href="../../en/areas/haizhu/"'
    )
    assert 'href="../../en/areas/haizhu/"' in broken
    assert problems(tmp_path, {"areas/haizhou/index.html": broken}) == [
        (
            "areas/haizhou/index.html",
            "language switch leads to a missing page",
            "<a class=lyg-edition-switch> ../../en/areas/haizhu/",
        )
    ]


def test_hreflang_alternates_name_this_page_in_every_edition_and_x_default_in_full(tmp_path):
    inner = "areas/haizhou/index.html"
    zh, en = f"{SITE_URL}areas/haizhou/", f"{SITE_URL}en/areas/haizhou/"

    def found(alternates: str) -> list[tuple[str, str]]:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        return [
            (what, where)
            for _page, what, where in problems(folder, {inner: page(inner, "zh", alternates=alternates)})
        ]

    def link(hreflang: str, href: str) -> str:
        return f'<link rel="alternate" hreflang="{hreflang}" href="{href}">'

    assert found(link("zh-CN", zh) + link("x-default", zh) + link("en", en)) == []
    assert found(link("zh-CN", zh) + link("x-default", zh) + link("en", f"{SITE_URL}en/areas/haizhu/")) == [
        (
            "hreflang alternate leads to a missing page",
            f'<link rel=alternate hreflang="en"> {SITE_URL}en/areas/haizhu/',
        )
    ]
    assert found(link("zh-CN", zh) + link("x-default", zh) + link("en", f"{SITE_URL}en/")) == [
        (
            "hreflang alternate is not this page in its edition (en/areas/haizhou/index.html)",
            f'<link rel=alternate hreflang="en"> {SITE_URL}en/',
        )
    ]
    assert found(link("zh-CN", zh) + link("x-default", en) + link("en", en)) == [
        (
            "hreflang alternate is not this page in its edition (areas/haizhou/index.html)",
            f'<link rel=alternate hreflang="x-default"> {en}',
        )
    ]
    assert found(link("zh-CN", zh) + link("x-default", zh) + link("en", "../../en/areas/haizhou/")) == [
        (
            "hreflang alternate is not a full address (the site has one)",
            '<link rel=alternate hreflang="en"> ../../en/areas/haizhou/',
        )
    ]
    assert found(link("zh-CN", zh) + link("x-default", zh) + link("en", "https://example.org/en/")) == [
        ("hreflang alternate outside the site", '<link rel=alternate hreflang="en"> https://example.org/en/')
    ]


def test_each_sitemap_names_every_page_in_every_edition_and_x_default(tmp_path):
    def found(links) -> list[tuple[str, str, str]]:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        inners = ["areas/haizhou/index.html", "index.html"]
        return problems(folder, {"sitemap.xml": sitemap("", inners, links)})

    zh, en = "{SITE_URL}{address}", "{SITE_URL}en/{address}"

    def only(*kinds):
        return lambda inner: "".join(
            sitemap_link(h, (zh if h != "en" else en).format(SITE_URL=SITE_URL, address=address(inner)))
            for h in kinds
        )

    assert found(only("zh-CN", "x-default", "en")) == []
    assert ("sitemap.xml", "no hreflang x-default alternate", f"{SITE_URL}areas/haizhou/") in found(
        only("zh-CN", "en")
    )
    assert ("sitemap.xml", "no hreflang alternate for the en edition", SITE_URL) in found(
        only("zh-CN", "x-default")
    )
    wrong = found(lambda inner: only("zh-CN", "x-default")(inner) + sitemap_link("en", f"{SITE_URL}en/"))
    assert (
        "sitemap.xml",
        "hreflang alternate is not this page in its edition (en/areas/haizhou/index.html)",
        f'{SITE_URL}areas/haizhou/: <xhtml:link hreflang="en"> {SITE_URL}en/',
    ) in wrong


def test_an_english_page_says_it_is_english(tmp_path):
    text = page("areas/haizhou/index.html", "en").replace('<html lang="en">', '<html lang="zh-CN">')
    found = problems(tmp_path, {"en/areas/haizhou/index.html": text})
    assert (
        "en/areas/haizhou/index.html",
        "<html lang> is not the edition's language (en)",
        '<html lang="zh-CN">',
    ) in found
    # (its English, now taken for Chinese prose, is reported as untranslated too)
    assert {what for _page, what, _where in found} == {
        "<html lang> is not the edition's language (en)",
        "untranslated English sentence",
    }


def test_a_page_of_one_edition_without_its_counterpart_in_the_other_is_reported(tmp_path):
    only_zh = {"rankings/index.html": page("rankings/index.html", "zh", switch="")}
    only_en = {"en/targets/index.html": page("targets/index.html", "en", switch="")}
    found = problems(tmp_path, only_zh | only_en)
    assert ("rankings/index.html", "no counterpart in the en edition", "en/rankings/index.html") in found
    assert ("en/targets/index.html", "no counterpart in the zh edition", "targets/index.html") in found
    # ...and their alternates, which name the missing counterparts, say so too.
    assert {what for _page, what, _where in found} == {
        "no counterpart in the en edition",
        "no counterpart in the zh edition",
        "hreflang alternate leads to a missing page",
    }


def test_the_404_pages_switch_to_the_other_home_page_and_name_no_alternate(tmp_path):
    pages = {
        "404.html": page(
            "404.html",
            "zh",
            alternates="",
            switch='<a class="lyg-edition-switch" href="/lyg-air/en/">English</a>',
        ),
        "en/404.html": page(
            "404.html",
            "en",
            alternates="",
            switch='<a class="lyg-edition-switch" href="/lyg-air/" lang="zh-CN">中文</a>',
        ),
    }
    assert problems(tmp_path, pages) == []


def test_a_chinese_only_site_has_no_switch_and_needs_no_counterparts(tmp_path):
    site = make_site(tmp_path / "zh-only", english=False)
    assert editions(p.relative_to(site).as_posix() for p in site.rglob("*")) == {"zh": ""}
    assert problems(tmp_path / "zh-only", english=False) == []
    stray = {"index.html": page("index.html", "zh", alternates="", title="首页", body="<h1>首页</h1>")}
    assert problems(tmp_path / "stray", stray, english=False) == [
        ("index.html", "language switch on a site of one edition", "<a class=lyg-edition-switch> en/"),
        ("index.html", "broken link", "<a> en/"),
    ]


def test_a_bare_chart_page_for_iframes_needs_no_alternates_but_its_language_and_counterpart(tmp_path):
    def bare(lang: str) -> str:
        return page("charts/weekly/index.html", lang, alternates="", switch="")

    pages = {"charts/weekly/index.html": bare("zh"), "en/charts/weekly/index.html": bare("en")}
    assert problems(tmp_path / "ok", pages) == []
    chinese_lang = bare("en").replace('<html lang="en">', '<html lang="zh-CN">')
    found = problems(tmp_path / "bad", pages | {"en/charts/weekly/index.html": chinese_lang})
    assert (
        "en/charts/weekly/index.html",
        "<html lang> is not the edition's language (en)",
        '<html lang="zh-CN">',
    ) in found


def test_the_command_prints_each_problem_with_page_element_and_text(tmp_path):
    site = make_site(tmp_path, english_area("<p>Rank of 海州区</p>"))
    result = CliRunner().invoke(main, ["check-site", str(site)])
    assert result.exit_code == 1
    assert (
        "en/areas/haizhou/index.html: Chinese text outside a lang=\"zh\" element: <p> 'Rank of 海州区'"
        in result.output
    )


# --- the sample build ---------------------------------------------------------------------------


def test_the_sample_builds_switches_alternates_and_counterparts_pass(sample_site):
    """Every page of the sample build in both editions, its switch and alternates leading to its
    counterpart. (The rule on Chinese text is checked on the whole site once every part of the
    English edition is translated: until then this test asks only that what it reports is on
    English pages.)"""
    report = check_site(sample_site, SITE_URL)
    assert (sample_site / "en" / "index.html").is_file()
    edition_problems = [
        p
        for p in report.problems
        if "hreflang" in p.what or "switch" in p.what or "counterpart" in p.what or "<html lang>" in p.what
    ]
    assert edition_problems == []
    chinese = [p for p in report.problems if p.what.startswith("Chinese")]
    assert all(p.page.startswith("en/") for p in chinese)
