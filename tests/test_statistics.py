"""The statistics stage: weekly statistics, composite index, shared ranks, insufficient data and
changes, checked against hand-computed answers on small synthetic data."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from generator import statistics
from generator.clock import BEIJING
from generator.config import Area, SiteConfig
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.tables.dataset import Dataset

# Hourly concentrations equal to the composite index's standard values (2012 rules): every single
# index is 1, the composite index 6.00. HALF gives 0.4 each: 2.40.
STANDARD = dict(pm25=35, pm10=70, so2=60, no2=40, co=4, o3=160)
HALF = dict(pm25=14, pm10=28, so2=24, no2=16, co=1.6, o3=64)


def hours(station: str, first_day: str, days: int, **conc) -> pd.DataFrame:
    """Constant hourly values for `days` whole days (archive hour labels 0..23, Beijing time)."""
    times = pd.date_range(first_day, periods=24 * days, freq="h", tz="Asia/Shanghai")
    return pd.DataFrame({"station": station, "time": times, **{p: float(v) for p, v in conc.items()}})


def make_ctx(
    hourly: pd.DataFrame,
    areas: list[tuple[str, str, str]],
    tmp: Path,
    *,
    cities: dict[str, str] | None = None,
) -> BuildContext:
    """A build context over synthetic data: areas as (slug, name, station), one station each."""
    config = SiteConfig(
        path=Path("test.toml"),
        site={
            "name": "测试站",
            "short_name": "测试",
            "city": "连云港",
            "url": "https://example.org/air/",
            "publisher": "测试发布单位",
        },
        sources={},
        chart={},
        areas=tuple(Area(s, n, "区", (c,)) for s, n, c in areas),
        provincial_stations=(),
        targets={},
        warnings={},
    )
    codes = sorted(hourly["station"].unique())
    cities = cities or {}
    registry = pd.DataFrame(
        {
            "code": codes,
            "name": codes,
            "city": [cities.get(c, "连云港") for c in codes],
            "lon": 0.0,
            "lat": 0.0,
            "area": None,
            "network": "national",
        }
    )
    dataset = Dataset(tmp, False, "测试数据源", hourly.reset_index(drop=True), registry, pd.DataFrame())
    out = OutputTree(tmp / "generated")
    out.reset()
    return BuildContext(config, dataset, out, make_env(), datetime(2019, 2, 1, tzinfo=BEIJING))


AREAS = [("a", "甲区", "A1"), ("b", "乙区", "B1"), ("c", "丙区", "C1"), ("d", "丁区", "D1")]


@pytest.fixture
def two_weeks(tmp_path) -> BuildContext:
    """2019-W02 (Jan 7–13) and W03 (Jan 14–20): 甲 and 乙 tie in W02; 甲 worsens in W03 (PM2.5
    doubled); 丙 is cleanest; 丁 reports only 3 days of W02 and nothing in W03."""
    hourly = pd.concat(
        [
            hours("A1", "2019-01-07", 7, **STANDARD),
            hours("A1", "2019-01-14", 7, **{**STANDARD, "pm25": 70}),
            hours("B1", "2019-01-07", 14, **STANDARD),
            hours("C1", "2019-01-07", 14, **HALF),
            hours("D1", "2019-01-07", 3, **HALF),
            hours("C1", "2019-01-21", 2, **HALF),  # W04 is not over at the as-of time: not published
        ]
    )
    return make_ctx(hourly, AREAS, tmp_path)


def week_rows(ctx, week: str) -> pd.DataFrame:
    frame = statistics.weekly(ctx)
    return frame[frame["week"] == week].set_index("group")


def test_only_whole_weeks_up_to_the_as_of_date_are_published(two_weeks):
    assert [w.id for w in statistics.weeks(two_weeks)] == ["2019-W02", "2019-W03"]
    w02 = statistics.weeks(two_weeks)[0]
    assert (w02.start, w02.end) == (date(2019, 1, 7), date(2019, 1, 13))
    assert w02.label == "2019年第2周（2019年1月7日至1月13日）"


def test_composite_index_is_the_sum_of_hand_computed_single_indices(two_weeks):
    w02 = week_rows(two_weeks, "2019-W02")
    for p in ("pm25", "pm10", "o3", "no2", "so2", "co"):
        assert w02.loc["a", f"i_{p}"] == pytest.approx(1.0)
        assert w02.loc["c", f"i_{p}"] == pytest.approx(0.4)
    assert w02.loc["a", "composite"] == pytest.approx(6.00)
    assert w02.loc["c", "composite"] == pytest.approx(2.40)
    assert w02.loc["a", "o3_8h_p90"] == pytest.approx(160) and w02.loc["a", "co_p95"] == pytest.approx(4)


def test_equal_composite_indices_share_a_rank(two_weeks):
    w02 = week_rows(two_weeks, "2019-W02")
    assert w02.loc["c", "rank"] == 1 and not w02.loc["c", "rank_tied"]
    assert w02.loc["a", "rank"] == 2 and w02.loc["b", "rank"] == 2
    assert w02.loc["a", "rank_tied"] and w02.loc["b", "rank_tied"]


def test_an_area_with_too_few_valid_days_is_listed_with_the_reason_but_not_ranked(two_weeks):
    d = week_rows(two_weeks, "2019-W02").loc["d"]
    assert not d["ranked"] and pd.isna(d["rank"])
    assert "PM2.5有效天数3天，少于5天" in d["reason"]
    assert (d["station_days_valid"], d["station_days_expected"]) == (3, 7)
    silent = week_rows(two_weeks, "2019-W03").loc["d"]
    assert not silent["ranked"] and "有效天数0天" in silent["reason"]


def test_good_days_levels_and_primary_pollutant(two_weeks):
    w02 = week_rows(two_weeks, "2019-W02")
    # STANDARD days: AQI 100 (CO 4 mg/m³ and O3 8h 160 µg/m³ both at IAQI 100) -> 良, tied primary.
    assert w02.loc["a", "level_2"] == 7 and w02.loc["a", "good_ratio"] == 1.0
    assert w02.loc["a", "primary"] == "CO、O3_8h"
    # HALF days: AQI ≤ 50 -> 优, no primary pollutant.
    assert w02.loc["c", "level_1"] == 7
    assert pd.isna(w02.loc["c", "primary"])


def test_change_against_the_previous_week_in_rank_and_value(two_weeks):
    w03 = week_rows(two_weeks, "2019-W03")
    a = w03.loc["a"]
    assert a["composite"] == pytest.approx(7.00)  # PM2.5 70/35 = 2
    assert (a["rank"], a["prev_rank"], a["prev_composite"]) == (3, 2, 6.00)
    assert a["change_prev"] == pytest.approx(16.7)  # (7.00 − 6.00) / 6.00, percent to 1 decimal
    assert w03.loc["b", "change_prev"] == 0.0
    # Both weeks ranked the same three areas: the rank change is meaningful.
    assert w03.loc[["a", "b", "c"], "prev_rank_comparable"].all()
    assert (a["n_ranked"], a["prev_n_ranked"]) == (3, 3)
    # Improvement ranking ranks improvements only: unchanged (乙, 丙) and worse (甲) get no rank.
    assert w03.loc[["b", "c", "a"], "rank_improvement_prev"].isna().all()
    # No data a year earlier.
    assert w03["yoy_composite"].isna().all()


def test_year_on_year_across_the_2026_rule_change_says_which_rules_each_side_used(tmp_path):
    """2025-W12 under the 2012 rules, 2026-W12 under the 2026 rules (PM2.5 Si 30, PM10 Si 60)."""
    hourly = pd.concat([hours("A1", "2025-03-17", 7, **STANDARD), hours("A1", "2026-03-16", 7, **STANDARD)])
    ctx = make_ctx(hourly, [("a", "甲区", "A1")], tmp_path)
    row = week_rows(ctx, "2026-W12").loc["a"]
    assert row["composite_rules"] == "2026" and row["yoy_rules"] == "2012"
    assert row["yoy_week"] == "2025-W12"
    assert row["yoy_composite"] == pytest.approx(6.00)
    assert row["composite"] == pytest.approx(6.33)  # 4 × 1 + 35/30 + 70/60
    assert row["change_yoy"] == pytest.approx(5.5)


def test_iso_weeks_cross_the_new_year():
    days = pd.Series(pd.to_datetime(["2019-12-29", "2019-12-30", "2021-01-03", "2021-01-04"]))
    assert list(statistics.week_ids(days)) == ["2019-W52", "2020-W01", "2020-W53", "2021-W01"]


def test_results_are_computed_once_per_build(two_weeks):
    assert statistics.weekly(two_weeks) is statistics.weekly(two_weeks)
    assert statistics.area_daily(two_weeks) is statistics.area_daily(two_weeks)


def test_city_daily_groups_stations_by_the_registry_city_column(tmp_path):
    hourly = pd.concat(
        [
            hours("A1", "2019-01-07", 7, **STANDARD),
            hours("A2", "2019-01-07", 7, **HALF),
            hours("X1", "2019-01-07", 7, **HALF),
        ]
    )
    ctx = make_ctx(
        hourly, [("a", "甲区", "A1")], tmp_path, cities={"A1": "连云港", "A2": "连云港", "X1": "徐州"}
    )
    assert statistics.city_members(ctx) == {"徐州": ("X1",), "连云港": ("A1", "A2")}
    cities = statistics.weekly(ctx, "cities").set_index("group")
    # The city value is the mean over its stations: PM2.5 (35 + 14) / 2 = 24.5 -> reported 24 (half to even).
    assert cities.loc["连云港", "pm25"] == pytest.approx(24.5)
    assert cities.loc["徐州", "rank"] == 1 and cities.loc["连云港", "rank"] == 2


def test_unknown_scope_is_refused(two_weeks):
    with pytest.raises(ValueError, match="scope"):
        statistics.weekly(two_weeks, "provinces")


def test_cities_are_prefectures_when_the_registry_names_them(tmp_path):
    hourly = pd.concat([hours("K1", "2019-01-07", 7, **STANDARD), hours("S1", "2019-01-07", 7, **HALF)])
    ctx = make_ctx(hourly, [("a", "甲区", "K1")], tmp_path, cities={"K1": "昆山", "S1": "苏州"})
    ctx.dataset.stations["prefecture"] = "苏州市"
    assert statistics.city_members(ctx) == {"苏州": ("K1", "S1")}


def test_excluded_days_are_a_tidy_table_with_the_reason(two_weeks):
    # 丁 reports 3 days of W02 and nothing after: its other days are off the day counts.
    table = statistics.excluded_days(two_weeks)
    assert table.columns.tolist() == ["date", "area", "status", "reason"]
    d = table[table["area"] == "d"]
    assert d["date"].min() == pd.Timestamp("2019-01-10") and set(d["status"]) == {"no_data"}
    assert (d["reason"] == "全天无有效数据，不计").all()
    # 甲 has every indicator on each of its days (W04, where only 丙 reports, is after its data).
    assert (table.loc[table["area"] == "a", "date"] >= pd.Timestamp("2019-01-21")).all()
    week = week_rows(two_weeks, "2019-W03")
    assert week.loc["d", "aqi_days"] == 0
