"""Monthly and year-to-date rankings (generator.statistics.periods): the national monthly method on small
synthetic data with hand-computed answers, and the 2026 rule change."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from generator.statistics import periods
from generator.statistics.periods import Period
from tests.test_statistics import AREAS, HALF, STANDARD, hours, make_ctx


@pytest.fixture
def march(tmp_path):
    """March 2018 and March 2019 (31 days; a month needs 27 valid days per pollutant).

    2019-03: 丙 HALF (composite 6 × 0.4 = 2.40), 甲 and 乙 STANDARD (6.00 each, a shared 2nd
    place), 丁 only 20 days (not ranked). 2018-03: 丙 2.60 (PM2.5 21: 0.6 + 5 × 0.4), 甲 6.00,
    乙 7.00 (PM2.5 70: 2 + 5), 丁 nothing. Changes: 乙 (6.00 − 7.00) / 7.00 = −14.3 %, 丙
    (2.40 − 2.60) / 2.60 = −7.7 %, 甲 0.0 % (not an improvement)."""
    hourly = pd.concat(
        [
            hours("A1", "2018-03-01", 31, **STANDARD),
            hours("B1", "2018-03-01", 31, **{**STANDARD, "pm25": 70}),
            hours("C1", "2018-03-01", 31, **{**HALF, "pm25": 21}),
            hours("A1", "2019-03-01", 31, **STANDARD),
            hours("B1", "2019-03-01", 31, **STANDARD),
            hours("C1", "2019-03-01", 31, **HALF),
            hours("D1", "2019-03-01", 20, **HALF),
        ]
    )
    return make_ctx(hourly, AREAS, tmp_path)


def month_rows(ctx, kind: str, period: str) -> pd.DataFrame:
    frame = periods.period_rankings(ctx, "areas", kind)
    return frame[frame["period"] == period].set_index("group")


def test_a_period_has_its_id_dates_title_and_url():
    ytd = Period("ytd", 2019, 3)
    assert (ytd.id, ytd.start, ytd.end, ytd.days) == ("2019-03", date(2019, 1, 1), date(2019, 3, 31), 90)
    assert ytd.title == "2019年1—3月" and ytd.url == "rankings/ytd/2019-03/"
    feb = Period("month", 2019, 2)
    assert (feb.start, feb.end, feb.title, feb.url) == (
        date(2019, 2, 1),
        date(2019, 2, 28),
        "2019年2月",
        "rankings/monthly/2019-02/",
    )
    assert feb.year_ago == Period("month", 2018, 2)


def test_only_months_with_data_and_over_by_the_as_of_time_are_published(march):
    assert [p.id for p in periods.periods(march, "month")] == ["2018-03", "2019-03"]
    assert [p.id for p in periods.periods(march, "ytd")] == ["2018-03", "2019-03"]


def test_hand_checked_month_composite_index_shared_rank_and_not_ranked(march):
    m = month_rows(march, "month", "2019-03")
    assert m.loc["c", "composite"] == pytest.approx(2.40)
    assert m.loc["a", "composite"] == pytest.approx(6.00) and m.loc["b", "composite"] == pytest.approx(6.00)
    assert m.loc["c", "rank"] == 1 and not m.loc["c", "rank_tied"]
    assert m.loc["a", "rank"] == 2 and m.loc["b", "rank"] == 2
    assert m.loc["a", "rank_tied"] and m.loc["b", "rank_tied"]
    d = m.loc["d"]
    assert not d["ranked"] and pd.isna(d["rank"])
    assert "PM2.5有效天数20天，少于27天" in d["reason"]
    assert (d["station_days_valid"], d["station_days_expected"]) == (20, 31)
    assert m.loc["a", "good_ratio"] == 1.0 and m.loc["a", "aqi_days"] == 31
    assert (m["composite_rules"] == "2012").all()
    assert m.loc["c", "rank_pm25"] == 1 and m.loc["c", "rank_good"] == 1


def test_hand_checked_month_change_against_a_year_earlier_and_improvement_rank(march):
    m = month_rows(march, "month", "2019-03")
    assert m.loc["b", "yoy_composite"] == pytest.approx(7.00) and m.loc["b", "change_yoy"] == pytest.approx(
        -14.3
    )
    assert m.loc["c", "yoy_composite"] == pytest.approx(2.60) and m.loc["c", "change_yoy"] == pytest.approx(
        -7.7
    )
    assert m.loc["a", "change_yoy"] == pytest.approx(0.0)
    # Rank a year earlier: 丙 1, 甲 2, 乙 3 (the same three areas ranked both years).
    assert (m.loc["c", "yoy_rank"], m.loc["a", "yoy_rank"], m.loc["b", "yoy_rank"]) == (1, 2, 3)
    assert m.loc["b", "yoy_rank_comparable"]
    # Improvement ranking: only the areas whose composite index fell, largest fall first.
    assert m.loc["b", "rank_improvement_yoy"] == 1 and m.loc["c", "rank_improvement_yoy"] == 2
    assert pd.isna(m.loc["a", "rank_improvement_yoy"]) and pd.isna(m.loc["d", "rank_improvement_yoy"])


def test_a_ytd_period_needs_three_quarters_of_its_days(march):
    ytd = month_rows(march, "ytd", "2019-03")
    # January to March 2019 has 90 days; only March has data: 31 < ceil(0.75 × 90) = 68.
    assert not ytd["ranked"].any()
    assert "PM2.5有效天数31天，少于68天" in ytd.loc["a", "reason"]


def test_february_needs_25_valid_days(tmp_path):
    hourly = pd.concat([hours("A1", "2019-02-04", 25, **STANDARD), hours("B1", "2019-02-05", 24, **HALF)])
    ctx = make_ctx(hourly, AREAS[:2], tmp_path)
    m = month_rows(ctx, "month", "2019-02")
    assert m.loc["a", "ranked"] and not m.loc["b", "ranked"]
    assert "有效天数24天，少于25天" in m.loc["b", "reason"]


def test_a_ytd_period_across_2026_03_01_says_how_it_was_computed(tmp_path):
    """January–March 2026: the days up to February 28 take the 2012 rules, March the 2026 ones;
    the composite index takes the 2026 standard values (PM2.5 30, PM10 60) in force on March 31."""
    hourly = hours("A1", "2026-01-01", 90, **STANDARD)
    ctx = make_ctx(hourly, AREAS[:1], tmp_path)
    ytd = month_rows(ctx, "ytd", "2026-03").loc["a"]
    assert ytd["rules"] == "2012+2026" and ytd["composite_rules"] == "2026"
    assert ytd["ranked"] and ytd["rank"] == 1
    # 35/30 + 70/60 + 60/60 + 40/40 + 4/4 + 160/160 = 1.1667 + 1.1667 + 4 = 6.33
    assert ytd["composite"] == pytest.approx(6.33)
    assert "跨 2026年3月1日" in ytd["method_note"]
    assert "2012年版" in ytd["method_note"] and "2026年版" in ytd["method_note"]
    february = month_rows(ctx, "month", "2026-02").loc["a"]
    assert february["rules"] == "2012" and february["composite"] == pytest.approx(6.00)
    assert "跨" not in february["method_note"]


def test_confirmed_dust_days_are_deducted_and_labelled(tmp_path):
    """A whole-city dust day in the register (2019-03-05): its PM10 and PM2.5 are left out of every
    area's March figures and the rows say 扣沙; the other pollutants keep all 31 days."""
    (tmp_path / "dustdays").mkdir()
    (tmp_path / "dustdays" / "2019.csv").write_text(
        "date,area,document,note\n2019-03-05,全市,测试通报,\n", encoding="utf-8"
    )
    hourly = pd.concat([hours("A1", "2019-03-01", 31, **STANDARD), hours("B1", "2019-03-01", 31, **HALF)])
    ctx = make_ctx(hourly, AREAS[:2], tmp_path)
    m = month_rows(ctx, "month", "2019-03")
    assert (m["dust_days"] == 1).all() and (m["dust_label"] == "扣沙").all()
    assert (m["valid_days_pm25"] == 30).all() and (m["valid_days_so2"] == 31).all()
    assert m.loc["a", "aqi_days"] == 30 and m.loc["a", "composite"] == pytest.approx(6.00)
    assert m.loc["b", "rank"] == 1 and m.loc["a", "rank"] == 2
