"""Monthly and year-to-date ranking pages, their CSV/JSON, feed entries and links, built from the
hand-checked March data of tests/test_periods.py."""

from __future__ import annotations

import csv
import html
import io
import json

import feedparser
import pandas as pd
import pytest

from generator.pages.areas import builder as areas
from generator.pages.rankings import exports as ranking_exports
from generator.pages.rankings import periods as period_rankings
from generator.pages.rankings import weekly as rankings
from tests.test_periods import march  # noqa: F401  (fixture)


@pytest.fixture
def built(march):  # noqa: F811
    period_rankings.build(march)
    rankings.build(march)
    areas.build(march)
    return march


def page(ctx, path: str) -> str:
    """The generated page with the escaped characters of its Markdown (&#45;) read back."""
    return html.unescape(ctx.out.path(path).read_text(encoding="utf-8"))


def test_a_page_for_every_month_and_ytd_period_with_latest_aliases(built):
    month = page(built, "rankings/monthly/2019-03/index.md")
    assert "各县区环境空气质量月排名 · 2019年3月" in month
    assert "2019-03-01 至 2019-03-31" in month and "27 个有效日" in month
    assert "<td>2（并列）</td><td><a" in month  # 甲 and 乙 share the 2nd place
    assert "PM2.5有效天数20天，少于27天" in month  # 丁, not ranked, with the reason
    assert "名次↑1（原第3）；综合指数 7.00，变化 −14.3%" in month
    assert "较上周" not in month and "较去年同期" in month
    ytd = page(built, "rankings/ytd/2019-03/index.md")
    assert "年初至今累计排名 · 2019年1—3月" in ytd and "少于68天" in ytd
    latest = page(built, "rankings/monthly/latest/index.md")
    assert "始终显示最新一期" in latest and "2019年3月" in latest
    assert "2019年1—3月" in page(built, "rankings/ytd/latest/index.md")
    assert "2018年3月" in page(built, "rankings/monthly/2018-03/index.md")


def test_the_improvement_ranking_ranks_improvements_only(built):
    month = page(built, "rankings/monthly/2019-03/index.md")
    section = month.split("## 按改善幅度排名")[1].split("## 下载")[0]
    assert section.index("乙区") < section.index("丙区")  # −14.3 % before −7.7 %
    assert "持平" in section and "甲区" in section.split("持平或上升")[1]


def test_month_csv_and_json_beside_the_page(built):
    text = built.out.path("rankings/monthly/2019-03.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(text[1:]))}
    assert rows["c"]["rank"] == "1" and rows["a"]["rank"] == "2" and rows["a"]["rank_tied"] == "True"
    assert rows["b"]["change_yoy"] == "-14.3" and rows["b"]["rank_improvement_yoy"] == "1"
    assert rows["d"]["ranked"] == "False" and rows["d"]["rank"] == ""
    document = json.loads(built.out.path("rankings/ytd/2019-03.json").read_text("utf-8"))
    assert document["period_start"] == "2019-01-01" and document["kind"] == "ytd"
    assert set(document["columns"]) == set(document["rows"][0])


def test_feed_index_area_pages_and_weeks_link_the_periods(built):
    feed = feedparser.parse(built.out.path("rankings/feed.xml").read_bytes())
    # The title says what the feed holds: weekly, monthly and year-to-date rankings.
    assert feed.feed.title.endswith("：县区空气质量周排名、月排名和年初至今累计排名")
    assert "月排名" in feed.feed.subtitle and "累计排名" in feed.feed.subtitle
    links = [e.link for e in feed.entries]
    assert "https://example.org/air/rankings/monthly/2019-03/" in links
    assert "https://example.org/air/rankings/ytd/2019-03/" in links
    index = page(built, "rankings/index.md")
    assert "(monthly/2019-03/)" in index
    area = page(built, "areas/a/index.md")
    assert "rankings/monthly/2019" in area and "rankings/ytd/2019" in area
    week = page(built, "rankings/2019-W11/index.md")  # Thursday 2019-03-14
    assert "本周所在月份的月排名" in week and "monthly/2019" in week


def test_the_month_chart_is_registered_with_its_latest_alias(built):
    from generator.charts.registry import registry

    charts = registry(built)
    assert "ranking-2019-03-month-composite" in {c.id for c in charts}


def test_the_city_year_page_sets_month_and_ytd_figures_side_by_side(built):
    year = page(built, "rankings/city/2019/index.md")
    assert "连云港2019年逐月空气质量与排名" in year
    row = year.split('<th scope="row">')[1]
    # March 2019, the city as a whole (all four stations): ranked 1st of 1 that month; the YTD
    # period (January–March) has too few valid days to be ranked.
    assert '<a href="../../monthly/2019-03/">3月</a>' in row
    assert "<td>1/1</td>" in row and "不排名" in row
    assert "(city/2019/)" in page(built, "rankings/index.md")
    from generator.charts.registry import registry

    assert "city-rank-2019-monthly" in {c.id for c in registry(built)}


def test_every_period_download_column_is_documented_on_the_methodology_page():
    from pathlib import Path

    from generator.statistics.periods import PERIOD_COLUMNS

    text = (Path(__file__).resolve().parent.parent / "site_src" / "methodology" / "rankings.md").read_text(
        "utf-8"
    )
    assert "{#monthly}" in text
    assert [c for c in PERIOD_COLUMNS if f"| `{c}` |" not in text] == []


def test_exports_written_at_once_are_the_bytes_of_each_period_written_alone():
    """split_exports writes every period's CSV and JSON rows in one pass and splits them; each
    period's files are the bytes csv_bytes and json_bytes give for its rows alone, also when a
    field holds a line break (then each period is written on its own)."""
    frame = pd.DataFrame(
        {
            "period": ["2019-01", "2019-01", "2019-02"],
            "name": ["甲区", "乙区", "甲区"],
            "composite": [3.25, 4.0, float("nan")],
            "rank": pd.array([1, 2, None], dtype="Int64"),
            "ranked": [True, True, False],
        }
    )
    for text in ("一行", "两行\n文字"):
        exports = ranking_exports.split_exports(frame.assign(reason=text), "period")
        assert list(exports) == ["2019-01", "2019-02"]
        for period, rows in frame.assign(reason=text).groupby("period"):
            alone = ranking_exports.csv_bytes(rows)
            assert exports[period].csv == alone
            meta = {"period": period}
            assert ranking_exports.json_bytes(
                exports[period].rows, meta, records=exports[period].records, docs=dict.fromkeys(rows, "")
            ) == ranking_exports.json_bytes(rows, meta, docs=dict.fromkeys(rows, ""))
