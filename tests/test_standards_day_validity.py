"""Which days enter the day counts (good-day ratio, days per level): the edges of the rule.

A day counts only when every indicator of its daily report is valid (parameters.csv,
`count_incomplete_days` = 0 in both versions): the AQI of the others is only a lower bound.
Each indicator's own validity is GB 3095 Table 4 / HJ 663: 20 valid hours for a daily mean,
14 valid 8-hour windows for the O3 daily maximum unless it already exceeds 160.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.standards.aqi import DAILY_INDICATORS, daily_aqi
from generator.standards.assessment import daily_station_values, period_statistics
from generator.standards.day_validity import (
    COUNTED,
    INCOMPLETE,
    NO_DATA,
    day_status,
    excluded_days,
    status_reason,
)
from generator.standards.rules import rules_for

TZ = "Asia/Shanghai"


def hours(day: str, labels, **values) -> pd.DataFrame:
    """Hourly rows of station A on one day for the given hour labels; other pollutants 10."""
    labels = list(labels)
    times = pd.Timestamp(day, tz=TZ) + pd.to_timedelta(labels, unit="h")
    frame = pd.DataFrame({"station": "A", "time": times})
    for p in ("pm25", "pm10", "so2", "no2", "o3", "co"):
        frame[p] = values.get(p, 10.0 if p != "co" else 0.5)
    return frame


def daily_of(hourly: pd.DataFrame) -> pd.DataFrame:
    return daily_aqi(daily_station_values(hourly))


def test_the_rule_is_a_sourced_parameter_of_both_versions():
    for version in ("2012", "2026"):
        rules = rules_for(version)
        assert rules.param("count_incomplete_days") == 0
        assert rules.tags["count_incomplete_days"] in {"P", "R", "N"}


@pytest.mark.parametrize(("pm25_hours", "status"), [(19, INCOMPLETE), (20, COUNTED)])
def test_a_day_with_19_hours_of_pm25_is_not_counted_20_is(pm25_hours, status):
    day = "2019-05-06"
    hourly = hours(day, range(24))
    hourly.loc[hourly.index >= pm25_hours, "pm25"] = np.nan
    daily = daily_of(hourly)
    assert day_status(daily).tolist() == [status]
    if status == INCOMPLETE:
        assert "PM2.5 无有效值（需至少 20 个有效小时）" in status_reason(daily).iloc[0]


@pytest.mark.parametrize(("missing_from", "windows", "status"), [(18, 13, INCOMPLETE), (19, 14, COUNTED)])
def test_o3_daily_max_8h_needs_14_windows_13_leave_the_day_out(missing_from, windows, status):
    # 2026 rules: the daily report has no O3 1-hour indicator, so only the MDA8 decides.
    day = "2026-05-06"
    hourly = hours(day, range(24), o3=80.0)
    hourly.loc[hourly.index >= missing_from, "o3"] = np.nan
    daily = daily_of(hourly)
    assert int(daily["o3_8h_windows"].iloc[0]) == windows
    assert day_status(daily).tolist() == [status]
    if status == INCOMPLETE:
        assert (
            "臭氧日最大8小时平均 无有效值（需至少 14 个有效8小时滑动平均，或已超标）"
            in status_reason(daily).iloc[0]
        )


def test_13_windows_above_the_limit_still_count():
    hourly = hours("2026-05-06", range(24), o3=200.0)
    hourly.loc[hourly.index >= 18, "o3"] = np.nan
    daily = daily_of(hourly)
    assert int(daily["o3_8h_windows"].iloc[0]) == 13 and daily["o3_8h_max"].iloc[0] == 200.0
    assert day_status(daily).tolist() == [COUNTED]


def test_one_pollutant_only_like_2019_08_22_has_an_aqi_but_is_not_counted():
    # 2019-08-22 at 连云港: 6 hours of data; no 8-hour window has 6 of them, so only the O3
    # 1-hour maximum is valid (by the exceedance exception: 210 > 200), and it alone gives AQI 105.
    hourly = hours("2019-08-22", [0, 1, 2, 14, 15, 16], pm25=20.0, pm10=40.0, o3=210.0)
    daily = daily_of(hourly)
    row = daily.iloc[0]
    assert row["aqi"] == 105 and row["primary"] == "O3_1h"
    assert day_status(daily).tolist() == [INCOMPLETE]
    reason = status_reason(daily).iloc[0]
    for label in ("PM2.5", "PM10", "SO2", "NO2", "CO", "臭氧日最大8小时平均"):
        assert f"{label} 无有效值" in reason
    assert "臭氧日最大1小时" not in reason and "O3_" not in reason
    stats = period_statistics(daily, "2019-08-22", "2019-08-22").iloc[0]
    assert stats["aqi_days"] == 0 and stats["days_level_3"] == 0 and np.isnan(stats["good_ratio"])
    assert stats["days_incomplete"] == 1 and stats["days_counted"] == 0


def test_2026_publishes_an_incomplete_aqi_above_100_but_does_not_count_it():
    hourly = hours("2026-05-06", range(24), pm25=100.0)
    hourly["pm10"] = np.nan
    daily = daily_of(hourly)
    assert daily["aqi"].iloc[0] > 100  # HJ 633-2026 §5.3: published, since above 100
    assert day_status(daily).tolist() == [INCOMPLETE]


def test_counts_by_status_add_up_and_only_counted_days_enter_the_ratio():
    good = hours("2019-05-01", range(24))
    polluted_incomplete = hours("2019-05-02", range(24), pm25=120.0).assign(pm10=np.nan)
    counted_polluted = hours("2019-05-03", range(24), pm25=120.0)
    daily = daily_aqi(
        daily_station_values(
            pd.concat([good, polluted_incomplete, counted_polluted]), "2019-05-01", "2019-05-04"
        )
    )
    stats = period_statistics(daily, "2019-05-01", "2019-05-04").iloc[0]
    assert (stats["days_counted"], stats["days_incomplete"], stats["days_no_data"]) == (2, 1, 1)
    assert stats["aqi_days"] == 2 and stats["good_days"] == 1 and stats["good_ratio"] == 0.5
    table = excluded_days(daily, by="station")
    assert table.columns.tolist() == ["date", "station", "status", "reason"]
    assert table["date"].dt.strftime("%m-%d").tolist() == ["05-02", "05-04"]
    assert table["status"].tolist() == [INCOMPLETE, NO_DATA]


@settings(max_examples=60, deadline=None)
@given(
    missing=st.sets(st.sampled_from(sorted(DAILY_INDICATORS["2012"]))),
    version_day=st.sampled_from(["2019-07-01", "2026-07-01"]),
)
def test_a_day_counts_exactly_when_no_indicator_of_its_report_is_missing(missing, version_day):
    row = {
        "date": pd.Timestamp(version_day),
        "pm25": 30.0,
        "pm10": 50.0,
        "so2": 8.0,
        "no2": 20.0,
        "co": 0.6,
        "o3_8h_max": 90.0,
        "o3_1h_max": 120.0,
    }
    version = "2012" if version_day < "2026" else "2026"
    for name in missing:
        row[DAILY_INDICATORS["2012"][name][0]] = np.nan
    daily = daily_aqi(pd.DataFrame([row]))
    relevant = {n for n in missing if n in DAILY_INDICATORS[version]}
    if not relevant:
        expected = COUNTED
    elif len(relevant) == len(DAILY_INDICATORS[version]):
        expected = NO_DATA
    else:
        expected = INCOMPLETE
    assert day_status(daily).tolist() == [expected]
