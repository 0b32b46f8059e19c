"""What the ranking pages say in words: best and worst, rank changes and the improvement ranking,
on hand-made weeks shaped like the cases found on the sample and real 2019 builds (issue 14)."""

from __future__ import annotations

import feedparser
import pandas as pd
import pytest

from generator import statistics
from generator.pages.rankings import weekly as rankings
from generator.pages.shared.ranking_model import AREAS, records_by_week, week_model
from tests.test_statistics import HALF, STANDARD, hours, make_ctx

# Twelve areas, one station each; PM2.5 alone varies (the other five pollutants at HALF give 2.00),
# so the composite index is 2.00 + PM2.5/35. Two share the first place, two share the last, and
# ranks 10 and 11 exist: a rank is a number, not a text starting with "1".
PM25 = [10, 10, 14, 18, 22, 26, 30, 34, 38, 42, 50, 50]
TWELVE = [(f"a{i:02d}", f"区{i:02d}", f"S{i:02d}") for i in range(1, 13)]


@pytest.fixture
def twelve(tmp_path):
    hourly = pd.concat(
        [
            hours(code, "2019-01-07", 7, **{**HALF, "pm25": pm})
            for (_, _, code), pm in zip(TWELVE, PM25, strict=True)
        ]
    )
    ctx = make_ctx(hourly, TWELVE, tmp_path)
    rankings.build(ctx)
    return ctx


def week(ctx, week_id: str) -> dict:
    records = records_by_week(statistics.weekly(ctx))[week_id]
    return week_model(records, statistics.WeekInfo.from_id(week_id), AREAS, min_days=5, decimals=2)


def test_best_and_worst_compare_ranks_as_numbers_with_shared_first_and_last_places(twelve):
    m = week(twelve, "2019-W02")
    assert [r["rank"] for r in m["rows"]] == [1, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11]
    assert m["summary_text"] == (
        "2019年第2周各县区综合指数排名：区01、区02最好（综合指数 2.29），"
        "区11、区12最差（3.43）；共 12 个县区参与排名。"
    )


def test_the_same_best_and_worst_on_the_index_the_home_page_and_the_feed(twelve):
    index = twelve.out.path("rankings/index.md").read_text(encoding="utf-8")
    assert "<td>区01、区02</td><td>区11、区12</td>" in index
    (home,) = twelve.products["home_summaries"]
    assert "区01、区02最好" in home and "区11、区12最差" in home and "区10最" not in home
    feed = feedparser.parse(twelve.out.path("rankings/feed.xml").read_bytes())
    assert feed.entries[0].summary.startswith("2019年第2周各县区综合指数排名：区01、区02最好")


def test_a_single_ranked_area_is_best_without_being_called_worst(tmp_path):
    ctx = make_ctx(hours("A1", "2019-01-07", 7, **STANDARD), [("a", "甲区", "A1")], tmp_path)
    assert week(ctx, "2019-W02")["summary_text"] == (
        "2019年第2周各县区综合指数排名：甲区最好（综合指数 6.00）；共 1 个县区参与排名。"
    )


@pytest.fixture
def new_field(tmp_path):
    """Like 2019-W51/W52 of the real data: in W02 only 甲 and 丁 have enough days (乙 and 丙 report
    3 days); in W03 all four are ranked. 甲 worsens (PM2.5 35 -> 45, +4.8 %), 丁 improves
    (PM2.5 70 -> 35, −14.3 %)."""
    hourly = pd.concat(
        [
            hours("A1", "2019-01-07", 7, **STANDARD),
            hours("A1", "2019-01-14", 7, **{**STANDARD, "pm25": 45}),
            hours("B1", "2019-01-07", 3, **HALF),
            hours("B1", "2019-01-14", 7, **HALF),
            hours("C1", "2019-01-07", 3, **HALF),
            hours("C1", "2019-01-14", 7, **{**HALF, "pm25": 20}),
            hours("D1", "2019-01-07", 7, **{**STANDARD, "pm25": 70}),
            hours("D1", "2019-01-14", 7, **STANDARD),
        ]
    )
    areas = [("a", "甲区", "A1"), ("b", "乙区", "B1"), ("c", "丙区", "C1"), ("d", "丁区", "D1")]
    return make_ctx(hourly, areas, tmp_path)


def test_no_rank_change_between_weeks_that_ranked_different_areas(new_field):
    m = week(new_field, "2019-W03")
    row = {r["name"]: r for r in m["rows"]}
    # 甲 was first of 2 in W02 and is fourth of 4 in W03: not "名次↓3（原第1）".
    assert row["甲区"]["rank_text"] == "4"
    assert row["甲区"]["vs_previous"]["rank_text"] == "名次不作对比（本周 4 个县区参与排名，上周 2 个）"
    assert row["甲区"]["vs_previous"]["value_text"] == "综合指数 6.00，变化 +4.8%"  # the week before
    assert row["乙区"]["vs_previous"] is None  # not ranked the week before: nothing to compare
    rows = statistics.weekly(new_field)
    a = rows[(rows["week"] == "2019-W03") & (rows["group"] == "a")].iloc[0]
    assert (a["prev_rank"], bool(a["prev_rank_comparable"]), a["prev_n_ranked"], a["n_ranked"]) == (
        1,
        False,
        2,
        4,
    )


def test_the_improvement_ranking_ranks_improvements_and_lists_the_worsened_after(new_field):
    m = week(new_field, "2019-W03")
    assert [(r["rank_text"], r["name"], r["value_text"]) for r in m["by_improvement"]] == [
        ("1", "丁区", "−14.3%")
    ]
    assert [(r["rank_text"], r["name"], r["value_text"]) for r in m["not_improved"]] == [
        ("变差", "甲区", "+4.8%")
    ]
    rankings.build(new_field)
    page = new_field.out.path("rankings/2019-W03/index.md").read_text(encoding="utf-8")
    improvement = page[page.index("## 按改善幅度排名") : page.index("## 下载与其他周")]
    assert improvement.index("丁区") < improvement.index("甲区")
    assert "不参与改善排名" in improvement and "<td>变差</td><td>甲区</td>" in improvement
