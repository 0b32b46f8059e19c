"""Check every page of a built site: links resolve, nothing loads from outside, values are values;
and its machine-readable files: CAP alerts valid, Atom feeds complete, JSON parseable (formats.py).

One pass: the site's files are listed once, each HTML page is parsed once with lxml, and every
check reads the parsed page. Problems are reported as (page, what, where).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.sitecheck import content, editions, formats, words
from generator.sitecheck.links import SitePrefix, file_exists, no_file_scheme, resolve, site_files

# Elements that make the browser fetch what their attribute names (the page "loads" it).
_LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "object": ("data",),
}
# <link rel=...> kinds that are fetched by the browser (a canonical or alternate link is not).
_LOADING_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "preload",
        "modulepreload",
        "prefetch",
        "manifest",
        "mask-icon",
    }
)
# The parts of a page the link and injection checks read, found by libxml2 rather than by
# walking every element in Python.
_LINKING = etree.XPath(
    "//*[@href or @src or @srcset or @poster or @data or @action or @formaction"
    " or (self::meta and @http-equiv)]"
)
_HANDLERS = etree.XPath("//@*[starts-with(translate(name(), 'ON', 'on'), 'on')]")
_STYLES = etree.XPath("//style/text() | //@style")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    page: str
    what: str
    where: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}: {self.where}"


@dataclass
class SiteReport:
    pages: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"check-site: {self.pages} pages, {self.links} links, "
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        )


def check_site(site_dir: Path, site_url: str) -> SiteReport:
    """Every HTML page and stylesheet of the site at `site_dir`, published at `site_url`."""
    files = site_files(site_dir)
    prefix = SitePrefix.from_url(site_url)
    prefixes = editions.editions(files)  # {"zh": "", "en": "en/"}; one entry on a Chinese-only site
    report = SiteReport()
    # lxml.etree's parser, not lxml.html's: plain elements are several times faster to walk.
    parser = etree.HTMLParser(encoding="utf-8")
    for path in sorted(files):
        if path.endswith(".html"):
            report.pages += 1
            page = Path(site_dir, path).read_bytes()
            _check_page(page, path, files, (prefix, prefixes), report, parser)
        elif path.endswith(".css"):
            _check_stylesheet(Path(site_dir, path).read_text("utf-8", errors="replace"), path, report)
        else:
            report.problems.extend(
                Problem(path, what, where) for what, where in formats.file_problems(site_dir, path)
            )
    report.problems.extend(Problem(*found) for found in editions.missing_counterparts(files, prefixes))
    report.problems.extend(
        Problem(*found) for found in editions.sitemap_alternates(site_dir, files, prefix, prefixes)
    )
    return report


def _check_page(data: bytes, path: str, files, where: tuple, report: SiteReport, parser) -> None:
    prefix, prefixes = where  # the site's address, and its editions' folders
    doc = etree.fromstring(data, parser)
    if doc is None:
        report.problems.append(Problem(path, "HTML parse error", "empty page"))
        return
    for error in parser.error_log:
        report.problems.append(Problem(path, "HTML parse error", f"line {error.line}: {error.message}"))
    for what, where in (
        *content.structure(doc),
        *content.placeholders(doc),
        *content.empty_cells(doc),
        *words.public_words(doc, path),
        *editions.chinese_outside_marks(doc, path, prefixes),
        *editions.edition_links(doc, path, files, prefix, prefixes),
    ):
        report.problems.append(Problem(path, what, where))
    two_editions = len(prefixes) > 1
    for element in _LINKING(doc):
        for link, loads in _links(element):
            report.links += 1
            if two_editions and editions.checked_here(element):
                continue
            problem = _check_link(link, loads, path, files, prefix)
            if problem:
                report.problems.append(Problem(path, problem, f"<{element.tag}> {_short(link)}"))
    for attribute in _HANDLERS(doc):  # no inline event handler: input never becomes script
        tag = attribute.getparent().tag
        report.problems.append(Problem(path, f"inline event handler '{attribute.attrname}'", f"<{tag}>"))
    for css in _STYLES(doc):
        _check_stylesheet(str(css), path, report)


def _links(element):
    """(url, loads) for every URL the element names; `loads` when the browser fetches it."""
    tag = element.tag
    attrib = element.attrib
    loading = _LOADING.get(tag, ())
    for name in ("href", "src", "srcset", "poster", "data", "action", "formaction"):
        value = attrib.get(name)
        if value is None or (name == "data" and tag != "object"):
            continue
        if name == "action" and tag != "form":
            continue
        loads = name in loading
        if tag == "link" and name == "href":
            loads = bool(_LOADING_RELS & set(attrib.get("rel", "").lower().split()))
        urls = _srcset(value) if name == "srcset" else [value]
        for url in urls:
            yield url, loads
    if tag == "meta" and attrib.get("http-equiv", "").lower() == "refresh":
        match = _REFRESH_URL.search(attrib.get("content", ""))
        if match:
            yield match.group(1).strip(), True


def _srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _check_link(link: str, loads: bool, path: str, files, prefix: SitePrefix) -> str | None:
    target = resolve(link, path, prefix)
    if target.scheme == "javascript" or link.strip().lower().startswith("javascript:"):
        return "javascript: URL"
    if target.external:
        return "loads from outside the site" if loads else None
    if target.scheme:
        return None if no_file_scheme(target.scheme) else f"unknown URL scheme '{target.scheme}'"
    if target.outside_prefix:
        return "broken link (outside the site or malformed path)"
    if not file_exists(target.path, files):
        return "broken link"
    return None


def _check_stylesheet(css: str, path: str, report: SiteReport) -> None:
    for match in _CSS_URL.finditer(css):
        url = (match.group(1) or match.group(2)).strip()
        if re.match(r"(?i)(https?:)?//", url):
            report.problems.append(Problem(path, "stylesheet loads from outside the site", _short(url)))


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
