"""The site's two editions: Chinese at the root, English under en/, the same page at the same path.

Three rules (issue 31):

- An English page shows no Chinese except where it marks it Chinese (`lang="zh…"` on the element
  or an ancestor: a name with no English form, an editor's notice text). Read: every text node of
  <body>, the attributes a reader sees or hears (alt, title, aria-label, placeholder), the page's
  <title> and its description (meta description, og:/twitter: title and description). Inline SVG
  counts (its <text> is drawn, its <title> is a tooltip); <script>, <style> and <template> do not
  (never shown). The <title> and the description cannot hold a marked span, so Chinese is allowed
  there only when the same Chinese string is shown in the body inside a `lang="zh"` element.
- The language switch (a.lyg-edition-switch) and every hreflang alternate lead to a page of the
  site, the alternate to this page's counterpart in the edition its hreflang names, in full
  addresses when the site has one; <html lang> is the edition's language on every page (a bare
  chart page for iframes, charts/<id>/, has no theme: only this and the next rule). The hreflang
  alternates are in each edition's sitemap.xml (site_src/overrides/sitemap.xml: the theme's
  script fetches a sitemap beside every <link rel=alternate> of a page): every page listed there
  names every edition and an x-default (the Chinese page). A page's own <link rel=alternate
  hreflang>, should it have one, is checked the same way.
- Every page of one edition has its counterpart at the same path in the other.

The editions a site has are those whose home page it holds (a Chinese-only build has no en/).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from generator import i18n
from generator.sitecheck.links import SitePrefix, file_exists, resolve

Finding = tuple[str, str]

# Chinese, Japanese and Korean script and punctuation: radicals, CJK symbols and punctuation (、。「」),
# kana, bopomofo, Han ideographs (all extensions), compatibility forms, full-width forms (，：（）).
CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+"
)
# Never shown to a reader.
_HIDDEN = frozenset({"script", "style", "template"})
_SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
# The page's description as search results and link previews show it.
_DESCRIPTIONS = frozenset(
    {"description", "og:title", "og:description", "twitter:title", "twitter:description"}
)
NOT_FOUND = "404.html"
_SWITCHES = etree.XPath("//a[contains(concat(' ', normalize-space(@class), ' '), ' lyg-edition-switch ')]")
_ALTERNATES = etree.XPath(
    "//link[@hreflang and contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
)


def checked_here(element) -> bool:
    """A link this module checks (the switch, an hreflang alternate): the general link check
    leaves it alone on a site of two editions, so a problem is reported once, by its name."""
    if element.tag == "a":
        return "lyg-edition-switch" in element.get("class", "").split()
    return (
        element.tag == "link"
        and element.get("hreflang") is not None
        and "alternate" in element.get("rel", "").lower().split()
    )


def editions(files: Iterable[str]) -> dict[str, str]:
    """The site's editions, language -> folder ("" or "en/"): those whose home page exists."""
    files = frozenset(files)
    return {
        lang: i18n.edition_prefix(lang)
        for lang in i18n.LANGUAGES
        if f"{i18n.edition_prefix(lang)}index.html" in files
    }


def edition_of(path: str, prefixes: dict[str, str]) -> tuple[str, str]:
    """(language, path inside the edition) of a site path."""
    for lang, prefix in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if path.startswith(prefix):
            return lang, path[len(prefix) :]
    return i18n.SOURCE_LANGUAGE, path


def _language(element) -> str:
    """The language of an element: its nearest `lang` attribute ("" when none says)."""
    for e in (element, *element.iterancestors()):
        lang = e.get("lang")
        if lang is not None:
            return lang.lower()
    return ""


def _hidden(element) -> bool:
    """Never shown: inside <script>/<style>/<template>, or under an element with the `hidden`
    attribute (not rendered, and not read by screen readers: e.g. the theme's table of contents on
    a page that hides it)."""
    return any(
        e.tag in _HIDDEN or e.get("hidden") is not None
        for e in (element, *element.iterancestors())
        if isinstance(e.tag, str)
    )


