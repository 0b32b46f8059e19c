"""Stale data is never called current: when the latest complete week ended more than
`site.stale_after_days` days (default 10) before the build, the home page, the latest ranking and
a banner on every page say since when the data has not been updated, and nothing says 本周."""

from __future__ import annotations

import html
import re
from datetime import date
from types import SimpleNamespace

import pytest

from generator.errors import InputError
from generator.statistics.freshness import Freshness, age_text, freshness, stale_after_days, stale_notice


def test_age_is_said_in_years_months_or_days():
    assert age_text(date(2019, 12, 29), date(2022, 11, 29)) == "2 年 11 个月"
    assert age_text(date(2019, 12, 29), date(2022, 11, 28)) == "2 年 10 个月"
    assert age_text(date(2019, 12, 29), date(2026, 11, 23)) == "6 年 10 个月"
    assert age_text(date(2019, 12, 29), date(2020, 12, 29)) == "1 年"
    assert age_text(date(2026, 11, 22), date(2027, 3, 1)) == "3 个月"
    assert age_text(date(2026, 11, 22), date(2026, 12, 10)) == "18 天"


def test_data_is_stale_only_after_the_configured_number_of_days():
    end = date(2026, 11, 22)
    assert not Freshness(end, date(2026, 12, 2), 10).is_stale  # 10 days: one missed weekly run
    late = Freshness(end, date(2026, 12, 3), 10)
    assert late.is_stale and late.notice == "数据截至 2026-11-22，已 11 天未更新"
    assert not Freshness(end, date(2026, 12, 3), 30).is_stale
    assert Freshness(end, date(2026, 11, 23), 10).notice == ""
    # The notice names the last day with data, not the end of the last complete week before it.
    after_week = Freshness(date(2019, 12, 29), date(2026, 11, 23), 10, last_day=date(2019, 12, 31))
    assert after_week.notice == "数据截至 2019-12-31，已 6 年 10 个月未更新"


def test_a_build_without_any_data_has_no_age_and_no_notice():
    ctx = SimpleNamespace(as_of=None, products={}, config=config({}))
    assert freshness(ctx) is None and stale_notice(ctx) == ""


def config(site: dict):
    return SimpleNamespace(site=site, path="data/site.toml")


def test_stale_after_days_defaults_to_10_and_rejects_what_is_not_a_day_count():
    assert stale_after_days(config({})) == 10
    assert stale_after_days(config({"stale_after_days": 30})) == 30
    for bad in (-1, "10", 2.5, True):
        with pytest.raises(InputError, match="site.stale_after_days"):
            stale_after_days(config({"stale_after_days": bad}))


def article(site, url: str) -> str:
    page = (site / url / "index.html").read_text(encoding="utf-8")
    body = page[page.index("<article") : page.index("</article>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def assert_stale_pages(site, week_id: str, week_title: str, notice: str):
    home = article(site, "")
    assert f"最近一次县区排名：{week_title}" in home and notice in home
    for url in ("", "rankings/latest", f"rankings/{week_id}"):
        text = article(site, url)
        assert "本周" not in text, f"/{url}: stale data called 本周"
        assert notice in text, f"/{url} does not say how old the data is"
        if url:  # a ranking page says it once (the banner), then what it means for the ranking
            assert text.count(notice) == 1 and "不是当前一周的排名" in text, f"/{url}"
    # The banner: on every page, including ones that show no ranking.
    for url in ("science", "data/completeness", "areas/haizhou"):
        page = (site / url / "index.html").read_text(encoding="utf-8")
        assert "lyg-stale-banner" in page and notice in html.unescape(page)


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_2019_data_built_in_2026_says_how_old_it_is(real_2019_site):
    assert_stale_pages(
        real_2019_site, "2019-W52", "2019年第52周", "数据截至 2019-12-31，已 6 年 10 个月未更新"
    )


@pytest.mark.slow
def test_sample_built_three_months_after_its_data_says_how_old_it_is(sample_site_silent_area_built_late):
    assert_stale_pages(
        sample_site_silent_area_built_late, "2026-W47", "2026年第47周", "数据截至 2026-11-22，已 3 个月未更新"
    )


@pytest.mark.slow
def test_sample_built_the_day_after_its_data_is_current(sample_site):
    home = article(sample_site, "")
    assert "本周县区排名：2026年第47周" in home and "未更新" not in home
    for url in ("", "rankings/latest", "science"):
        assert "lyg-stale-banner" not in (sample_site / url / "index.html").read_text(encoding="utf-8")
