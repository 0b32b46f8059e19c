"""Issue 14 item 7: a year whose months fall short of GB 3095 Table 4 is not assessed, and the
targets page, its chart CSV and `stats` all say so and why (the months that fail).

The data is shaped like 连云港 2019: 348 valid days, but August and September have 25 each,
below the 27-day monthly minimum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from generator.pages.shared.annual_figures import Period
from generator.pages.targets.builder import STATUS_INSUFFICIENT, assess_year
from generator.pages.targets.charts import KIND_INSUFFICIENT
from generator.standards.aqi import daily_aqi
from generator.standards.assessment import period_statistics
from generator.standards.composite import composite_ranking
from generator.standards.dust import deduct_dust_days

GOALS = {"pm25_max": 41.0, "good_min_pct": 80.0, "heavy_max_pct": 1.6}
YEAR = Period("2019", "2019年", pd.Timestamp("2019-01-01").date(), pd.Timestamp("2019-12-31").date(), True)


def year_like_2019(dust: list[str] | None = None) -> pd.DataFrame:
    dates = pd.date_range("2019-01-01", "2019-12-31")
    frame = pd.DataFrame(
        {
            "area": "连云港",
            "date": dates,
            "pm25": 40.0,
            "pm10": 70.0,
            "so2": 13.0,
            "no2": 30.0,
            "co": 0.8,
            "o3_8h_max": 100.0,
            "o3_1h_max": 130.0,
        }
    )
    gaps = dates.isin(pd.date_range("2019-08-20", "2019-08-25")) | dates.isin(
        pd.date_range("2019-09-22", "2019-09-26")
    )
    frame.loc[gaps, ["pm25", "pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max"]] = np.nan
    frame = daily_aqi(frame)
    days = pd.DataFrame({"area": "连云港", "date": pd.to_datetime(dust or [])})
    return deduct_dust_days(frame, days)


def test_the_year_is_not_assessed_and_the_page_names_the_months():
    daily = year_like_2019()
    stats = period_statistics(daily, "2019-01-01", "2019-12-31").iloc[0].to_dict()
    assert stats["valid_days_pm25"] == 354 and stats["meets_annual_pm25"] == False  # noqa: E712
    row = assess_year(YEAR, stats, stats, GOALS, dust_days=0)
    assert row["pm25_status"] == STATUS_INSUFFICIENT
    assert row["pm25_gaps"] == "8月25天、9月25天（每月至少27天，二月25天）"
    assert row["kind"] == KIND_INSUFFICIENT  # the chart and its CSV no longer say "完整年度"
    # The good-day ratio on the same data names what it rests on.
    assert row["aqi_days_d"] == 354 and row["days_no_data"] == 11


def test_stats_gives_the_same_verdict_for_the_same_year():
    daily = year_like_2019()
    stats = period_statistics(daily, "2019-01-01", "2019-12-31", by="area")
    ranking = composite_ranking(stats, "2019-01-01", "2019-12-31", kind="year").iloc[0]
    assert not ranking["ranked"]
    assert "PM2.5" in ranking["reason"] and "8月25天、9月25天" in ranking["reason"]


def test_a_year_meeting_every_month_is_assessed_and_ranked():
    daily = daily_aqi(
        year_like_2019()
        .assign(pm25=40.0, pm10=70.0, so2=13.0, no2=30.0, co=0.8, o3_8h_max=100.0, o3_1h_max=130.0)
        .drop(columns="dust")
    )
    stats = period_statistics(daily, "2019-01-01", "2019-12-31", by="area")
    assert composite_ranking(stats, "2019-01-01", "2019-12-31", kind="year").iloc[0]["ranked"]
    row = assess_year(YEAR, stats.iloc[0].to_dict(), stats.iloc[0].to_dict(), GOALS, dust_days=0)
    assert row["pm25_gaps"] is None and row["kind"] == "完整年度" and row["pm25_status"] == "达到目标"


def test_the_targets_are_assessed_with_the_dust_deducted_figure():
    daily = year_like_2019().assign(pm25=40.0, pm10=70.0).drop(columns="dust")
    daily.loc[daily["date"] == "2019-03-27", ["pm25", "pm10"]] = (400.0, 900.0)  # a dust storm
    daily = daily_aqi(daily)
    deducted = deduct_dust_days(
        daily, pd.DataFrame({"area": ["连云港"], "date": pd.to_datetime(["2019-03-27"])})
    )
    measured = period_statistics(daily, "2019-01-01", "2019-12-31").iloc[0].to_dict()
    less = period_statistics(deducted, "2019-01-01", "2019-12-31").iloc[0].to_dict()
    row = assess_year(YEAR, measured, less, GOALS, dust_days=1)
    assert row["pm25"] == 41 and row["pm25_d"] == 40  # 不扣沙 would fail the target, 扣沙 meets it
    assert row["pm25_status"] == "达到目标"
    assert row["days_dust"] == 1 and row["aqi_days_d"] == row["aqi_days"] - 1


# What one deducted dust day takes away on a year of identical days: the day's PM2.5 and PM10
# (so their valid days and coverage) and the day from every day count; the means stay.
ONE_DAY_FEWER = {
    "valid_days_pm10",
    "valid_days_pm25",
    "days_counted",
    "aqi_days",
    "good_days",
    "days_level_2",
}


@pytest.mark.parametrize("dust", [[], ["2019-03-27"]])
def test_both_ways_agree_when_nothing_is_deducted_and_differ_only_by_the_dust_days(dust):
    measured = period_statistics(year_like_2019(), "2019-01-01", "2019-12-31").iloc[0]
    deducted = period_statistics(year_like_2019(dust), "2019-01-01", "2019-12-31").iloc[0]
    differ = {
        k
        for k in measured.index
        if not (measured[k] == deducted[k] or pd.isna(measured[k]) and pd.isna(deducted[k]))
    }
    if not dust:
        assert differ == set()  # 扣沙 with no dust day is 不扣沙, figure for figure
        return
    assert differ == ONE_DAY_FEWER | {"days_dust", "coverage_pm10", "coverage_pm25"}
    assert (measured["days_dust"], deducted["days_dust"]) == (0, 1)
    for key in ONE_DAY_FEWER:
        assert deducted[key] == measured[key] - 1, key
    assert deducted["coverage_pm25"] == deducted["valid_days_pm25"] / 365
    assert deducted["pm25_mean"] == measured["pm25_mean"] == 40.0