_REPEATED = frozenset({"code", "pre", "header", "nav"})


def _inside(element, tags: frozenset[str]) -> bool:
    return any(_tag(e) in tags for e in (element, *element.iterancestors()) if isinstance(e.tag, str))


def _tag(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else "?"
    return tag.rsplit("}", 1)[-1]  # an SVG element parsed with its namespace


def _shown(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= width else f"'{text[: width - 1]}…'"


def chinese_outside_marks(doc, path: str, prefixes: dict[str, str]) -> Iterator[Finding]:
    """Every Chinese run on a page of another edition that is not inside a `lang="zh"` element."""
    lang, _inner = edition_of(path, prefixes)
    if lang == i18n.SOURCE_LANGUAGE:
        return
    body = doc.find(".//body")
    marked = ""
    if body is not None:
        marked = "\n".join(
            "".join(e.itertext()) for e in body.xpath(".//*[starts-with(translate(@lang, 'ZH', 'zh'), 'zh')]")
        )
        for text in body.xpath(".//text()"):
            owner = text.getparent() if text.is_text else text.getparent().getparent()
            if owner is None or not CJK.search(text) or _hidden(owner) or _language(owner).startswith("zh"):
                continue
            # Code to copy (an embed code, a citation) is copied as it is; the theme's header and
            # navigation repeat a page's title, which holds no marks: both may hold the Chinese the
            # page shows marked lang="zh".
            if _inside(owner, _REPEATED) and all(run in marked for run in CJK.findall(text)):
                continue
            yield 'Chinese text outside a lang="zh" element', f"<{_tag(owner)}> {_shown(text)}"
        # An attribute cannot hold a marked span: its Chinese (a name in a chart's alt text) is
        # allowed when the page shows the same Chinese marked lang="zh", as in the <title>.
        for element in body.xpath(".//*[@alt or @title or @aria-label or @placeholder]"):
            if _language(element).startswith("zh") or _hidden(element):
                continue
            for name in _SPOKEN_ATTRIBUTES:
                value = element.get(name)
                if value and any(run not in marked for run in CJK.findall(value)):
                    what = f'Chinese in the {name} attribute outside a lang="zh" element'
                    yield what, f"<{_tag(element)}> {_shown(value)}"
    yield from _head_chinese(doc, marked)


def _head_chinese(doc, marked: str) -> Iterator[Finding]:
    """<title> and the page's description: Chinese only as the body shows it marked Chinese."""
    head = doc.find(".//head")
    if head is None:
        return
    shown = [("<title>", "".join(t.itertext())) for t in head.iter("title")]
    for meta in head.iter("meta"):
        kind = meta.get("name") or meta.get("property") or ""
        if kind.lower() in _DESCRIPTIONS:
            shown.append(
                (f'<meta {"name" if meta.get("name") else "property"}="{kind}">', meta.get("content", ""))
            )
    for where, text in shown:
        for run in CJK.findall(text):
            if run not in marked:
                yield (
                    'Chinese in the page\'s title or description not shown marked lang="zh" in the page',
                    f"{where} '{run}' in {_shown(text)}",
                )


def edition_links(
    doc, path: str, files: frozenset[str], prefix: SitePrefix, prefixes: dict[str, str]
) -> Iterator[Finding]:
    """The language switch and the hreflang alternates of one page lead where they should."""
    switches = _SWITCHES(doc)
    if len(prefixes) < 2:
        for a in switches:
            yield (
                "language switch on a site of one edition",
                f"<a class=lyg-edition-switch> {a.get('href', '')}",
            )
        return
    lang, inner = edition_of(path, prefixes)
    html = doc if doc.tag == "html" else doc.find(".//html")
    html_lang = (html.get("lang") or "") if html is not None else ""
    if html_lang.lower().split("-")[0] != lang:
        yield f"<html lang> is not the edition's language ({lang})", f'<html lang="{html_lang}">'
    for a in switches:
        href = a.get("href", "")
        target = resolve(href, path, prefix)
        if target.external or target.scheme or target.outside_prefix or not file_exists(target.path, files):
            yield "language switch leads to a missing page", f"<a class=lyg-edition-switch> {href}"
    # The 404 page has no address of its own and names no alternate.
    if inner == NOT_FOUND:
        return
    alternates = [(link.get("hreflang", ""), link.get("href", "")) for link in _ALTERNATES(doc)]
    yield from alternate_problems(alternates, path, files, prefix, prefixes, "<link rel=alternate")


def alternate_problems(
    alternates: list[tuple[str, str]],
    path: str,
    files: frozenset[str],
    prefix: SitePrefix,
    prefixes: dict[str, str],
    kind: str,
) -> Iterator[Finding]:
    """The hreflang alternates (hreflang, href) named for the page at `path` lead to its
    counterpart in each edition, in full addresses when the site has one."""
    _lang, inner = edition_of(path, prefixes)
    for hreflang, href in alternates:
        where = f'{kind} hreflang="{hreflang}"> {href}'
        target = resolve(href, path, prefix)
        if target.external or target.scheme or target.outside_prefix:
            yield "hreflang alternate outside the site", where
            continue
        if not file_exists(target.path, files):
            yield "hreflang alternate leads to a missing page", where
            continue
        edition = i18n.SOURCE_LANGUAGE if hreflang == "x-default" else hreflang.lower().split("-")[0]
        expected = prefixes.get(edition, "") + inner
        if _page_file(target.path) != expected:
            yield f"hreflang alternate is not this page in its edition ({expected})", where
        elif prefix.origin.startswith("http") and not href.startswith(prefix.origin + prefix.path):
            yield "hreflang alternate is not a full address (the site has one)", where


_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"


def sitemap_alternates(
    site_dir, files: frozenset[str], prefix: SitePrefix, prefixes: dict[str, str]
) -> Iterator[tuple[str, str, str]]:
    """(sitemap, what, where): every page each edition's sitemap lists names all editions and an
    x-default, each leading to that page's counterpart (only when the site has an address: a
    sitemap without one lists no page)."""
    if len(prefixes) < 2 or not prefix.origin.startswith("http"):
        return
    for edition_prefix in sorted(prefixes.values()):
        sitemap = f"{edition_prefix}sitemap.xml"
        if sitemap not in files:
            yield sitemap, "the edition has no sitemap", sitemap
            continue
        root = etree.parse(str(Path(site_dir, sitemap))).getroot()
        for url in root.iter(f"{_SITEMAP}url"):
            loc = (url.findtext(f"{_SITEMAP}loc") or "").strip()
            target = resolve(loc, sitemap, prefix)
            page = _page_file(target.path)
            alternates = [(a.get("hreflang", ""), a.get("href", "")) for a in url.iter(_XHTML_LINK)]
            for what, where in alternate_problems(alternates, page, files, prefix, prefixes, "<xhtml:link"):
                yield sitemap, what, f"{loc}: {where}"
            named = {h for h, _ in alternates}
            present = {h.lower().split("-")[0] for h in named if h != "x-default"}
            for missing in sorted(set(prefixes) - present):
                yield sitemap, f"no hreflang alternate for the {missing} edition", loc
            if "x-default" not in named:
                yield sitemap, "no hreflang x-default alternate", loc


def _page_file(path: str) -> str:
    """The file a directory address serves ('en/areas/' -> 'en/areas/index.html')."""
    if path == "" or path.endswith("/"):
        return f"{path}index.html"
    return path if posixpath.splitext(path)[1] else f"{path}/index.html"


def missing_counterparts(files: frozenset[str], prefixes: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(page, what, where) for every page of one edition with no page at its path in another."""
    if len(prefixes) < 2:
        return
    pages = sorted(f for f in files if f.endswith(".html"))
    for page in pages:
        lang, inner = edition_of(page, prefixes)
        for other, other_prefix in prefixes.items():
            if other != lang and other_prefix + inner not in files:
                yield page, f"no counterpart in the {other} edition", other_prefix + inner
