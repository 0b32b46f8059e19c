"""Weekly ranking pages, their CSV/JSON/Atom files and the home summary, built from synthetic data
with known answers (see tests/test_statistics.py for the numbers)."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import pandas as pd
import pytest

from generator import statistics
from generator.charts.registry import registry
from generator.pages.areas import builder as areas
from generator.pages.rankings import weekly as rankings
from generator.pages.shared.ranking_model import AREAS, records_by_week, week_model
from tests.test_statistics import AREAS as AREA_LIST
from tests.test_statistics import HALF, STANDARD, hours, make_ctx


@pytest.fixture
def built(tmp_path):
    hourly = pd.concat(
        [
            hours("A1", "2019-01-07", 7, **STANDARD),
            hours("A1", "2019-01-14", 7, **{**STANDARD, "pm25": 70}),
            hours("B1", "2019-01-07", 14, **STANDARD),
            hours("C1", "2019-01-07", 14, **HALF),
            hours("D1", "2019-01-07", 3, **HALF),
        ]
    )
    ctx = make_ctx(hourly, AREA_LIST, tmp_path)
    rankings.build(ctx)
    areas.build(ctx)
    return ctx


def page(ctx, path: str) -> str:
    return ctx.out.path(path).read_text(encoding="utf-8")


def model(ctx, week: str) -> dict:
    records = records_by_week(statistics.weekly(ctx))[week]
    return week_model(records, statistics.WeekInfo.from_id(week), AREAS, min_days=5, decimals=2)


def test_week_model_ranks_with_shared_places_and_lists_the_unranked_area_with_its_reason(built):
    m = model(built, "2019-W02")
    assert [(r["rank_text"], r["name"], r["composite_text"]) for r in m["rows"]] == [
        ("1", "丙区", "2.40"),
        ("2（并列）", "乙区", "6.00"),
        ("2（并列）", "甲区", "6.00"),
    ]
    assert [u["name"] for u in m["unranked"]] == ["丁区"]
    assert "少于5天" in m["unranked"][0]["reason"]
    assert m["summary_text"].startswith(
        "2019年第2周各县区综合指数排名：丙区最好（综合指数 2.40），乙区、甲区最差"
    )


def test_week_model_changes_and_improvement_ranking(built):
    m = model(built, "2019-W03")
    a = next(r for r in m["rows"] if r["name"] == "甲区")
    assert a["vs_previous"]["rank_text"] == "名次↓1（原第2）"
    assert a["vs_previous"]["value_text"] == "综合指数 6.00，变化 +16.7%"
    assert a["vs_year_ago"] is None
    # Nobody's composite index fell: no improvement ranking (a worsening is never "first in
    # improvement"); the unchanged and the worsened are listed after it, without a rank.
    assert m["by_improvement"] == []
    assert [(r["rank_text"], r["name"], r["value_text"]) for r in m["not_improved"]] == [
        ("持平", "丙区", "+0.0%"),
        ("持平", "乙区", "+0.0%"),
        ("变差", "甲区", "+16.7%"),
    ]
    assert "较上周" in m["improvement_title"]


def test_a_page_for_every_week_with_the_local_extension_note_and_tables(built):
    text = page(built, "rankings/2019-W02/index.md")
    assert "地方性延伸" in text and "环办监测〔2018〕19号" in text
    assert "2（并列）" in text
    assert "丁区" in text and "少于5天" in text
    assert "按 PM2.5 浓度排名" in text and "按优良天数比例排名" in text and "按改善幅度排名" in text
    assert "HJ 633&#45;2012" in text  # rules stated (escaped for Markdown)
    assert page(built, "rankings/2019-W03/index.md")


def test_ranking_page_front_matter_points_social_previews_at_the_chart_png(built):
    text = page(built, "rankings/2019-W03/index.md")
    front = text.split("---\n")[1]
    assert 'og_image: "charts/ranking-2019-w03-composite/chart.png"' in front
    assert 'og_title: "各县区环境空气质量周排名 · 2019年第3周"' in front
    assert "og_image_alt:" in front and "og_description:" in front


def test_latest_page_shows_the_newest_week_and_links_its_permalink(built):
    text = page(built, "rankings/latest/index.md")
    assert "本页始终显示最新一周的排名" in text
    assert "(../2019&#45;W03/)" in text
    assert "2019年第3周" in text


def test_charts_are_registered_with_the_moving_latest_alias(built):
    charts = registry(built)
    latest = charts.get("ranking-latest-composite")
    assert latest.id == "ranking-2019-w03-composite"
    assert list(latest.data["name"]) == ["丙区", "乙区", "甲区"]
    assert "." not in "".join(latest.data.columns)
    assert charts.get("area-a-rank-history").page_url == "areas/a/"
    assert charts.get("area-a-daily-aqi")


def test_week_csv_is_utf8_with_bom_and_stable_columns(built):
    raw = built.out.path("rankings/2019-W02.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["group"], r["rank"], r["composite"]) for r in rows] == [
        ("c", "1", "2.4"),
        ("b", "2", "6.0"),
        ("a", "2", "6.0"),
        ("d", "", "2.4"),
    ]  # unranked: value kept, no rank
    assert rows[3]["ranked"] == "False" and "少于5天" in rows[3]["reason"]
    assert rows[1]["rank_tied"] == "True" and rows[0]["rank_tied"] == "False"


def test_week_json_documents_its_columns(built):
    doc = json.loads(built.out.path("rankings/2019-W02.json").read_text(encoding="utf-8"))
    assert doc["week"] == "2019-W02" and doc["period_start"] == "2019-01-07"
    assert set(doc["rows"][0]) == set(doc["columns"])
    assert doc["columns"]["composite"].startswith("综合指数")


def test_atom_feed_has_one_entry_per_week_with_deterministic_times(built):
    feed = feedparser.parse(built.out.path("rankings/feed.xml").read_bytes())
    assert [e.link for e in feed.entries] == [
        "https://example.org/air/rankings/2019-W03/",
        "https://example.org/air/rankings/2019-W02/",
    ]
    assert feed.entries[0].updated == "2019-01-21T08:30:00+08:00"  # Monday after the week, 08:30


def test_index_lists_latest_first_and_archive_by_year(built):
    text = page(built, "rankings/index.md")
    assert text.index("2019年第3周") < text.index("2019年第2周")
    assert "(2019/)" in text
    assert "2019年第2周" in page(built, "rankings/2019/index.md")


def test_home_summary_is_escaped_markdown_of_the_latest_week(built):
    (summary,) = built.products["home_summaries"]
    assert "2019年第3周" in summary and "丙区" in summary
    assert "(rankings/2019&#45;W03/)" in summary


def test_datasets_registered_for_the_data_page(built):
    from generator.charts.datasets import datasets

    ids = {e.id for e in datasets(built)}
    assert {"ranking-2019-w02-csv", "ranking-2019-w02-json", "ranking-2019-w03-csv"} <= ids


def test_area_page_shows_latest_rank_history_and_links(built):
    text = page(built, "areas/a/index.md")
    assert "第 3 名" in text and "综合指数 7.00" in text
    assert "历周排名" in text and 'href="../../rankings/2019&#45;W02/"' in text
    assert "(../../warnings/)" in text and "(../../enterprises/)" in text
    unranked = page(built, "areas/d/index.md")
    assert "不参与排名" in unranked
    index = page(built, "areas/index.md")
    assert all(name in index for name in ("甲区", "乙区", "丙区", "丁区"))


def test_hostile_area_names_are_escaped(tmp_path):
    hourly = pd.concat([hours("A1", "2019-01-07", 7, **STANDARD), hours("B1", "2019-01-07", 7, **HALF)])
    ctx = make_ctx(hourly, [("a", "<script>x</script>", "A1"), ("b", "[链接](http://evil)", "B1")], tmp_path)
    rankings.build(ctx)
    _, front, body = page(ctx, "rankings/2019-W02/index.md").split("---\n", 2)
    assert "<script>" not in body and "](http://evil)" not in body
    # Front matter is YAML: each value one double-quoted string (the theme escapes it for HTML),
    # besides the fixed layout and search-weight lines (`hide: [navigation]`, `search: {exclude: true}`,
    # from constants: generator/pages/shared/front_matter.py) that no input reaches.
    fixed = ("hide:", "  - navigation", "search:", "  exclude: true")
    lines = [line for line in front.strip().splitlines() if line not in fixed]
    assert lines and all(line.count(': "') == 1 and line.endswith('"') for line in lines)


def test_no_complete_week_gives_an_index_saying_so(tmp_path):
    ctx = make_ctx(hours("A1", "2019-01-07", 3, **STANDARD), [("a", "甲区", "A1")], tmp_path)
    rankings.build(ctx)
    assert "暂无排名" in page(ctx, "rankings/index.md")


def test_every_download_column_is_documented_on_the_methodology_page():
    from pathlib import Path

    from generator.pages.rankings.exports import EXPORT_COLUMNS

    text = (Path(__file__).resolve().parent.parent / "site_src" / "methodology" / "rankings.md").read_text(
        "utf-8"
    )
    assert "地方性延伸" in text
    assert [c for c in EXPORT_COLUMNS if f"| `{c}` |" not in text] == []


@pytest.mark.parametrize(
    "primary, aqi_days, expected",
    [
        ("PM2.5", 7, "细颗粒物（PM2.5）"),
        # A period's most frequent pollutants, in words from the one table (never O3_8h).
        ("O3_8h", 30, "臭氧（8小时）"),
        ("PM2.5、O3_8h", 30, "细颗粒物（PM2.5）、臭氧（8小时）"),
        # HJ 633: no primary pollutant on a day within the first level (优, AQI 0–50).
        (float("nan"), 7, "无（AQI ≤ 50）"),
        (None, 7, "无（AQI ≤ 50）"),
        (float("nan"), 0, "—（无有效日 AQI）"),
    ],
)
def test_a_week_without_primary_pollutant_says_why_in_words(primary, aqi_days, expected):
    from generator.pages.shared.ranking_model import primary_text

    assert primary_text(primary, aqi_days, "2012") == expected
