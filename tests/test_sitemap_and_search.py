"""The sitemap and the search index list every page, each once (issue 29's decision: their order is
the one MkDocs' folder walk gives; what matters is that the entries are the pages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml


def markdown_pages(sample_site: Path) -> dict[str, dict]:
    """URL (relative, as MkDocs writes it with directory URLs) -> front matter, of every Markdown
    page of the assembled tree the site was built from."""
    docs = sample_site.parent / "build" / "docs"
    found = {}
    for path in docs.rglob("*.md"):
        rel = path.relative_to(docs).as_posix()
        if rel.startswith("overrides/"):
            continue
        url = re.sub(r"(^|/)(index|README)\.md$", r"\1", rel)
        url = re.sub(r"\.md$", "/", url)
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text[4:].split("\n---\n", 1)[0]) if text.startswith("---\n") else None
        found[url] = front or {}
    return found


def test_the_sitemap_lists_every_page_once(sample_site):
    config = sample_site.parent / "build" / "mkdocs.yml"  # the configuration the site was built with
    base = yaml.safe_load(config.read_text(encoding="utf-8"))["site_url"].rstrip("/") + "/"
    locs = re.findall(r"<loc>([^<]*)</loc>", (sample_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(base) for loc in locs)
    assert {loc[len(base) :] for loc in locs} == set(markdown_pages(sample_site))


def test_the_search_index_holds_every_searchable_page(sample_site):
    docs = json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    located = {doc["location"].split("#", 1)[0] for doc in docs}
    searchable = {
        url
        for url, front in markdown_pages(sample_site).items()
        if not (front.get("search") or {}).get("exclude")
    }
    assert located == searchable
    # Each page once as a page (its sections follow it as location#anchor).
    whole = [doc["location"] for doc in docs if "#" not in doc["location"]]
    assert len(whole) == len(set(whole)) == len(searchable)
