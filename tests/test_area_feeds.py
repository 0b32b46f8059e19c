"""Every area has its own Atom feed, announced in the <head> of the pages that concern it."""

from __future__ import annotations

import feedparser
import lxml.html
import pytest

from generator.config import load_config
from tests.conftest import ROOT


def _head_feeds(site, url) -> dict[str, str]:
    root = lxml.html.parse(str(site / url / "index.html")).getroot()
    links = root.xpath(
        '//head/link[contains(concat(" ", @rel, " "), " alternate ")][@type="application/atom+xml"]'
    )
    return {link.get("href"): link.get("title") for link in links}


def test_every_area_has_a_valid_feed_with_its_rankings_and_warnings(sample_site):
    config = load_config(ROOT / "data" / "site.toml")
    for area in config.areas:
        feed = feedparser.parse((sample_site / "areas" / area.slug / "feed.xml").read_bytes())
        assert not feed.bozo, (area.slug, feed.get("bozo_exception"))
        assert feed.feed.title.endswith(area.name)
        assert feed.feed.language == "zh-CN"
        titles = [e.title for e in feed.entries]
        assert f"{area.name} · 2026年第47周排名" == titles[0] or any("预警" in t for t in titles[:3])
        assert any(t == f"{area.name} · 2026年第47周排名" for t in titles)
        # The sample's warnings cover the whole city: every area's feed carries them.
        assert sum("预警" in t for t in titles) == 3, area.slug
        for entry in feed.entries:
            assert entry.link.startswith(config.site["url"]) and entry.updated


def test_pages_announce_the_feeds_that_concern_them(sample_site):
    city = {"warnings/feed.xml", "rankings/feed.xml", "enterprises/reports/feed.xml"}
    home = _head_feeds(sample_site, "")
    assert {h.removeprefix("./").lstrip("/") for h in home} == city
    area = _head_feeds(sample_site, "areas/haizhou")
    assert {h.removeprefix("../../") for h in area} == city | {"areas/haizhou/feed.xml"}
    station = _head_feeds(sample_site, "stations/1173A")
    assert "../../areas/haizhou/feed.xml" in station
    other = _head_feeds(sample_site, "science/pm")
    assert not any("areas/" in h for h in other)


def test_subscribe_page_lists_every_feed_and_explains_in_plain_chinese(sample_site):
    root = lxml.html.parse(str(sample_site / "subscribe" / "index.html")).getroot()
    text = root.xpath("//article")[0].text_content()
    for word in ("阅读器", "邮件", "微信"):
        assert word in text
    hrefs = {a.get("href") for a in root.xpath("//article//table//a")}
    assert "../areas/guannan/feed.xml" in hrefs and "../warnings/feed.xml" in hrefs
    for href in hrefs:
        assert (sample_site / "subscribe" / href).resolve().is_file()


@pytest.mark.slow
def test_real_2019_area_feeds_validate(real_2019_build):
    _, site = real_2019_build
    for feed_path in sorted((site / "areas").glob("*/feed.xml")):
        feed = feedparser.parse(feed_path.read_bytes())
        assert not feed.bozo, feed_path
    haizhou = feedparser.parse((site / "areas" / "haizhou" / "feed.xml").read_bytes())
    assert haizhou.entries[0].title == "海州区 · 2019年第52周排名"
