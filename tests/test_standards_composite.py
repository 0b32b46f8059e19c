"""Composite index (环办监测〔2018〕19号), rankings with shared ranks, insufficient data, change rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from generator.standards.composite import change_rates, composite_index, composite_ranking, minimum_valid_days
from generator.standards.rules import rules_for

POLLUTANTS = ("so2", "no2", "pm10", "pm25", "co", "o3")


def stats_row(area, pm25=21, pm10=39, so2=9, no2=15, o3=192, co=0.7, valid=7, days=7, rules="2012"):
    row = {
        "area": area,
        "pm25_mean": pm25,
        "pm10_mean": pm10,
        "so2_mean": so2,
        "no2_mean": no2,
        "o3_8h_p90": o3,
        "co_p95": co,
        "days": days,
        "rules": rules,
    }
    for p in POLLUTANTS:
        row[f"valid_days_{p}"] = valid[p] if isinstance(valid, dict) else valid
    return row


def test_worked_example_from_the_regulation_gives_3_06():
    # 21/35 + 39/70 + 9/60 + 15/40 + 192/160 + 0.7/4 = 3.057… -> 3.06
    table = composite_index(pd.DataFrame([stats_row("x")]), "2012")
    assert table["composite"].iloc[0] == pytest.approx(
        21 / 35 + 39 / 70 + 9 / 60 + 15 / 40 + 192 / 160 + 0.7 / 4
    )
    assert table["composite_reported"].iloc[0] == 3.06
    assert table["i_pm25"].iloc[0] == pytest.approx(0.6)


def test_concentrations_enter_as_reported_figures():
    # PM2.5 mean 20.5 is reported as 20 (half even), CO 0.75 as 0.8: the single indices use those.
    table = composite_index(pd.DataFrame([stats_row("x", pm25=20.5, co=0.75)]), "2012")
    assert table["ci_pm25"].iloc[0] == 20 and table["ci_co"].iloc[0] == 0.8


def test_weights_and_standard_values_are_configuration_per_version():
    row = pd.DataFrame([stats_row("x")])
    plain = composite_index(row, "2026")["composite"].iloc[0]
    assert plain == pytest.approx(21 / 30 + 39 / 60 + 9 / 60 + 15 / 40 + 192 / 160 + 0.7 / 4)
    weighted = rules_for("2026").replace(weights={"pm25": 3, "no2": 2, "o3": 2})
    assert composite_index(row, weighted)["composite"].iloc[0] == pytest.approx(
        3 * 21 / 30 + 39 / 60 + 9 / 60 + 2 * 15 / 40 + 2 * 192 / 160 + 0.7 / 4
    )
    with pytest.raises(KeyError):
        rules_for("2026").replace(si={"pm1": 10})


def test_equal_reported_values_share_a_rank_and_the_next_rank_is_skipped():
    rows = [
        stats_row("a", pm25=21),
        stats_row("b", pm25=30),
        stats_row("c", pm25=30.4),  # 30.4 -> 30
        stats_row("d", pm25=40),
        stats_row("e", pm25=10),
    ]
    table = composite_ranking(pd.DataFrame(rows), "2019-01-07", "2019-01-13", kind="week")
    assert dict(zip(table["area"], table["rank"], strict=True)) == {"e": 1, "a": 2, "b": 3, "c": 3, "d": 5}


def test_ranks_use_the_reported_two_decimal_value():
    # Composite values 3.0571… and 3.0600… differ unrounded but both report as 3.06: same rank.
    rows = [stats_row("a"), stats_row("b", o3=192.47)]  # O3 reported as 192 as well
    rows[1]["co_p95"] = 0.71  # reported 0.7: identical figures
    table = composite_ranking(pd.DataFrame(rows), "2019-01-07", "2019-01-13", kind="week")
    assert table["rank"].tolist() == [1, 1]


def test_entities_without_enough_valid_days_are_listed_not_ranked_with_the_reason():
    rows = [
        stats_row("a"),
        stats_row("b", valid={**dict.fromkeys(POLLUTANTS, 7), "o3": 4}),
        stats_row("c", pm25=np.nan, valid=5),
    ]
    table = composite_ranking(pd.DataFrame(rows), "2019-01-07", "2019-01-13", kind="week")
    by_area = table.set_index("area")
    assert by_area.loc["a", "rank"] == 1 and by_area.loc["a", "ranked"]
    assert not by_area.loc["b", "ranked"] and pd.isna(by_area.loc["b", "rank"])
    assert by_area.loc["b", "reason"] == "O3有效天数4天，少于5天"
    assert not by_area.loc["c", "ranked"] and by_area.loc["c", "reason"] == "综合指数缺少数据"
    assert table["area"].tolist()[0] == "a"  # ranked first, unranked after


@pytest.mark.parametrize(
    ("kind", "start", "end", "expected"),
    [
        ("week", "2019-01-07", "2019-01-13", 5),
        ("month", "2019-03-01", "2019-03-31", 27),
        ("month", "2019-02-01", "2019-02-28", 25),
        ("year", "2019-01-01", "2019-12-31", 324),
        ("other", "2019-01-01", "2019-01-10", 8),  # 75 % of 10 days, rounded up
    ],
)
def test_minimum_valid_days_per_period_kind(kind, start, end, expected):
    assert minimum_valid_days(rules_for("2012"), kind, start, end) == expected


def test_change_rate_against_a_year_earlier_says_which_rules_each_side_used():
    now = composite_ranking(
        pd.DataFrame([stats_row("a", pm25=30), stats_row("b", pm25=25)]),
        "2026-03-02",
        "2026-03-08",
        kind="week",
    )
    before = composite_ranking(
        pd.DataFrame([stats_row("a", pm25=35), stats_row("b", pm25=20)]),
        "2025-03-03",
        "2025-03-09",
        kind="week",
    )
    out = change_rates(now, before, suffix="yoy").set_index("area")
    assert out.loc["a", "composite_rules"] == "2026" and out.loc["a", "rules_yoy"] == "2012"
    a_now, a_before = out.loc["a", "composite_reported"], out.loc["a", "before_yoy"]
    assert out.loc["a", "change_yoy"] == pytest.approx((a_now - a_before) / a_before * 100)
    assert out.loc["a", "change_rank_yoy"] == 1 and out.loc["b", "change_rank_yoy"] == 2
