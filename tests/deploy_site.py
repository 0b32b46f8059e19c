"""A small built site in three versions for the deploy tests, and a crawler that link-checks it.

Version 1 is a site with a home page, AREAS area pages, a warnings section with one notice, a
fingerprinted stylesheet, data, a feed, a sitemap and gzip copies of two pages (as the build's
precompression writes them). Version 2 is version 1 after one new warning: the notice's page and
CAP file are new; the warnings index, its feed, the home page and the sitemap change. Version 3
changes everything a release can change: a new stylesheet fingerprint on every page, every area
page's text, one area page gone (and no longer linked), one page new.
"""

from __future__ import annotations

import gzip
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

AREAS = 120
NEW_WARNING_CHANGES = {
    "index.html",
    "index.html.gz",
    "sitemap.xml",
    "warnings/index.html",
    "warnings/index.html.gz",
    "warnings/feed.xml",
    "warnings/2026-002/index.html",
    "warnings/2026-002/cap.xml",
}


def _page(title: str, css: str, depth: int, links: list[str], body: str = "") -> str:
    up = "../" * depth
    items = "".join(f'<li><a href="{up}{link}">{link}</a></li>' for link in links)
    return (
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="stylesheet" href="{up}assets/{css}"></head><body><h1>{title}</h1>'
        f'<p>{body}</p><a href="{up}">首页</a><ul>{items}</ul></body></html>'
    )


def site_files(version: int) -> dict[str, bytes]:
    css = "main.aaaaaaaa.min.css" if version < 3 else "main.bbbbbbbb.min.css"
    notices = ["2026-001"] + (["2026-002"] if version >= 2 else [])
    areas = [f"a{i:03d}" for i in range(AREAS - (1 if version >= 3 else 0))]
    text = "第三版" if version >= 3 else "第一版"
    files: dict[str, str | bytes] = {
        f"assets/{css}": "body{color:#123}" if version < 3 else "body{color:#321}",
        "assets/site.css": "h1{margin:0}",
        "data/daily.csv": "\ufeff日期,AQI\r\n2026-01-01,88\r\n",
        "data/每日空气质量.csv": "\ufeff日期,AQI\r\n2026-01-01,88\r\n",  # a Chinese file name
        "warnings/feed.xml": "<feed>" + "".join(f"<entry>{n}</entry>" for n in notices) + "</feed>",
        "sitemap.xml": "<urlset>" + "".join(f"<url>{a}</url>" for a in areas + notices) + "</urlset>",
        "index.html": _page(
            "首页",
            css,
            0,
            [f"areas/{a}/" for a in areas] + ["warnings/", "data/daily.csv"],
            f"预警 {len(notices)} 条",
        ),
        "warnings/index.html": _page(
            "预警", css, 1, [f"warnings/{n}/" for n in notices] + ["warnings/feed.xml"]
        ),
    }
    for n in notices:
        files[f"warnings/{n}/index.html"] = _page(f"预警 {n}", css, 2, [f"warnings/{n}/cap.xml", "warnings/"])
        files[f"warnings/{n}/cap.xml"] = f"<alert>{n}</alert>"
    for a in areas:
        files[f"areas/{a}/index.html"] = _page(f"区域 {a}", css, 2, ["data/daily.csv", "warnings/"], text)
    if version >= 3:
        files["areas/new/index.html"] = _page("新区域", css, 2, ["warnings/"])
    data = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}
    for key in ("index.html", "warnings/index.html"):
        data[key + ".gz"] = gzip.compress(data[key], mtime=0)
    return data


def write_site(root: Path, version: int) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for key, body in site_files(version).items():
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    (root / ".lyg-site").write_text("", encoding="utf-8")  # the build's mark: never deployed
    return root


def fetch(url: str) -> tuple[int, bytes, dict]:
    """GET `url`: status, body (decoded from its Content-Encoding), headers."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            headers = {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, b"", {}
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return 200, body, headers


def crawl(home: str, index_file: bool) -> tuple[dict[str, bytes], list[str]]:
    """Every page and file reachable from `home` over HTTP: bodies by path below `home`, and the
    links that did not resolve. `index_file`: a folder address is fetched as folder/index.html
    (object storage behind a CDN's index document); otherwise the server answers folders itself."""
    seen: dict[str, bytes] = {}
    broken: list[str] = []
    queue = [home]
    while queue:
        url = queue.pop()
        rel = url[len(home) :]
        if rel in seen:
            continue
        fetched = url + "index.html" if index_file and url.endswith("/") else url
        status, body, _ = fetch(fetched)
        if status != 200:
            broken.append(rel)
            seen[rel] = b""
            continue
        seen[rel] = body
        if rel.endswith("/") or rel.endswith(".html") or rel == "":
            for link in re.findall(r'(?:href|src)="([^"]+)"', body.decode("utf-8")):
                target = urljoin(url, link)
                if urlsplit(target).netloc == urlsplit(home).netloc and target.startswith(home):
                    queue.append(target.split("#")[0])
    return seen, broken


def page_versions(rel: str) -> set[bytes]:
    """The bodies a crawled address may show: its file in any version."""
    key = rel + "index.html" if rel.endswith("/") or rel == "" else rel
    return {files[key] for files in (site_files(v) for v in (1, 2, 3)) if key in files}
