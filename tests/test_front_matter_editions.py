"""Every generated page's front matter is YAML MkDocs reads, in both editions: a title with a
colon ("Heavy pollution warning 2026-001: Yellow alert") once made the English notice pages show
their front matter as text."""

from __future__ import annotations

import html

import pytest
import yaml

EDITIONS = {"zh": "generated", "en": "en/generated"}


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_every_generated_page_has_front_matter_mkdocs_reads(sample_site, edition):
    generated = sample_site.parent / "build" / EDITIONS[edition]
    pages = sorted(generated.rglob("*.md"))
    assert len(pages) > 300
    unread = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        head = text[4 : text.index("\n---\n", 4)]
        try:
            fields = yaml.safe_load(head)
        except yaml.YAMLError as error:
            unread.append(f"{page.relative_to(generated)}: {str(error).splitlines()[0]}")
            continue
        if not isinstance(fields, dict) or not isinstance(fields.get("title", ""), str):
            unread.append(f"{page.relative_to(generated)}: {fields!r:.80}")
    assert unread == []


def test_the_english_notice_page_shows_its_heading_not_its_front_matter(sample_site):
    page = (sample_site / "en" / "warnings" / "2026-001" / "index.html").read_text(encoding="utf-8")
    assert "search:" not in page.split('<article class="md-content__inner md-typeset">', 1)[1]
    title = html.unescape(page.split("<title>", 1)[1].split("</title>", 1)[0])
    assert title.startswith("Heavy pollution warning 2026-001: Yellow alert")
